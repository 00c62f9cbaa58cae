import CAccelShim
import SystemPackage

/// Per-file isolation of GEM handles and mmap access (accel-core.md §6).
enum CoreIsolationTables {
    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        [
            CaseTable(group: "core.isolation", ioctl: "GEM_CLOSE", rows: [
                .init("foreign_handle", expect: CoreTables.withGEM(driver, .EINVAL),
                      "§6: handles are per fd; fd A's handle on fd B (which owns no object) → GEM_CLOSE "
                      + "EINVAL, A's object untouched") { ctx in
                    let a = try ctx.open()
                    let b = try ctx.open()
                    let handle = try ctx.buffer(on: a, size: UInt64(ctx.pageSize))
                    var args = ac_drm_gem_close(handle: handle, pad: 0)
                    try ctx.expectIoctl(b, DRMCoreRequest.gemClose, &args,
                                        "GEM_CLOSE of fd A's handle \(handle) on fd B")
                    try ctx.assert(ctx.handleIsValid(a, handle), "fd A's handle \(handle) was closed through fd B")
                },
                .init("handles_start_at_one", expect: CoreTables.withGEM(driver, .success),
                      "§6: each file has its own handle table numbered from 1, so two fresh fds both hand "
                      + "out handle 1") { ctx in
                    let a = try ctx.open()
                    let b = try ctx.open()
                    let first = try ctx.buffer(on: a, size: UInt64(ctx.pageSize))
                    let second = try ctx.buffer(on: b, size: UInt64(ctx.pageSize))
                    try ctx.assertEqual(first, 1, "first handle on fd A")
                    try ctx.assertEqual(second, 1, "first handle on fd B")
                    var args = ac_drm_gem_close(handle: second, pad: 0)
                    try ctx.expectIoctl(b, DRMCoreRequest.gemClose, &args, "GEM_CLOSE of fd B's own handle 1")
                    try ctx.assert(ctx.handleIsValid(a, first), "closing handle 1 on fd B closed fd A's handle 1")
                },
            ]),
            CaseTable(group: "core.isolation", ioctl: "mmap", rows: [
                .init("foreign_offset", expect: CoreTables.withGEM(driver, .EACCES),
                      "§6: mmap offsets are device-wide but access is per fd; fd A's offset mapped through "
                      + "fd B → EACCES") { ctx in
                    let a = try ctx.open()
                    let b = try ctx.open()
                    let size = ctx.pageSize
                    let handle = try ctx.buffer(on: a, size: UInt64(size))
                    let offset = try ctx.mmapOffset(on: a, handle: handle)
                    try ctx.expectMmap(b, length: size, offset: offset, "mmap of fd A's offset through fd B")
                },
            ]),
        ]
    }
}
