import CAccelShim
import Foundation
import SystemPackage

/// ATTACH, EXECUTE/PARTIAL, WAIT, PERF_STATS and DETACH (qaic-uapi.md §2.3–§2.7). Every
/// handler but WAIT runs with the device lock held.
extension QAICReferenceFile {
    private static let dbcCount = UInt32(QAICReferenceDevice.dbcCount)
    private static let sliceEntrySize = UInt64(MemoryLayout<ac_qaic_attach_slice_entry>.size)

    // MARK: ATTACH_SLICE_BO

    func attachSliceBO(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        let args = kdata.load(ac_qaic_attach_slice.self)
        let hdr = args.hdr
        let byHeader = profile.attachOrder == .sizeHeader
        guard hdr.count != 0 else { throw Errno.invalidArgument }
        if byHeader && hdr.size == 0 { throw Errno.invalidArgument }
        guard hdr.dir == 1 || hdr.dir == 2 else { throw Errno.invalidArgument }
        guard args.data != 0 else { throw Errno.invalidArgument }
        guard hdr.dbc_id < Self.dbcCount else { throw Errno.invalidArgument }
        // Slice array: a failed allocation is EINVAL before memdup_user, ENOMEM after.
        guard UInt64(hdr.count) * Self.sliceEntrySize <= QAICReferenceDevice.allocationLimit else {
            throw profile.attachAllocationErrno
        }
        let entries = try UserMemory.readArray(ac_qaic_attach_slice_entry.self, at: args.data, count: Int(hdr.count))

        let bo: ReferenceBO
        if byHeader {
            // v6.4–v6.8: entries against hdr.size first, then the handle.
            try validate(entries, limit: hdr.size, rejectOverflow: false)
            guard let found = state.handles[hdr.handle] else { throw Errno.noSuchFileOrDirectory }
            bo = found
        } else {
            // v6.9+: the handle first, then entries against the page-aligned BO size.
            guard let found = state.handles[hdr.handle] else { throw Errno.noSuchFileOrDirectory }
            bo = found
            try validate(entries, limit: bo.size, rejectOverflow: profile.attachRejectsOverflow)
        }
        if bo.sliced {
            guard has(.attachDoubleAttachOK) else { throw Errno.invalidArgument }
            bo.slices = []
            bo.attachedDBC = nil
        }
        let dbc = Int(hdr.dbc_id)
        guard device.owns(state, dbc: dbc) else {
            // §5: ATTACH reports a foreign DBC as EINVAL, not EPERM.
            throw has(.attachOwnershipEperm) ? Errno.notPermitted : Errno.invalidArgument
        }
        // v6.4–v6.8 prepare step: a BO (or dma-buf) smaller than hdr.size → EINVAL.
        if byHeader && bo.size < hdr.size { throw Errno.invalidArgument }

        // Build the slices, entry by entry.
        var slices: [ReferenceBO.Slice] = []
        for entry in entries {
            let span = entry.size == 0 ? QAICReferenceDevice.pageSize : entry.size
            let (end, overflow) = entry.offset.addingReportingOverflow(span)
            guard !overflow, end <= bo.size else { throw Errno.invalidArgument }
            if entry.db_len != 0 && entry.db_addr % UInt64(entry.db_len / 8) != 0 { throw Errno.invalidArgument }
            let presyncs = [entry.sem0, entry.sem1, entry.sem2, entry.sem3].filter { $0.presync == 1 }.count
            guard presyncs <= 1 else { throw Errno.invalidArgument }
            slices.append(ReferenceBO.Slice(offset: entry.offset, size: entry.size))
        }
        // One ring entry per slice in this model; more than the DBC's queue → ENOSPC.
        guard slices.count <= Int(device.dbcs[dbc].queueSize) else { throw Errno.noSpace }
        bo.slices = slices
        bo.attachedDBC = dbc
    }

    /// Entry validation (v6.4–v6.8 step 10, v6.9+ step 9).
    private func validate(_ entries: [ac_qaic_attach_slice_entry], limit: UInt64, rejectOverflow: Bool) throws(Errno) {
        for entry in entries {
            guard [0, 8, 16, 32].contains(entry.db_len) else { throw Errno.invalidArgument }
            for sem in [entry.sem0, entry.sem1, entry.sem2, entry.sem3] {
                let badPad = sem.pad != 0 && !has(.attachSemPadUnchecked)
                if sem.val > 0xFFF || sem.index > 31 || sem.presync > 1 || badPad || sem.flags & ~0x3 != 0 || sem.cmd > 6 {
                    throw Errno.invalidArgument
                }
            }
            let (end, overflow) = entry.offset.addingReportingOverflow(entry.size)
            if overflow && rejectOverflow { throw Errno.invalidArgument }
            // A wrapping sum slips through here on older kernels and fails at slice building.
            if end > limit { throw Errno.invalidArgument }
        }
    }

