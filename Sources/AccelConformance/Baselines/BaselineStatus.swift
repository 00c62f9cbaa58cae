/// The deqp-runner / drm-ci status words a `fails` baseline may name (conventions.md §4.2),
/// and how the suite's IGT statuses map onto them (conventions.md §8).
public enum BaselineStatus: String, Sendable, CaseIterable, Codable {
    case fail = "Fail"
    case crash = "Crash"
    case timeout = "Timeout"
    case warn = "Warn"
    case missing = "Missing"
    case skip = "Skip"
    case pass = "Pass"

    public init(_ status: Status) {
        switch status {
        case .pass: self = .pass
        case .skip: self = .skip
        case .fail, .dmesgFail: self = .fail
        case .crash, .abort: self = .crash
        case .timeout: self = .timeout
        case .dmesgWarn: self = .warn
        case .incomplete, .notrun: self = .missing
        }
    }
}
