import CAccelShim
import SystemPackage

/// DRM_IOCTL_QAIC_MANAGE (qaic-uapi.md §2.8, §3.12). Rows before the firmware round trip need
/// no workload; STATUS, ACTIVATE and DEACTIVATE of an owned DBC need a booted device.
enum QAICManageTable {
    static let table = CaseTable(group: "qaic.manage", ioctl: "QAIC_MANAGE",
                                 rows: lengthRows + encoderRows + variantRows + deviceRows + wireRows)
    private static let p = QAICProfile.self
    private static let typeUndefined = UInt32(AC_QAIC_TRANS_UNDEFINED.rawValue)

    /// MANAGE under test with `transactions`; `len`/`count`/`data` override what the buffer
    /// says. On error the IOWR struct comes back unchanged (§1.1: the handler wrote nothing).
    @discardableResult
    private static func manage(_ ctx: CaseContext, on file: (any DeviceFile)? = nil, _ transactions: QAICTransactions,
                               len: UInt32? = nil, count: UInt32? = nil, data: QAICPointer = .entries,
                               once: Bool = false)
        throws -> (message: ac_qaic_manage_msg, data: UInt64)? {
        let file = try file ?? ctx.open()
        let address: UInt64
        switch data {
        case .entries: address = ctx.qaicMemory(transactions.bytes, minimumBytes: CaseContext.qaicManageMax)
        default: address = try ctx.qaicResolve(data, transactions.bytes)
        }
        var message = QAICStructs.manage(len: len ?? transactions.length, count: count ?? transactions.count,
                                         data: address)
        let before = message
        if try ctx.expectIoctl(file, QAICRequest.manage, &message, "MANAGE", once: once) {
            return (message, address)
        }
        try ctx.assert(message.len == before.len && message.count == before.count && message.data == before.data,
                       "MANAGE changed len/count/data although it failed (§2.8 rule 10: updated only on 0 or "
                       + "ECANCELED)")
        return nil
    }

    private static func row(_ name: String, expect: Expected, _ rationale: String, len: UInt32? = nil,
                            count: UInt32? = nil, data: QAICPointer = .entries,
                            _ build: @escaping @Sendable (inout QAICTransactions) -> Void) -> CaseTable.Row {
        .init(name, expect: expect, rationale) { ctx in
            var transactions = QAICTransactions()
            build(&transactions)
            try manage(ctx, transactions, len: len, count: count, data: data)
        }
    }

    static let lengthRows: [CaseTable.Row] = [
        row("len_4097", expect: .EINVAL, "§2.8 rule 1: len > 4096 → EINVAL", len: 4097) { $0.status() },
        row("len_max", expect: .EINVAL, "§2.8 rule 1: len 0xffffffff → EINVAL", len: UInt32.max) { $0.status() },
        row("len_4097_and_data_unmapped", expect: .EINVAL,
            "§2.8 rule 1 precedes the copy (rule 4) → EINVAL, not EFAULT",
            len: 4097, data: .unmapped) { $0.status() },
        row("data_unmapped", expect: .EFAULT,
            "§2.8 rule 4: copying len bytes from data faults → EFAULT", data: .unmapped) { $0.status() },
        row("data_null", expect: .EFAULT,
            "§2.8 rule 4: len 8 from address 0 faults → EFAULT", data: .null) { $0.status() },
        row("data_truncated", expect: .EFAULT,
            "§2.8 rule 4: len 16 but only 8 readable bytes → EFAULT", len: 16, count: 2,
            data: .truncatedAfter(8)) { $0.status(); $0.status() },
        row("len_zero_data_unmapped", expect: .EINVAL,
            "§2.8 rule 4: len 0 never faults; then rule 6.1 len < 8 → EINVAL",
            len: 0, data: .unmapped) { $0.status() },
        row("count_513", expect: .EINVAL, "§2.8 rule 5: count > 512 → EINVAL", count: 513) { $0.status() },
        row("count_max", expect: .EINVAL, "§2.8 rule 5: count 0xffffffff → EINVAL", count: UInt32.max) { $0.status() },
        row("count_513_and_data_unmapped", expect: .EFAULT, "§2.8 rule 4 (copy) precedes rule 5 (count) → EFAULT",
            count: 513, data: .unmapped) { $0.status() },
        row("count_zero", expect: .EINVAL, "§2.8 rule 6.1: count = 0 → EINVAL", count: 0) { $0.status() },
        row("len_zero", expect: .EINVAL, "§2.8 rule 6.1: len < 8 (0) → EINVAL", len: 0) { $0.status() },
        row("len_4", expect: .EINVAL, "§2.8 rule 6.1: len 4 < 8 → EINVAL", len: 4) { $0.status() },
        row("count_zero_len_zero", expect: .EINVAL,
            "§2.8.6: count 0 and len 0 → EINVAL from the first check of encode_message; nothing else rejects "
            + "them (the loop never runs and U = len = 0)", len: 0, count: 0) { $0.status() },
    ]

