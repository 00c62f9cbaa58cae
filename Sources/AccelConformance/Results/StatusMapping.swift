/// The one place where an internal ``Status`` (IGT vocabulary) becomes each consumer's word
/// (conventions.md §8). Every writer asks this table; none maps statuses on its own.
///
/// | Status     | KTAP                          | JUnit       | KCIDB | CSV       | LAVA    |
/// |------------|-------------------------------|-------------|-------|-----------|---------|
/// | pass       | `ok`                          | (no child)  | PASS  | Pass      | pass    |
/// | fail       | `not ok` + expected/actual    | `<failure>` | FAIL  | Fail      | fail    |
/// | skip       | `ok … # SKIP reason`          | `<skipped>` | SKIP  | Skip      | skip    |
/// | crash      | `not ok … # ERROR crash: …`   | `<error>`   | FAIL  | Crash     | fail    |
/// | timeout    | `not ok … # TIMEOUT n seconds`| `<error>`   | ERROR | Timeout   | fail    |
/// | incomplete | `not ok … # ERROR incomplete` | `<error>`   | ERROR | Missing   | fail    |
/// | dmesg-warn | `not ok … # ERROR dmesg-warn` | `<failure>` | FAIL  | Warn      | fail    |
/// | dmesg-fail | `not ok … # ERROR dmesg-fail` | `<failure>` | FAIL  | Fail      | fail    |
/// | notrun     | no result line (plan short)   | `<skipped>` | MISS  | Missing   | skip    |
/// | abort      | `not ok … # ERROR abort: …`   | `<error>`   | ERROR | Crash     | unknown |
///
/// Why: a crash is the worker dying inside a syscall of the code under test, so KCIDB gets
/// FAIL (a kernel bug), not ERROR. A timeout or an incomplete case never reached a verdict:
/// the code's status is unknown, which is KCIDB's ERROR. Kernel warnings while a case ran
/// are a finding about the driver, so both dmesg-* statuses fail everywhere (the suite's exit
/// code treats them as failures too); the original status always travels in KCIDB `misc` and
/// in the KTAP directive. KCIDB has no XFAIL: a baseline-expected failure stays FAIL with
/// `misc.classification = ExpectedFail`. abort is the runner's own failure, so ERROR and
/// LAVA `unknown`.
public enum StatusMapping {
    public enum JUnitKind: String, Sendable {
        case none, failure, error, skipped
    }

    public static func kcidb(_ status: Status) -> String {
        switch status {
        case .pass: return "PASS"
        case .fail, .crash, .dmesgWarn, .dmesgFail: return "FAIL"
        case .skip: return "SKIP"
        case .timeout, .incomplete, .abort: return "ERROR"
        case .notrun: return "MISS"
        }
    }

    /// deqp-runner's words (`results.csv`, `failures.csv`, drm-ci `*-fails.txt`).
    public static func csv(_ status: Status) -> String {
        switch status {
        case .pass: return "Pass"
        case .fail, .dmesgFail: return "Fail"
        case .skip: return "Skip"
        case .crash, .abort: return "Crash"
        case .timeout: return "Timeout"
        case .incomplete, .notrun: return "Missing"
        case .dmesgWarn: return "Warn"
        }
    }

    /// `lava-test-case --result` values.
    public static func lava(_ status: Status) -> String {
        switch status {
        case .pass: return "pass"
        case .fail, .crash, .timeout, .incomplete, .dmesgWarn, .dmesgFail: return "fail"
        case .skip, .notrun: return "skip"
        case .abort: return "unknown"
        }
    }

    public static func junit(_ status: Status) -> JUnitKind {
        switch status {
        case .pass: return .none
        case .fail, .dmesgWarn, .dmesgFail: return .failure
        case .crash, .timeout, .incomplete, .abort: return .error
        case .skip, .notrun: return .skipped
        }
    }

    /// Whether KTAP prints `ok`.
    public static func ktapOK(_ status: Status) -> Bool {
        status == .pass || status == .skip
    }
}
