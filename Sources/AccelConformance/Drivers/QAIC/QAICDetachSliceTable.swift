import CAccelShim
import SystemPackage

/// DRM_IOCTL_QAIC_DETACH_SLICE_BO (qaic-uapi.md §2.7, §3.10). Added in v6.7; on v6.4–v6.6
/// nr 0x48 is past the driver table and every row expects the DRM core's EINVAL.
enum QAICDetachSliceTable {
    static let table = CaseTable(group: "qaic.detach_slice_bo", ioctl: "QAIC_DETACH_SLICE_BO",
                                 rows: argumentRows + stateRows + workloadRows)

    /// DETACH under test; on success the IOW struct must be unchanged (§1.1).
    @discardableResult
    private static func detach(_ ctx: CaseContext, _ file: any DeviceFile, handle: UInt32, pad: UInt32 = 0,
                               _ what: String) throws -> Bool {
        var args = QAICStructs.detach(handle: handle, pad: pad)
        let before = ctx.qaicBytes(args)
        guard try ctx.expectIoctl(file, QAICRequest.detachSliceBO, &args,
                                  "DETACH_SLICE_BO \(what)") else { return false }
        try ctx.assert(ctx.qaicBytes(args) == before, "DETACH (IOW) changed its argument struct (§1.1)")
        return true
    }

    static let argumentRows: [CaseTable.Row] = [
        .init("pad_one", expect: QAICExpect.detach(.EINVAL),
              "§2.7 rule 1: pad ≠ 0 → EINVAL (v6.4–v6.6: no DETACH, DRM core EINVAL)") { ctx in
            let file = try ctx.open()
            try detach(ctx, file, handle: try ctx.qaicBO(file), pad: 1, "pad=1")
        },
        .init("pad_all_ones", expect: QAICExpect.detach(.EINVAL),
              "§2.7 rule 1 / §1.4: pad 0xffffffff → EINVAL") { ctx in
            let file = try ctx.open()
            try detach(ctx, file, handle: try ctx.qaicBO(file), pad: UInt32.max, "pad=0xffffffff")
        },
        .init("pad_and_handle_unknown", expect: QAICExpect.detach(.EINVAL),
              "§2.7 rule 1 precedes rule 3: pad ≠ 0 with an unknown handle → EINVAL, not ENOENT") { ctx in
            let file = try ctx.open()
            try detach(ctx, file, handle: 999, pad: 1, "pad=1 handle=999")
        },
        .init("pad_on_sliced", expect: QAICExpect.detach(.EINVAL),
              "§2.7 rule 1: pad ≠ 0 on a sliced BO → EINVAL and the BO stays sliced") { ctx in
            let (file, _, handle) = try ctx.qaicSlicedBO()
            try detach(ctx, file, handle: handle, pad: 1, "pad=1 on a sliced BO")
        },
        .init("handle_unknown", expect: QAICExpect.detach(.ENOENT),
              "§2.7 rule 3: unknown handle → ENOENT (v6.4–v6.6: DRM core EINVAL)") { ctx in
            let file = try ctx.open()
            _ = try ctx.qaicBO(file)
            try detach(ctx, file, handle: 999, "handle=999")
        },
        .init("handle_zero", expect: QAICExpect.detach(.ENOENT), "§2.7 rule 3: handle 0 → ENOENT") { ctx in
            let file = try ctx.open()
            _ = try ctx.qaicBO(file)
            try detach(ctx, file, handle: 0, "handle=0")
        },
        .init("handle_foreign", expect: QAICExpect.detach(.ENOENT),
              "§3.4 / §2.7 rule 3: fd A's sliced BO's handle on fd B (no objects) → ENOENT") { ctx in
            let (_, _, handle) = try ctx.qaicSlicedBO()
            let other = try ctx.open()
            try detach(ctx, other, handle: handle, "fd A's handle on fd B")
        },
        .init("handle_closed", expect: QAICExpect.detach(.ENOENT),
              "§3.4: after GEM_CLOSE the handle is gone → ENOENT") { ctx in
            let file = try ctx.open()
            let handle = try ctx.qaicBO(file)
            try ctx.qaicGEMClose(file, handle: handle)
            try detach(ctx, file, handle: handle, "closed handle")
        },
        .init("unsliced", expect: QAICExpect.detach(.EINVAL),
              "§3.10 / §2.7 rule 5: BO not sliced → EINVAL (no DBC needed, §3.13)") { ctx in
            let file = try ctx.open()
            try detach(ctx, file, handle: try ctx.qaicBO(file), "unsliced BO")
        },
    ]

