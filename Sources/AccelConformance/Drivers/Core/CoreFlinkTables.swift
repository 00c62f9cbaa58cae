import CAccelShim
import SystemPackage

/// DRM_IOCTL_GEM_FLINK / GEM_OPEN (accel-core.md §4 step 5, §5, §8): global names are
/// DRM_AUTH, and an accel file is authenticated only when its opener had CAP_SYS_ADMIN.
enum CoreFlinkTables {
    /// A global name no object has been given in a fresh system.
    static let unknownName: UInt32 = 0x7FFF_FFF0

    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        let gem = { (expected: Expected) in CoreTables.withGEM(driver, expected) }
        return [
            CaseTable(group: "core.gem_flink", ioctl: "GEM_FLINK", rows: [
                .init("root", expect: gem(.success),
                      "§5, §8: an opener with CAP_SYS_ADMIN is authenticated, so GEM_FLINK reaches the handler and "
                      + "names the object",
                      requires: [.root], confidence: .derived) { ctx in
                    let file = try ctx.open()
                    let handle = try ctx.buffer(on: file, size: UInt64(ctx.pageSize))
                    var args = ac_drm_gem_flink(handle: handle, name: 0)
                    guard try ctx.expectIoctl(file, DRMCoreRequest.gemFlink, &args, "GEM_FLINK as root") else { return }
                    try ctx.assert(args.name != 0, "GEM_FLINK returned name 0")
                },
                .init("root_unknown_handle", expect: gem(.ENOENT),
                      "§5: as root GEM_FLINK reaches the handler, whose object lookup of an unknown handle fails → "
                      + "ENOENT (errno not stated)",
                      requires: [.root], confidence: .unverified) { ctx in
                    let file = try ctx.open()
                    let handle = try ctx.buffer(on: file, size: UInt64(ctx.pageSize))
                    var args = ac_drm_gem_flink(handle: handle + 1000, name: 0)
                    try ctx.expectIoctl(file, DRMCoreRequest.gemFlink, &args, "GEM_FLINK of an unknown handle as root")
                },
                .init("unprivileged", expect: .EACCES,
                      "§4 step 5, §5: GEM_FLINK is DRM_AUTH and a file opened without CAP_SYS_ADMIN is never "
                      + "authenticated → EACCES",
                      requires: [.canDropPrivileges]) { ctx in
                    try ctx.asUnprivileged {
                        let file = try ctx.openAsUnprivileged()
                        let handle: UInt32 = driver.core.createBuffer == nil
                            ? 1 : try ctx.buffer(on: file, size: UInt64(ctx.pageSize))
                        var args = ac_drm_gem_flink(handle: handle, name: 0)
                        try ctx.expectIoctl(file, DRMCoreRequest.gemFlink, &args,
                                            "GEM_FLINK as uid \(UnprivilegedCaller.uid)")
                    }
                },
            ]),
            CaseTable(group: "core.gem_open", ioctl: "GEM_OPEN", rows: [
                .init("root", expect: gem(.success),
                      "§5, §8: as root GEM_OPEN of a flinked name gives the opening fd a new handle and the "
                      + "object's size",
                      requires: [.root], confidence: .derived) { ctx in
                    let owner = try ctx.open()
                    let other = try ctx.open()
                    let name = try ctx.flinkedName(on: owner)
                    var args = ac_drm_gem_open(name: name, handle: 0, size: 0)
                    guard try ctx.expectIoctl(other, DRMCoreRequest.gemOpen, &args,
                                              "GEM_OPEN of name \(name) as root") else { return }
                    try ctx.assert(args.handle >= 1, "GEM_OPEN handle is \(args.handle)")
                    try ctx.assert(args.size >= UInt64(ctx.pageSize) && args.size % UInt64(ctx.pageSize) == 0,
                                   "GEM_OPEN size \(args.size) is not the page-aligned size of a "
                                   + "\(ctx.pageSize)-byte object")
                    try ctx.assert(ctx.handleIsValid(other, args.handle),
                                   "opened handle \(args.handle) cannot be closed")
                },
                .init("root_unknown_name", expect: gem(.ENOENT),
                      "§5: as root GEM_OPEN reaches the handler, whose name lookup fails for a name never given → "
                      + "ENOENT (errno not stated)",
                      requires: [.root], confidence: .unverified) { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_gem_open(name: unknownName, handle: 0, size: 0)
                    try ctx.expectIoctl(file, DRMCoreRequest.gemOpen, &args, "GEM_OPEN of an unknown name as root")
                },
                .init("unprivileged", expect: .EACCES,
                      "§4 step 5, §5: GEM_OPEN is DRM_AUTH; an fd opened without CAP_SYS_ADMIN → EACCES even for a "
                      + "valid name",
                      requires: [.canDropPrivileges]) { ctx in
                    var name = unknownName
                    if driver.core.createBuffer != nil {
                        name = try ctx.flinkedName(on: try ctx.open())
                    }
                    try ctx.asUnprivileged {
                        let file = try ctx.openAsUnprivileged()
                        var args = ac_drm_gem_open(name: name, handle: 0, size: 0)
                        try ctx.expectIoctl(file, DRMCoreRequest.gemOpen, &args,
                                            "GEM_OPEN as uid \(UnprivilegedCaller.uid)")
                    }
                },
            ]),
        ]
    }
}

extension CaseContext {
    /// Creates a one-page buffer on `file` (opened as root) and flinks it (a fixture step).
    func flinkedName(on file: any DeviceFile) throws -> UInt32 {
        let handle = try buffer(on: file, size: UInt64(pageSize))
        var args = ac_drm_gem_flink(handle: handle, name: 0)
        try fixture("GEM_FLINK of handle \(handle) as root") { () throws(Errno) in
            try file.ioctl(DRMCoreRequest.gemFlink, &args)
        }
        return args.name
    }
}
