/// A named kernel behaviour line ("v6.7", "6.12-debian", …) that expectations are keyed by.
///
/// Profiles are a shared vocabulary: each driver folder lists the profiles its uapi needs and
/// maps a kernel release to one; a reference device reads the same ids and decides on its
/// own what each means for it. `order` sorts profiles from oldest to newest behaviour.
public struct KernelProfile: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let id: String
    public let order: Int
    public let title: String
    /// Whether the profile's expectations were ever checked against a real kernel, and which.
    public let verification: Verification

    /// How far a profile's expectations are grounded: read from source only, or also run
    /// against the real driver on a real kernel (a lab or the VM tier).
    public enum Verification: Hashable, Sendable {
        /// Written from reading source (and patches); never run against that kernel.
        case readNotRun
        /// Read, then run against the real driver on the named kernel.
        case checkedAgainst(String)

        public var isChecked: Bool {
            if case .checkedAgainst = self { return true }
            return false
        }

        /// One line for `list`, metadata and reports.
        public var summary: String {
            switch self {
            case .readNotRun: return "read, not run: expectations never checked against a real kernel"
            case .checkedAgainst(let kernel): return "checked against a real kernel: \(kernel)"
            }
        }
    }

    public init(id: String, order: Int, title: String, verification: Verification = .readNotRun) {
        self.id = id
        self.order = order
        self.title = title
        self.verification = verification
    }

    public static func < (lhs: KernelProfile, rhs: KernelProfile) -> Bool { lhs.order < rhs.order }

    public var description: String { id }

    private enum CodingKeys: String, CodingKey {
        case id, order, title, checkedAgainstRealKernel, verification
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        order = try container.decode(Int.self, forKey: .order)
        title = try container.decode(String.self, forKey: .title)
        // Results folders written before profiles carried a status say nothing: read, not run.
        let checked = try container.decodeIfPresent(Bool.self, forKey: .checkedAgainstRealKernel) ?? false
        let text = try container.decodeIfPresent(String.self, forKey: .verification)
        let prefix = "checked against a real kernel: "
        if checked, let text, text.hasPrefix(prefix) {
            verification = .checkedAgainst(String(text.dropFirst(prefix.count)))
        } else {
            verification = .readNotRun
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(order, forKey: .order)
        try container.encode(title, forKey: .title)
        try container.encode(verification.isChecked, forKey: .checkedAgainstRealKernel)
        try container.encode(verification.summary, forKey: .verification)
    }
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
