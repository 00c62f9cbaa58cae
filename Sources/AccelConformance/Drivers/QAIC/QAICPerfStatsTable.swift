import CAccelShim
import SystemPackage

/// DRM_IOCTL_QAIC_PERF_STATS_BO (qaic-uapi.md §2.6, §3.9). No ownership check in any
/// version; 7.3 requires every entry's BO to be sliced onto `hdr.dbc_id`
/// (`drivers/accel/qaic/qaic_data.c:qaic_perf_stats_bo_ioctl`, qaic-kernel-drift.md §3.3).
enum QAICPerfStatsTable {
    static let table = CaseTable(group: "qaic.perf_stats_bo", ioctl: "QAIC_PERF_STATS_BO",
                                 rows: argumentRows + entryRows + workloadRows)
    private static let p = QAICProfile.self

    /// Up to 6.12 an unsliced own BO gives zero statistics; 7.3 rejects it (§2.6 rule 5;
    /// qaic_data.c:qaic_perf_stats_bo_ioctl, `!bo->sliced` → -EINVAL).
    private static let unslicedBO = QAICExpect.drift((.upTo(p.debian6_12), .success), (.from(p.v7_3), .EINVAL))

    /// PERF_STATS under test. On success every entry keeps its handle and pad (§1.3: pad is
    /// copied back unchanged) and the header is unchanged.
    @discardableResult
    private static func stats(_ ctx: CaseContext, _ file: any DeviceFile, count: UInt16? = nil, pad: UInt16 = 0,
                              dbcID: UInt32, entries: [ac_qaic_perf_stats_entry],
                              data: QAICPointer = .entries) throws -> [ac_qaic_perf_stats_entry]? {
        let address = try ctx.qaicResolve(data, entries)
        var args = QAICStructs.perfStats(count: count ?? UInt16(entries.count), pad: pad, dbcID: dbcID, data: address)
        let header = ctx.qaicBytes(args)
        guard try ctx.expectIoctl(file, QAICRequest.perfStatsBO, &args, "PERF_STATS_BO") else { return nil }
        try ctx.assert(ctx.qaicBytes(args) == header,
                       "PERF_STATS changed its header (§1.1: data comes back through `data`)")
        guard case .entries = data, !entries.isEmpty else { return [] }
        let out = try ctx.qaicRead(ac_qaic_perf_stats_entry.self, at: address, count: entries.count)
        for (index, (sent, got)) in zip(entries, out).enumerated() {
            try ctx.assertEqual(got.handle, sent.handle, "entry \(index) handle after copy-back")
            try ctx.assertEqual(got.pad, sent.pad, "entry \(index) pad after copy-back (§1.3: copied back unchanged)")
        }
        return out
    }

