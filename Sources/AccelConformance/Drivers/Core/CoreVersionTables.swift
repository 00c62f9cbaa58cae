import CAccelShim
import SystemPackage

/// DRM_IOCTL_VERSION (accel-core.md §2, §5): the two-call protocol and the strings every
/// accel driver reports.
enum CoreVersionTables {
    static func tables(for driver: any DriverSuite) -> [CaseTable] {
        let name = driver.driverName
        let desc = driver.core.versionDescription
        let date = driver.core.versionDate
        let numbers = driver.core.versionNumbers
        return [CaseTable(group: "core.version", ioctl: "VERSION", rows: [
            .init("lengths_only", expect: .success,
                  "§2 step 1: zero lengths and NULL pointers make VERSION report each full string length "
                  + "and copy nothing") { ctx in
                let file = try ctx.open()
                var version = ac_drm_version()
                guard try ctx.expectIoctl(file, DRMCoreRequest.version, &version,
                                          "VERSION with zero-length buffers") else { return }
                try ctx.assertEqual(version.name_len, UInt64(name.utf8.count), "name_len")
                if let expected = date(ctx.profile) {
                    try ctx.assertEqual(version.date_len, UInt64(expected.utf8.count), "date_len")
                }
                try ctx.assertEqual(version.desc_len, UInt64(desc.utf8.count), "desc_len")
            },
            .init("name", expect: .success,
                  "§2 table: VERSION.name is the DRM driver name, the key that identifies the driver behind "
                  + "a node") { ctx in
                let fetched = try VersionFetch.run(ctx, slack: 1)
                try fetched.check(ctx, \.name, expected: name, "name")
            },
            .init("desc", expect: .success,
                  "§2, §5: VERSION.desc is the driver's description string") { ctx in
                let fetched = try VersionFetch.run(ctx, slack: 1)
                try fetched.check(ctx, \.desc, expected: desc, "desc")
            },
            .init("date", expect: dateExpectation(driver),
                  "§2: VERSION.date is \"0\" where DRM core hard-codes it (6.12, 7.3: drm_ioctl.c:drm_version), "
                      + "the driver's own date on older kernels") { ctx in
                let fetched = try VersionFetch.run(ctx, slack: 1)
                guard let expected = date(ctx.profile) else { try ctx.skip("VERSION.date not pinned for this profile") }
                try fetched.check(ctx, \.date, expected: expected, "date")
            },
            .init("no_nul_terminator", expect: .success,
                  "§2 step 2: the kernel copies the string bytes only, never a NUL, even when the buffer "
                  + "has room for one") { ctx in
                let fetched = try VersionFetch.run(ctx, slack: 8)
                for field in VersionFetch.Field.allCases {
                    let copy = fetched[keyPath: field.keyPath]
                    try ctx.assert(copy.buffer[copy.length...].allSatisfy { $0 == VersionFetch.sentinel },
                                   "\(field): bytes after the string were written (a NUL or more)")
                }
            },
            .init("short_buffers", expect: .success,
                  "§2 step 2: a short buffer gets min(buffer, string) bytes and the full length is still "
                  + "reported") { ctx in
                let fetched = try VersionFetch.run(ctx, slack: -1)
                try fetched.check(ctx, \.name, expected: name, "name")
                try fetched.check(ctx, \.desc, expected: desc, "desc")
                if let expected = date(ctx.profile) {
                    try fetched.check(ctx, \.date, expected: expected, "date")
                }
            },
            .init("numbers", expect: numbers == nil
                    ? ProfileExpectation([(.all, .notApplicable(
                        "driver declares no VERSION numbers"))]) : .always(.success),
                  "§2: VERSION reports the driver's major.minor.patchlevel alongside the strings") { ctx in
                let file = try ctx.open()
                var version = ac_drm_version()
                version.version_major = -1
                version.version_minor = -1
                version.version_patchlevel = -1
                guard try ctx.expectIoctl(file, DRMCoreRequest.version, &version, "VERSION") else { return }
                try ctx.assertEqual([version.version_major, version.version_minor, version.version_patchlevel],
                                    numbers ?? [], "major.minor.patchlevel")
            },
            .init("unwritable_buffer", expect: .EFAULT,
                  "§2, §4 step 6: copying a string to an unmapped user address fails with EFAULT",
                  confidence: .unverified) { ctx in
                let file = try ctx.open()
                var version = ac_drm_version()
                try ctx.fixture(
                    "VERSION lengths") { () throws(Errno) in try file.ioctl(DRMCoreRequest.version, &version) }
                try ctx.require(version.name_len > 0, "driver reports an empty name")
                // Page 0 is never mapped in a user process.
                version.name = 0x10
                version.date_len = 0
                version.desc_len = 0
                try ctx.expectIoctl(file, DRMCoreRequest.version, &version, "VERSION into an unmapped name buffer")
            },
        ])]
    }