    // MARK: EXECUTE_BO / PARTIAL_EXECUTE_BO

    func executeBO(_ kdata: inout ReferenceKernelArgument, partial: Bool) throws(Errno) {
        let receipt = ReferenceClock.nowNanos()
        let args = kdata.load(ac_qaic_execute.self)
        let hdr = args.hdr
        let entrySize = UInt64(partial ? MemoryLayout<ac_qaic_partial_execute_entry>.size : MemoryLayout<ac_qaic_execute_entry>.size)
        guard hdr.count != 0 else { throw Errno.invalidArgument }
        guard UInt64(hdr.count) * entrySize <= QAICReferenceDevice.allocationLimit else { throw Errno.noMemory }
        // Copied before the DBC is looked at (§2.4.3).
        let requests: [(handle: UInt32, resize: UInt64)]
        if partial {
            requests = try UserMemory.readArray(ac_qaic_partial_execute_entry.self, at: args.data, count: Int(hdr.count))
                .map { ($0.handle, $0.resize) }
        } else {
            requests = try UserMemory.readArray(ac_qaic_execute_entry.self, at: args.data, count: Int(hdr.count))
                .map { ($0.handle, 0) }
        }
        guard hdr.dbc_id < Self.dbcCount else { throw Errno.invalidArgument }
        let dbc = Int(hdr.dbc_id)
        if has(.executeHandleBeforeOwnership) && requests.contains(where: { state.handles[$0.handle] == nil }) {
            throw Errno.noSuchFileOrDirectory
        }
        guard device.owns(state, dbc: dbc) else { throw Errno.notPermitted }

        let now = ReferenceClock.nowNanos()
        // The ring keeps one slot empty: queue_size − 1 entries can be in flight (decision,
        // the spec only says "lacks room").
        let capacity = max(Int(device.dbcs[dbc].queueSize) - 1, 0)
        var inFlight = device.entriesInFlight(dbc: dbc, now: now)
        var queued: [ReferenceBO] = []
        func rollBack() {
            for bo in queued { bo.abortQueue(now: now) }
        }
        for request in requests {
            guard let bo = state.handles[request.handle] else { rollBack(); throw Errno.noSuchFileOrDirectory }
            if !bo.sliced && !has(.executeUnslicedAccepted) { rollBack(); throw Errno.invalidArgument }
            if partial && request.resize > bo.size && !has(.partialResizeUnbounded) { rollBack(); throw Errno.invalidArgument }
            if bo.isQueued(now: now) { rollBack(); throw Errno.invalidArgument }
            let entries = ringEntries(for: bo, partial: partial, resize: request.resize)
            if inFlight + entries > capacity { rollBack(); throw Errno.resourceTemporarilyUnavailable }
            bo.queueLevelBefore = UInt32(inFlight)
            bo.queuedOn = dbc
            bo.queuedEntries = entries
            bo.completed = false
            bo.receiptNanos = receipt
            bo.submitNanos = now
            bo.completionNanos = now + device.completionLatencyNanos
            inFlight += entries
            queued.append(bo)
        }
    }

    /// Ring entries one submission needs. v6.4–v6.7 skip slices that start at or past a
    /// non-zero resize; v6.8+ queue every slice (without DMA where resize cuts it).
    private func ringEntries(for bo: ReferenceBO, partial: Bool, resize: UInt64) -> Int {
        let slices = max(bo.totalSliceEntries, 1)
        guard partial, !profile.resizeZeroMeansNoDMA, resize != 0 else { return slices }
        return max(bo.slices.filter { $0.offset < resize }.count, 1)
    }

    // MARK: WAIT_BO