    static let encoderRows: [CaseTable.Row] = [
        row("trans_len_4", expect: .EINVAL,
            "§2.8 rule 6.2: a transaction hdr.len < 8 → EINVAL", len: 8) { $0.raw(type: 12, len: 4, body: 0) },
        row("trans_len_beyond_msg", expect: .EINVAL,
            "§2.8 rule 6.2: U + hdr.len > len → EINVAL", len: 8) { $0.raw(type: 12, len: 16, body: 0) },
        row("type_undefined", expect: .EINVAL,
            "§2.8 rule 6.2 / §1.2: type 0 (UNDEFINED) is not 1, 5, 7, 10 or "
            + "12 → EINVAL") { $0.raw(type: typeUndefined, len: 8) },
        row("type_passthrough_to_usr", expect: .EINVAL, "§2.8 rule 6.2: type 2 → EINVAL") { $0.raw(type: 2, len: 8) },
        row("type_passthrough_from_dev", expect: .EINVAL,
            "§2.8 rule 6.2: type 3 (a reply type) → EINVAL") { $0.raw(type: 3, len: 8) },
        row("type_activate_from_dev", expect: .EINVAL,
            "§2.8 rule 6.2: type 8 (a reply type) → EINVAL") { $0.raw(type: 8, len: 24) },
        row("type_terminate", expect: .EINVAL,
            "§2.8 rule 6.2 / §1.2: type 17 (kernel-internal TERMINATE) → EINVAL") { $0.raw(type: 17, len: 8) },
        row("type_dma_xfer_cont", expect: .EINVAL,
            "§2.8 rule 6.2: type 18 (DMA_XFER_CONT, device → kernel) → EINVAL") { $0.raw(type: 18, len: 8) },
        row("type_validate_partition", expect: .EINVAL,
            "§1.2 / §2.8 rule 6.2: VALIDATE_PARTITION (19) is not accepted by the "
            + "encoder → EINVAL") { $0.raw(type: 19, len: 8) },
        row("type_max", expect: .EINVAL,
            "§2.8 rule 6.2: type 0xffffffff → EINVAL") { $0.raw(type: UInt32.max, len: 8) },
        row("count_beyond_transactions", expect: .EINVAL,
            "§2.8 rule 6.2: count 2 but one 8-byte transaction; U > len − 8 → EINVAL", count: 2) { $0.status() },
        row("len_beyond_transactions", expect: .EINVAL,
            "§2.8 rule 6.3: after the loop U (8) ≠ len (16) → EINVAL", len: 16) { $0.status() },
        row("passthrough_len_12", expect: .EINVAL,
            "§2.8 rule 7 PASSTHROUGH: hdr.len not a multiple of 8 → EINVAL") { $0.passthrough(payload: [1, 2, 3, 4]) },
        row("activate_queue_size_zero", expect: .EINVAL,
            "§2.8 rule 7 ACTIVATE: queue_size = 0 → EINVAL") { $0.activate(queueSize: 0) },
        row("activate_pad", expect: .EINVAL,
            "§1.4 / §2.8 rule 7 ACTIVATE: pad ≠ 0 → EINVAL") { $0.activate(queueSize: 16, pad: 1) },
        row("activate_queue_size_overflow", expect: .EINVAL,
            "§2.8 rule 7 ACTIVATE: 68 × queue_size (0x10000000) overflows 32 bits → EINVAL") {
            $0.activate(queueSize: 0x1000_0000)
        },
        row("activate_queue_size_gap_overflow", expect: .EINVAL,
            "§2.8 rule 7 ACTIVATE (qaic_control.c:encode_activate): 68 × 63161220 = 4294962960 fits 32 bits, but "
            + "adding the 256-byte gap and 4096-byte alignment wraps → EINVAL") { $0.activate(queueSize: 63_161_220) },
        row("activate_pad_and_queue_zero", expect: .EINVAL,
            "§2.8 rule 7 ACTIVATE: queue_size 0 and pad ≠ 0 → EINVAL either way") {
            $0.activate(queueSize: 0, pad: 1)
        },
        row("deactivate_dbc_16", expect: .EINVAL,
            "§2.8 rule 7 DEACTIVATE: dbc_id ≥ 16 → EINVAL") { $0.deactivate(dbcID: 16) },
        row("deactivate_pad", expect: .EINVAL,
            "§1.4 / §2.8 rule 7 DEACTIVATE: pad ≠ 0 → EINVAL") { $0.deactivate(dbcID: 0, pad: 1) },
        row("deactivate_unowned", expect: .EPERM,
            "§2.8 rule 7 DEACTIVATE: DBC not owned → EPERM with no device round trip; as the last transaction it "
            + "survives either loop variant (rule 6.4)") {
            $0.deactivate(dbcID: 0)
        },
        row("deactivate_unowned_15", expect: .EPERM,
            "§2.8 rule 7 DEACTIVATE: dbc_id 15 never activated → EPERM") { $0.deactivate(dbcID: 15) },
        row("status_then_bad_type", expect: .EINVAL,
            "§2.8 rule 6.2: the second transaction has type 0 → EINVAL, nothing sent") {
            $0.status(); $0.raw(type: typeUndefined, len: 8)
        },
        row("status_then_activate_pad", expect: .EINVAL,
            "§2.8 rule 7: an invalid ACTIVATE after a valid STATUS → EINVAL, nothing sent") {
            $0.status(); $0.activate(queueSize: 16, pad: 1)
        },
    ]

