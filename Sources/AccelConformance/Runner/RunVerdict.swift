/// The process exit status of a run (kselftest-like; the table is in ExitCodes.swift and the
/// README). Only unexpected results count: baseline matches and flakes do not.
public enum RunVerdict {
    public static let success: Int32 = 0
    public static let unexpected: Int32 = 1
    public static let badInput: Int32 = 2
    public static let aborted: Int32 = 3
    public static let allSkipped: Int32 = 4

    public static func exitCode(_ results: RunResults) -> Int32 {
        if results.abortReason != nil { return aborted }
        if results.records.contains(where: isUnexpected) { return unexpected }
        if results.records.allSatisfy({ $0.outcome.status == .skip }) { return allSkipped }
        return success
    }

    public static func isUnexpected(_ record: CaseRecord) -> Bool {
        if let classification = record.classification { return BaselineVerdict.isUnexpected(classification) }
        return record.outcome.status.isFailure
    }
}
