import CAccelShim
import SystemPackage

/// DRM_IOCTL_QAIC_ATTACH_SLICE_BO (qaic-uapi.md §2.3, §3.5). The validation order changed in
/// v6.9 (`hdr.size` ignored, handle lookup before entry validation); rows state both.
enum QAICAttachSliceTable {
    static let table = CaseTable(group: "qaic.attach_slice_bo", ioctl: "QAIC_ATTACH_SLICE_BO",
                                 rows: headerRows + orderRows + ownershipRows + entryRows + sizeRows + stateRows)

    private static let p = QAICProfile.self
    private static func slice(size: UInt64 = 4096, offset: UInt64 = 0, dbAddr: UInt64 = 0, dbLen: UInt32 = 0,
                              sem0: ac_qaic_sem = QAICStructs.sem(), sem1: ac_qaic_sem = QAICStructs.sem(),
                              sem2: ac_qaic_sem = QAICStructs.sem(),
                              sem3: ac_qaic_sem = QAICStructs.sem()) -> ac_qaic_attach_slice_entry {
        QAICStructs.slice(size: size, offset: offset, dbAddr: dbAddr, dbLen: dbLen, sem0: sem0, sem1: sem1, sem2: sem2,
                          sem3: sem3)
    }
    private static func sem(val: UInt16 = 0, index: UInt8 = 0, presync: UInt8 = 0, cmd: UInt8 = 0, flags: UInt8 = 0,
                            pad: UInt16 = 0) -> ac_qaic_sem {
        QAICStructs.sem(val: val, index: index, presync: presync, cmd: cmd, flags: flags, pad: pad)
    }

    /// Everything an ATTACH row varies; the defaults are a valid call on an owned DBC.
    struct Input: Sendable {
        var dbc: QAICDBC = .owned
        var handle: QAICHandle = .own
        var boSize: UInt64 = 8192
        /// nil: the BO size.
        var hdrSize: UInt64? = nil
        var dir: UInt32 = QAICStructs.toDevice
        /// nil: the number of entries.
        var count: UInt32? = nil
        var entries: [ac_qaic_attach_slice_entry] = [QAICStructs.slice(size: 4096)]
        var data: QAICPointer = .entries
    }

    /// Issues ATTACH with `input` on `file`; on success the IOW struct must be unchanged (§1.1).
    private static func attach(_ ctx: CaseContext, _ input: Input, on existing: (any DeviceFile)? = nil) throws {
        let file = try existing ?? ctx.open()
        let dbcID = try ctx.qaicResolve(input.dbc, on: file)
        let handle = try ctx.qaicResolve(input.handle, on: file, size: input.boSize)
        var args = QAICStructs.attach(count: input.count ?? UInt32(input.entries.count), dbcID: dbcID, handle: handle,
                                      dir: input.dir, size: input.hdrSize ?? input.boSize,
                                      data: try ctx.qaicResolve(input.data, input.entries))
        let before = ctx.qaicBytes(args)
        if try ctx.expectIoctl(file, QAICRequest.attachSliceBO, &args, "ATTACH_SLICE_BO") {
            try ctx.assert(ctx.qaicBytes(args) == before,
                           "ATTACH (IOW) changed its argument struct (§1.1: never written back)")
        }
    }

    private static func row(_ name: String, expect: ProfileExpectation, _ rationale: String,
                            confidence: Confidence = .verified,
                            _ input: Input) -> CaseTable.Row {
        .init(name, expect: expect, rationale, confidence: confidence) { ctx in try attach(ctx, input) }
    }
    private static func row(_ name: String, expect: Expected, _ rationale: String, confidence: Confidence = .verified,
                            _ input: Input) -> CaseTable.Row {
        row(name, expect: .always(expect), rationale, confidence: confidence, input)
    }

