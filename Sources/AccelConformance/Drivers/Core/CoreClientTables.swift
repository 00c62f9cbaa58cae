import CAccelShim
import Glibc
import SystemPackage

/// DRM_IOCTL_GET_CLIENT and DRM_IOCTL_GET_STATS (accel-core.md §5): harmless legacy queries
/// that answer about the caller only.
enum CoreClientTables {
    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        [
            CaseTable(group: "core.get_client", ioctl: "GET_CLIENT", rows: [
                .init("idx_0", expect: .success,
                      "§5 GET_CLIENT: idx 0 → 0 with the caller's own auth flag (set at open iff "
                      + "CAP_SYS_ADMIN, §3) and pid") { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_client()
                    args.idx = 0
                    args.auth = -1
                    guard try ctx.expectIoctl(file, DRMCoreRequest.getClient, &args, "GET_CLIENT idx 0") else { return }
                    try ctx.assertEqual(args.auth, ctx.environment.isRoot ? 1 : 0, "auth (authenticated at open)")
                    // The pid is the caller's as the kernel sees it; which of process or
                    // thread id the spec does not say, so either is accepted.
                    let pid = UInt64(getpid())
                    let tid = UInt64(ac_gettid())
                    try ctx.assert(args.pid == pid || args.pid == tid,
                                   "pid: expected \(pid) (process) or \(tid) (thread), got \(args.pid)")
                },
                .init("idx_1", expect: .EINVAL,
                      "§5 GET_CLIENT: any idx other than 0 → EINVAL (an accel file sees no other clients)") { ctx in
                    let file = try ctx.open()
                    _ = try ctx.open()
                    var args = ac_drm_client()
                    args.idx = 1
                    try ctx.expectIoctl(file, DRMCoreRequest.getClient, &args, "GET_CLIENT idx 1 with a second fd open")
                },
                .init("idx_negative", expect: .EINVAL,
                      "§5 GET_CLIENT: any idx other than 0 → EINVAL") { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_client()
                    args.idx = -1
                    try ctx.expectIoctl(file, DRMCoreRequest.getClient, &args, "GET_CLIENT idx -1")
                },
            ]),
            CaseTable(group: "core.get_stats", ioctl: "GET_STATS", rows: [
                .init("zeroed", expect: .success,
                      "§5 GET_STATS: → 0 with zeroed statistics (count 0)") { ctx in
                    let file = try ctx.open()
                    var args = ac_drm_stats()
                    args.count = 0xFF
                    guard try ctx.expectIoctl(file, DRMCoreRequest.getStats, &args, "GET_STATS") else { return }
                    try ctx.assertEqual(args.count, 0, "count")
                },
            ]),
        ]
    }
}
