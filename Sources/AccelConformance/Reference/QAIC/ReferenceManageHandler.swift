import CAccelShim
import SystemPackage

/// MANAGE (qaic-uapi.md §2.8): validation and encoding as the kernel does it, then a
/// simulated firmware that answers every transaction at once. Runs with the device lock held.
extension QAICReferenceFile {
    static let manageMaxLength: UInt32 = 4096
    static let manageMaxCount: UInt32 = 512
    /// Descriptors the control channel can hold queued: its ring has 128 elements
    /// (`mhi_controller.c`, QAIC_CONTROL) and the MHI core keeps one of them empty.
    static let controlRingFree = 127

    /// The encoded ("wire") form of one user transaction, as the simulated firmware receives it.
    enum WireTransaction {
        case passthrough(payload: [UInt8], length: UInt32)
        case dmaTransfer
        case activate(queueSize: UInt32, options: UInt32)
        case deactivate(dbc: Int)
        case status

        /// Wire descriptors (wrappers) the transaction takes on the control channel.
        var descriptors: Int {
            if case .deactivate = self { return 0 }
            return 1
        }
    }

    /// Wire sizes are not in the spec; these assumed sizes only decide when the 4 KiB
    /// (ACTIVATE/STATUS) or 64 KiB (PASSTHROUGH) wire limits are reached.
    private enum WireSize {
        static let messageHeader = 32
        static let activate = 40
        static let deactivate = 16
        static let status = 8
        static let dmaTransfer = 24
        static let dmaPair = 16
        /// encode_addr_size_pairs stops adding pairs where less than this would be left.
        static let dmaReserve = 1024
        static let limit = 4096
        static let extendedLimit = 64 << 10
    }

    /// ACTIVATE and STATUS: 4 KiB up to 6.12, the 64 KiB wire message on 7.3.
    private var activateStatusLimit: Int {
        profile.activateStatusUseWireLimit ? WireSize.extendedLimit : WireSize.limit
    }

    func manage(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        var msg = kdata.load(ac_qaic_manage_msg.self)
        // 1. len > 4096 → EINVAL, before anything else.
        if msg.len > Self.manageMaxLength && !has(.manageNoLenLimit) { throw Errno.invalidArgument }
        guard UInt64(msg.len) <= QAICReferenceDevice.allocationLimit else { throw Errno.noMemory }
        // 4. Copy-in of len bytes (len 0 never faults); the kernel buffer is a zeroed 4 KiB.
        var buffer = try UserMemory.read(msg.data, count: Int(msg.len))
        if buffer.count < Int(Self.manageMaxLength) {
            buffer += [UInt8](repeating: 0, count: Int(Self.manageMaxLength) - buffer.count)
        }
        // 5. count > 512 → EINVAL.
        guard msg.count <= Self.manageMaxCount else { throw Errno.invalidArgument }

        // 6. Encode.
        var disabled: [Int] = []
        let wire: [WireTransaction]
        do throws(Errno) {
            wire = try encode(buffer, length: msg.len, count: msg.count, disabled: &disabled)
        } catch {
            for dbc in disabled { device.dbcs[dbc].disabled = false }
            throw error
        }

        // 8. msg_xfer: one descriptor for the header and one per PASSTHROUGH, ACTIVATE and STATUS
        // (a DMA_XFER at least one, DEACTIVATE none); more than the ring ever has free → EAGAIN
        // after its 20 retries, nothing sent.
        guard 1 + wire.reduce(0, { $0 + $1.descriptors }) <= Self.controlRingFree else {
            for dbc in disabled { device.dbcs[dbc].disabled = false }
            throw Errno.resourceTemporarilyUnavailable
        }

        // 8–9. The simulated firmware answers; the reply is decoded.
        var response: [UInt8] = []
        var responseCount: UInt32 = 0
        var result: Errno?
        decoding: for transaction in wire {
            var reply: [UInt8] = []
            switch transaction {
            case .passthrough(let payload, let length):
                // The firmware echoes the payload; userspace sees type PASSTHROUGH_FROM_DEV.
                reply = referenceBytes(of: ac_qaic_manage_trans_hdr(type: UInt32(AC_QAIC_TRANS_PASSTHROUGH_FROM_DEV.rawValue),
                                                                     len: length)) + payload
            case .dmaTransfer:
                // Decision: the firmware acknowledges DMA transfers without a reply transaction.
                continue decoding
            case .activate(let queueSize, let options):
                var answer = ac_qaic_manage_trans_activate_from_dev()
                answer.hdr = ac_qaic_manage_trans_hdr(type: UInt32(AC_QAIC_TRANS_ACTIVATE_FROM_DEV.rawValue), len: 24)
                if let free = device.dbcs.firstIndex(where: { $0.owner == nil }) {
                    answer.dbc_id = UInt32(free)
                    device.dbcs[free] = ReferenceDBC(owner: state.id, disabled: false, queueSize: queueSize, options: options)
                } else {
                    // Decision: with all 16 DBCs taken the firmware refuses (status ≠ 0 → ECANCELED).
                    answer.status = 1
                    result = Errno.canceled
                }
                reply = referenceBytes(of: answer)
            case .deactivate(let dbc):
                // Not copied out; success releases the DBC and detaches its BOs.
                device.releaseDBC(dbc)
                disabled.removeAll { $0 == dbc }
                continue decoding
            case .status:
                var answer = ac_qaic_manage_trans_status_from_dev()
                answer.hdr = ac_qaic_manage_trans_hdr(type: UInt32(AC_QAIC_TRANS_STATUS_FROM_DEV.rawValue), len: 24)
                answer.major = 5
                answer.minor = 0
                reply = referenceBytes(of: answer)
            }
            guard response.count + reply.count <= Int(Self.manageMaxLength) else {
                result = Errno.noSpace
                break decoding
            }
            response += reply
            responseCount += 1
            if result != nil { break decoding }
        }
        // DEACTIVATEs the firmware never got to answer are enabled again.
        for dbc in disabled { device.dbcs[dbc].disabled = false }

        // 10. On success or ECANCELED the response goes to `data` and len/count describe it.
        if result == nil || result == Errno.canceled {
            msg.len = UInt32(response.count)
            msg.count = responseCount
            kdata.store(msg)
            try UserMemory.write(response, to: msg.data)
        }
        if let result { throw result }
    }

