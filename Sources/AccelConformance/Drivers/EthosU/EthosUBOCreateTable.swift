import CAccelShim
import SystemPackage

/// DRM_IOCTL_ETHOSU_BO_CREATE (ethosu-uapi.md §3).
enum EthosUBOCreateTable {
    static let table = CaseTable(group: "ethosu.bo_create", ioctl: "ETHOSU_BO_CREATE", rows: argumentRows + outputRows)

    /// BO_CREATE with `size`/`flags` on a fresh fd; on success the handle is ≥ 1 and `size` the
    /// page-rounded size (§3 rule 4).
    private static func row(_ name: String, size: UInt64, flags: UInt32 = 0, expect: Expected, _ rationale: String,
                            confidence: Confidence = .verified) -> EthosURow {
        EthosURow(name, expect: expect, rationale, confidence: confidence) { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.boCreate(size: size, flags: flags)
            guard try ctx.expectIoctl(file, EthosURequest.boCreate, &args, "BO_CREATE size=\(size) flags=\(flags)") else { return }
            let page = UInt64(ctx.pageSize)
            try ctx.assert(args.handle >= 1, "handle 0 (§3 rule 4: handles start at 1)")
            try ctx.assertEqual(args.size, (size + page - 1) / page * page, "size after copy-back (page-rounded)")
        }
    }

    static let argumentRows: [EthosURow] = [
        row("size_one", size: 1, expect: .success, "ethosu-uapi.md §3 rules 3–4: size 1 → 0, size rewritten to one page"),
        row("size_page", size: 4096, expect: .success, "ethosu-uapi.md §3 rule 4: size 4096 → 0, handle ≥ 1"),
        row("size_odd", size: 12345, expect: .success, "ethosu-uapi.md §3 rule 4: size 12345 → 0, rewritten to the page-rounded size"),
        row("size_64k", size: 65536, expect: .success, "ethosu-uapi.md §3 rule 3: a 64 KiB contiguous DMA buffer is an ordinary allocation → 0"),
        row("flag_no_mmap", size: 4096, flags: UInt32(AC_ETHOSU_BO_NO_MMAP), expect: .success,
            "ethosu-uapi.md §3 rule 2: NO_MMAP is the one accepted flag → 0"),
        row("size_zero", size: 0, expect: .EINVAL, "ethosu-uapi.md §3 rule 2: size 0 → EINVAL"),
        row("flag_two", size: 4096, flags: 2, expect: .EINVAL, "ethosu-uapi.md §3 rule 2: an undefined flag bit (bit 1) → EINVAL"),
        row("flags_all_ones", size: 4096, flags: UInt32.max, expect: .EINVAL, "ethosu-uapi.md §3 rule 2: flags 0xffffffff → EINVAL"),
        row("flag_high_bit", size: 4096, flags: 0x8000_0000, expect: .EINVAL, "ethosu-uapi.md §3 rule 2: flag bit 31 → EINVAL"),
        row("size_zero_and_bad_flag", size: 0, flags: 2, expect: .EINVAL,
            "ethosu-uapi.md §3 rule 2: size 0 and a bad flag are one check → EINVAL"),
        row("size_max", size: UInt64.max, expect: .errno(.noSpace),
            "ethosu-uapi.md §3 rule 3: 2^64−1 rounds up to 0 and the 0-page fake offset cannot be allocated → ENOSPC",
            confidence: .derived),
        row("size_2_63", size: 1 << 63, expect: .EINVAL,
            "ethosu-uapi.md §3 rule 3: 2^63 is a negative loff_t to shmem_file_setup → EINVAL", confidence: .derived),
    ]

    static let outputRows: [EthosURow] = [
        EthosURow("handle_input_ignored", expect: .success,
                  "ethosu-uapi.md §3 rule 4: handle is output only; 0xdeadbeef on input → a real handle ≥ 1") { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.boCreate(size: 4096, handle: 0xDEAD_BEEF)
            if try ctx.expectIoctl(file, EthosURequest.boCreate, &args, "BO_CREATE handle=0xdeadbeef in") {
                try ctx.assert(args.handle >= 1 && args.handle != 0xDEAD_BEEF, "handle \(args.handle) is the input echoed back")
            }
        },
        EthosURow("first_handle_is_one", expect: .success, "ethosu-uapi.md §3 rule 4: handles are allocated per file from 1") { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.boCreate(size: 4096)
            if try ctx.expectIoctl(file, EthosURequest.boCreate, &args, "first BO_CREATE on a fresh fd") {
                try ctx.assertEqual(args.handle, 1, "first handle")
            }
        },
        EthosURow("handles_distinct", expect: .success, "ethosu-uapi.md §3 rule 4: every BO_CREATE on one fd yields a new handle") { ctx in
            let file = try ctx.open()
            var seen: Set<UInt32> = []
            for index in 0..<8 {
                var args = EthosUStructs.boCreate(size: 4096)
                guard try ctx.expectIoctl(file, EthosURequest.boCreate, &args, "BO_CREATE #\(index)") else { return }
                try ctx.assert(args.handle >= 1 && seen.insert(args.handle).inserted, "handle \(args.handle) repeated or 0")
            }
        },
        EthosURow("reads_zero", expect: .success, "ethosu-uapi.md §3 rule 4: dma_alloc_wc memory is zeroed; a new 16 KiB BO reads zeros",
                  confidence: .derived) { ctx in
            let file = try ctx.open()
            let size = 4 * ctx.pageSize
            var args = EthosUStructs.boCreate(size: UInt64(size))
            guard try ctx.expectIoctl(file, EthosURequest.boCreate, &args, "BO_CREATE 4 pages") else { return }
            let offset = try ctx.mmapOffset(on: file, handle: args.handle)
            let mapping = try ctx.mapWhole(file, length: size, offset: offset)
            let bytes = UnsafeRawBufferPointer(start: mapping, count: size)
            if let index = bytes.firstIndex(where: { $0 != 0 }) {
                try ctx.assert(false, "byte \(index) of a new BO is 0x\(String(bytes[index], radix: 16)), not 0")
            }
        },
    ]
}