    /// Header checks that need no DBC: they precede the ownership check (§3.13).
    static let headerRows: [CaseTable.Row] = [
        row("count_zero", expect: .EINVAL,
            "§2.3 rule 1 (both orders): hdr.count = 0 → EINVAL", Input(dbc: .unowned, count: 0)),
        row("dir_bidirectional", expect: .EINVAL,
            "§2.3 rule 4 (v6.9+ rule 3): dir 0 (DMA_BIDIRECTIONAL) ∉ {1, 2} → EINVAL", Input(dbc: .unowned, dir: 0)),
        row("dir_none", expect: .EINVAL,
            "§2.3 rule 4 (v6.9+ rule 3): dir 3 (DMA_NONE) → EINVAL", Input(dbc: .unowned, dir: 3)),
        row("dir_max", expect: .EINVAL,
            "§2.3 rule 4 (v6.9+ rule 3): dir 0xffffffff → EINVAL", Input(dbc: .unowned, dir: UInt32.max)),
        row("data_null", expect: .EINVAL,
            "§2.3 rule 5 (v6.9+ rule 4): data = 0 → EINVAL", Input(dbc: .unowned, data: .null)),
        row("dbc_id_16", expect: .EINVAL, "§2.3 rule 7 (v6.9+ rule 6): dbc_id ≥ 16 → EINVAL", Input(dbc: .id(16))),
        row("dbc_id_max", expect: .EINVAL,
            "§2.3 rule 7 (v6.9+ rule 6): dbc_id 0xffffffff → EINVAL", Input(dbc: .id(UInt32.max))),
        row("data_unmapped", expect: .EFAULT,
            "§2.3 rule 9 (v6.9+ rule 7): copying the entries faults → EFAULT", Input(dbc: .unowned, data: .unmapped)),
        row("data_truncated", expect: .EFAULT,
            "§2.3 rule 9 (v6.9+ rule 7): count 2 but only one entry readable → EFAULT",
            Input(dbc: .unowned, entries: [slice(), slice(offset: 4096)], data: .truncatedAfter(1))),
        row("count_zero_owned_dbc", expect: .EINVAL,
            "§2.3 rule 1: count 0 → EINVAL even when everything else is valid (owned DBC, own BO, data set)",
            Input(count: 0)),
        row("count_huge", expect: QAICExpect.hugeCountOn7_3("qaic_attach_slice_bo_ioctl"),
            "§2.3 v6.9+ rule 7: count 0xffffffff × 72 bytes cannot be allocated; 7.3 copies with memdup_user "
                + "(qaic_data.c:qaic_attach_slice_bo_ioctl) → ENOMEM (6.12: kzalloc → EINVAL, with a W taint)",
            Input(dbc: .unowned, count: UInt32.max)),
        row("count_huge_and_dbc_16", expect: .EINVAL,
            "§2.3 v6.9+ rule 6 precedes the copy (rule 7): dbc_id 16 with count 0xffffffff → EINVAL, nothing allocated",
            Input(dbc: .id(16), count: UInt32.max)),
        row("count_limits_entries", expect: .success,
            "§2.3 rules 9–10: only count entries are copied and validated; an invalid third entry past count → 0",
            Input(count: 2, entries: [slice(), slice(offset: 4096), slice(dbLen: 7)])),
    ]

