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

    private enum CodingKeys: String, CodingKey {
        case name, status, message, expected, actual, startTime, duration, trace
    }

    /// The trace travels as its JSON lines (one string per event), not as nested objects:
    /// Foundation's decoder would hand the `in`/`out` fields back unordered, and every trace
    /// crosses Codable (worker → runner, journal, results.json) before anyone reads it.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(status, forKey: .status)
        try container.encodeIfPresent(message, forKey: .message)
        try container.encodeIfPresent(expected, forKey: .expected)
        try container.encodeIfPresent(actual, forKey: .actual)
        try container.encode(startTime, forKey: .startTime)
        try container.encode(duration, forKey: .duration)
        try container.encode(try trace.map { try $0.jsonLine() }, forKey: .trace)
    }

    /// Reads the JSON-line form, and the nested-object form of folders written before it.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(CaseName.self, forKey: .name)
        status = try container.decode(Status.self, forKey: .status)
        message = try container.decodeIfPresent(String.self, forKey: .message)
        expected = try container.decodeIfPresent(String.self, forKey: .expected)
        actual = try container.decodeIfPresent(String.self, forKey: .actual)
        startTime = try container.decode(Date.self, forKey: .startTime)
        duration = try container.decode(Double.self, forKey: .duration)
        if !container.contains(.trace) {
            trace = []
        } else if let lines = try? container.decode([String].self, forKey: .trace) {
            trace = try lines.enumerated().map { index, line in
                do {
                    return try TraceEvent.parse(jsonLine: line)
                } catch {
                    throw DecodingError.dataCorruptedError(forKey: .trace, in: container,
                                                           debugDescription: "trace event \(index + 1): \(error)")
                }
            }
        } else {
            trace = try container.decode([TraceEvent].self, forKey: .trace)
        }
    }
}
