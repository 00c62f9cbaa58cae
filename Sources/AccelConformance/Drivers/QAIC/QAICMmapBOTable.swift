import CAccelShim
import SystemPackage

/// DRM_IOCTL_QAIC_MMAP_BO (qaic-uapi.md §2.2) and mmap(2) of the offsets it hands out (§3.3).
/// Every successful mapping covers the whole BO (§3.3 hazard: kernels without the 2026 fix
/// map whole scatterlist chunks whatever the VMA size).
enum QAICMmapBOTable {
    static let mmapBO = CaseTable(group: "qaic.mmap_bo", ioctl: "QAIC_MMAP_BO", rows: mmapBORows)
    static let mmap = CaseTable(group: "qaic.mmap", ioctl: "mmap", rows: mmapRows)

    /// MMAP_BO under test; on success the offset must be a usable fake offset.
    @discardableResult
    private static func query(_ ctx: CaseContext, _ file: any DeviceFile, _ args: ac_qaic_mmap_bo,
                              _ what: String) throws -> UInt64? {
        var args = args
        guard try ctx.expectIoctl(file, QAICRequest.mmapBO, &args, "MMAP_BO \(what)") else { return nil }
        try ctx.assert(args.offset != 0, "MMAP_BO offset is 0 (§2.2: non-zero for driver-allocated BOs)")
        try ctx.assert(args.offset % ctx.page == 0,
                       "MMAP_BO offset 0x\(String(args.offset, radix: 16)) is not page-aligned (§2.2)")
        return args.offset
    }

    static let mmapBORows: [CaseTable.Row] = [
        .init("valid", expect: .success, "§2.2 output: own handle → 0, offset page-aligned and non-zero") { ctx in
            let file = try ctx.open()
            try query(ctx, file, QAICStructs.mmapBO(handle: try ctx.qaicBO(file)), "own handle")
        },
        .init("offset_stable", expect: .success, "§2.2 output: repeated MMAP_BO reports the identical offset") { ctx in
            let file = try ctx.open()
            let handle = try ctx.qaicBO(file)
            guard let first = try query(ctx, file, QAICStructs.mmapBO(handle: handle), "first call"),
                  let second = try query(ctx, file, QAICStructs.mmapBO(handle: handle), "second call") else { return }
            try ctx.assertEqual(second, first, "offset on the second call")
        },
        .init("offsets_distinct", expect: .success,
              "§3.3 (derived): an offset is exactly the start of one BO, so two BOs have different offsets",
              confidence: .derived) { ctx in
            let file = try ctx.open()
            guard let a = try query(ctx, file, QAICStructs.mmapBO(handle: try ctx.qaicBO(file)), "BO 1"),
                  let b = try query(ctx, file, QAICStructs.mmapBO(handle: try ctx.qaicBO(file)), "BO 2") else { return }
            try ctx.assert(a != b, "two BOs share offset 0x\(String(a, radix: 16))")
        },
        .init("large_bo", expect: .success, "§2.2: a 1 MiB BO gets an offset like any other → 0") { ctx in
            let file = try ctx.open()
            try query(ctx, file, QAICStructs.mmapBO(handle: try ctx.qaicBO(file, size: 1 << 20)), "1 MiB BO")
        },
        .init("offset_input_ignored", expect: .success,
              "§1.3: qaic_mmap_bo.offset is output only; garbage input → 0 and a real offset") { ctx in
            let file = try ctx.open()
            let offset = try query(ctx, file,
                                   QAICStructs.mmapBO(handle: try ctx.qaicBO(file), offset: 0x1234_5678_9ABC),
                                   "offset=garbage in")
            if let offset { try ctx.assert(offset != 0x1234_5678_9ABC, "input offset echoed back") }
        },
        .init("pad_one", expect: .success,
              "§2.2 rule 1 / §1.4 right column: qaic_mmap_bo.pad is not validated → 0") { ctx in
            let file = try ctx.open()
            try query(ctx, file, QAICStructs.mmapBO(handle: try ctx.qaicBO(file), pad: 1), "pad=1")
        },
        .init("pad_all_ones", expect: .success, "§1.4 right column: pad 0xffffffff is accepted → 0") { ctx in
            let file = try ctx.open()
            try query(ctx, file, QAICStructs.mmapBO(handle: try ctx.qaicBO(file), pad: UInt32.max), "pad=0xffffffff")
        },
        .init("handle_zero", expect: .ENOENT, "§2.2 rule 3: handle 0 is never valid (§2.1) → ENOENT") { ctx in
            let file = try ctx.open()
            _ = try ctx.qaicBO(file)
            try query(ctx, file, QAICStructs.mmapBO(handle: 0), "handle=0")
        },
        .init("handle_unknown", expect: .ENOENT, "§2.2 rule 3: a handle this fd never created → ENOENT") { ctx in
            let file = try ctx.open()
            let handle = try ctx.qaicBO(file)
            try query(ctx, file, QAICStructs.mmapBO(handle: handle + 100), "handle=\(handle + 100)")
        },
        .init("handle_max", expect: .ENOENT, "§2.2 rule 3: handle 0xffffffff not found → ENOENT") { ctx in
            let file = try ctx.open()
            try query(ctx, file, QAICStructs.mmapBO(handle: UInt32.max), "handle=0xffffffff")
        },
        .init("handle_foreign", expect: .ENOENT,
              "§3.4: handles are per file; fd B (no objects) asking for fd A's handle → ENOENT") { ctx in
            let owner = try ctx.open()
            let handle = try ctx.qaicBO(owner)
            let other = try ctx.open()
            try query(ctx, other, QAICStructs.mmapBO(handle: handle), "fd A's handle on empty fd B")
        },
        .init("handle_closed", expect: .ENOENT, "§3.4: after GEM_CLOSE lookups of that handle give ENOENT") { ctx in
            let file = try ctx.open()
            let handle = try ctx.qaicBO(file)
            try ctx.qaicGEMClose(file, handle: handle)
            try query(ctx, file, QAICStructs.mmapBO(handle: handle), "closed handle")
        },
        .init("pad_and_handle_unknown", expect: .ENOENT,
              "§2.2 rules 1–3: pad is never checked, so the handle lookup decides → ENOENT") { ctx in
            let file = try ctx.open()
            try query(ctx, file, QAICStructs.mmapBO(handle: 77, pad: 1), "pad=1 handle=77")
        },
        .init("same_number_own_bo", expect: .success,
              "§3.4: a number fd B also owns silently resolves to fd B's own BO → 0") { ctx in
            let a = try ctx.open()
            let handleA = try ctx.qaicBO(a)
            let b = try ctx.open()
            let handleB = try ctx.qaicBO(b)
            try ctx.assertEqual(handleB, handleA, "fixture: both fds' first handle")
            let ownOffset = try ctx.qaicOffset(b, handle: handleB)
            if let offset = try query(ctx, b, QAICStructs.mmapBO(handle: handleA), "fd A's number on fd B") {
                try ctx.assertEqual(offset, ownOffset, "offset resolves to fd B's own BO")
            }
        },
    ]

