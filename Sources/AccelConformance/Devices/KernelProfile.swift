/// A named kernel behaviour line ("v6.7", "6.12-debian", …) that expectations are keyed by.
///
/// Profiles are a shared vocabulary: each driver folder lists the profiles its uapi needs and
/// maps a kernel release to one; a reference device reads the same ids and decides on its
/// own what each means for it. `order` sorts profiles from oldest to newest behaviour.
public struct KernelProfile: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let id: String
    public let order: Int
    public let title: String

    public init(id: String, order: Int, title: String) {
        self.id = id
        self.order = order
        self.title = title
    }

    public static func < (lhs: KernelProfile, rhs: KernelProfile) -> Bool { lhs.order < rhs.order }

    public var description: String { id }
}

/// A kernel release string such as `6.12.117+deb12-amd64`, reduced to what profile
/// selection needs.
public struct KernelRelease: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let patch: Int
    /// The full string as `uname -r` printed it.
    public let string: String

    public init?(_ string: String) {
        let numeric = string.prefix { $0.isNumber || $0 == "." }
        let parts = numeric.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return nil }
        major = parts[0]
        minor = parts[1]
        patch = parts.count > 2 ? parts[2] : 0
        self.string = string
    }

    /// Debian builds carry `+deb` in the release (`6.12.117+deb12-amd64`).
    public var isDebian: Bool { string.contains("+deb") || string.contains("-deb") }

    public static func < (lhs: KernelRelease, rhs: KernelRelease) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public var description: String { string }
}
