/// How a result compares with the drm-ci baselines (conventions.md §4).
public enum Classification: String, Codable, Sendable {
    case expected             // pass/skip, or a failure listed in `fails` with the same status
    case expectedFail = "ExpectedFail"
    case unexpectedFail = "UnexpectedFail"
    case unexpectedPass = "UnexpectedImprovement"
    case flake = "Flake"
    case knownFlake = "KnownFlake"
}