    static let stateRows: [CaseTable.Row] = [
        .init("sliced", expect: QAICExpect.detach(.success),
              "§2.7 rule 8: a sliced, idle BO on an owned DBC → 0") { ctx in
            let (file, _, handle) = try ctx.qaicSlicedBO()
            try detach(ctx, file, handle: handle, "sliced BO")
        },
        .init("twice", expect: QAICExpect.detach(.EINVAL),
              "§2.7 rules 5, 8: the first DETACH unslices the BO; the second → EINVAL") { ctx in
            let (file, _, handle) = try ctx.qaicSlicedBO()
            var first = QAICStructs.detach(handle: handle)
            if ctx.profile >= QAICProfile.v6_7 {
                try ctx.fixture(
                    "first DETACH") { () throws(Errno) in try file.ioctl(QAICRequest.detachSliceBO, &first) }
            }
            try detach(ctx, file, handle: handle, "second DETACH")
        },
        .init("reattach", expect: QAICExpect.detach(.success),
              "§2.7 rule 8: after DETACH the BO can be attached again (qaic.rst) → 0") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            guard try detach(ctx, file, handle: handle, "sliced BO") else { return }
            try ctx.qaicAttach(file, handle: handle, dbcID: dbcID, boSize: 8192)
        },
        .init("after_deactivate", expect: QAICExpect.detach(.EINVAL),
              "§3.10: DEACTIVATE detaches the DBC's BOs; a later DETACH → EINVAL") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            try ctx.qaicDeactivate(file, dbcID: dbcID)
            try detach(ctx, file, handle: handle, "after DEACTIVATE")
        },
        .init("then_execute_unsliced", expect: QAICExpect.detach(.success),
              "§2.7 rule 8 / §3.6: after DETACH the BO is unsliced; EXECUTE of it is EINVAL") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            guard try detach(ctx, file, handle: handle, "sliced BO") else { return }
            var args = QAICStructs.execute(count: 1, dbcID: dbcID,
                                           data: ctx.qaicMemory([QAICStructs.executeEntry(handle: handle)]))
            let result: Result<Void, Errno> = withUnsafeMutableBytes(of: &args) { file.result(QAICRequest.executeBO,
                                                                                              $0.baseAddress) }
            try ctx.assertEqual(result.outcomeDescription, "EINVAL", "EXECUTE_BO of the detached BO (§3.6)")
        },
        .init("one_of_two", expect: QAICExpect.detach(.success),
              "§2.7 rule 8: detaching one BO leaves another BO on the same DBC sliced (its DETACH also → 0)") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            let other = try ctx.qaicBO(file, size: 8192)
            try ctx.qaicAttach(file, handle: other, dbcID: dbcID, boSize: 8192)
            guard try detach(ctx, file, handle: handle, "first BO") else { return }
            try detach(ctx, file, handle: other, "second BO")
        },
    ]

    static let workloadRows: [CaseTable.Row] = [
        .init("workload_queued", expect: QAICExpect.detach(.EBUSY),
              "§3.10 / §2.7 rule 7: a BO still queued → EBUSY", requires: [.workload]) { ctx in
            let setup = try ctx.qaicQueuedWorkload()
            try detach(ctx, setup.file, handle: setup.handle, "queued BO")
            try? ctx.qaicWait(setup.file, dbcID: setup.dbcID, handle: setup.handle,
                              timeout: setup.workload.waitTimeoutMs)
        },
        .init("workload_completed", expect: QAICExpect.detach(.success),
              "§2.7 rule 8: after WAIT completes the BO is idle → 0", requires: [.workload]) { ctx in
            let setup = try ctx.qaicQueuedWorkload()
            try ctx.qaicWait(setup.file, dbcID: setup.dbcID, handle: setup.handle,
                             timeout: setup.workload.waitTimeoutMs)
            try detach(ctx, setup.file, handle: setup.handle, "completed BO")
        },
    ]
}