    /// Takes the device lock itself: the wait happens outside it, in 1 ms steps, so that
    /// completion, DEACTIVATE and close on other files stay possible meanwhile.
    func waitBO(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        let args = kdata.load(ac_qaic_wait.self)
        let setup: (bo: ReferenceBO, deadline: UInt64)? = try device.withLock { () throws(Errno) in
            if args.pad != 0 && !has(.waitPadUnchecked) { throw Errno.invalidArgument }
            guard args.dbc_id < Self.dbcCount else { throw Errno.invalidArgument }
            let dbc = Int(args.dbc_id)
            if has(.waitHandleBeforeOwnership) && state.handles[args.handle] == nil { throw Errno.noSuchFileOrDirectory }
            guard device.owns(state, dbc: dbc) else { throw Errno.notPermitted }
            guard let bo = state.handles[args.handle] else { throw Errno.noSuchFileOrDirectory }
            let now = ReferenceClock.nowNanos()
            let truncates = profile.waitTimeoutTruncates && args.timeout >= 1 << 31
            guard bo.isQueued(now: now) else {
                // int ret = MAX_JIFFY_OFFSET (all of it left) = −2 after truncation.
                if truncates { throw Errno.noSuchFileOrDirectory }
                return nil
            }
            let milliseconds = UInt64(args.timeout == 0 ? 5000 : args.timeout)
            return (bo, now + milliseconds * 1_000_000)
        }
        guard let setup else { return }
        let started = ReferenceClock.nowNanos()
        if profile.waitTimeoutTruncates && args.timeout >= 1 << 31 {
            // Completion after e jiffies (HZ 250 assumed) leaves MAX_JIFFY_OFFSET − e, which
            // the int truncates to −(2 + e): that errno is what userspace sees.
            try waitForCompletion(args, bo: setup.bo, deadline: UInt64.max)
            let jiffies = (ReferenceClock.nowNanos() - started) / 4_000_000
            // Only −4095…−1 reach userspace as an errno; a larger negative value is no error.
            if 2 + jiffies <= 4095 { throw Errno(rawValue: CInt(2 + jiffies)) }
            return
        }
        try waitForCompletion(args, bo: setup.bo, deadline: setup.deadline)
    }

    private func waitForCompletion(_ args: ac_qaic_wait, bo: ReferenceBO, deadline: UInt64) throws(Errno) {
        let setup = (bo: bo, deadline: deadline)
        while true {
            let now = ReferenceClock.nowNanos()
            let step = min(setup.deadline > now ? setup.deadline - now : 0, 1_000_000)
            if step > 0 { Thread.sleep(forTimeInterval: Double(step) / 1e9) }
            let done: Bool = try device.withLock { () throws(Errno) in
                let now = ReferenceClock.nowNanos()
                // Rule 8: the DBC lost its owner while we slept.
                guard device.owns(state, dbc: Int(args.dbc_id)) else { throw Errno.notPermitted }
                if !setup.bo.isQueued(now: now) { return true }
                if now >= setup.deadline { throw Errno.timedOut }
                return false
            }
            if done { return }
        }
    }

    // MARK: PERF_STATS_BO

    func perfStatsBO(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        let args = kdata.load(ac_qaic_perf_stats.self)
        let hdr = args.hdr
        // No pad checks (§2.6.1).
        guard hdr.dbc_id < Self.dbcCount else { throw Errno.invalidArgument }
        if has(.perfStatsRequiresOwnership) && !device.owns(state, dbc: Int(hdr.dbc_id)) { throw Errno.notPermitted }
        // count is 16-bit: 65535 × 24 bytes always fits the allocator.
        var entries = try UserMemory.readArray(ac_qaic_perf_stats_entry.self, at: args.data, count: Int(hdr.count))
        var found: [ReferenceBO] = []
        for entry in entries {
            guard let bo = state.handles[entry.handle] else { throw Errno.noSuchFileOrDirectory }
            if profile.perfStatsChecksSlice {
                guard bo.sliced, bo.attachedDBC == Int(hdr.dbc_id) else { throw Errno.invalidArgument }
            }
            found.append(bo)
        }
        let now = ReferenceClock.nowNanos()
        for index in entries.indices {
            let bo = found[index]
            let queued = bo.isQueued(now: now)
            entries[index].queue_level_before = bo.queueLevelBefore
            entries[index].num_queue_element = UInt32(bo.totalSliceEntries)
            entries[index].submit_latency_us = UInt32(truncatingIfNeeded: (bo.submitNanos &- bo.receiptNanos) / 1000)
            entries[index].device_latency_us = queued || bo.submitNanos == 0
                ? 0 : UInt32(truncatingIfNeeded: (bo.completionNanos &- bo.submitNanos) / 1000)
        }
        if !entries.isEmpty {
            let bytes: [UInt8] = entries.flatMap { referenceBytes(of: $0) }
            try UserMemory.write(bytes, to: args.data)
        }
    }

    // MARK: DETACH_SLICE_BO

    func detachSliceBO(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        let args = kdata.load(ac_qaic_detach_slice.self)
        if args.pad != 0 && !has(.detachPadUnchecked) { throw Errno.invalidArgument }
        guard let bo = state.handles[args.handle] else { throw Errno.noSuchFileOrDirectory }
        guard let dbc = bo.attachedDBC else { throw Errno.invalidArgument }
        // §5: a DBC this fd does not own is EINVAL here, not EPERM.
        guard device.owns(state, dbc: dbc) else { throw Errno.invalidArgument }
        let now = ReferenceClock.nowNanos()
        if bo.isQueued(now: now) {
            guard has(.detachIgnoreQueued) else { throw Errno.resourceBusy }
            bo.abortQueue(now: now)
        }
        bo.slices = []
        bo.attachedDBC = nil
    }
}