    /// encode_message (§2.8 step 6–7).
    private func encode(_ buffer: [UInt8], length: UInt32, count: UInt32, disabled: inout [Int]) throws(Errno) -> [WireTransaction] {
        guard count != 0, length >= 8 else { throw Errno.invalidArgument }
        let len = UInt64(length)
        var used: UInt64 = 0
        var wireLength = WireSize.messageHeader
        var wire: [WireTransaction] = []
        var failure: Errno?
        // Bytes the message's DMA_XFERs moved so far: find_and_map_user_pages starts every later
        // DMA_XFER of the message that far into its own range (resources->xferred_dma_size).
        var done: UInt64 = 0
        for _ in 0..<count {
            if used > len - 8 { failure = .invalidArgument; break }
            let header = referenceLoad(ac_qaic_manage_trans_hdr.self, from: buffer, at: Int(used))
            if header.len < 8 || used + UInt64(header.len) > len { failure = .invalidArgument; break }
            let at = Int(used)
            do throws(Errno) {
                switch header.type {
                case UInt32(AC_QAIC_TRANS_PASSTHROUGH_FROM_USR.rawValue):
                    guard header.len % 8 == 0 else { throw Errno.invalidArgument }
                    guard wireLength + Int(header.len) <= WireSize.extendedLimit else { throw Errno.noSpace }
                    wireLength += Int(header.len)
                    let payload = Array(buffer[(at + 8)..<(at + Int(header.len))])
                    wire.append(.passthrough(payload: payload, length: header.len))
                    used += UInt64(header.len)
                case UInt32(AC_QAIC_TRANS_DMA_XFER_FROM_USR.rawValue):
                    let transfer = referenceLoad(ac_qaic_manage_trans_dma_xfer.self, from: buffer, at: at)
                    // Room for the transfer header and one address/size pair, or ENOMEM.
                    guard wireLength + WireSize.dmaTransfer + WireSize.dmaPair <= WireSize.extendedLimit else {
                        throw Errno.noMemory
                    }
                    let range = try checkDMATransfer(address: transfer.addr, size: transfer.size, done: done)
                    let pairs = dmaPairs(range, wireLength: wireLength)
                    wireLength += WireSize.dmaTransfer + WireSize.dmaPair * pairs
                    done += min(range.remaining, UInt64(pairs) * 4096 - range.start % 4096)
                    wire.append(.dmaTransfer)
                    used += UInt64(header.len)
                case UInt32(AC_QAIC_TRANS_ACTIVATE_FROM_USR.rawValue):
                    let activate = referenceLoad(ac_qaic_manage_trans_activate_to_dev.self, from: buffer, at: at)
                    guard wireLength + WireSize.activate <= activateStatusLimit else { throw Errno.noSpace }
                    guard activate.queue_size != 0 else { throw Errno.invalidArgument }
                    if activate.pad != 0 && !has(.manageActivatePadUnchecked) { throw Errno.invalidArgument }
                    let (ringBytes, overflow) = UInt32(68).multipliedReportingOverflow(by: activate.queue_size)
                    guard !overflow else { throw Errno.invalidArgument }
                    guard UInt64(ringBytes) + 256 + 4096 <= UInt64(UInt32.max) else { throw Errno.invalidArgument }
                    let allocation = (UInt64(ringBytes) + 256 + 4095) & ~UInt64(4095)
                    guard allocation <= QAICReferenceDevice.allocationLimit else { throw Errno.noMemory }
                    wireLength += WireSize.activate
                    wire.append(.activate(queueSize: activate.queue_size, options: activate.options))
                    used += UInt64(header.len)
                case UInt32(AC_QAIC_TRANS_DEACTIVATE_FROM_USR.rawValue):
                    let deactivate = referenceLoad(ac_qaic_manage_trans_deactivate.self, from: buffer, at: at)
                    guard deactivate.dbc_id < UInt32(QAICReferenceDevice.dbcCount), deactivate.pad == 0 else {
                        throw Errno.invalidArgument
                    }
                    used += UInt64(header.len)
                    let dbc = Int(deactivate.dbc_id)
                    guard device.owns(state, dbc: dbc) else {
                        throw has(.manageDeactivateUnownedEinval) ? Errno.invalidArgument : Errno.notPermitted
                    }
                    device.dbcs[dbc].disabled = true
                    disabled.append(dbc)
                    wireLength += WireSize.deactivate
                    wire.append(.deactivate(dbc: dbc))
                case UInt32(AC_QAIC_TRANS_STATUS_FROM_USR.rawValue):
                    guard wireLength + WireSize.status <= activateStatusLimit else { throw Errno.noSpace }
                    wireLength += WireSize.status
                    wire.append(.status)
                    used += UInt64(header.len)
                default:
                    throw Errno.invalidArgument
                }
            } catch {
                failure = error
            }
            if failure != nil { break }
        }
        if let failure {
            // "break" variant: the U ≠ len check overrides the encoder's errno unless the
            // failing encoder had already consumed the whole message.
            if profile.manageLoopExit == .breakVariant && used != len { throw Errno.invalidArgument }
            throw failure
        }
        guard used == len else { throw Errno.invalidArgument }
        return wire
    }

