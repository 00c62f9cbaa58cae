import CAccelShim
import SystemPackage

/// The confirmed kernel hazard (accel-core.md §9): GET_MAGIC and GET_UNIQUE have table flags
/// 0 and dereference the file's DRM master, which is NULL on every accel file. The rows issue
/// the ioctl for real, so they sit in the hazard tier: never selected by default, and meant
/// for disposable VMs only. A kernel that returns at all has been fixed and fails the row,
/// which is the signal to update it.
enum CoreHazardTables {
    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        [
            CaseTable(group: "core.hazard", ioctl: "GET_MAGIC", rows: [
                .init("get_magic", expect: .kernelOops,
                      "§9: GET_MAGIC on an accel fd oopses in drm_getmagic (NULL master) and leaves the master "
                      + "mutex locked",
                      tier: .hazard) { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_auth(magic: 0)
                    try ctx.expectIoctl(file, DRMCoreRequest.getMagic, &args, "GET_MAGIC")
                },
            ]),
            CaseTable(group: "core.hazard", ioctl: "GET_UNIQUE", rows: [
                .init("get_unique", expect: .kernelOops,
                      "§9: GET_UNIQUE on an accel fd oopses in drm_getunique (NULL master); after a GET_MAGIC oops "
                      + "it blocks forever",
                      tier: .hazard) { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_unique(unique_len: 0, unique: 0)
                    try ctx.expectIoctl(file, DRMCoreRequest.getUnique, &args, "GET_UNIQUE")
                },
            ]),
        ]
    }
}
