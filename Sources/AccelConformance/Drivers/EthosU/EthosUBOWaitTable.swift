import CAccelShim
import SystemPackage

/// DRM_IOCTL_ETHOSU_BO_WAIT (ethosu-uapi.md §5). Rows marked "in flight" submit the reference
/// CONV and wait before it completes; on a device so fast that the job has finished before the
/// wait, they skip (saying so) rather than guess.
enum EthosUBOWaitTable {
    static let table = CaseTable(group: "ethosu.bo_wait", ioctl: "ETHOSU_BO_WAIT", rows: idleRows + busyRows)

    static let second: Int64 = 1_000_000_000

    enum Deadline: Sendable {
        case poll, negative, past, fromNow(Int64)

        var timeoutNs: Int64 {
            switch self {
            case .poll: return 0
            case .negative: return -1
            case .past: return 1
            case .fromNow(let ns): return CaseContext.ethosuMonotonicNs() + ns
            }
        }
    }

    private static func idle(_ name: String, _ target: EthosUMmapOffsetTable.Target, pad: UInt32 = 0,
                             deadline: Deadline = .poll, expect: Expected, _ rationale: String) -> EthosURow {
        EthosURow(name, expect: expect, rationale) { ctx in
            let file = try ctx.open()
            let handle = try EthosUMmapOffsetTable.handle(ctx, target, on: file)
            var args = EthosUStructs.wait(handle: handle, pad: pad, timeoutNs: deadline.timeoutNs)
            try ctx.expectIoctl(file, EthosURequest.boWait, &args, "BO_WAIT")
        }
    }

    static let idleRows: [EthosURow] = [
        idle("idle_poll", .plain, expect: .success, "ethosu-uapi.md §5 rules 1, 5: a BO without fences, timeout 0 (poll) → 0"),
        idle("idle_future_deadline", .plain, deadline: .fromNow(second), expect: .success,
             "ethosu-uapi.md §5 rule 5: a BO without fences returns 0 at once whatever the deadline"),
        idle("idle_negative_timeout", .plain, deadline: .negative, expect: .success,
             "ethosu-uapi.md §5 rule 1: a negative timeout is a poll; no fences → 0"),
        idle("idle_cmdstream_bo", .cmdstream, expect: .success, "ethosu-uapi.md §5 rule 6: command-stream BOs never carry fences → 0"),
        idle("pad_one", .plain, pad: 1, expect: .EINVAL, "ethosu-uapi.md §5 rule 2: pad ≠ 0 → EINVAL"),
        idle("pad_all_ones", .plain, pad: UInt32.max, expect: .EINVAL, "ethosu-uapi.md §5 rule 2: pad 0xffffffff → EINVAL"),
        idle("pad_and_unknown_handle", .unknown, pad: 1, expect: .EINVAL,
             "ethosu-uapi.md §5 rule 2 precedes rule 4: pad ≠ 0 with an unknown handle → EINVAL"),
        idle("handle_unknown", .unknown, expect: .EINVAL,
             "ethosu-uapi.md §5 rule 4: drm_gem_dma_resv_wait answers an unknown handle with EINVAL, not ENOENT"),
        idle("handle_zero", .zero, expect: .EINVAL, "ethosu-uapi.md §5 rule 4: handle 0 → EINVAL"),
        idle("handle_of_other_fd", .otherFile, expect: .EINVAL, "ethosu-uapi.md §5 rule 4: another fd's handle is unknown here → EINVAL"),
    ]

    /// Submits the reference CONV and runs `body` while it should still be running; waits for it
    /// to finish at tear-down.
    private static func busy(_ name: String, expect: Expected, _ rationale: String,
                             _ body: @escaping @Sendable (CaseContext, any DeviceFile, [Int: UInt32], UInt32) throws -> Void) -> EthosURow {
        EthosURow(name, expect: expect, rationale, confidence: .derived, timeout: 30) { ctx in
            let file = try ctx.open()
            let (job, regions) = try ctx.ethosuConvJob(file)
            try ctx.ethosuSubmit(file, [job])
            ctx.onTeardown {
                var args = EthosUStructs.wait(handle: regions[1]!, timeoutNs: CaseContext.ethosuMonotonicNs() + 10 * second)
                _ = try? file.ioctl(EthosURequest.boWait, &args)
            }
            try body(ctx, file, regions, job.cmd_bo)
        }
    }

