import Foundation

/// What running one case produced: the status, why, and the syscalls it made. This is all
/// that leaves the harness; isolation, journaling and reporting build on it.
public struct CaseOutcome: Codable, Sendable, Equatable {
    public var name: CaseName
    public var status: Status
    /// Skip reason, failure message, crash or timeout description.
    public var message: String?
    public var expected: String?
    public var actual: String?
    public var startTime: Date
    public var duration: Double
    public var trace: [TraceEvent]

    public init(name: CaseName, status: Status, message: String? = nil, expected: String? = nil,
                actual: String? = nil, startTime: Date, duration: Double, trace: [TraceEvent] = []) {
        self.name = name
        self.status = status
        self.message = message
        self.expected = expected
        self.actual = actual
        self.startTime = startTime
        self.duration = duration
        self.trace = trace
    }
}
