import CAccelShim
import SystemPackage

/// DRM_IOCTL_QAIC_PARTIAL_EXECUTE_BO (qaic-uapi.md §2.4 with 16-byte entries, §3.8). The
/// meaning of `resize` = 0 changed in v6.8; the result (0, queued) did not.
enum QAICPartialExecuteTable {
    static let table = CaseTable(group: "qaic.partial_execute_bo", ioctl: "QAIC_PARTIAL_EXECUTE_BO",
                                 rows: argumentRows + ownedRows + workloadRows)
    private static let p = QAICProfile.self

    private static func row(_ name: String, expect: ProfileExpectation, _ rationale: String,
                            confidence: Confidence = .verified, _ input: QAICSubmitInput) -> CaseTable.Row {
        .init(name, expect: expect, rationale, confidence: confidence) { ctx in try ctx.qaicSubmit(.partial, input) }
    }
    private static func row(_ name: String, expect: Expected, _ rationale: String, confidence: Confidence = .verified,
                            _ input: QAICSubmitInput) -> CaseTable.Row {
        row(name, expect: .always(expect), rationale, confidence: confidence, input)
    }

    static let argumentRows: [CaseTable.Row] = [
        row("count_zero", expect: .EINVAL,
            "§2.4 rule 1: hdr.count = 0 → EINVAL", QAICSubmitInput(dbc: .unowned, bos: [.unsliced], count: 0)),
        row("data_unmapped", expect: .EFAULT, "§2.4 rule 3: copying count × 16 bytes faults → EFAULT",
            QAICSubmitInput(dbc: .unowned, bos: [.unsliced], data: .unmapped)),
        row("data_truncated", expect: .EFAULT, "§2.4 rule 3 (E = 16): count 2 with one readable 16-byte entry → EFAULT",
            QAICSubmitInput(dbc: .unowned, bos: [.unsliced, .unsliced], data: .truncatedAfter(1))),
        row("count_huge", expect: QAICExpect.hugeCountOn7_3("__qaic_execute_bo_ioctl"),
            "§2.4 rule 2 (E = 16): count 0xffffffff × 16 bytes cannot be allocated; 7.3 copies with memdup_array_user "
                + "(qaic_data.c:__qaic_execute_bo_ioctl) → ENOMEM, no warning",
            QAICSubmitInput(dbc: .unowned, bos: [.unsliced], count: UInt32.max)),
        row("dbc_id_16", expect: .EINVAL,
            "§2.4 rule 5: dbc_id ≥ 16 → EINVAL", QAICSubmitInput(dbc: .id(16), bos: [.unsliced])),
        row("dbc_unowned", expect: .EPERM,
            "§2.4 rule 6: DBC not owned → EPERM", QAICSubmitInput(dbc: .unowned, bos: [.unsliced])),
        row("dbc_unowned_handle_unknown", expect: .EPERM,
            "§5 / §2.4 rule 6 before 9.1: unowned DBC with unknown handle → EPERM",
            QAICSubmitInput(dbc: .unowned, bos: [.unknown])),
        row("dbc_unowned_resize_beyond", expect: .EPERM,
            "§2.4 rule 6 before 9.4: an oversized resize on an unowned DBC → EPERM",
            QAICSubmitInput(dbc: .unowned, bos: [.unsliced], resize: [1 << 40])),
        row("dbc_16_and_data_unmapped", expect: .EFAULT, "§2.4 rule 3 precedes rule 5 → EFAULT",
            QAICSubmitInput(dbc: .id(16), bos: [.unsliced], data: .unmapped)),
    ]