    /// mmap(2) under test; on success the mapping is unmapped at tear-down and returned.
    @discardableResult
    private static func map(_ ctx: CaseContext, _ file: any DeviceFile, offset: UInt64, length: Int,
                            protection: MemoryProtection = [.read, .write],
                            _ what: String) throws -> UnsafeMutableRawPointer? {
        let result: Result<UnsafeMutableRawPointer, Errno>
        do throws(Errno) {
            result = .success(try file.mmap(length: length, protection: protection, flags: .shared,
                                            offset: Int64(bitPattern: offset)))
        } catch {
            result = .failure(error)
        }
        try ctx.expectResult(result.map { _ in () }, "mmap \(what)")
        guard case .success(let address) = result else { return nil }
        ctx.onTeardown { _ = try? file.munmap(address, length: length) }
        return address
    }

    private static func bo(_ ctx: CaseContext, _ file: any DeviceFile, size: UInt64) throws -> UInt64 {
        try ctx.qaicOffset(file, handle: try ctx.qaicBO(file, size: size))
    }

    static let mmapRows: [CaseTable.Row] = [
        .init("full_bo", expect: .success, "§3.3: offset from MMAP_BO, length = whole BO → mapping") { ctx in
            let file = try ctx.open()
            try map(ctx, file, offset: try bo(ctx, file, size: 4096), length: 4096, "whole 4 KiB BO")
        },
        .init("full_bo_64k", expect: .success, "§3.3: whole 64 KiB BO → mapping") { ctx in
            let file = try ctx.open()
            try map(ctx, file, offset: try bo(ctx, file, size: 65536), length: 65536, "whole 64 KiB BO")
        },
        .init("full_bo_rounded", expect: .success,
              "§3.1 / §3.3: a 100-byte BO is one page; mapping that page is the whole BO → mapping") { ctx in
            let file = try ctx.open()
            try map(ctx, file, offset: try bo(ctx, file, size: 100), length: CaseContext.qaicPageSize,
                    "whole rounded-up page")
        },
        .init("read_only", expect: .success,
              "§3.3: PROT_READ MAP_SHARED of the whole BO → mapping that reads zeros (§3.2)") { ctx in
            let file = try ctx.open()
            guard let address = try map(ctx, file, offset: try bo(ctx, file, size: 8192), length: 8192,
                                        protection: .read,
                                        "read-only") else { return }
            let bytes = UnsafeRawBufferPointer(start: address, count: 8192)
            try ctx.assert(bytes.allSatisfy { $0 == 0 }, "new BO does not read as zeros through a read-only mapping")
        },
        .init("two_mappings_share_pages", expect: .success,
              "§3.3: both mappings go to the BO's pages (remap_pfn_range); a write through one is seen by "
              + "the other") { ctx in
            let file = try ctx.open()
            let offset = try bo(ctx, file, size: 8192)
            let first = try ctx.qaicMap(file, offset: offset, length: 8192)
            guard let second = try map(ctx, file, offset: offset, length: 8192, "second mapping") else { return }
            first.storeBytes(of: 0x5A5A_A5A5 as UInt32, toByteOffset: 4096, as: UInt32.self)
            try ctx.assertEqual(second.load(fromByteOffset: 4096, as: UInt32.self), 0x5A5A_A5A5,
                                "value seen through the second mapping")
        },
        .init("length_beyond_bo", expect: .EINVAL,
              "§3.3: length exceeds the BO → EINVAL (the node lookup fails before any mapping)") { ctx in
            let file = try ctx.open()
            try map(ctx, file, offset: try bo(ctx, file, size: 4096), length: 8192, "8 KiB of a 4 KiB BO")
        },
        .init("length_beyond_bo_64k", expect: .EINVAL, "§3.3: one page more than a 64 KiB BO → EINVAL") { ctx in
            let file = try ctx.open()
            try map(ctx, file, offset: try bo(ctx, file, size: 65536), length: 65536 + CaseContext.qaicPageSize,
                    "64 KiB + 1 page")
        },
        .init("length_spans_next_bo", expect: .EINVAL,
              "§3.3: the whole range must fit in one BO's node, even when another BO follows → EINVAL") { ctx in
            let file = try ctx.open()
            let offset = try bo(ctx, file, size: 4096)
            _ = try bo(ctx, file, size: 4096)
            try map(ctx, file, offset: offset, length: 8192, "two BOs' worth from the first")
        },
        .init("offset_inside_bo", expect: .EINVAL,
              "§3.3: the offset must be exactly the start of a BO; start + 1 page → EINVAL") { ctx in
            let file = try ctx.open()
            let offset = try bo(ctx, file, size: 8192)
            try map(ctx, file, offset: offset + ctx.page, length: CaseContext.qaicPageSize,
                    "second page of a 2-page BO")
        },
        .init("offset_zero", expect: .EINVAL, "§3.3: offset 0 is the start of no BO → EINVAL") { ctx in
            let file = try ctx.open()
            _ = try bo(ctx, file, size: 4096)
            try map(ctx, file, offset: 0, length: 4096, "offset 0")
        },
        .init("offset_unknown", expect: .EINVAL, "§3.3: an offset far past every BO → EINVAL") { ctx in
            let file = try ctx.open()
            let offset = try bo(ctx, file, size: 4096)
            try map(ctx, file, offset: offset + (1 << 30), length: 4096, "offset + 1 GiB")
        },
        .init("foreign_fd", expect: .EACCES,
              "§3.3: mapping through an fd that holds no handle for the BO → EACCES") { ctx in
            let owner = try ctx.open()
            let offset = try bo(ctx, owner, size: 4096)
            let other = try ctx.open()
            try map(ctx, other, offset: offset, length: 4096, "fd A's offset through fd B")
        },
        .init("freed_bo", expect: .EINVAL, "§3.3: the offset of a BO freed by GEM_CLOSE → EINVAL") { ctx in
            let file = try ctx.open()
            let handle = try ctx.qaicBO(file, size: 4096)
            let offset = try ctx.qaicOffset(file, handle: handle)
            try ctx.qaicGEMClose(file, handle: handle)
            try map(ctx, file, offset: offset, length: 4096, "freed BO")
        },
        .init("foreign_fd_length_beyond", expect: .EINVAL,
              "§3.3: the node lookup (whole range in one BO) fails before the per-fd permission check → EINVAL, not "
              + "EACCES",
              confidence: .derived) { ctx in
            let owner = try ctx.open()
            let offset = try bo(ctx, owner, size: 4096)
            let other = try ctx.open()
            try map(ctx, other, offset: offset, length: 8192, "fd A's offset, too long, through fd B")
        },
        .init("mapping_survives_gem_close", expect: .success,
              "§3.3 / §3.4: a mapping holds the BO; GEM_CLOSE drops only the handle and the pages stay readable",
              confidence: .derived) { ctx in
            let file = try ctx.open()
            let handle = try ctx.qaicBO(file, size: 4096)
            guard let address = try map(ctx, file, offset: try ctx.qaicOffset(file, handle: handle), length: 4096,
                                        "whole BO") else { return }
            try ctx.qaicGEMClose(file, handle: handle)
            try ctx.assertEqual(address.load(as: UInt64.self), 0, "first word after GEM_CLOSE")
        },
    ]
}
