import CAccelShim
import Glibc
import SystemPackage

/// DRM_IOCTL_PRIME_HANDLE_TO_FD / PRIME_FD_TO_HANDLE (accel-core.md §5, §6): dma-buf export
/// and import. The spec states that PRIME is permitted and advertised (GET_CAP PRIME = 3);
/// the errnos for bad inputs are the dma-buf core's and are not stated there.
enum CorePrimeTables {
    /// DRM_CLOEXEC | DRM_RDWR (O_CLOEXEC | O_RDWR).
    static let exportFlags: UInt32 = 0o2000000 | 0o2

    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        [
            CaseTable(group: "core.prime", ioctl: "PRIME_HANDLE_TO_FD", rows: [
                .init("export", expect: CoreTables.withGEM(driver, .success),
                      "§5 PRIME_HANDLE_TO_FD: permitted on GEM accel drivers and advertised by GET_CAP "
                      + "PRIME (export)") { ctx in
                    let file = try ctx.open()
                    let handle = try ctx.buffer(on: file, size: UInt64(ctx.pageSize))
                    var args = ac_drm_prime_handle(handle: handle, flags: exportFlags, fd: -1)
                    guard try ctx.expectIoctl(file, DRMCoreRequest.primeHandleToFD, &args,
                                              "export handle \(handle)") else { return }
                    ctx.closeAtTeardown(args.fd)
                    try ctx.assert(args.fd >= 0, "exported dma-buf fd is \(args.fd)")
                },
                .init("export_unknown_handle", expect: CoreTables.withGEM(driver, .ENOENT),
                      "§5, §6: exporting a handle the fd does not hold finds no object → ENOENT (errno not stated "
                      + "in the spec)",
                      confidence: .unverified) { ctx in
                    let file = try ctx.open()
                    let handle = try ctx.buffer(on: file, size: UInt64(ctx.pageSize))
                    var args = ac_drm_prime_handle(handle: handle + 1000, flags: exportFlags, fd: -1)
                    if try ctx.expectIoctl(file, DRMCoreRequest.primeHandleToFD, &args, "export of an unknown handle") {
                        ctx.closeAtTeardown(args.fd)
                    }
                },
            ]),
            CaseTable(group: "core.prime", ioctl: "PRIME_FD_TO_HANDLE", rows: [
                .init("import_same_fd", expect: CoreTables.withGEM(driver, .success),
                      "§5: a dma-buf exported by an fd imports back into the same fd as a valid handle") { ctx in
                    let file = try ctx.open()
                    let dmabuf = try ctx.exportBuffer(from: file)
                    var args = ac_drm_prime_handle(handle: 0, flags: 0, fd: dmabuf)
                    guard try ctx.expectIoctl(file, DRMCoreRequest.primeFDToHandle, &args,
                                              "import on the exporting fd") else { return }
                    try ctx.assert(args.handle >= 1, "imported handle is \(args.handle)")
                    try ctx.assert(ctx.handleIsValid(file, args.handle),
                                   "imported handle \(args.handle) cannot be closed")
                },
                .init("import_other_fd", expect: CoreTables.withGEM(driver, .success),
                      "§5, §6: a dma-buf imports into another fd of the device as a valid handle of that fd") { ctx in
                    let exporter = try ctx.open()
                    let importer = try ctx.open()
                    let dmabuf = try ctx.exportBuffer(from: exporter)
                    var args = ac_drm_prime_handle(handle: 0, flags: 0, fd: dmabuf)
                    guard try ctx.expectIoctl(importer, DRMCoreRequest.primeFDToHandle, &args,
                                              "import on a second fd") else { return }
                    try ctx.assert(args.handle >= 1, "imported handle is \(args.handle)")
                    try ctx.assert(ctx.handleIsValid(importer, args.handle),
                                   "imported handle \(args.handle) cannot be closed on the importing fd")
                },
                .init("import_bad_fd", expect: CoreTables.withGEM(driver, .EBADF),
                      "§5: importing fd -1 finds no file → EBADF (dma-buf core; errno not stated in the spec)",
                      confidence: .unverified) { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_prime_handle(handle: 0, flags: 0, fd: -1)
                    try ctx.expectIoctl(file, DRMCoreRequest.primeFDToHandle, &args, "import of fd -1")
                },
                .init("import_not_dmabuf", expect: CoreTables.withGEM(driver, .EINVAL),
                      "§5: importing an fd that is not a dma-buf (/dev/null) → EINVAL (dma-buf core; errno not "
                      + "stated in the spec)",
                      confidence: .unverified) { ctx in
                    let file = try ctx.open()
                    let devNull = Glibc.open("/dev/null", O_RDONLY | O_CLOEXEC)
                    try ctx.assert(devNull >= 0, "fixture: open(/dev/null) failed")
                    ctx.closeAtTeardown(devNull)
                    var args = ac_drm_prime_handle(handle: 0, flags: 0, fd: devNull)
                    try ctx.expectIoctl(file, DRMCoreRequest.primeFDToHandle, &args, "import of /dev/null")
                },
            ]),
        ]
    }
}

extension CaseContext {
    /// Closes a plain fd (a dma-buf, /dev/null) at tear-down.
    func closeAtTeardown(_ fd: CInt) {
        guard fd >= 0 else { return }
        onTeardown { _ = Glibc.close(fd) }
    }

    /// Creates a one-page buffer on `file` and exports it as a dma-buf fd (a fixture step).
    func exportBuffer(from file: any DeviceFile) throws -> CInt {
        let handle = try buffer(on: file, size: UInt64(pageSize))
        var args = ac_drm_prime_handle(handle: handle, flags: CorePrimeTables.exportFlags, fd: -1)
        try fixture("PRIME export of handle \(handle)") { () throws(Errno) in
            try file.ioctl(DRMCoreRequest.primeHandleToFD, &args)
        }
        closeAtTeardown(args.fd)
        return args.fd
    }
}