    /// The loop-exit variant (§2.8 rule 6.4): "break" in Debian 6.12 (run in the VM), "goto" in 7.3
    /// (`drivers/accel/qaic/qaic_control.c:encode_message`: `if (ret) goto out;`, qaic-kernel-drift.md §3.4);
    /// open for the other profiles (§6).
    private static let loopExitOpen = "MANAGE loop-exit variant not pinned for this profile (§2.8 rule 6.4, §6)"

    static let variantRows: [CaseTable.Row] = [
        .init("deactivate_unowned_then_status",
              expect: ProfileExpectation([(.only(p.debian6_12), .expect(.EINVAL)), (.from(p.v7_3), .expect(.EPERM)),
                                            (.all, .notApplicable(loopExitOpen))]),
                "§2.8 rule 6.4: DEACTIVATE's EPERM is not last; 6.12 (break) → U ≠ len → EINVAL; "
                    + "7.3 returns it unchanged (qaic_control.c:encode_message, goto out) → EPERM") { ctx in
            var transactions = QAICTransactions()
            transactions.deactivate(dbcID: 0)
            transactions.status()
            try manage(ctx, transactions)
        },
        .init("dma_xfer_unmapped",
              expect: ProfileExpectation([(.only(p.debian6_12), .expect(.EINVAL)), (.from(p.v7_3), .expect(.EFAULT)),
                                            (.all, .notApplicable(loopExitOpen))]),
                "§2.8 rules 7, 6.4 (derived): pinning an unmapped DMA_XFER address fails (EFAULT); 6.12's break "
                    + "turns it into EINVAL, 7.3 returns it (qaic_control.c:find_and_map_user_pages, encode_message)",
                confidence: .derived) { ctx in
            var transactions = QAICTransactions()
            transactions.dmaXfer(addr: try ctx.qaicUnmappedAddress(), size: 4096)
            try manage(ctx, transactions)
        },
        .init("dma_xfer_addr_wraps", expect: encoderErrno(.EINVAL),
              "§2.8.7 DMA_XFER (qaic_control.c:find_and_map_user_pages): addr 2^64−4096 + size 8192 overflows → "
              + "EINVAL before anything is pinned") { ctx in
            var transactions = QAICTransactions()
            transactions.dmaXfer(addr: UInt64.max - 4095, size: 8192)
            try manage(ctx, transactions)
        },
        .init("dma_xfer_span_size_max", expect: encoderErrno(.EINVAL),
              "§2.8.7 DMA_XFER (qaic_control.c:find_and_map_user_pages): addr 1 + size 2^64−2 does not overflow, "
              + "but with the page offset the span is SIZE_MAX → EINVAL before the page count is computed") { ctx in
            var transactions = QAICTransactions()
            transactions.dmaXfer(addr: 1, size: UInt64.max - 1)
            try manage(ctx, transactions)
        },
        .init("dma_xfer_second_range_wraps", expect: encoderErrno(.EINVAL),
              "§2.8.7 DMA_XFER (qaic_control.c:find_and_map_user_pages): the second DMA_XFER starts at addr + the "
              + "bytes the first moved (8192); 2^64−4096 + 8192 overflows → EINVAL, nothing pinned for it",
              confidence: .derived) { ctx in
            var transactions = QAICTransactions()
            transactions.dmaXfer(addr: ctx.qaicMemory([UInt8](repeating: 0, count: 2 * CaseContext.qaicPageSize)),
                                 size: 2 * UInt64(CaseContext.qaicPageSize))
            transactions.dmaXfer(addr: UInt64.max - 4095, size: 3 * UInt64(CaseContext.qaicPageSize))
            try manage(ctx, transactions)
        },
        .init("dma_xfer_second_below_done", expect: encoderErrno(.EINVAL),
              "§2.8.7 DMA_XFER (qaic_control.c:find_and_map_user_pages): the 8192 bytes the first DMA_XFER moved "
              + "count as done for the second too, whose size 4096 is below them → EINVAL, nothing pinned for it",
              confidence: .derived) { ctx in
            let memory = ctx.qaicMemory([UInt8](repeating: 0, count: 2 * CaseContext.qaicPageSize))
            var transactions = QAICTransactions()
            transactions.dmaXfer(addr: memory, size: 2 * UInt64(CaseContext.qaicPageSize))
            transactions.dmaXfer(addr: memory, size: UInt64(CaseContext.qaicPageSize))
            try manage(ctx, transactions)
        },
        .init("dma_xfer_partly_unmapped", expect: encoderErrno(.EFAULT),
              "§2.8.7 DMA_XFER (qaic_control.c:find_and_map_user_pages): of 2 pages only the first can be pinned "
              + "(the second is PROT_NONE) → EFAULT (6.12: EINVAL, break variant)", confidence: .derived) { ctx in
            let start = try ctx.qaicMemoryBeforeHole([UInt8](repeating: 0, count: CaseContext.qaicPageSize))
            var transactions = QAICTransactions()
            transactions.dmaXfer(addr: start, size: 2 * UInt64(CaseContext.qaicPageSize))
            try manage(ctx, transactions)
        },
        .init("dma_xfer_size_zero",
              expect: ProfileExpectation([(.from(p.debian6_12), .expect(.EINVAL)),
                                            (.all, .notApplicable(
                                                "without the 'nothing left to transfer' check the request "
                                                + "reaches the firmware (§0 6.12, §2.8 rule 7)"))]),
                "§2.8 rule 7 DMA_XFER (6.12, 7.3: qaic_control.c:find_and_map_user_pages): nothing left to "
                    + "transfer (size 0) → EINVAL in either loop variant") { ctx in
            var transactions = QAICTransactions()
            transactions.dmaXfer(addr: ctx.qaicMemory([UInt64](repeating: 0, count: 512)), size: 0)
            try manage(ctx, transactions)
        },
    ]

