import CAccelShim
import Glibc
import SystemPackage

/// Runs part of a case as an unprivileged user (uid/gid 65534, no CAP_SYS_ADMIN) and returns
/// to root afterwards, so one root run covers both sides of a permission rule
/// (accel-core.md §4 step 5, §8).
///
/// Only the *effective* ids change; the real and saved uid stay 0, which is what lets the
/// thread become root again. The switch goes through the shim's raw-syscall wrappers, which
/// act on the calling thread only: glibc's setresuid would switch every thread of the
/// process, and cases (or tests) running concurrently would suddenly run unprivileged too.
/// Case bodies are synchronous, so the body stays on this thread from drop to restore. A
/// thread created while switched inherits the ids for good, so the body must not start
/// threads or hand work to a pool that might create one (open and a few ioctls never do).
enum UnprivilegedCaller {
    static let uid: UInt32 = 65534
    static let gid: UInt32 = 65534

    struct SwitchFailed: Error, CustomStringConvertible {
        let step: String
        let errno: Errno
        var description: String { "\(step) failed: \(errno.symbolicName)" }
    }

    /// Runs `body` with effective uid/gid 65534 and supplementary groups {65534} plus
    /// `extraGroup` (the device node's group, to act as a member of `render` would).
    /// Identity is restored on every path; failing to restore it stops the process, since
    /// every later case would run as the wrong user.
    static func run<T>(extraGroup: UInt32? = nil, _ body: () throws -> T) throws -> T {
        let savedGroups = try currentGroups()
        var groups = [gid]
        if let extraGroup, extraGroup != gid { groups.append(extraGroup) }
        try setGroups(groups, step: "setgroups(\(groups))")
        do {
            try check(ac_thread_setresgid(-1, Int(gid), -1), step: "setresgid(-1, \(gid), -1)")
        } catch {
            restoreOrDie(groups: savedGroups, uid: false)
            throw error
        }
        do {
            try check(ac_thread_setresuid(-1, Int(uid), -1), step: "setresuid(-1, \(uid), -1)")
        } catch {
            restoreOrDie(groups: savedGroups, uid: false)
            throw error
        }
        defer { restoreOrDie(groups: savedGroups, uid: true) }
        return try body()
    }

    /// The group owning `path` when that group may read and write it (the udev `render`
    /// group of §1), else nil.
    static func accessGroup(ofNode path: String?) -> UInt32? {
        guard let path else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & 0o060 == 0o060 else { return nil }
        return info.st_gid
    }

    private static func restoreOrDie(groups: [gid_t], uid restoreUID: Bool) {
        do {
            if restoreUID { try check(ac_thread_setresuid(-1, 0, -1), step: "setresuid(-1, 0, -1)") }
            try check(ac_thread_setresgid(-1, 0, -1), step: "setresgid(-1, 0, -1)")
            try setGroups(groups, step: "restore setgroups")
        } catch {
            fatalError("could not return to root after an unprivileged step: \(error)")
        }
    }

    private static func currentGroups() throws -> [gid_t] {
        let count = getgroups(0, nil)
        guard count >= 0 else { throw SwitchFailed(step: "getgroups", errno: Errno(rawValue: Glibc.errno)) }
        var groups = [gid_t](repeating: 0, count: Int(count))
        let got = getgroups(count, &groups)
        guard got >= 0 else { throw SwitchFailed(step: "getgroups", errno: Errno(rawValue: Glibc.errno)) }
        return Array(groups.prefix(Int(got)))
    }

    private static func setGroups(_ groups: [gid_t], step: String) throws {
        try groups.withUnsafeBufferPointer { buffer in
            try check(ac_thread_setgroups(buffer.count, buffer.baseAddress), step: step)
        }
    }

    /// Turns the shim's 0/-errno convention into a thrown error naming the step.
    private static func check(_ rc: CInt, step: String) throws {
        if rc < 0 { throw SwitchFailed(step: step, errno: Errno(rawValue: -rc)) }
    }
}