    /// Address/size pairs a DMA_XFER puts in this message: one per page of the range (the
    /// kernel merges physically contiguous pages, which user space cannot see, so this is its
    /// most), no more than fit before the 1 KiB reserve and at least one. The rounds a longer
    /// transfer continues in (DMA_XFER_CONT) are not modelled.
    private func dmaPairs(_ range: (start: UInt64, remaining: UInt64), wireLength: Int) -> Int {
        let page = UInt64(QAICReferenceDevice.pageSize)
        let pages = range.remaining == 0 ? 1
            : Int(clamping: (range.start + range.remaining - 1) / page - range.start / page + 1)
        let room = WireSize.extendedLimit - wireLength - WireSize.dmaTransfer - WireSize.dmaReserve
        return max(1, min(pages, room / WireSize.dmaPair))
    }

    /// encode_dma (§2.8 step 7, DMA_XFER): the range checks, then "pinning" = every byte of
    /// the range must be readable. The range starts `done` bytes into the transfer (moved by
    /// the message's earlier DMA_XFERs) and is what is left of it.
    private func checkDMATransfer(address: UInt64, size: UInt64,
                                  done: UInt64) throws(Errno) -> (start: UInt64, remaining: UInt64) {
        let (start, startOverflow) = address.addingReportingOverflow(done)
        guard !startOverflow, size >= done else { throw Errno.invalidArgument }
        let remaining = size - done
        if remaining == 0 {
            // 6.12/7.3: nothing left to transfer → EINVAL. Older kernels: decision, the
            // empty transfer is accepted and nothing is pinned.
            if profile.dmaXferRejectsEmpty { throw Errno.invalidArgument }
            return (start, 0)
        }
        let (_, endOverflow) = start.addingReportingOverflow(remaining)
        guard !endOverflow else { throw Errno.invalidArgument }
        let (span, spanOverflow) = (start % 4096).addingReportingOverflow(remaining)
        guard !spanOverflow, span < UInt64.max - 4095 else { throw Errno.invalidArgument }
        guard remaining <= QAICReferenceDevice.allocationLimit * 512 else { throw Errno.noMemory }
        var offset: UInt64 = 0
        while offset < remaining {
            let chunk = min(remaining - offset, 1 << 20)
            _ = try UserMemory.read(start + offset, count: Int(chunk))
            offset += chunk
        }
        return (start, remaining)
    }
}