    /// Pages of the first DMA_XFER of the 64 KiB rows: 32-byte header + 24-byte transfer + 4028
    /// pairs of 16 bytes = 64504 wire bytes, the most encode_addr_size_pairs puts in one message
    /// before its 1 KiB reserve (qaic_control.c), so no continuation round starts.
    static let wireFillingPages = 4028

    /// A DMA_XFER over the first ``wireFillingPages`` of one more pages that never merge (64504
    /// bytes on the wire), a PASSTHROUGH of `passthrough` bytes, then `last` (given the pages'
    /// address; nothing when nil).
    private static func wireFillingMessage(_ ctx: CaseContext, passthrough: Int,
                                           then last: ((inout QAICTransactions, UInt64) -> Void)? = nil) throws
        -> QAICTransactions {
        let pages = try ctx.qaicSamePageRepeated(wireFillingPages + 1)
        var transactions = QAICTransactions()
        transactions.dmaXfer(addr: pages, size: UInt64(wireFillingPages * CaseContext.qaicPageSize))
        transactions.passthrough(payload: [UInt8](repeating: 0x77, count: passthrough - 8))
        last?(&transactions, pages)
        return transactions
    }

    /// 6.12 (break) turns an encoder's errno into EINVAL; 7.3 (goto) returns it (§2.8.6).
    private static func encoderErrno(_ errno: Expected) -> ProfileExpectation {
        ProfileExpectation([(.only(p.debian6_12), .expect(.EINVAL)), (.from(p.v7_3), .expect(errno)),
                            (.all, .notApplicable(loopExitOpen))])
    }

    /// ACTIVATE and STATUS ending exactly at the wire limit: 7.3 checks them against the 64 KiB wire
    /// message and sends them; 6.12 against 4096 → ENOSPC, made EINVAL by its break variant (§2.8.6).
    private static let fitsOnlyTheWireMessage = ProfileExpectation([
        (.only(p.debian6_12), .expect(.EINVAL)), (.from(p.v7_3), .expect(.success)),
        (.all, .notApplicable("ACTIVATE/STATUS wire limit and MANAGE loop exit not pinned for this profile (§6)")),
    ])

