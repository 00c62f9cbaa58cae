import Foundation
import Glibc
import Testing
@testable import AccelConformance

/// The privilege switch the permission rows use: per thread, and always undone.
@Suite struct UnprivilegedCallerTests {
    @Test(.enabled(if: geteuid() == 0, "needs root"))
    func switchesAndRestoresTheCallingThread() throws {
        let groupsBefore = Self.groups()
        var inside: (uid_t, gid_t, [gid_t]) = (0, 0, [])
        try UnprivilegedCaller.run(extraGroup: 44) {
            inside = (geteuid(), getegid(), Self.groups())
        }
        #expect(inside.0 == 65534)
        #expect(inside.1 == 65534)
        #expect(Set(inside.2) == [65534, 44])
        #expect(geteuid() == 0)
        #expect(getegid() == 0)
        #expect(getuid() == 0)
        #expect(Self.groups() == groupsBefore)
    }

    struct Boom: Error {}

    @Test(.enabled(if: geteuid() == 0, "needs root"))
    func restoresWhenTheBodyThrows() {
        #expect(throws: Boom.self) {
            try UnprivilegedCaller.run { throw Boom() }
        }
        #expect(geteuid() == 0)
        #expect(getegid() == 0)
    }

    @Test(.enabled(if: geteuid() == 0, "needs root"))
    func threadsThatAlreadyExistStayRoot() throws {
        let box = EUIDBox()
        let go = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            go.wait()
            box.value = geteuid()
            done.signal()
        }
        thread.start()
        var inside: uid_t = 0
        try UnprivilegedCaller.run {
            inside = geteuid()
            go.signal()
            done.wait()
        }
        #expect(inside == 65534)
        #expect(box.value == 0)
        #expect(geteuid() == 0)
    }

    @Test(.enabled(if: geteuid() == 0, "needs root"))
    func loseCapSysAdminWhileSwitched() throws {
        // Opening a root-only file proves the effective capabilities were dropped.
        var fd: CInt = -1
        try UnprivilegedCaller.run { fd = open("/etc/shadow", O_RDONLY) }
        #expect(fd < 0)
        if fd >= 0 { close(fd) }
    }

    static func groups() -> [gid_t] {
        var list = [gid_t](repeating: 0, count: 64)
        let count = getgroups(64, &list)
        return Array(list.prefix(Int(max(count, 0)))).sorted()
    }
}

final class EUIDBox: @unchecked Sendable {
    var value: uid_t = 12345
}
