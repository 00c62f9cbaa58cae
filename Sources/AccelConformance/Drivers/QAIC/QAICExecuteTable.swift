import CAccelShim
import SystemPackage

/// DRM_IOCTL_QAIC_EXECUTE_BO (qaic-uapi.md §2.4, §3.6). Success means "queued" and touches
/// the hardware ring, so successful submissions need a workload (§3.13).
enum QAICExecuteTable {
    static let table = CaseTable(group: "qaic.execute_bo", ioctl: "QAIC_EXECUTE_BO",
                                 rows: argumentRows + ownedRows + workloadRows)

    private static func row(_ name: String, expect: ProfileExpectation, _ rationale: String,
                            confidence: Confidence = .verified, _ input: QAICSubmitInput) -> CaseTable.Row {
        .init(name, expect: expect, rationale, confidence: confidence) { ctx in try ctx.qaicSubmit(.execute, input) }
    }
    private static func row(_ name: String, expect: Expected, _ rationale: String, confidence: Confidence = .verified,
                            _ input: QAICSubmitInput) -> CaseTable.Row {
        row(name, expect: .always(expect), rationale, confidence: confidence, input)
    }

    /// Checks that precede the ownership check: no DBC needed (§3.13).
    static let argumentRows: [CaseTable.Row] = [
        row("count_zero", expect: .EINVAL,
            "§2.4 rule 1: hdr.count = 0 → EINVAL", QAICSubmitInput(dbc: .unowned, bos: [.unsliced], count: 0)),
        row("data_unmapped", expect: .EFAULT, "§2.4 rule 3: copying count × 8 bytes from data faults → EFAULT",
            QAICSubmitInput(dbc: .unowned, bos: [.unsliced], data: .unmapped)),
        row("data_null", expect: .EFAULT, "§2.4 rule 3: data = 0 is not checked separately; the copy faults → EFAULT",
            QAICSubmitInput(dbc: .unowned, bos: [.unsliced], data: .null)),
        row("data_truncated", expect: .EFAULT, "§2.4 rule 3: count 2 with only one readable entry → EFAULT",
            QAICSubmitInput(dbc: .unowned, bos: [.unsliced, .unsliced], data: .truncatedAfter(1))),
        row("count_huge", expect: QAICExpect.hugeCountOn7_3("__qaic_execute_bo_ioctl"),
            "§2.4 rule 2: count 0xffffffff × 8 bytes cannot be allocated; 7.3 copies with memdup_array_user "
                + "(qaic_data.c:__qaic_execute_bo_ioctl) → ENOMEM before the copy, no warning",
            QAICSubmitInput(dbc: .unowned, bos: [.unsliced], count: UInt32.max)),
        row("dbc_id_16", expect: .EINVAL,
            "§2.4 rule 5: dbc_id ≥ 16 → EINVAL", QAICSubmitInput(dbc: .id(16), bos: [.unsliced])),
        row("dbc_id_max", expect: .EINVAL,
            "§2.4 rule 5: dbc_id 0xffffffff → EINVAL", QAICSubmitInput(dbc: .id(UInt32.max), bos: [.unsliced])),
        row("dbc_unowned", expect: .EPERM,
            "§2.4 rule 6: DBC not owned by this fd → EPERM", QAICSubmitInput(dbc: .unowned, bos: [.unsliced])),
        row("dbc_unowned_handle_unknown", expect: .EPERM,
            "§5 / §2.4 rules 6, 9.1: ownership is checked before the handle → EPERM, not ENOENT",
            QAICSubmitInput(dbc: .unowned, bos: [.unknown])),
        row("dbc_16_and_data_unmapped", expect: .EFAULT,
            "§2.4 rule 3 precedes rule 5: the copy faults before dbc_id is looked at → EFAULT",
            QAICSubmitInput(dbc: .id(16), bos: [.unsliced], data: .unmapped)),
        row("dbc_unowned_and_data_unmapped", expect: .EFAULT,
            "§2.4 rule 3 precedes rule 6: unmapped data on an unowned DBC → EFAULT",
            QAICSubmitInput(dbc: .unowned, bos: [.unsliced], data: .unmapped)),
        row("count_zero_and_data_unmapped", expect: .EINVAL,
            "§2.4 rule 1 precedes the copy: count 0 with unmapped data → EINVAL",
            QAICSubmitInput(dbc: .unowned, bos: [.unsliced], count: 0, data: .unmapped)),
        row("count_zero_and_dbc_16", expect: .EINVAL, "§2.4 rules 1 and 5: count 0 with dbc_id 16 → EINVAL",
            QAICSubmitInput(dbc: .id(16), bos: [.unsliced], count: 0)),
        row("dbc_16_and_handle_unknown", expect: .EINVAL, "§2.4 rule 5 precedes the per-entry lookup (9.1) → EINVAL",
            QAICSubmitInput(dbc: .id(16), bos: [.unknown])),
        .init("dbc_owned_by_other_fd", expect: .EPERM,
              "§2.4 rule 6: a DBC activated by another fd is not owned by this one → EPERM") { ctx in
            let owner = try ctx.open()
            let dbcID = try ctx.qaicOwnedDBC(owner)
            try ctx.qaicSubmit(.execute, QAICSubmitInput(dbc: .id(dbcID), bos: [.unsliced]))
        },
    ]