    /// Two faults: the check that comes first decides (§2 preamble).
    static let orderRows: [CaseTable.Row] = [
        row("count_zero_and_dbc_16", expect: .EINVAL,
            "§2.3 rule 1 before rule 7: count 0 with dbc_id 16 → EINVAL", Input(dbc: .id(16), count: 0)),
        row("dir_bad_and_data_unmapped", expect: .EINVAL,
            "§2.3 rule 4 precedes the copy (rule 9): dir 0 with unmapped data → EINVAL, not EFAULT",
            Input(dbc: .unowned, dir: 0, data: .unmapped)),
        row("dbc_16_and_data_unmapped", expect: .EINVAL,
            "§2.3 rule 7 precedes rule 9 (v6.9+: 6 before 7): dbc_id 16 with unmapped data → EINVAL",
            Input(dbc: .id(16), data: .unmapped)),
        row("data_unmapped_and_handle_unknown", expect: .EFAULT,
            "§2.3: the copy (rule 9 / v6.9+ 7) precedes the handle lookup (11 / 8) → EFAULT",
            Input(dbc: .unowned, handle: .unknown, data: .unmapped)),
        row("hdr_size_zero_and_data_unmapped",
            expect: QAICExpect.drift((.upTo(p.v6_8), .EINVAL), (.from(p.v6_9), .EFAULT)),
            "§2.3 rule 3 (v6.4–v6.8): hdr.size = 0 → EINVAL first; v6.9+ ignores hdr.size, the copy faults → EFAULT",
            Input(dbc: .unowned, hdrSize: 0, data: .unmapped)),
        row("bad_entry_and_handle_unknown",
            expect: QAICExpect.drift((.upTo(p.v6_8), .EINVAL), (.from(p.v6_9), .ENOENT)),
            "§2.3 order change: v6.4–v6.8 validate entries (rule 10) before the lookup → EINVAL; v6.9+ look up "
            + "first (rule 8) → ENOENT",
            Input(dbc: .unowned, handle: .unknown, entries: [slice(dbLen: 7)])),
        row("bad_sem_and_handle_unknown",
            expect: QAICExpect.drift((.upTo(p.v6_8), .EINVAL), (.from(p.v6_9), .ENOENT)),
            "§2.3 order change: sem0.val > 0xFFF with an unknown handle → EINVAL up to v6.8, ENOENT from v6.9",
            Input(dbc: .unowned, handle: .unknown, entries: [slice(sem0: sem(val: 0x1000))])),
        row("range_beyond_and_handle_unknown",
            expect: QAICExpect.drift((.upTo(p.v6_8), .EINVAL), (.from(p.v6_9), .ENOENT)),
            "§2.3: v6.4–v6.8 check offset + size > hdr.size before the lookup → EINVAL; v6.9+ lookup first → ENOENT",
            Input(dbc: .unowned, handle: .unknown, entries: [slice(size: 8192, offset: 4096)])),
        row("handle_unknown", expect: .ENOENT,
            "§2.3 rule 11 (v6.9+ rule 8): valid entries, unknown handle → ENOENT (before ownership)",
            Input(dbc: .unowned, handle: .unknown)),
        row("handle_zero", expect: .ENOENT,
            "§2.3 rule 11 (v6.9+ rule 8): handle 0 → ENOENT", Input(dbc: .unowned, handle: .zero)),
        row("dbc_16_and_handle_unknown", expect: .EINVAL,
            "§2.3 rule 7 precedes rule 11 (v6.9+ 6 before 8): dbc_id 16, unknown handle → EINVAL",
            Input(dbc: .id(16), handle: .unknown)),
    ]

    static let ownershipRows: [CaseTable.Row] = [
        row("dbc_unowned", expect: .EINVAL,
            "§2.3 rule 14 (v6.9+ rule 12) / §5: DBC not owned by this fd → EINVAL, not EPERM", Input(dbc: .unowned)),
        row("dbc_unowned_15", expect: .EINVAL,
            "§2.3 rule 14 (v6.9+ rule 12): dbc_id 15 never activated → EINVAL", Input(dbc: .id(15))),
        row("dbc_unowned_bad_entry", expect: .EINVAL,
            "§2.3 rules 10 and 14: invalid entry on an unowned DBC → EINVAL either way",
            Input(dbc: .unowned, entries: [slice(dbLen: 12)])),
        .init("dbc_owned_by_other_fd", expect: .EINVAL,
              "§2.3 rule 14 (v6.9+ rule 12): a DBC owned by another fd is not owned by this one → EINVAL") { ctx in
            let owner = try ctx.open()
            let dbcID = try ctx.qaicOwnedDBC(owner)
            try attach(ctx, Input(dbc: .id(dbcID)))
        },
        .init("dbc_deactivated", expect: .EINVAL,
              "§3.12 / §2.3 rule 14: after MANAGE DEACTIVATE the fd no longer owns the DBC → EINVAL") { ctx in
            let file = try ctx.open()
            let dbcID = try ctx.qaicOwnedDBC(file)
            try ctx.qaicDeactivate(file, dbcID: dbcID)
            try attach(ctx, Input(dbc: .id(dbcID)), on: file)
        },
    ]

