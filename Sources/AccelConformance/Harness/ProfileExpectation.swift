/// A row's expectation across kernel profiles. Version drift is stated explicitly: a row
/// whose result changed between kernels lists each range with its own result.
public struct ProfileExpectation: Sendable {
    public struct Range: Sendable {
        public let lower: KernelProfile?
        public let upper: KernelProfile?

        public func contains(_ profile: KernelProfile) -> Bool {
            (lower.map { profile >= $0 } ?? true) && (upper.map { profile <= $0 } ?? true)
        }

        /// Profiles from `profile` on (inclusive).
        public static func from(_ profile: KernelProfile) -> Range { Range(lower: profile, upper: nil) }
        /// Profiles up to `profile` (inclusive).
        public static func upTo(_ profile: KernelProfile) -> Range { Range(lower: nil, upper: profile) }
        public static func only(_ profile: KernelProfile) -> Range { Range(lower: profile, upper: profile) }
        public static func between(_ lower: KernelProfile, _ upper: KernelProfile) -> Range { Range(lower: lower, upper: upper) }
        public static let all = Range(lower: nil, upper: nil)
    }

    /// What a range resolves to: an expected result, or "does not apply here" with a reason
    /// (the row is then reported as a skip on that profile).
    public enum Resolution: Sendable {
        case expect(Expected)
        case notApplicable(String)
    }

    public let entries: [(Range, Resolution)]

    public init(_ entries: [(Range, Resolution)]) { self.entries = entries }

    /// The first matching entry wins; a profile no entry covers is not applicable.
    public func resolve(_ profile: KernelProfile) -> Resolution {
        entries.first { $0.0.contains(profile) }?.1 ?? .notApplicable("no expectation stated for kernel profile \(profile.id)")
    }

    public static func always(_ expected: Expected) -> ProfileExpectation {
        ProfileExpectation([(.all, .expect(expected))])
    }
}
