import Foundation

/// How a case's kernel-log slice changes its status (IGT, conventions.md §3.3): a line at
/// level ≤ `warnLevel` not matched by an ignore regex turns pass into dmesg-warn and fail
/// into dmesg-fail; an oops is a crash and stops the run.
public struct DmesgPolicy: Sendable {
    public var warnLevel: Int
    public var ignore: [CasePattern]
    /// Lines the runner itself writes.
    public static let markerPrefix = "accel-conformance: "

    public init(warnLevel: Int = 4, ignore: [CasePattern] = []) {
        self.warnLevel = warnLevel
        self.ignore = ignore
    }

    public struct Verdict: Sendable, Equatable {
        public var warnings: [KernelLogLine]
        public var oops: [KernelLogLine]
    }

    public func judge(_ lines: [KernelLogLine]) -> Verdict {
        var verdict = Verdict(warnings: [], oops: [])
        for line in lines where !line.text.hasPrefix(Self.markerPrefix) {
            if ignore.contains(where: { $0.matches(line.text) }) { continue }
            if line.isOops { verdict.oops.append(line) }
            if line.level <= warnLevel { verdict.warnings.append(line) }
        }
        return verdict
    }

    /// The status after the slice: pass→dmesg-warn, fail→dmesg-fail, oops→crash.
    public func apply(_ verdict: Verdict, to status: Status) -> Status {
        if !verdict.oops.isEmpty { return .crash }
        guard !verdict.warnings.isEmpty else { return status }
        switch status {
        case .pass: return .dmesgWarn
        case .fail: return .dmesgFail
        default: return status
        }
    }
}