    static let argumentRows: [CaseTable.Row] = [
        .init("count_zero", expect: .success,
              "§2.6 rule 4 (derived): count 0 → zero-length copies → 0", confidence: .derived) { ctx in
            let file = try ctx.open()
            try stats(ctx, file, dbcID: 0, entries: [])
        },
        .init("count_zero_data_null", expect: .success,
              "§2.6 rule 4 (derived): count 0 never touches data, even 0 → 0", confidence: .derived) { ctx in
            let file = try ctx.open()
            try stats(ctx, file, dbcID: 0, entries: [], data: .null)
        },
        .init("hdr_pad_one", expect: .success,
              "§2.6 rule 1 / §1.4 right column: hdr.pad not validated (count 0) → 0", confidence: .derived) { ctx in
            let file = try ctx.open()
            try stats(ctx, file, pad: 1, dbcID: 0, entries: [])
        },
        .init("dbc_id_16", expect: .EINVAL, "§2.6 rule 3: dbc_id ≥ 16 → EINVAL") { ctx in
            let file = try ctx.open()
            try stats(ctx, file, dbcID: 16, entries: [QAICStructs.perfEntry(handle: try ctx.qaicBO(file))])
        },
        .init("dbc_id_16_count_zero", expect: .EINVAL,
              "§2.6 rule 3 precedes the copy: count 0 with dbc_id 16 → EINVAL") { ctx in
            let file = try ctx.open()
            try stats(ctx, file, dbcID: 16, entries: [])
        },
        .init("dbc_id_16_and_data_unmapped", expect: .EINVAL,
              "§2.6 rule 3 precedes rule 4: dbc_id 16 with unmapped data → EINVAL") { ctx in
            let file = try ctx.open()
            try stats(ctx, file, count: 1, dbcID: 16, entries: [QAICStructs.perfEntry(handle: 1)], data: .unmapped)
        },
        .init("data_unmapped", expect: .EFAULT, "§2.6 rule 4: copy from data faults → EFAULT") { ctx in
            let file = try ctx.open()
            try stats(ctx, file, dbcID: 0, entries: [QAICStructs.perfEntry(handle: try ctx.qaicBO(file))],
                      data: .unmapped)
        },
        .init("data_truncated", expect: .EFAULT,
              "§2.6 rule 4: count 2 with one readable 24-byte entry → EFAULT") { ctx in
            let file = try ctx.open()
            let entry = QAICStructs.perfEntry(handle: try ctx.qaicBO(file))
            try stats(ctx, file, dbcID: 0, entries: [entry, entry], data: .truncatedAfter(1))
        },
        .init("data_unmapped_and_handle_unknown", expect: .EFAULT,
              "§2.6 rule 4 precedes rule 5: the copy faults before any lookup → EFAULT") { ctx in
            let file = try ctx.open()
            try stats(ctx, file, dbcID: 0, entries: [QAICStructs.perfEntry(handle: 999)], data: .unmapped)
        },
        .init("copy_back_faults", expect: QAICExpect.drift((.upTo(p.debian6_12), .EFAULT), (.from(p.v7_3), .EINVAL)),
              "§2.6 rule 7: read-only entries, copy-back faults → EFAULT; 7.3 rejects the unsliced BO first "
                    + "(qaic_data.c:qaic_perf_stats_bo_ioctl) → EINVAL") { ctx in
            let file = try ctx.open()
            let address = try ctx.qaicReadOnlyMemory([QAICStructs.perfEntry(handle: try ctx.qaicBO(file))])
            var args = QAICStructs.perfStats(count: 1, dbcID: 0, data: address)
            try ctx.expectIoctl(file, QAICRequest.perfStatsBO, &args, "PERF_STATS_BO into read-only memory")
        },
    ]

