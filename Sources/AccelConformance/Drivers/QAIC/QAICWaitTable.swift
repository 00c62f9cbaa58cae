import CAccelShim
import SystemPackage

/// DRM_IOCTL_QAIC_WAIT_BO (qaic-uapi.md §2.5, §3.7). Same order in every version.
enum QAICWaitTable {
    static let table = CaseTable(group:
                                 "qaic.wait_bo", ioctl: "QAIC_WAIT_BO", rows: argumentRows + ownedRows + workloadRows)

    struct Input: Sendable {
        var dbc: QAICDBC = .owned
        var handle: QAICHandle = .own
        var sliced = false
        var timeout: UInt32 = 100
        var pad: UInt32 = 0
    }

    /// WAIT under test; on success the IOW struct must be unchanged (§1.1).
    private static func wait(_ ctx: CaseContext, _ input: Input) throws {
        let file = try ctx.open()
        let handle: UInt32
        let dbcID: UInt32
        if input.sliced {
            dbcID = try ctx.qaicOwnedDBC(file)
            handle = try ctx.qaicBO(file, size: 8192)
            try ctx.qaicAttach(file, handle: handle, dbcID: dbcID, boSize: 8192)
        } else {
            handle = try ctx.qaicResolve(input.handle, on: file, size: 4096)
            dbcID = try ctx.qaicResolve(input.dbc, on: file)
        }
        var args = QAICStructs.wait(handle: handle, timeout: input.timeout, dbcID: dbcID, pad: input.pad)
        let before = ctx.qaicBytes(args)
        if try ctx.expectIoctl(file, QAICRequest.waitBO, &args, "WAIT_BO") {
            try ctx.assert(ctx.qaicBytes(args) == before, "WAIT_BO (IOW) changed its argument struct (§1.1)")
        }
    }

    private static func row(_ name: String, expect: Expected, _ rationale: String, _ input: Input) -> CaseTable.Row {
        .init(name, expect: expect, rationale) { ctx in try wait(ctx, input) }
    }

    static let argumentRows: [CaseTable.Row] = [
        row("pad_one", expect: .EINVAL, "§2.5 rule 1 / §1.4: pad ≠ 0 → EINVAL", Input(dbc: .unowned, pad: 1)),
        row("pad_all_ones", expect: .EINVAL,
            "§2.5 rule 1: pad 0xffffffff → EINVAL", Input(dbc: .unowned, pad: UInt32.max)),
        row("pad_and_dbc_16", expect: .EINVAL,
            "§2.5 rule 1 precedes rule 3: pad ≠ 0 with dbc_id 16 → EINVAL", Input(dbc: .id(16), pad: 1)),
        row("pad_and_dbc_unowned", expect: .EINVAL,
            "§2.5 rule 1 precedes rule 4: pad ≠ 0 on an unowned DBC → EINVAL, not EPERM",
            Input(dbc: .unowned, pad: 2)),
        row("pad_and_handle_unknown", expect: .EINVAL,
            "§2.5 rule 1 precedes rule 6: pad ≠ 0 with an unknown handle → EINVAL",
            Input(dbc: .unowned, handle: .unknown, pad: 1)),
        row("dbc_id_16", expect: .EINVAL, "§2.5 rule 3: dbc_id ≥ 16 → EINVAL", Input(dbc: .id(16))),
        row("dbc_id_max", expect: .EINVAL, "§2.5 rule 3: dbc_id 0xffffffff → EINVAL", Input(dbc: .id(UInt32.max))),
        row("dbc_16_and_handle_unknown", expect: .EINVAL,
            "§2.5 rule 3 precedes rule 6 → EINVAL", Input(dbc: .id(16), handle: .unknown)),
        row("dbc_unowned", expect: .EPERM, "§2.5 rule 4: DBC not owned by this fd → EPERM", Input(dbc: .unowned)),
        row("dbc_unowned_handle_unknown", expect: .EPERM,
            "§5 / §2.5 rule 4 before 6: ownership before the handle lookup → EPERM, not ENOENT",
            Input(dbc: .unowned, handle: .unknown)),
        row("dbc_unowned_handle_zero", expect: .EPERM,
            "§2.5 rule 4 before 6: handle 0 on an unowned DBC → EPERM", Input(dbc: .unowned, handle: .zero)),
        .init("dbc_owned_by_other_fd", expect: .EPERM, "§2.5 rule 4: a DBC activated by another fd → EPERM") { ctx in
            let owner = try ctx.open()
            let dbcID = try ctx.qaicOwnedDBC(owner)
            try wait(ctx, Input(dbc: .id(dbcID)))
        },
    ]

