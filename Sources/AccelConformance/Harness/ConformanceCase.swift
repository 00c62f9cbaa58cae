/// One executable row, resolved for one kernel profile: what `list` prints and what a
/// worker runs.
public struct ConformanceCase: Sendable {
    public let name: CaseName
    /// The uapi operation under test: `QAIC_CREATE_BO`, `GEM_CLOSE`, `mmap`, `open`, …
    public let ioctl: String
    public let tier: Tier
    public let requirements: [Requirement]
    /// The expected result on the active profile, or why the row does not apply.
    public let resolution: ProfileExpectation.Resolution
    /// One line citing the rule in the spec.
    public let rationale: String
    /// The spec marks the rule (derived) or (unverified): reports carry that along.
    public let confidence: Confidence
    /// Per-case timeout override in seconds; nil means the runner's default.
    public let timeout: Double?
    public let body: @Sendable (CaseContext) throws -> Void

    public init(name: CaseName, ioctl: String, tier: Tier, requirements: [Requirement],
                resolution: ProfileExpectation.Resolution, rationale: String, confidence: Confidence,
                timeout: Double?, body: @escaping @Sendable (CaseContext) throws -> Void) {
        self.name = name
        self.ioctl = ioctl
        self.tier = tier
        self.requirements = requirements
        self.resolution = resolution
        self.rationale = rationale
        self.confidence = confidence
        self.timeout = timeout
        self.body = body
    }

    /// `0`, `EINVAL`, `kernel oops` or `n/a: reason`.
    public var expectedDescription: String {
        switch resolution {
        case .expect(let e): return e.description
        case .notApplicable(let reason): return "n/a: \(reason)"
        }
    }
}

/// How firmly the spec states a row's expectation.
public enum Confidence: String, Codable, Sendable {
    /// Stated by one code path in the spec.
    case verified
    /// Marked (derived) in the spec: follows from several code paths.
    case derived
    /// Marked (unverified) or listed as an open uncertainty.
    case unverified
}