    /// The 64 KiB wire message (§2.8.7), filled by a DMA_XFER over pages that never merge.
    static let wireRows: [CaseTable.Row] = [
        .init("wire_passthrough_over_64k", expect: encoderErrno(.ENOSPC),
              "§2.8.7 PASSTHROUGH, §2.8.6 (qaic_control.c:encode_passthrough): after the 64504-byte DMA_XFER a "
              + "1040-byte PASSTHROUGH would make the wire message 65544 > 65536 bytes → ENOSPC (6.12: EINVAL, "
              + "break variant); nothing is sent", confidence: .derived) { ctx in
            try manage(ctx, try wireFillingMessage(ctx, passthrough: 1040))
        },
        .init("wire_passthrough_fills_64k", expect: .success,
              "§2.8.7 PASSTHROUGH (qaic_control.c:encode_passthrough): a 1032-byte PASSTHROUGH after the 64504-byte "
              + "DMA_XFER makes exactly 65536 wire bytes, which fit; the transfer and the echo (firmware "
              + "behaviour, §6) → 0", confidence: .unverified) { ctx in
            try manage(ctx, try wireFillingMessage(ctx, passthrough: 1032))
        },
        .init("wire_second_dma_xfer_no_room", expect: encoderErrno(.ENOMEM),
              "§2.8.7 DMA_XFER (qaic_control.c:encode_dma): 64504 + 1000 wire bytes leave 32, less than a transfer "
              + "header and one pair (40) → ENOMEM for the second DMA_XFER (6.12: EINVAL, break variant); it spans "
              + "the first's pages plus one, as find_and_map_user_pages would start it where the first stopped",
              confidence: .derived) { ctx in
            try manage(ctx, try wireFillingMessage(ctx, passthrough: 1000) {
                $0.dmaXfer(addr: $1, size: UInt64((wireFillingPages + 1) * CaseContext.qaicPageSize))
            })
        },
        .init("wire_status_over_64k", expect: encoderErrno(.ENOSPC),
              "§2.8.7 STATUS (qaic_control.c:encode_status): the wire message is full (65536 bytes) → ENOSPC on 7.3 "
              + "(64 KiB limit) and on 6.12 (4096 limit), where the break variant makes it EINVAL",
              confidence: .derived) { ctx in
            try manage(ctx, try wireFillingMessage(ctx, passthrough: 1032) { transactions, _ in
                transactions.status()
            })
        },
        .init("wire_status_fills_64k", expect: fitsOnlyTheWireMessage,
              "§2.8.7 STATUS (7.3 qaic_control.c:encode_status): 64504 + 1024 wire bytes leave 8, exactly the "
              + "STATUS: it fits the 64 KiB wire message and is answered (firmware behaviour, §6) → 0; 6.12's 4096 "
              + "limit → ENOSPC, EINVAL by the break variant", confidence: .unverified) { ctx in
            try manage(ctx, try wireFillingMessage(ctx, passthrough: 1024) { transactions, _ in
                transactions.status()
            })
        },
        .init("wire_activate_fills_64k", expect: fitsOnlyTheWireMessage,
              "§2.8.7 ACTIVATE (7.3 qaic_control.c:encode_activate): 64504 + 992 wire bytes leave 40, exactly the "
              + "ACTIVATE: it fits the 64 KiB wire message and is answered (firmware behaviour, §6) → 0; 6.12's "
              + "4096 limit → ENOSPC, EINVAL by the break variant", confidence: .unverified) { ctx in
            try manage(ctx, try wireFillingMessage(ctx, passthrough: 992) { transactions, _ in
                transactions.activate(queueSize: 1)
            })
        },
        .init("wire_activate_over_64k", expect: encoderErrno(.ENOSPC),
              "§2.8.7 ACTIVATE (qaic_control.c:encode_activate): 65536 wire bytes leave no room for its 40 → "
              + "ENOSPC on 7.3 (64 KiB limit) and on 6.12 (4096 limit), where the break variant makes it EINVAL",
              confidence: .derived) { ctx in
            try manage(ctx, try wireFillingMessage(ctx, passthrough: 1032) { transactions, _ in
                transactions.activate(queueSize: 1)
            })
        },
    ]

