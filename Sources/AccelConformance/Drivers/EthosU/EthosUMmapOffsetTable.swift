import CAccelShim
import SystemPackage

/// DRM_IOCTL_ETHOSU_BO_MMAP_OFFSET (ethosu-uapi.md §4) and mmap(2) of ethosu BOs (§14).
enum EthosUMmapOffsetTable {
    static let mmapOffset = CaseTable(group: "ethosu.bo_mmap_offset", ioctl: "ETHOSU_BO_MMAP_OFFSET", rows: offsetRows)
    static let mmap = CaseTable(group: "ethosu.mmap", ioctl: "mmap", rows: mmapRows)

    enum Target: Sendable {
        case plain, noMmap, cmdstream, unknown, zero, otherFile
    }

    /// A handle of the kind a row asks for on `file`.
    static func handle(_ ctx: CaseContext, _ target: Target, on file: any DeviceFile) throws -> UInt32 {
        switch target {
        case .plain: return try ctx.ethosuBO(file)
        case .noMmap: return try ctx.ethosuBO(file, flags: UInt32(AC_ETHOSU_BO_NO_MMAP))
        case .cmdstream: return try ctx.ethosuCmdstream(file, EthosUStream([]))
        case .unknown: return try ctx.ethosuBO(file) + 1000
        case .zero:
            _ = try ctx.ethosuBO(file)
            return 0
        case .otherFile:
            let other = try ctx.open()
            _ = try ctx.ethosuBO(other)
            return try ctx.ethosuBO(other)
        }
    }

    private static func row(_ name: String, _ target: Target, pad: UInt32 = 0, expect: Expected, _ rationale: String) -> EthosURow {
        EthosURow(name, expect: expect, rationale) { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.mmapOffset(handle: try handle(ctx, target, on: file), pad: pad)
            if try ctx.expectIoctl(file, EthosURequest.boMmapOffset, &args, "BO_MMAP_OFFSET") {
                try ctx.assert(args.offset != 0 && args.offset % UInt64(ctx.pageSize) == 0,
                               "offset 0x\(String(args.offset, radix: 16)) is 0 or not page aligned")
            }
        }
    }

    static let offsetRows: [EthosURow] = [
        row("own_bo", .plain, expect: .success, "ethosu-uapi.md §4 rule 3: an own BO → 0 and a page-aligned fake offset"),
        row("no_mmap_bo", .noMmap, expect: .success, "ethosu-uapi.md §4 rule 3: no flag is checked; a NO_MMAP BO gets an offset → 0"),
        row("cmdstream_bo", .cmdstream, expect: .success,
            "ethosu-uapi.md §4 rule 3: a command-stream BO gets an offset too → 0 (mmap refuses it, §14)"),
        row("pad_one", .plain, pad: 1, expect: .EINVAL, "ethosu-uapi.md §4 rule 1: pad ≠ 0 → EINVAL"),
        row("pad_all_ones", .plain, pad: UInt32.max, expect: .EINVAL, "ethosu-uapi.md §4 rule 1: pad 0xffffffff → EINVAL"),
        row("pad_and_unknown_handle", .unknown, pad: 1, expect: .EINVAL,
            "ethosu-uapi.md §4 rule 1 precedes rule 2: pad ≠ 0 with an unknown handle → EINVAL, not ENOENT"),
        row("handle_unknown", .unknown, expect: .ENOENT, "ethosu-uapi.md §4 rule 2: an unknown handle → ENOENT"),
        row("handle_zero", .zero, expect: .ENOENT, "ethosu-uapi.md §4 rule 2: handle 0 → ENOENT"),
        row("handle_of_other_fd", .otherFile, expect: .ENOENT,
            "ethosu-uapi.md §4 rule 2: handles are per file; another fd's handle 2 is unknown here → ENOENT"),
        EthosURow("same_offset_twice", expect: .success, "ethosu-uapi.md §4 rule 3: the fake offset is the object's; asking twice gives the same") { ctx in
            let file = try ctx.open()
            let handle = try ctx.ethosuBO(file)
            let first = try ctx.mmapOffset(on: file, handle: handle)
            var args = EthosUStructs.mmapOffset(handle: handle)
            if try ctx.expectIoctl(file, EthosURequest.boMmapOffset, &args, "second BO_MMAP_OFFSET") {
                try ctx.assertEqual(args.offset, first, "offset on the second call")
            }
        },
    ]

    private static func mapRow(_ name: String, _ target: Target, expect: Expected, _ rationale: String) -> EthosURow {
        EthosURow(name, expect: expect, rationale) { ctx in
            let file = try ctx.open()
            let handle = try handle(ctx, target, on: file)
            var args = EthosUStructs.mmapOffset(handle: handle)
            try ctx.fixture("BO_MMAP_OFFSET") { () throws(Errno) in try file.ioctl(EthosURequest.boMmapOffset, &args) }
            try ctx.expectMmap(file, length: ctx.pageSize, offset: args.offset, "mmap of the whole BO")
        }
    }

    static let mmapRows: [EthosURow] = [
        mapRow("plain_bo", .plain, expect: .success, "ethosu-uapi.md §14 rule 3: a BO without NO_MMAP maps (dma_mmap_wc) → 0"),
        mapRow("no_mmap_bo", .noMmap, expect: .EINVAL, "ethosu-uapi.md §14 rule 2: a BO created with NO_MMAP → EINVAL"),
        mapRow("cmdstream_bo", .cmdstream, expect: .EINVAL,
               "ethosu-uapi.md §14 rule 2 / §6 rule 3: command-stream BOs carry NO_MMAP → EINVAL"),
        EthosURow("shared_mappings_agree", expect: .success,
                  "ethosu-uapi.md §14 rule 3: two MAP_SHARED mappings of one BO show the same memory") { ctx in
            let file = try ctx.open()
            let handle = try ctx.ethosuBO(file)
            let offset = try ctx.mmapOffset(on: file, handle: handle)
            guard let first = try ctx.expectMmap(file, length: ctx.pageSize, offset: offset, "first mmap") else { return }
            let second = try ctx.mapWhole(file, length: ctx.pageSize, offset: offset)
            first.storeBytes(of: 0x5EED_CAFE as UInt32, toByteOffset: 100, as: UInt32.self)
            try ctx.assertEqual(second.load(fromByteOffset: 100, as: UInt32.self), 0x5EED_CAFE, "word seen through the second mapping")
        },
    ]
}