    static let ownedRows: [CaseTable.Row] = [
        row("handle_unknown", expect: .ENOENT,
            "§2.5 rule 6: owned DBC, unknown handle → ENOENT", Input(handle: .unknown)),
        row("handle_zero", expect: .ENOENT, "§2.5 rule 6: owned DBC, handle 0 → ENOENT", Input(handle: .zero)),
        row("never_queued", expect: .success,
            "§3.7 / §2.5: an unsliced, never-queued BO (WAIT checks neither slicing nor attachment) → 0 at "
            + "once", Input()),
        row("never_queued_default_timeout", expect: .success,
            "§3.7: timeout 0 means 5000 ms, but a never-queued BO returns 0 at once",
            Input(timeout: 0)),
        row("never_queued_sliced", expect: .success,
            "§2.5: a sliced, never-executed BO → 0 at once", Input(sliced: true)),
        row("never_queued_max_timeout", expect: .success,
            "§2.5 rule 7: a BO whose completion is complete returns 0 at once, timeout 0xffffffff",
            Input(timeout: UInt32.max)),
        .init("after_detach",
              expect: ProfileExpectation([(.upTo(QAICProfile.v6_4), .notApplicable(
                  "DETACH_SLICE_BO does not exist before v6.7 (§2.7)")),
                                            (.from(QAICProfile.v6_7), .expect(.success))]),
                "§2.5: the completion is complete again after DETACH → WAIT returns 0 at once") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            var detach = QAICStructs.detach(handle: handle)
            try ctx.fixture(
                "DETACH_SLICE_BO") { () throws(Errno) in try file.ioctl(QAICRequest.detachSliceBO, &detach) }
            var args = QAICStructs.wait(handle: handle, timeout: 100, dbcID: dbcID)
            try ctx.expectIoctl(file, QAICRequest.waitBO, &args, "WAIT_BO after DETACH")
        },
        .init("dbc_deactivated", expect: .EPERM,
              "§3.12 / §2.5 rule 4: after DEACTIVATE the DBC is not owned → EPERM") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            try ctx.qaicDeactivate(file, dbcID: dbcID)
            var args = QAICStructs.wait(handle: handle, timeout: 100, dbcID: dbcID)
            try ctx.expectIoctl(file, QAICRequest.waitBO, &args, "WAIT_BO on a deactivated DBC")
        },
    ]

    static let workloadRows: [CaseTable.Row] = [
        .init("workload_completes", expect: .success,
              "§2.5 rule 7: the submitted BO completes within the timeout → 0", requires: [.workload]) { ctx in
            let setup = try ctx.qaicQueuedWorkload()
            var args = QAICStructs.wait(handle: setup.handle, timeout: setup.workload.waitTimeoutMs, dbcID: setup.dbcID)
            try ctx.expectIoctl(setup.file, QAICRequest.waitBO, &args, "WAIT_BO for the workload")
        },
        .init("workload_timeout", expect: .ETIMEDOUT,
              "§2.5 rule 7: time runs out before completion (timeout 1 ms, workload slower) → ETIMEDOUT",
              requires: [.workload]) { ctx in
            let setup = try ctx.qaicQueuedWorkload()
            var args = QAICStructs.wait(handle: setup.handle, timeout: 1, dbcID: setup.dbcID)
            try ctx.expectIoctl(setup.file, QAICRequest.waitBO, &args, "WAIT_BO timeout=1")
            // Let the submission finish before tear-down closes the fd.
            try? ctx.qaicWait(setup.file, dbcID: setup.dbcID, handle: setup.handle,
                              timeout: setup.workload.waitTimeoutMs)
        },
        .init("workload_wait_twice", expect: .success,
              "§2.5: after the last submission has completed, WAIT returns 0 at once", requires: [.workload]) { ctx in
            let setup = try ctx.qaicQueuedWorkload()
            try ctx.qaicWait(setup.file, dbcID: setup.dbcID, handle: setup.handle,
                             timeout: setup.workload.waitTimeoutMs)
            var args = QAICStructs.wait(handle: setup.handle, timeout: 1, dbcID: setup.dbcID)
            try ctx.expectIoctl(setup.file, QAICRequest.waitBO, &args, "second WAIT_BO after completion")
        },
        .init("workload_deactivated_while_queued", expect: .EPERM,
              "§2.5 rule 4: once DEACTIVATE released the DBC, WAIT on it → EPERM", requires: [.workload]) { ctx in
            let setup = try ctx.qaicQueuedWorkload()
            try ctx.qaicDeactivate(setup.file, dbcID: setup.dbcID)
            var args = QAICStructs.wait(handle: setup.handle, timeout: setup.workload.waitTimeoutMs, dbcID: setup.dbcID)
            try ctx.expectIoctl(setup.file, QAICRequest.waitBO, &args, "WAIT_BO after DEACTIVATE")
        },
    ]
}
