/// The result vocabulary, IGT's: a case runs to pass/fail/skip in the harness; the isolated
/// runner adds crash, timeout, incomplete and the dmesg-* promotions; notrun and abort
/// describe what an aborted run did not reach.
public enum Status: String, Codable, CaseIterable, Sendable, Comparable {
    case pass
    case fail
    case skip
    case crash
    case timeout
    case incomplete
    case dmesgWarn = "dmesg-warn"
    case dmesgFail = "dmesg-fail"
    case notrun
    case abort

    /// True for every status that says the code under test misbehaved or could not be judged.
    public var isFailure: Bool {
        switch self {
        case .pass, .skip, .notrun: return false
        case .fail, .crash, .timeout, .incomplete, .dmesgWarn, .dmesgFail, .abort: return true
        }
    }

    public static func < (lhs: Status, rhs: Status) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Which cases run by default. Hazard cases are known to oops kernels: they run only when
/// asked for explicitly, and in CI only inside a disposable VM.
public enum Tier: String, Codable, Sendable, CaseIterable {
    case basic = "default"
    case hazard
}
