import CAccelShim
import SystemPackage

/// DRM master ioctls on an accel fd (accel-core.md §3, §4 step 5, §5): an accel file never
/// has a master, so DRM_MASTER ioctls always fail, and SET/DROP_MASTER check privilege in
/// the handler before finding no master.
enum CoreMasterTables {
    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        [
            CaseTable(group: "core.master", ioctl: "SET_MASTER", rows: [
                masterRow("set_master_root", DRMCoreRequest.setMaster, expect: .EINVAL,
                          "§3, §5 SET_MASTER: root passes the permission check but the file has no master → EINVAL",
                          requires: [.root], confidence: .derived, unprivileged: false),
                masterRow("set_master_unprivileged", DRMCoreRequest.setMaster, expect: .EACCES,
                          "§5 SET_MASTER: without CAP_SYS_ADMIN the handler's permission check → EACCES",
                          requires: [.canDropPrivileges], unprivileged: true),
            ]),
            CaseTable(group: "core.master", ioctl: "DROP_MASTER", rows: [
                masterRow("drop_master_root", DRMCoreRequest.dropMaster, expect: .EINVAL,
                          "§3, §5 DROP_MASTER: root passes the permission check but is not the current master → EINVAL",
                          requires: [.root], confidence: .derived, unprivileged: false),
                masterRow("drop_master_unprivileged", DRMCoreRequest.dropMaster, expect: .EACCES,
                          "§5 DROP_MASTER: without CAP_SYS_ADMIN the handler's permission check → EACCES",
                          requires: [.canDropPrivileges], unprivileged: true),
            ]),
            CaseTable(group: "core.master", ioctl: "SET_VERSION", rows: [
                .init("set_version", expect: .EACCES,
                      "§4 step 5, §5: SET_VERSION is DRM_MASTER and an accel file is never master → EACCES, "
                      + "even as root") { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_set_version(di_major: 1, di_minor: 4, dd_major: -1, dd_minor: -1)
                    try ctx.expectIoctl(file, DRMCoreRequest.setVersion, &args, "SET_VERSION 1.4")
                },
            ]),
            CaseTable(group: "core.master", ioctl: "AUTH_MAGIC", rows: [
                .init("auth_magic", expect: .EACCES,
                      "§4 step 5, §5: AUTH_MAGIC is DRM_MASTER and an accel file is never master → EACCES, "
                      + "even as root") { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_auth(magic: 1)
                    try ctx.expectIoctl(file, DRMCoreRequest.authMagic, &args, "AUTH_MAGIC 1")
                },
            ]),
        ]
    }

    /// SET_MASTER / DROP_MASTER (no argument); `unprivileged` opens and issues as uid 65534.
    static func masterRow(_ name: String, _ request: IoctlRequest, expect: Expected, _ rationale: String,
                          requires: [Requirement], confidence: Confidence = .verified,
                          unprivileged: Bool) -> CaseTable.Row {
        .init(name, expect: expect, rationale, requires: requires, confidence: confidence) { ctx in
            let issue = { (file: any DeviceFile) in
                try ctx.expectResult(file.result(request, nil),
                                     "\(request == DRMCoreRequest.setMaster ? "SET_MASTER" : "DROP_MASTER") as "
                                     + "\(unprivileged ? "uid \(UnprivilegedCaller.uid)" : "root")")
            }
            if unprivileged {
                try ctx.asUnprivileged { try issue(try ctx.openAsUnprivileged()) }
            } else {
                try issue(try ctx.open())
            }
        }
    }
}