    static let deviceRows: [CaseTable.Row] = [
        .init("status", expect: .success,
              "§2.8 rules 9–10: STATUS → 0, reply type 14 copied out, len/count updated (§3.13: no workload "
              + "needed)") { ctx in
            var transactions = QAICTransactions()
            transactions.status()
            guard let (message, data) = try manage(ctx, transactions) else { return }
            try checkReply(ctx, message, data, type: AC_QAIC_TRANS_STATUS_FROM_DEV, length: 24)
        },
        .init("activate", expect: .success,
              "§2.8 rule 9 / §3.12: ACTIVATE → 0, reply type 8 with dbc_id < 16; refused by firmware → skip (§6)",
              confidence: .unverified) { ctx in
            let file = try ctx.open()
            var transactions = QAICTransactions()
            transactions.activate(queueSize: 16)
            let (result, message, _) = ctx.qaicManage(file, transactions)
            if case .failure(.canceled) = result { try ctx.skip(
                "firmware refused ACTIVATE (ECANCELED): firmware policy, §3.12 / §6") }
            try ctx.expectResult(result, "MANAGE ACTIVATE")
            try checkReply(ctx, message, message.data, type: AC_QAIC_TRANS_ACTIVATE_FROM_DEV, length: 24)
        },
        .init("activate_eventfd_ignored", expect: .success,
              "§1.4 right column: activate eventfd is not validated; 0xffffffff → 0 (refusal → skip)",
              confidence: .unverified) { ctx in
            let file = try ctx.open()
            var transactions = QAICTransactions()
            transactions.activate(queueSize: 16, eventfd: UInt32.max)
            let (result, _, _) = ctx.qaicManage(file, transactions)
            if case .failure(.canceled) = result { try ctx.skip(
                "firmware refused ACTIVATE (ECANCELED): firmware policy, §3.12 / §6") }
            try ctx.expectResult(result, "MANAGE ACTIVATE eventfd=0xffffffff")
        },
        .init("deactivate_owned", expect: .success,
              "§2.8 rules 7, 9: DEACTIVATE of a DBC this fd activated → 0 (reply not copied out)") { ctx in
            let file = try ctx.open()
            let dbcID = try ctx.qaicOwnedDBC(file)
            var transactions = QAICTransactions()
            transactions.deactivate(dbcID: dbcID)
            try manage(ctx, on: file, transactions)
        },
        .init("deactivate_twice", expect: .EPERM,
              "§2.8 rule 7: after a DEACTIVATE the DBC is no longer owned; a second → EPERM") { ctx in
            let file = try ctx.open()
            let dbcID = try ctx.qaicOwnedDBC(file)
            try ctx.qaicDeactivate(file, dbcID: dbcID)
            var transactions = QAICTransactions()
            transactions.deactivate(dbcID: dbcID)
            try manage(ctx, on: file, transactions)
        },
        .init("deactivate_other_fds_dbc", expect: .EPERM,
              "§2.8 rule 7: a DBC owned by another fd is not owned by this one → EPERM") { ctx in
            let owner = try ctx.open()
            let dbcID = try ctx.qaicOwnedDBC(owner)
            var transactions = QAICTransactions()
            transactions.deactivate(dbcID: dbcID)
            try manage(ctx, transactions)
        },
        .init("activate_no_free_dbc", expect: .ECANCELED,
              "§2.8 rule 9 / §3.11 (derived): with all 16 DBCs owned the firmware can only refuse; a reply status "
              + "≠ 0 → ECANCELED (qaic_control.c:decode_activate), reply still copied back",
              confidence: .derived) { ctx in
            let file = try ctx.open()
            try takeEveryFreeDBC(ctx, file)
            var activate = QAICTransactions()
            activate.activate(queueSize: 1)
            let (result, message, response) = ctx.qaicManage(file, activate)
            try ctx.expectResult(result, "MANAGE ACTIVATE with no DBC free")
            guard case .failure(.canceled) = result else { return }
            let reply = response.first { $0.type == UInt32(AC_QAIC_TRANS_ACTIVATE_FROM_DEV.rawValue) }
            try ctx.assertEqual(message.count, 1, "response count after ECANCELED (§2.8 rule 10: copied back)")
            try ctx.assert(reply?.field(UInt32.self, at: 8).map { $0 != 0 } == true,
                           "ACTIVATE reply copied back with status ≠ 0")
        },
        rejectedDeactivateKeepsDBC("deactivate_len_beyond_msg_keeps_dbc",
              "§2.8 rule 6.2: a DEACTIVATE whose hdr.len (32) runs past len (16) → EINVAL before its encoder runs, "
              + "so the DBC stays owned and a proper DEACTIVATE afterwards → 0", declaredLength: 32),
        rejectedDeactivateKeepsDBC("count_513_keeps_dbc",
              "§2.8.5: count 513 → EINVAL in qaic_manage before encode_message runs, so the DEACTIVATE in the "
              + "message never disables the DBC and a proper DEACTIVATE afterwards → 0", count: 513),
        .init("status_after_passthrough_over_4096",
              expect: ProfileExpectation([(.only(p.debian6_12), .expect(.EINVAL)),
                                          (.all, .notApplicable(
                                            "§2.8.7: pinned for 6.12 only; 7.3 checks STATUS against the 64 KiB "
                                            + "wire message (qaic_control.c:encode_status), so it is sent and the "
                                            + "outcome is the firmware's"))]),
              "§2.8.7, §2.8.6 (6.12 qaic_control.c:encode_status): a 4088-byte PASSTHROUGH makes the wire message "
              + "4120 bytes, so the STATUS after it finds no room in 4096 → ENOSPC, which the break variant turns "
              + "into EINVAL (U 4088 ≠ len 4096); nothing is sent") { ctx in
            var transactions = QAICTransactions()
            transactions.passthrough(payload: [UInt8](repeating: 0x5A, count: 4080))
            transactions.status()
            try manage(ctx, transactions)
        },
        .init("status_after_passthrough_fills_4096", expect: .success,
              "§2.8.7 (qaic_control.c:encode_status): 32-byte header + 4056-byte PASSTHROUGH + 8-byte STATUS is "
              + "exactly 4096 on the wire, which fits; the firmware's answer (§6) → 0",
              confidence: .unverified) { ctx in
            var transactions = QAICTransactions()
            transactions.passthrough(payload: [UInt8](repeating: 0x5A, count: 4048))
            transactions.status()
            try manage(ctx, transactions)
        },
        .init("activate_after_passthrough_over_4096",
              expect: ProfileExpectation([(.only(p.debian6_12), .expect(.EINVAL)),
                                          (.all, .notApplicable(
                                            "§2.8.7: pinned for 6.12 only; 7.3 checks ACTIVATE against the 64 KiB "
                                            + "wire message (qaic_control.c:encode_activate), so it is sent"))]),
              "§2.8.7, §2.8.6 (6.12 qaic_control.c:encode_activate): after a 4072-byte PASSTHROUGH the 40-byte wire "
              + "ACTIVATE would make the message 4144 bytes > 4096 → ENOSPC, turned into EINVAL by the break "
              + "variant (U 4072 ≠ len 4096); nothing is sent") { ctx in
            var transactions = QAICTransactions()
            transactions.passthrough(payload: [UInt8](repeating: 0x3C, count: 4064))
            transactions.activate(queueSize: 1)
            try manage(ctx, transactions)
        },
        .init("activate_after_passthrough_fills_4096", expect: .success,
              "§2.8.7 (qaic_control.c:encode_activate): 32-byte header + 4024-byte PASSTHROUGH + 40-byte ACTIVATE is "
              + "exactly 4096 on the wire, which fits; echoed and answered (firmware behaviour, §6) → 0 with both "
              + "replies copied back (refusal → skip)",
              confidence: .unverified) { ctx in
            let file = try ctx.open()
            var transactions = QAICTransactions()
            transactions.passthrough(payload: [UInt8](repeating: 0xC3, count: 4016))
            transactions.activate(queueSize: 1)
            let (result, message, response) = ctx.qaicManage(file, transactions)
            if case .failure(.canceled) = result { try ctx.skip(
                "firmware refused ACTIVATE (ECANCELED): firmware policy, §3.12 / §6") }
            try ctx.expectResult(result, "MANAGE PASSTHROUGH + ACTIVATE of 4096 wire bytes")
            guard case .success = result else { return }
            try ctx.assertEqual(response.map(\.type), [UInt32(AC_QAIC_TRANS_PASSTHROUGH_FROM_DEV.rawValue),
                                                       UInt32(AC_QAIC_TRANS_ACTIVATE_FROM_DEV.rawValue)],
                                "reply transaction types")
            try ctx.assertEqual(message.len, 4048, "response len")
        },
        .init("passthrough_reply_4096", expect: .success,
              "§2.8.9 (qaic_control.c:decode_message): a reply of exactly 4096 bytes is accepted; a 4064-byte "
              + "PASSTHROUGH is 4096 bytes on the wire with the 32-byte header, and echoed so (firmware "
              + "behaviour, §6) it comes back as one type-3 transaction of 4064 bytes",
              confidence: .unverified) { ctx in
            var transactions = QAICTransactions()
            transactions.passthrough(payload: [UInt8](repeating: 0xA5, count: 4056))
            guard let (message, data) = try manage(ctx, transactions) else { return }
            try checkReply(ctx, message, data, type: AC_QAIC_TRANS_PASSTHROUGH_FROM_DEV, length: 4064)
        },
        .init("bad_passthrough_sends_nothing", expect: .EINVAL,
              "§2.8.7, §2.8.8: a PASSTHROUGH with hdr.len 12 fails encoding → EINVAL before msg_xfer, so the "
              + "ACTIVATE after it never reaches the firmware: this fd then gets as many DBCs as a fresh fd got "
              + "before (qaic_control.c:encode_message, encode_passthrough)",
              confidence: .derived) { ctx in
            let before: Int
            do {
                let fresh = try ctx.open()
                before = try takeEveryFreeDBC(ctx, fresh)
                try fresh.close()
            }
            let file = try ctx.open()
            var transactions = QAICTransactions()
            transactions.passthrough(payload: [1, 2, 3, 4])
            transactions.activate(queueSize: 1)
            try manage(ctx, on: file, transactions)
            let after = try takeEveryFreeDBC(ctx, file)
            try ctx.assertEqual(after, before, "DBCs this fd could activate after the rejected message (the "
                                    + "firmware kept one for its ACTIVATE?)")
        },
        .init("passthrough_512_beyond_control_ring", expect: .EAGAIN,
              "§2.8.5, §2.8.8 (derived): count 512 (the most allowed) PASSTHROUGHs of 8 bytes, len 4096: each is a "
              + "wire descriptor of its own, 513 with the header, more than the 128-element QAIC_CONTROL ring "
              + "(mhi_controller.c) can ever hold free → EAGAIN after 20 × 100 ms (qaic_control.c:msg_xfer); "
              + "one attempt, as drmIoctl would restart it",
              confidence: .derived) { ctx in
            var transactions = QAICTransactions()
            for _ in 0..<CaseContext.qaicManageMax / 8 { transactions.passthrough(payload: []) }
            try manage(ctx, transactions, once: true)
        },
        .init("reply_needs_4096_writable", expect: .EFAULT,
              "§2.8 rule 10: the reply is written to data (STATUS reply 24 bytes) although len is 8; data "
              + "writable for 8 bytes only → EFAULT") { ctx in
            let file = try ctx.open()
            var transactions = QAICTransactions()
            transactions.status()
            let address = try ctx.qaicMemoryBeforeHole(transactions.bytes)
            var message = QAICStructs.manage(len: 8, count: 1, data: address)
            try ctx.expectIoctl(file, QAICRequest.manage, &message, "MANAGE STATUS into an 8-byte buffer")
        },
    ]