    /// Negative paths with an owned DBC: nothing reaches the hardware (§2.4 rule 9).
    static let ownedRows: [CaseTable.Row] = [
        row("handle_unknown", expect: .ENOENT,
            "§2.4 rule 9.1: owned DBC, unknown handle → ENOENT", QAICSubmitInput(bos: [.unknown])),
        row("handle_zero", expect: .ENOENT, "§2.4 rule 9.1: handle 0 → ENOENT", QAICSubmitInput(bos: [.zero])),
        row("unsliced", expect: .EINVAL,
            "§3.6 / §2.4 rule 9.3: BO never attached → EINVAL", QAICSubmitInput(bos: [.unsliced])),
        row("sliced_then_unknown", expect: .ENOENT,
            "§2.4 rule 9: entries in array order; the first is queued, the second unknown → ENOENT, first taken off "
            + "again",
            QAICSubmitInput(bos: [.sliced, .unknown])),
        row("unsliced_then_unknown", expect: .EINVAL, "§2.4 rule 9: the first entry fails first (unsliced) → EINVAL",
            QAICSubmitInput(bos: [.unsliced, .unknown])),
        row("unknown_then_unsliced", expect: .ENOENT, "§2.4 rule 9: the first entry fails first (unknown) → ENOENT",
            QAICSubmitInput(bos: [.unknown, .unsliced])),
        row("same_bo_twice", expect: .EINVAL,
            "§2.4 rule 9.5 (derived): the second entry finds the BO already queued by the first → EINVAL, nothing "
            + "reaches the hardware",
            confidence: .derived, QAICSubmitInput(bos: [.sliced, .first])),
        row("ring_full_second_bo", expect: .EAGAIN,
            "§2.4.9.6 (qaic_data.c:copy_exec_reqs): queue_size 2 leaves one free ring slot (fifo_space_avail keeps "
            + "one empty); the first one-page BO takes it, the second finds none → EAGAIN, the first taken off "
            + "again; one attempt (drmIoctl would restart)",
            QAICSubmitInput(bos: [.sliced, .sliced], queueSize: 2, once: true)),
        row("ring_exactly_full_then_unknown", expect: .ENOENT,
            "§2.4.9.6, §2.4.9.1: a one-entry slice fits the single free slot of a queue_size 2 ring exactly; the "
            + "second entry is unknown → ENOENT, nothing reaches the hardware",
            QAICSubmitInput(bos: [.sliced, .unknown], queueSize: 2)),
        row("dir_ignored_unsliced", expect: .EINVAL,
            "§1.4: entry dir is never read; dir 0xdead does not change the unsliced EINVAL (rule 9.3)",
            QAICSubmitInput(bos: [.unsliced], dir: 0xDEAD)),
        .init("dbc_deactivated", expect: .EPERM,
              "§3.12 / §2.4 rule 6: after MANAGE DEACTIVATE the DBC is no longer owned → EPERM") { ctx in
            let (file, dbcID, handle) = try ctx.qaicSlicedBO()
            try ctx.qaicDeactivate(file, dbcID: dbcID)
            var args = QAICStructs.execute(count: 1, dbcID: dbcID,
                                           data: ctx.qaicMemory([QAICStructs.executeEntry(handle: handle)]))
            try ctx.expectIoctl(file, QAICRequest.executeBO, &args, "EXECUTE_BO on a deactivated DBC")
        },
    ]

    /// Real submissions (§3.13: a workload must run on the device).
    static let workloadRows: [CaseTable.Row] = [
        .init("workload", expect: .success,
              "§2.4 rule 10: a sliced BO on its owned DBC → 0 (queued), completes within the workload's timeout",
              requires: [.workload]) { ctx in
            try ctx.qaicSubmitWorkload(.execute)
        },
        .init("workload_dir_ignored", expect: .success,
              "§1.4 right column: execute-entry dir is not validated; dir 0xdead → 0",
              requires: [.workload]) { ctx in
            try ctx.qaicSubmitWorkload(.execute, dir: 0xDEAD)
        },
        .init("workload_in_flight", expect: .EINVAL,
              "§3.6 / §2.4 rule 9.5: executing a BO that is still queued → EINVAL",
              requires: [.workload]) { ctx in
            let setup = try ctx.qaicQueuedWorkload()
            var args = QAICStructs.execute(count: 1, dbcID: setup.dbcID,
                                           data: ctx.qaicMemory([QAICStructs.executeEntry(handle: setup.handle)]))
            try ctx.expectIoctl(setup.file, QAICRequest.executeBO, &args, "EXECUTE_BO of a BO in flight")
        },
        .init("workload_resubmit", expect: .success,
              "§2.5: after WAIT completes the BO is no longer queued; a second EXECUTE → 0",
              requires: [.workload]) { ctx in
            let setup = try ctx.qaicQueuedWorkload()
            try ctx.qaicWait(setup.file, dbcID: setup.dbcID, handle: setup.handle,
                             timeout: setup.workload.waitTimeoutMs)
            var args = QAICStructs.execute(count: 1, dbcID: setup.dbcID,
                                           data: ctx.qaicMemory([QAICStructs.executeEntry(handle: setup.handle)]))
            if try ctx.expectIoctl(setup.file, QAICRequest.executeBO, &args, "second EXECUTE_BO after completion") {
                try ctx.qaicWait(setup.file, dbcID: setup.dbcID, handle: setup.handle,
                                 timeout: setup.workload.waitTimeoutMs)
            }
        },
    ]
}
