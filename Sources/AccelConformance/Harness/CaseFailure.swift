/// Thrown by a case body to end it. Anything else a body throws counts as a failure too,
/// described by the error.
public enum CaseStop: Error, Sendable {
    /// igt_skip: the case cannot run here; `reason` says why.
    case skip(String)
    /// igt_assert failed: `message`, and for result checks what was expected and observed.
    case fail(message: String, expected: String?, actual: String?)
}