    /// Entry validation on an owned DBC (§2.3 rule 10 / v6.9+ rule 9; rule 16 / step 14 for slices).
    static let entryRows: [CaseTable.Row] = [
        row("valid", expect: .success,
            "§2.3 rule 17 (v6.9+ rule 15): one page slice on an owned DBC → 0, struct not written back", Input()),
        row("valid_from_device", expect: .success,
            "§2.3 rule 4: dir 2 (from device) is valid → 0", Input(dir: QAICStructs.fromDevice)),
        row("valid_two_slices", expect: .success, "§2.3 rule 16: two adjacent page slices → 0",
            Input(entries: [slice(), slice(offset: 4096)])),
        row("valid_whole_bo", expect: .success,
            "§2.3 rule 10: offset + size = BO size is inside → 0", Input(entries: [slice(size: 8192)])),
        row("valid_doorbell_32", expect: .success, "§1.3 / §2.3 rule 16: db_len 32 with a 4-byte aligned db_addr → 0",
            Input(entries: [slice(dbAddr: 0x1000, dbLen: 32)])),
        row("valid_doorbell_16", expect: .success, "§2.3 rule 16: db_len 16 with a 2-byte aligned db_addr → 0",
            Input(entries: [slice(dbAddr: 0x1002, dbLen: 16)])),
        row("valid_doorbell_8_odd", expect: .success, "§2.3 rule 16: db_len 8 needs 1-byte alignment, odd db_addr → 0",
            Input(entries: [slice(dbAddr: 0x1001, dbLen: 8)])),
        row("doorbell_32_misaligned", expect: .EINVAL,
            "§2.3 rule 16: db_len 32 and db_addr not 4-byte aligned → EINVAL",
            Input(entries: [slice(dbAddr: 0x1002, dbLen: 32)])),
        row("doorbell_16_misaligned", expect: .EINVAL, "§2.3 rule 16: db_len 16 and odd db_addr → EINVAL",
            Input(entries: [slice(dbAddr: 0x1001, dbLen: 16)])),
        row("doorbell_none_any_addr", expect: .success, "§2.3 rule 16: db_len 0 → no alignment rule for db_addr → 0",
            Input(entries: [slice(dbAddr: 0x1003, dbLen: 0)])),
        row("db_len_7", expect: .EINVAL,
            "§2.3 rule 10: db_len ∉ {0, 8, 16, 32} → EINVAL", Input(entries: [slice(dbLen: 7)])),
        row("db_len_64", expect: .EINVAL, "§2.3 rule 10: db_len 64 → EINVAL", Input(entries: [slice(dbLen: 64)])),
        row("sem0_val_4096", expect: .EINVAL,
            "§2.3 rule 10: sem0.val > 0xFFF → EINVAL", Input(entries: [slice(sem0: sem(val: 0x1000))])),
        row("sem1_index_32", expect: .EINVAL,
            "§2.3 rule 10: sem1.index > 31 → EINVAL", Input(entries: [slice(sem1: sem(index: 32))])),
        row("sem2_presync_2", expect: .EINVAL,
            "§2.3 rule 10: sem2.presync ∉ {0, 1} → EINVAL", Input(entries: [slice(sem2: sem(presync: 2))])),
        row("sem3_pad", expect: .EINVAL,
            "§1.4 / §2.3 rule 10: sem3.pad ≠ 0 → EINVAL", Input(entries: [slice(sem3: sem(pad: 1))])),
        row("sem0_pad", expect: .EINVAL,
            "§1.4 / §2.3 rule 10: sem0.pad ≠ 0 → EINVAL", Input(entries: [slice(sem0: sem(pad: 0x8000))])),
        row("sem0_flags_4", expect: .EINVAL,
            "§2.3 rule 10: sem0.flags outside 0x3 → EINVAL", Input(entries: [slice(sem0: sem(flags: 4))])),
        row("sem1_cmd_7", expect: .EINVAL,
            "§2.3 rule 10: sem1.cmd > 6 → EINVAL", Input(entries: [slice(sem1: sem(cmd: 7))])),
        row("sem_limits_valid", expect: .success,
            "§1.3 / §2.3 rule 10: val 0xFFF, index 31, cmd 6, flags 0x3, one presync → 0",
            Input(entries: [slice(sem0: sem(val: 0xFFF, index: 31, presync: 1, cmd: 6, flags: 3),
                                  sem1: sem(val: 1, index: 1, cmd: 2, flags: 1))])),
        row("two_presync", expect: .EINVAL, "§2.3 rule 16: more than one of sem0…sem3 with presync = 1 → EINVAL",
            Input(entries: [slice(sem0: sem(presync: 1), sem2: sem(presync: 1))])),
        row("second_entry_invalid", expect: .EINVAL,
            "§2.3 rule 10: validation is entry by entry; a bad second entry → EINVAL",
            Input(entries: [slice(), slice(offset: 4096, dbLen: 3)])),
    ]