    /// The date row runs only on profiles whose date is pinned; elsewhere it says why not.
    private static func dateExpectation(_ driver: any DriverSuite) -> ProfileExpectation {
        ProfileExpectation(driver.profiles.map { profile in
            (.only(profile), driver.core.versionDate(profile) == nil
                ? .notApplicable("VERSION.date changed inside this profile's kernel range (driver date → \"0\"); "
                                 + "the release is not pinned, so either value would be a guess")
                : .expect(.success))
        })
    }
}

/// The second call of the VERSION protocol, made with buffers of (string length + slack)
/// bytes, each followed by guard bytes, all pre-filled with a sentinel so that anything the
/// kernel writes beyond what it should is visible.
struct VersionFetch {
    static let sentinel: UInt8 = 0xA5
    static let guardBytes = 16

    struct Copy {
        /// The full length the kernel reported on the second call.
        var length: Int
        /// The length the buffer was announced with.
        var capacity: Int
        /// The buffer plus its guard bytes after the call.
        var buffer: [UInt8]
    }

    enum Field: CaseIterable, CustomStringConvertible {
        case name, date, desc
        var keyPath: KeyPath<VersionFetch, Copy> {
            switch self {
            case .name: return \.name
            case .date: return \.date
            case .desc: return \.desc
            }
        }
        var description: String {
            switch self {
            case .name: return "name"
            case .date: return "date"
            case .desc: return "desc"
            }
        }
    }

    var name: Copy
    var date: Copy
    var desc: Copy

    /// Runs both calls; the first is a fixture, the second the operation under test (a
    /// failing second call ends the case through the row's expectation).
    static func run(_ ctx: CaseContext, slack: Int) throws -> VersionFetch {
        let file = try ctx.open()
        var lengths = ac_drm_version()
        try ctx.fixture(
            "VERSION lengths (first call)") { () throws(Errno) in try file.ioctl(DRMCoreRequest.version, &lengths) }
        let capacities = [lengths.name_len, lengths.date_len, lengths.desc_len].map { max(0, Int($0) + slack) }
        let buffers = capacities.map { capacity -> UnsafeMutableRawBufferPointer in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: capacity + guardBytes, alignment: 8)
            buffer.initializeMemory(as: UInt8.self, repeating: sentinel)
            return buffer
        }
        defer { buffers.forEach { $0.deallocate() } }
        func address(_ index: Int) -> UInt64 { UInt64(UInt(bitPattern: buffers[index].baseAddress)) }
        var version = ac_drm_version()
        version.name_len = UInt64(capacities[0])
        version.name = address(0)
        version.date_len = UInt64(capacities[1])
        version.date = address(1)
        version.desc_len = UInt64(capacities[2])
        version.desc = address(2)
        guard try ctx.expectIoctl(file, DRMCoreRequest.version, &version, "VERSION with buffers (second call)") else {
            throw CaseStop.fail(message: "VERSION second call did not succeed", expected: "0", actual: nil)
        }
        func copy(_ index: Int, _ length: UInt64) -> Copy {
            Copy(length: Int(length), capacity: capacities[index], buffer: Array(buffers[index]))
        }
        return VersionFetch(name: copy(0, version.name_len), date: copy(1, version.date_len),
                            desc: copy(2, version.desc_len))
    }

    /// The kernel reported `expected`'s full length and copied exactly min(capacity, length)
    /// of its bytes, leaving the rest of the buffer and the guard bytes untouched.
    func check(_ ctx: CaseContext, _ field: KeyPath<VersionFetch, Copy>, expected: String, _ what: String) throws {
        let copy = self[keyPath: field]
        let bytes = Array(expected.utf8)
        try ctx.assertEqual(copy.length, bytes.count, "\(what)_len reported on the second call")
        let copied = min(copy.capacity, bytes.count)
        let got = String(decoding: copy.buffer[..<copied], as: UTF8.self)
        try ctx.assertEqual(got, String(decoding: bytes[..<copied], as: UTF8.self), what)
        try ctx.assert(copy.buffer[copied...].allSatisfy { $0 == Self.sentinel },
                       "\(what): bytes written beyond the \(copied) the kernel should copy")
    }
}