    static let entryRows: [CaseTable.Row] = [
        .init("handle_unknown", expect: .ENOENT, "§2.6 rule 5: entry handle not found → ENOENT") { ctx in
            let file = try ctx.open()
            _ = try ctx.qaicBO(file)
            try stats(ctx, file, dbcID: 0, entries: [QAICStructs.perfEntry(handle: 999)])
        },
        .init("handle_zero", expect: .ENOENT, "§2.6 rule 5: handle 0 → ENOENT") { ctx in
            let file = try ctx.open()
            _ = try ctx.qaicBO(file)
            try stats(ctx, file, dbcID: 0, entries: [QAICStructs.perfEntry(handle: 0)])
        },
        .init("second_unknown_nothing_copied",
              expect: QAICExpect.drift((.upTo(p.debian6_12), .ENOENT), (.from(p.v7_3), .EINVAL)),
              "§2.6 rule 5: unknown second entry → ENOENT, nothing copied back; 7.3 stops at the unsliced "
                    + "first entry (qaic_data.c:qaic_perf_stats_bo_ioctl) → EINVAL") { ctx in
            let file = try ctx.open()
            var first = QAICStructs.perfEntry(handle: try ctx.qaicBO(file))
            first.queue_level_before = 0xA5A5_A5A5
            first.device_latency_us = 0x5A5A_5A5A
            let address = ctx.qaicMemory([first, QAICStructs.perfEntry(handle: 999)])
            var args = QAICStructs.perfStats(count: 2, dbcID: 0, data: address)
            guard !(try ctx.expectIoctl(file, QAICRequest.perfStatsBO, &args,
                                        "PERF_STATS_BO with a bad second entry")) else { return }
            let after = try ctx.qaicRead(ac_qaic_perf_stats_entry.self, at: address, count: 1)[0]
            try ctx.assertEqual(after.queue_level_before, 0xA5A5_A5A5,
                                "entry 0 queue_level_before after ENOENT (nothing copied back)")
            try ctx.assertEqual(after.device_latency_us, 0x5A5A_5A5A, "entry 0 device_latency_us after ENOENT")
        },
        .init("unsliced_own_bo", expect: unslicedBO,
              "§2.6 rule 5 / §3.9: up to 6.12 an unsliced, never-executed BO → 0, all-zero stats; "
                    + "7.3: not sliced → EINVAL (qaic_perf_stats_bo_ioctl)") { ctx in
            let file = try ctx.open()
            guard let out = try stats(ctx, file, dbcID: 0,
                                      entries: [QAICStructs.perfEntry(handle: try ctx.qaicBO(file))]) else { return }
            let e = out[0]
            try ctx.assert(e.queue_level_before == 0 && e.num_queue_element == 0 && e.submit_latency_us == 0
                           && e.device_latency_us == 0,
                           "unsliced never-executed BO has non-zero stats (§2.6 last paragraph)")
        },
        .init("unsliced_entry_pad", expect: unslicedBO,
              "§2.6 rule 1 / §1.4: entry.pad not validated and copied back unchanged "
                    + "(7.3: unsliced → EINVAL, qaic_perf_stats_bo_ioctl)") { ctx in
            let file = try ctx.open()
            try stats(ctx, file, dbcID: 0,
                      entries: [QAICStructs.perfEntry(handle: try ctx.qaicBO(file), pad: 0xFFFF_FFFF)])
        },
        .init("unsliced_dbc_15", expect: unslicedBO,
              "§2.6: no ownership check, any dbc_id < 16 (15, never activated) → 0; "
                    + "7.3: unsliced → EINVAL (qaic_perf_stats_bo_ioctl)") { ctx in
            let file = try ctx.open()
            try stats(ctx, file, dbcID: 15, entries: [QAICStructs.perfEntry(handle: try ctx.qaicBO(file))])
        },
        .init("unsliced_two_entries", expect: unslicedBO,
              "§2.6 rules 5–7: two own BOs → 0 with both entries filled; "
                    + "7.3: unsliced → EINVAL (qaic_perf_stats_bo_ioctl)") { ctx in
            let file = try ctx.open()
            try stats(ctx, file, dbcID: 0, entries: [QAICStructs.perfEntry(handle: try ctx.qaicBO(file)),
                                                     QAICStructs.perfEntry(handle: try ctx.qaicBO(file))])
        },
        .init("unsliced_hdr_pad", expect: unslicedBO,
              "§2.6 rule 1: hdr.pad 0xffff not validated → 0; "
                    + "7.3: unsliced → EINVAL (qaic_perf_stats_bo_ioctl)") { ctx in
            let file = try ctx.open()
            try stats(ctx, file, pad: 0xFFFF, dbcID: 0, entries: [QAICStructs.perfEntry(handle: try ctx.qaicBO(file))])
        },
        .init("sliced_own_dbc", expect: .success,
              "§2.6 rule 5: a BO sliced onto hdr.dbc_id passes every version's checks → 0") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            guard let out = try stats(ctx, file, dbcID: dbcID,
                                      entries: [QAICStructs.perfEntry(handle: handle)]) else { return }
            try ctx.assertEqual(out[0].device_latency_us, 0,
                                "device_latency_us of a never-submitted BO (§3.9: 0 until completion)")
        },
        .init("sliced_other_dbc", expect: QAICExpect.drift((.upTo(p.debian6_12), .success), (.from(p.v7_3), .EINVAL)),
              "§2.6 rule 5: BO attached to another DBC than hdr.dbc_id → 0 up to 6.12; 7.3 → EINVAL "
                    + "(qaic_data.c:qaic_perf_stats_bo_ioctl: bo->dbc->id ≠ hdr.dbc_id)") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            try stats(ctx, file, dbcID: ctx.qaicUnownedDBC(besides: dbcID),
                      entries: [QAICStructs.perfEntry(handle: handle)])
        },
        .init("sliced_and_unknown", expect: .ENOENT,
              "§2.6 rule 5: the unknown second entry → ENOENT whatever the first") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            try stats(ctx, file, dbcID: dbcID,
                      entries: [QAICStructs.perfEntry(handle: handle), QAICStructs.perfEntry(handle: 999)])
        },
        .init("foreign_handle", expect: .ENOENT,
              "§3.4 / §2.6 rule 5: fd A's handle on fd B (no objects) → ENOENT") { ctx in
            let owner = try ctx.open()
            let handle = try ctx.qaicBO(owner)
            let other = try ctx.open()
            try stats(ctx, other, dbcID: 0, entries: [QAICStructs.perfEntry(handle: handle)])
        },
        .init("sliced_then_unsliced",
              expect: QAICExpect.drift((.upTo(p.debian6_12), .success), (.from(p.v7_3), .EINVAL)),
              "§2.6 rule 5: a sliced BO then an unsliced one → 0 up to 6.12; 7.3 checks every entry "
                    + "(qaic_data.c:qaic_perf_stats_bo_ioctl) → EINVAL at the second") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            try stats(ctx, file, dbcID: dbcID, entries: [QAICStructs.perfEntry(handle: handle),
                                                         QAICStructs.perfEntry(handle: try ctx.qaicBO(file))])
        },
        .init("other_dbc_then_unknown",
              expect: QAICExpect.drift((.upTo(p.debian6_12), .ENOENT), (.from(p.v7_3), .EINVAL)),
              "§2.6 rule 5: entries in order; up to 6.12 only the unknown second handle fails → ENOENT; 7.3 "
                    + "stops at the first, sliced onto another DBC (qaic_perf_stats_bo_ioctl) → EINVAL") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            try stats(ctx, file, dbcID: ctx.qaicUnownedDBC(besides: dbcID),
                      entries: [QAICStructs.perfEntry(handle: handle), QAICStructs.perfEntry(handle: 999)])
        },
        .init("copy_back_faults_sliced", expect: .EFAULT,
              "§2.6 rule 7: a sliced BO passes every version's entry checks; entries on a read-only page, "
                    + "the copy-back faults → EFAULT") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            let address = try ctx.qaicReadOnlyMemory([QAICStructs.perfEntry(handle: handle)])
            var args = QAICStructs.perfStats(count: 1, dbcID: dbcID, data: address)
            try ctx.expectIoctl(file, QAICRequest.perfStatsBO, &args,
                                "PERF_STATS_BO of a sliced BO into read-only memory")
        },
    ]

    static let workloadRows: [CaseTable.Row] = [
        .init("workload_after_wait", expect: .success,
              "§3.9 / §2.6 rule 6: after WAIT the stats are meaningful: "
              + "num_queue_element = the BO's slice entries ≥ 1", requires: [.workload]) { ctx in
            let setup = try ctx.qaicQueuedWorkload()
            try ctx.qaicWait(setup.file, dbcID: setup.dbcID, handle: setup.handle,
                             timeout: setup.workload.waitTimeoutMs)
            guard let out = try stats(ctx, setup.file, dbcID: setup.dbcID,
                                      entries: [QAICStructs.perfEntry(handle: setup.handle)]) else { return }
            try ctx.assert(out[0].num_queue_element >= UInt32(setup.workload.slices.count),
                           "num_queue_element \(out[0].num_queue_element) < \(setup.workload.slices.count) slices")
        },
        .init("workload_queue_level", expect: .success,
              "§2.6 rule 6 (derived): a BO submitted alone on a fresh DBC saw an empty ring → "
              + "queue_level_before 0", requires: [.workload],
              confidence: .derived) { ctx in
            let setup = try ctx.qaicQueuedWorkload()
            try ctx.qaicWait(setup.file, dbcID: setup.dbcID, handle: setup.handle,
                             timeout: setup.workload.waitTimeoutMs)
            guard let out = try stats(ctx, setup.file, dbcID: setup.dbcID,
                                      entries: [QAICStructs.perfEntry(handle: setup.handle)]) else { return }
            try ctx.assertEqual(out[0].queue_level_before, 0, "queue_level_before of the only submission")
        },
    ]
}