    /// Slice ranges and hdr.size: the v6.9 change (§0, §2.3).
    static let sizeRows: [CaseTable.Row] = [
        row("range_beyond_bo", expect: .EINVAL,
            "§2.3 rule 10 (v6.9+ rule 9): offset 4096 + size 8192 > 8 KiB BO → EINVAL",
            Input(entries: [slice(size: 8192, offset: 4096)])),
        row("range_overflow", expect: .EINVAL,
            "§2.3 rule 10 / 16 (derived): offset 2^64−4096 + size 8192 wraps; caught by 6.12's overflow check or "
            + "later by the carve-out → EINVAL",
            confidence: .derived, Input(entries: [slice(size: 8192, offset: UInt64.max - 4095)])),
        row("zero_size_slice", expect: .success,
            "§2.3 slice semantics (derived): size 0 is a no-transfer slice; offset 0 + one page fits → 0",
            confidence: .derived, Input(entries: [slice(size: 0)])),
        row("zero_size_slice_at_end", expect: .EINVAL,
            "§2.3 slice semantics (derived): size 0 at offset = BO size; the carve-out still needs one page → EINVAL",
            confidence: .derived, Input(entries: [slice(size: 0, offset: 8192)])),
        row("zero_size_slice_in_last_page", expect: .EINVAL,
            "§2.3 slice semantics (qaic_data.c:clone_range_of_sgt_for_slice): size 0 stands for one page; at "
            + "offset 8184 that page runs past the 8 KiB BO, so no scatterlist entry ends the slice → EINVAL "
            + "although offset + size ≤ BO size passes qaic_validate_req",
            confidence: .derived, Input(entries: [slice(size: 0, offset: 8184)])),
        row("hdr_size_zero", expect: QAICExpect.drift((.upTo(p.v6_8), .EINVAL), (.from(p.v6_9), .success)),
            "§2.3 rule 3: hdr.size = 0 → EINVAL up to v6.8; v6.9+ ignores hdr.size → 0", Input(hdrSize: 0)),
        row("hdr_size_beyond_bo", expect: QAICExpect.drift((.upTo(p.v6_8), .EINVAL), (.from(p.v6_9), .success)),
            "§2.3 rule 15: BO smaller than hdr.size (16 KiB vs 8 KiB) → EINVAL up to v6.8; v6.9+ has no size check → 0",
            Input(hdrSize: 16384)),
        row("hdr_size_below_slice", expect: QAICExpect.drift((.upTo(p.v6_8), .EINVAL), (.from(p.v6_9), .success)),
            "§2.3 rule 10: v6.4–v6.8 check offset + size against hdr.size (4 KiB < 8 KiB slice) → EINVAL; v6.9+ "
            + "against the BO → 0",
            Input(hdrSize: 4096, entries: [slice(size: 8192)])),
        row("hdr_size_max", expect: QAICExpect.drift((.upTo(p.v6_8), .EINVAL), (.from(p.v6_9), .success)),
            "§2.3 rule 15: hdr.size 2^64−1 exceeds the BO → EINVAL up to v6.8; ignored "
            + "from v6.9 → 0", Input(hdrSize: UInt64.max)),
        row("hdr_size_covers_slice", expect: .success,
            "§2.3 rules 10/15: hdr.size 4 KiB ≤ BO, slice 0..4 KiB inside it → 0 on every version",
            Input(hdrSize: 4096)),
        row("rounded_bo_full_page", expect: .success,
            "§3.1: a 100-byte BO is one page; a one-page slice with hdr.size 4096 fits → 0",
            Input(boSize: 100, hdrSize: 4096)),
        row("rounded_bo_range_check", expect: QAICExpect.drift((.upTo(p.v6_8), .EINVAL), (.from(p.v6_9), .success)),
            "§2.3: v6.4–v6.8 validate against hdr.size (100) → EINVAL for a 4 KiB slice; v6.9+ against the "
            + "page-aligned BO size → 0",
            Input(boSize: 100, hdrSize: 100)),
    ]

