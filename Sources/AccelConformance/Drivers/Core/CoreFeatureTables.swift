import CAccelShim
import SystemPackage

/// Core ioctls behind driver features accel drivers mostly lack (accel-core.md §5):
/// syncobjs (DRIVER_SYNCOBJ) and KMS (DRIVER_MODESET, which accel excludes).
enum CoreFeatureTables {
    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        [
            CaseTable(group: "core.syncobj", ioctl: "SYNCOBJ_CREATE", rows: [
                .init("create", expect: driver.core.syncobj ? .success : .EOPNOTSUPP,
                      "§5 SYNCOBJ_*: EOPNOTSUPP unless the driver has DRIVER_SYNCOBJ; a syncobj driver "
                      + "creates one") { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_syncobj_create(handle: 0, flags: 0)
                    guard try ctx.expectIoctl(file, DRMCoreRequest.syncobjCreate, &args,
                                              "SYNCOBJ_CREATE") else { return }
                    try ctx.assert(args.handle != 0, "SYNCOBJ_CREATE returned handle 0")
                },
            ]),
            CaseTable(group: "core.mode", ioctl: "MODE_GETRESOURCES", rows: [
                .init("getresources", expect: .EOPNOTSUPP,
                      "§5 MODE_* without DRM_MASTER: EOPNOTSUPP, accel drivers never have DRIVER_MODESET") { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_mode_card_res()
                    try ctx.expectIoctl(file, DRMCoreRequest.modeGetResources, &args, "MODE_GETRESOURCES")
                },
            ]),
        ]
    }
}
