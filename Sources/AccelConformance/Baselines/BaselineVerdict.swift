/// Compares one result with the baselines, deqp-runner style: listed failures that recur are
/// expected, listed failures that pass are `UnexpectedImprovement`, known flakes never fail
/// the run, and an unlisted failure is re-run to tell a flake from a real failure.
public struct BaselineVerdict: Sendable {
    public let baselines: BaselineFiles

    public init(_ baselines: BaselineFiles) {
        self.baselines = baselines
    }

    public func isKnownFlake(_ name: String) -> Bool {
        baselines.flakes.contains { $0.matches(name) }
    }

    /// The classification of a first attempt; nil means "unlisted failure: re-run it".
    public func classify(name: String, status: Status) -> Classification? {
        let observed = BaselineStatus(status)
        if let listed = baselines.fails[name] {
            if observed == listed { return .expectedFail }
            if observed == .pass || observed == .skip { return .unexpectedPass }
            if isKnownFlake(name) { return .knownFlake }
            return .unexpectedFail
        }
        if !status.isFailure { return .expected }
        if isKnownFlake(name) { return .knownFlake }
        return nil
    }

    /// An unlisted failure after its re-runs: a flake when any re-run passed.
    public func classifyRetried(reruns: [Status]) -> Classification {
        reruns.contains(where: { !$0.isFailure }) ? .flake : .unexpectedFail
    }

    /// Whether a classification fails the run.
    public static func isUnexpected(_ classification: Classification) -> Bool {
        classification == .unexpectedFail || classification == .unexpectedPass
    }
}
