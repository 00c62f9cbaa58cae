/// The process exit status of a run (kselftest-like; the table is in ExitCodes.swift and the
/// README). Only unexpected results count: baseline matches and flakes do not.
public enum RunVerdict {
    public static let success: Int32 = 0
    public static let unexpected: Int32 = 1
    public static let badInput: Int32 = 2
    public static let aborted: Int32 = 3
    public static let allSkipped: Int32 = 4
    /// The results folder could not be written (disk full, I/O error); `resume` continues.
    public static let storageFailed: Int32 = 5

    /// 128 + the signal number, as a shell reports a process the signal ended: 130 for SIGINT,
    /// 143 for SIGTERM. The run stopped cleanly (in-flight case incomplete, reports written).
    public static func interrupted(by signal: Int32) -> Int32 { 128 + signal }

    public static func exitCode(_ results: RunResults) -> Int32 {
        if results.abortReason != nil { return aborted }
        if results.records.contains(where: isUnexpected) { return unexpected }
        if results.records.allSatisfy({ $0.outcome.status == .skip }) { return allSkipped }
        return success
    }

    /// A stop by signal or a storage failure overrides what the records say.
    public static func exitCode(_ results: RunResults, stop: RunStop?) -> Int32 {
        switch stop {
        case .signal(let number): return interrupted(by: number)
        case .storage: return storageFailed
        case nil: return exitCode(results)
        }
    }

    public static func isUnexpected(_ record: CaseRecord) -> Bool {
        if let classification = record.classification { return BaselineVerdict.isUnexpected(classification) }
        return record.outcome.status.isFailure
    }
}

/// Why a run stopped before its plan was done, when neither a case nor the kernel was the cause.
public enum RunStop: Sendable, Equatable {
    /// SIGTERM or SIGINT.
    case signal(Int32)
    /// The results folder could not be written.
    case storage(RunStorageError)
}