    /// ACTIVATEs on `file` until the firmware refuses (16 DBCs at most, §1.2): how many it got.
    @discardableResult
    private static func takeEveryFreeDBC(_ ctx: CaseContext, _ file: any DeviceFile) throws -> Int {
        var activate = QAICTransactions()
        activate.activate(queueSize: 1)
        for taken in 0..<Int(CaseContext.qaicDBCCount) {
            let (result, _, _) = ctx.qaicManage(file, activate)
            if case .failure(let error) = result {
                if error == .canceled { return taken }
                throw CaseStop.fail(message: "fixture: MANAGE ACTIVATE failed with \(error.symbolicName)",
                                    expected: "0 or ECANCELED", actual: error.symbolicName)
            }
        }
        return Int(CaseContext.qaicDBCCount)
    }

    /// A DEACTIVATE of an owned DBC in a message MANAGE rejects (`count`, `declaredLength`): EINVAL,
    /// and the DBC is still this fd's afterwards (a proper DEACTIVATE → 0).
    private static func rejectedDeactivateKeepsDBC(_ name: String, _ rationale: String, declaredLength: UInt32 = 16,
                                                   count: UInt32? = nil) -> CaseTable.Row {
        .init(name, expect: .EINVAL, rationale) { ctx in
            let file = try ctx.open()
            let dbcID = try ctx.qaicOwnedDBC(file)
            var transactions = QAICTransactions()
            transactions.deactivate(dbcID: dbcID, declaredLength: declaredLength)
            try manage(ctx, on: file, transactions, count: count)
            var proper = QAICTransactions()
            proper.deactivate(dbcID: dbcID)
            let (after, _, _) = ctx.qaicManage(file, proper)
            try ctx.assert((try? after.get()) != nil, "DBC \(dbcID) was released by the rejected DEACTIVATE: "
                               + "a proper DEACTIVATE afterwards → \(after.outcomeDescription), expected 0")
        }
    }

    /// The reply checks of §2.8 rule 10: one transaction of `type` and `length`, len/count updated.
    private static func checkReply(_ ctx: CaseContext, _ message: ac_qaic_manage_msg, _ data: UInt64,
                                   type: ac_qaic_manage_transaction_type, length: UInt32) throws {
        try ctx.assertEqual(message.count, 1, "response count")
        try ctx.assertEqual(message.len, length, "response len")
        let bytes = try ctx.fixture(
            "read the response") { () throws(Errno) in try UserMemory.read(data, count: Int(message.len)) }
        guard let reply = QAICResponseTransaction.parse(bytes, count: message.count)?.first else {
            try ctx.assert(false, "response is not a well-formed transaction list")
            return
        }
        try ctx.assertEqual(reply.type, UInt32(type.rawValue), "reply hdr.type")
        if type == AC_QAIC_TRANS_ACTIVATE_FROM_DEV, let dbcID = reply.field(UInt32.self, at: 12) {
            try ctx.assert(dbcID < CaseContext.qaicDBCCount, "ACTIVATE reply dbc_id \(dbcID) ≥ 16")
        }
    }
}