    /// BO_WAIT on `handle` expected to find the job still running.
    private static func waitInFlight(_ ctx: CaseContext, _ file: any DeviceFile, handle: UInt32, _ deadline: Deadline) throws {
        var args = EthosUStructs.wait(handle: handle, timeoutNs: deadline.timeoutNs)
        let result = file.result(EthosURequest.boWait, &args)
        if case .success = result, ctx.expected != .success {
            try ctx.skip("the job had completed before BO_WAIT ran: this device is too fast to observe it in flight")
        }
        try ctx.expectResult(result, "BO_WAIT on a region BO of a running job")
    }

    static let busyRows: [EthosURow] = [
        busy("in_flight_output_poll", expect: .errno(.timeout),
             "ethosu-uapi.md §5 rules 5–6: the OFM BO carries the running job's write fence; poll → ETIME (not ETIMEDOUT)") { ctx, file, regions, _ in
            try waitInFlight(ctx, file, handle: regions[1]!, .poll)
        },
        busy("in_flight_output_past_deadline", expect: .errno(.timeout),
             "ethosu-uapi.md §5 rules 1, 5: an absolute deadline already past is a poll → ETIME") { ctx, file, regions, _ in
            try waitInFlight(ctx, file, handle: regions[1]!, .past)
        },
        busy("in_flight_output_short_deadline", expect: .errno(.timeout),
             "ethosu-uapi.md §5 rule 5: a deadline 1 ms away passes before the job ends → ETIME") { ctx, file, regions, _ in
            try waitInFlight(ctx, file, handle: regions[1]!, .fromNow(1_000_000))
        },
        busy("in_flight_output_until_done", expect: .success,
             "ethosu-uapi.md §5 rule 5 / §9: the job completes (IRQ signals its fence) before a 10 s deadline → 0") { ctx, file, regions, _ in
            var args = EthosUStructs.wait(handle: regions[1]!, timeoutNs: Deadline.fromNow(10 * second).timeoutNs)
            try ctx.expectIoctl(file, EthosURequest.boWait, &args, "BO_WAIT until the job is done")
        },
        busy("in_flight_input_bo", expect: .success,
             "ethosu-uapi.md §5 rule 6: input-only region BOs get no fence; IFM BO poll while running → 0") { ctx, file, regions, _ in
            var args = EthosUStructs.wait(handle: regions[0]!, timeoutNs: 0)
            try ctx.expectIoctl(file, EthosURequest.boWait, &args, "BO_WAIT on the IFM BO")
        },
        busy("in_flight_weight_bo", expect: .success,
             "ethosu-uapi.md §5 rule 6: the weight BO is read only; poll while running → 0") { ctx, file, regions, _ in
            var args = EthosUStructs.wait(handle: regions[3]!, timeoutNs: 0)
            try ctx.expectIoctl(file, EthosURequest.boWait, &args, "BO_WAIT on the weight BO")
        },
        busy("in_flight_cmd_bo", expect: .success,
             "ethosu-uapi.md §5 rule 6: the command-stream BO gets no fence; poll while running → 0") { ctx, file, _, cmd in
            var args = EthosUStructs.wait(handle: cmd, timeoutNs: 0)
            try ctx.expectIoctl(file, EthosURequest.boWait, &args, "BO_WAIT on the command BO")
        },
        busy("done_then_poll", expect: .success,
             "ethosu-uapi.md §5 rule 5: once the job's fence has signalled, a poll → 0") { ctx, file, regions, _ in
            try ctx.ethosuWaitIdle(file, handle: regions[1]!)
            var args = EthosUStructs.wait(handle: regions[1]!, timeoutNs: 0)
            try ctx.expectIoctl(file, EthosURequest.boWait, &args, "BO_WAIT poll after completion")
        },
    ]
}
