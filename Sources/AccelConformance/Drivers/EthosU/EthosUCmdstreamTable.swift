import CAccelShim
import SystemPackage

/// DRM_IOCTL_ETHOSU_CMDSTREAM_BO_CREATE, the ioctl's own checks (ethosu-uapi.md §6); the parser's
/// rules are the `ethosu.cmdstream` table.
enum EthosUCmdstreamTable {
    static let table = CaseTable(group: "ethosu.cmdstream_bo_create", ioctl: "ETHOSU_CMDSTREAM_BO_CREATE", rows: rows)

    /// The smallest valid stream: one STOP word.
    static let stopOnly = EthosUStream([]).bytes
    /// One command the parser ignores (§7.3 rule 2), so reading goes on to the next word.
    static let unknownWord = EthosUCommandStreamTable.words(EthosUCmd.word(0x0001)).bytes

    private static func row(_ name: String, size: UInt32? = nil, data: EthosUPointer = .buffer, flags: UInt32 = 0,
                            pad: UInt32 = 0, expect: Expected, _ rationale: String, confidence: Confidence = .verified,
                            check: (@Sendable (CaseContext, ac_ethosu_cmdstream_bo_create) throws -> Void)? = nil) -> EthosURow {
        EthosURow(name, expect: expect, rationale, confidence: confidence) { ctx in
            let file = try ctx.open()
            let address: UInt64
            switch data {
            case .buffer: address = ctx.ethosuMemory(stopOnly)
            case .null: address = 0
            case .unmapped: address = try ctx.ethosuUnmappedAddress()
            case .beforeHole: address = try ctx.ethosuMemoryBeforeHole(unknownWord)
            }
            var args = EthosUStructs.cmdstream(size: size ?? UInt32(stopOnly.count), data: address, flags: flags, pad: pad)
            if try ctx.expectIoctl(file, EthosURequest.cmdstreamBOCreate, &args, "CMDSTREAM_BO_CREATE") {
                try ctx.assert(args.handle >= 1, "handle 0 (§6 rule 6)")
                try check?(ctx, args)
            }
        }
    }

    static let rows: [EthosURow] = [
        row("stop_only", expect: .success, "ethosu-uapi.md §6 rules 2–6: a 4-byte stream holding STOP → 0, handle ≥ 1"),
        row("flags_out_no_mmap", expect: .success,
            "ethosu-uapi.md §6 rule 3: the driver sets NO_MMAP and IOWR copies it back: flags reads 1 after success") { ctx, args in
            try ctx.assertEqual(args.flags, UInt32(AC_ETHOSU_BO_NO_MMAP), "flags after copy-back")
        },
        row("size_zero", size: 0, expect: .EINVAL, "ethosu-uapi.md §6 rule 2: size 0 → EINVAL"),
        row("data_null", data: .null, expect: .EINVAL, "ethosu-uapi.md §6 rule 2: data 0 → EINVAL"),
        row("pad_one", pad: 1, expect: .EINVAL, "ethosu-uapi.md §6 rule 2: pad ≠ 0 → EINVAL"),
        row("flag_no_mmap_refused", flags: UInt32(AC_ETHOSU_BO_NO_MMAP), expect: .EINVAL,
            "ethosu-uapi.md §6 rule 2: flags must be 0; even NO_MMAP → EINVAL"),
        row("flags_all_ones", flags: UInt32.max, expect: .EINVAL, "ethosu-uapi.md §6 rule 2: flags 0xffffffff → EINVAL"),
        row("data_unmapped", data: .unmapped, expect: .EFAULT, "ethosu-uapi.md §7.1 rule 1: the first word cannot be read → EFAULT"),
        row("size_past_readable", size: 8, data: .beforeHole, expect: .EFAULT,
            "ethosu-uapi.md §7.1 rule 1: size 8 over one readable (ignored) word: reading the second word faults → EFAULT"),
        EthosURow("stop_before_unreadable_word", expect: .EINVAL,
                  "ethosu-uapi.md §7.2: STOP as word 0 of 2 is refused when read, before the unreadable word 1 → EINVAL, not EFAULT") { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.cmdstream(size: 8, data: try ctx.ethosuMemoryBeforeHole(stopOnly))
            try ctx.expectIoctl(file, EthosURequest.cmdstreamBOCreate, &args, "CMDSTREAM_BO_CREATE of STOP + an unreadable word")
        },
        row("size_4g_minus_1", size: UInt32.max, data: .beforeHole, expect: .ENOMEM,
            "ethosu-uapi.md §6 rule 4: a 4 GiB contiguous DMA buffer cannot be allocated → ENOMEM before any word is read",
            confidence: .derived),
        EthosURow("handles_distinct", expect: .success, "ethosu-uapi.md §6 rule 6: each command-stream BO gets its own handle") { ctx in
            let file = try ctx.open()
            let first = try ctx.ethosuCmdstream(file, EthosUStream([]))
            var args = EthosUStructs.cmdstream(size: UInt32(stopOnly.count), data: ctx.ethosuMemory(stopOnly))
            if try ctx.expectIoctl(file, EthosURequest.cmdstreamBOCreate, &args, "second CMDSTREAM_BO_CREATE") {
                try ctx.assert(args.handle >= 1 && args.handle != first, "handle \(args.handle) repeats \(first) or is 0")
            }
        },
    ]
}