    static let stateRows: [CaseTable.Row] = [
        .init("double_attach", expect: .EINVAL,
              "§3.5 / §2.3 rule 13 (v6.9+ rule 11): attaching an already sliced BO → EINVAL") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            var args = QAICStructs.attach(count: 1, dbcID: dbcID, handle: handle, size: 8192,
                                          data: ctx.qaicMemory([slice()]))
            try ctx.expectIoctl(file, QAICRequest.attachSliceBO, &args, "second ATTACH of a sliced BO")
        },
        .init("double_attach_unowned_dbc", expect: .EINVAL,
              "§3.5: the already-sliced check precedes ownership, so a second attach naming an unowned DBC "
              + "→ EINVAL") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            var args = QAICStructs.attach(count: 1, dbcID: ctx.qaicUnownedDBC(besides: dbcID), handle: handle,
                                          size: 8192,
                                          data: ctx.qaicMemory([slice()]))
            try ctx.expectIoctl(file, QAICRequest.attachSliceBO, &args, "second ATTACH to an unowned DBC")
        },
        .init("queue_too_small", expect: .ENOSPC,
              "§2.3 rule 16 / §3.11: two slices need more ring entries than queue_size 1 → ENOSPC") { ctx in
            let file = try ctx.open()
            let dbcID = try ctx.qaicOwnedDBC(file, queueSize: 1)
            let handle = try ctx.qaicBO(file, size: 8192)
            var args = QAICStructs.attach(count: 2, dbcID: dbcID, handle: handle, size: 8192,
                                          data: ctx.qaicMemory([slice(), slice(offset: 4096)]))
            try ctx.expectIoctl(file, QAICRequest.attachSliceBO, &args, "ATTACH 2 slices on a queue of 1")
        },
        .init("two_bos_one_dbc", expect: .success,
              "§3.11: ATTACH binds each BO to one DBC; a second BO on the same DBC → 0") { ctx in
            let (file, dbcID, _) = try ctx.qaicSlicedBO()
            let other = try ctx.qaicBO(file, size: 8192)
            var args = QAICStructs.attach(count: 1, dbcID: dbcID, handle: other, size: 8192,
                                          data: ctx.qaicMemory([slice()]))
            try ctx.expectIoctl(file, QAICRequest.attachSliceBO, &args, "ATTACH a second BO")
        },
    ]
}