    static let ownedRows: [CaseTable.Row] = [
        row("handle_unknown", expect: .ENOENT,
            "§2.4 rule 9.1: owned DBC, unknown handle → ENOENT", QAICSubmitInput(bos: [.unknown])),
        row("unsliced", expect: .EINVAL,
            "§2.4 rule 9.3: BO never attached → EINVAL", QAICSubmitInput(bos: [.unsliced])),
        row("ring_full_second_bo", expect: .EAGAIN,
            "§2.4.9.6 (qaic_data.c:copy_partial_exec_reqs): resize 0 still queues one request per one-entry slice; "
            + "queue_size 2 has one free slot, the second BO finds none → EAGAIN, the first taken off again; one "
            + "attempt (drmIoctl would restart)",
            QAICSubmitInput(bos: [.sliced, .sliced], resize: [0, 0], queueSize: 2, once: true)),
        row("ring_exactly_full_then_unknown", expect: .ENOENT,
            "§2.4.9.6, §2.4.9.1: with resize 0 the one-entry slice fits the single free slot of a queue_size 2 "
            + "ring exactly; the second entry is unknown → ENOENT, nothing reaches the hardware",
            QAICSubmitInput(bos: [.sliced, .unknown], resize: [0, 0], queueSize: 2)),
        row("resize_beyond_bo", expect: .EINVAL, "§2.4 rule 9.4 / §3.8: resize 8193 > page-aligned 8 KiB BO → EINVAL",
            QAICSubmitInput(resize: [8193])),
        row("resize_max", expect: .EINVAL,
            "§2.4 rule 9.4: resize 2^64−1 → EINVAL", QAICSubmitInput(resize: [UInt64.max])),
        row("unknown_and_resize_beyond", expect: .ENOENT,
            "§2.4 rule 9.1 precedes 9.4: unknown handle with resize too big → ENOENT",
            QAICSubmitInput(bos: [.unknown], resize: [1 << 40])),
        row("unsliced_and_resize_beyond", expect: .EINVAL, "§2.4 rule 9.3 precedes 9.4: both EINVAL, unsliced decides",
            QAICSubmitInput(bos: [.unsliced], resize: [1 << 40])),
        row("second_resize_beyond", expect: .EINVAL,
            "§2.4 rule 9: entries in order; a valid first and an oversized second → EINVAL, first taken off again",
            QAICSubmitInput(bos: [.sliced, .sliced], resize: [8192, 8193])),
        row("resize_equal_bo_then_unknown", expect: .ENOENT,
            "§2.4 rule 9.4 / §3.8: resize = the page-aligned BO size is allowed (only > is refused, qaic_data.c:"
                + "send_bo_list_to_device), so the first entry passes and the unknown second decides → ENOENT",
            QAICSubmitInput(bos: [.sliced, .unknown], resize: [8192, 8192])),
        row("same_bo_twice", expect: .EINVAL,
            "§2.4 rule 9.5 (derived): the second entry finds the BO queued by the first → EINVAL",
            confidence: .derived, QAICSubmitInput(bos: [.sliced, .first])),
        .init("resize_beyond_rounded_bo", expect: .EINVAL,
              "§3.8: the bound is the page-aligned BO size; a 100-byte BO (one page) with resize 4097 → "
              + "EINVAL") { ctx in
            let file = try ctx.open()
            let dbcID = try ctx.qaicOwnedDBC(file)
            let handle = try ctx.qaicBO(file, size: 100)
            try ctx.qaicAttach(file, handle: handle, dbcID: dbcID, boSize: 4096)
            var args = QAICStructs.execute(count: 1, dbcID: dbcID,
                                           data: ctx.qaicMemory([QAICStructs.partialEntry(handle: handle,
                                                                                          resize: 4097)]))
            try ctx.expectIoctl(file, QAICRequest.partialExecuteBO, &args, "PARTIAL resize=4097 on a 1-page BO")
        },
    ]

    static let workloadRows: [CaseTable.Row] = [
        .init("workload_full", expect: .success,
              "§2.4 resize table: resize ≥ slice end transfers full slices → 0, completes",
              requires: [.workload]) { ctx in
            try ctx.qaicSubmitWorkload(.partial)
        },
        .init("workload_resize_zero",
              expect: QAICExpect.drift((.upTo(p.v6_7), .success), (.from(p.v6_8), .success)),
              "§2.4 resize table / §0 v6.8: resize 0 = whole BO up to v6.7, every slice without DMA from v6.8; both "
              + "→ 0",
              requires: [.workload]) { ctx in
            try ctx.qaicSubmitWorkload(.partial, resize: { _ in 0 })
        },
        .init("workload_truncated", expect: .success,
              "§2.4 resize table: resize inside the first slice truncates it → 0, completes",
              requires: [.workload]) { ctx in
            try ctx.qaicSubmitWorkload(.partial, resize: { w in w.slices[0].offset + max(w.slices[0].size / 2, 1) })
        },
        .init("workload_dir_ignored", expect: .success,
              "§1.4 right column: partial-entry dir is not validated; dir 0xdead → 0",
              requires: [.workload]) { ctx in
            try ctx.qaicSubmitWorkload(.partial, dir: 0xDEAD)
        },
        .init("workload_in_flight", expect: .EINVAL, "§2.4 rule 9.5: a BO still queued by EXECUTE → EINVAL for PARTIAL",
              requires: [.workload]) { ctx in
            let setup = try ctx.qaicQueuedWorkload()
            let entry = QAICStructs.partialEntry(handle: setup.handle, resize: setup.workload.boSize)
            var args = QAICStructs.execute(count: 1, dbcID: setup.dbcID, data: ctx.qaicMemory([entry]))
            try ctx.expectIoctl(setup.file, QAICRequest.partialExecuteBO, &args, "PARTIAL of a BO in flight")
        },
    ]
}
