import CAccelShim
import SystemPackage

/// mmap(2) of GEM objects through drm_gem_mmap (accel-core.md §3, §6). Mappings always
/// cover the whole object: some drivers map whole chunks regardless of the VMA size on
/// kernels without the 2026 overflow fix, so a partial mapping is itself a hazard.
enum CoreMmapTables {
    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        [CaseTable(group: "core.mmap", ioctl: "mmap", rows: [
            .init("fresh_bo_reads_zero", expect: CoreTables.withGEM(driver, .success),
                  "§6: a whole-object mapping at the object's offset succeeds; a new object must read as zeros (no "
                  + "stale memory)",
                  confidence: .derived) { ctx in
                let file = try ctx.open()
                let size = 2 * ctx.pageSize
                let handle = try ctx.buffer(on: file, size: UInt64(size))
                let offset = try ctx.mmapOffset(on: file, handle: handle)
                try ctx.assertEqual(offset % UInt64(ctx.pageSize), 0, "mmap offset modulo the page size")
                guard let address = try ctx.expectMmap(file, length: size, offset: offset,
                                                       "mmap of a fresh 2-page object") else { return }
                let bytes = UnsafeRawBufferPointer(start: address, count: size)
                if let index = bytes.firstIndex(where: { $0 != 0 }) {
                    try ctx.assert(false,
                                   "byte \(index) of a fresh object reads 0x\(String(bytes[index], radix: 16)), not 0")
                }
            },
            .init("write_read_back", expect: CoreTables.withGEM(driver, .success),
                  "§6: two whole-object MAP_SHARED mappings of one object show the same memory",
                  confidence: .derived) { ctx in
                let file = try ctx.open()
                let size = ctx.pageSize
                let handle = try ctx.buffer(on: file, size: UInt64(size))
                let offset = try ctx.mmapOffset(on: file, handle: handle)
                guard let first = try ctx.expectMmap(file, length: size, offset: offset, "first mmap") else { return }
                let second = try ctx.mapWhole(file, length: size, offset: offset)
                let pattern = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
                pattern.withUnsafeBytes { first.copyMemory(from: $0.baseAddress!, byteCount: size) }
                try ctx.assert(memcmpEqual(second, pattern), "second mapping does not show what the first wrote")
            },
            .init("past_end", expect: CoreTables.withGEM(driver, .EINVAL),
                  "§6: a mapping longer than the object does not fit its offset node → EINVAL") { ctx in
                let file = try ctx.open()
                let size = ctx.pageSize
                let handle = try ctx.buffer(on: file, size: UInt64(size))
                let offset = try ctx.mmapOffset(on: file, handle: handle)
                try ctx.expectMmap(file, length: 2 * size, offset: offset, "mmap of 2 pages of a 1-page object")
            },
            .init("offset_not_object_start", expect: CoreTables.withGEM(driver, .EINVAL),
                  "§6: an offset that is not exactly the start of an object (second page of a 2-page "
                  + "object) → EINVAL") { ctx in
                let file = try ctx.open()
                let size = 2 * ctx.pageSize
                let handle = try ctx.buffer(on: file, size: UInt64(size))
                let offset = try ctx.mmapOffset(on: file, handle: handle)
                try ctx.expectMmap(file, length: ctx.pageSize, offset: offset + UInt64(ctx.pageSize),
                                   "mmap at the object's offset + 1 page")
            },
            .init("after_close", expect: CoreTables.withGEM(driver, .EINVAL),
                  "§6: an object freed (its only handle closed) after its offset was handed out → EINVAL") { ctx in
                let file = try ctx.open()
                let size = ctx.pageSize
                let handle = try ctx.buffer(on: file, size: UInt64(size))
                let offset = try ctx.mmapOffset(on: file, handle: handle)
                try ctx.closeHandle(file, handle)
                try ctx.expectMmap(file, length: size, offset: offset, "mmap of a closed object's offset")
            },
        ])]
    }

    private static func memcmpEqual(_ address: UnsafeMutableRawPointer, _ bytes: [UInt8]) -> Bool {
        let mapped = UnsafeRawBufferPointer(start: address, count: bytes.count)
        return mapped.elementsEqual(bytes)
    }
}
