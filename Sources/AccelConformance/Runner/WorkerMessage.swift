import Foundation

/// The line protocol between the runner and its worker: one JSON object per line.
/// Runner → worker: `{"run":"<case>"}`. Worker → runner: first `{"ready":"<device>"}` (or
/// `{"fatal":"<why>"}`), then one `{"outcome":{…}}` or `{"fatal":…}` per request.
///
/// Lines are written and read with the suite's own ordered JSON code, not Foundation's
/// Codable coders: the outcome (its trace above all) is the bulk of every reply, and encoding
/// it in the worker and decoding it in the runner through Foundation was most of what a case
/// cost in a worker beyond running it. The trace travels as nested objects, not as escaped
/// JSON-in-a-string.
public struct WorkerRequest: Sendable, Equatable {
    public var run: CaseName
    public init(run: CaseName) { self.run = run }

    public func line() -> [UInt8] {
        var line: [UInt8] = []
        JSONValue.object([("run", .string(run.description))]).write(into: &line)
        line.append(0x0A)
        return line
    }

    public init(line: some Collection<UInt8>) throws(WorkerMessageError) {
        if let name = Self.fastName(line), let parsed = try? CaseName(name) {
            run = parsed
            return
        }
        let fields = try WorkerMessageError.object(line)
        guard let text = WorkerMessageError.field("run", in: fields)?.stringValue else {
            throw WorkerMessageError("no \"run\" in the request")
        }
        do { run = try CaseName(text) } catch { throw WorkerMessageError("bad case name \(text)") }
    }

    /// The case name of a line exactly as ``line()`` writes it (no escapes), read without a
    /// JSON tree: it comes once per case. Nil for anything else, which then takes the parser.
    public static func fastName(_ line: some Collection<UInt8>) -> String? {
        let prefix = #"{"run":""#.utf8
        let bytes = Array(line)
        guard bytes.count > prefix.count + 2, bytes.starts(with: prefix), bytes.suffix(2).elementsEqual(#""}"#.utf8) else {
            return nil
        }
        let name = bytes[prefix.count..<bytes.count - 2]
        guard !name.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) else { return nil }
        return String(validating: name, as: UTF8.self)
    }
}

public struct WorkerReply: Sendable, Equatable {
    public var ready: String?
    public var outcome: CaseOutcome?
    public var fatal: String?

    public init(ready: String? = nil, outcome: CaseOutcome? = nil, fatal: String? = nil) {
        self.ready = ready
        self.outcome = outcome
        self.fatal = fatal
    }

    public func line() -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(outcome == nil ? 64 : 4096)
        write(into: &line)
        return line
    }

    /// Appends the line (newline included) to `line`: the worker reuses one buffer.
    public func write(into line: inout [UInt8]) {
        var fields: [(String, JSONValue)] = []
        if let ready { fields.append(("ready", .string(ready))) }
        if let outcome { fields.append(("outcome", Self.json(outcome))) }
        if let fatal { fields.append(("fatal", .string(fatal))) }
        JSONValue.object(fields).write(into: &line)
        line.append(0x0A)
    }

    public init(line: some Collection<UInt8>) throws(WorkerMessageError) {
        let fields = try WorkerMessageError.object(line)
        ready = WorkerMessageError.field("ready", in: fields)?.stringValue
        fatal = WorkerMessageError.field("fatal", in: fields)?.stringValue
        outcome = try WorkerMessageError.field("outcome", in: fields).map { value throws(WorkerMessageError) in
            try Self.outcome(value)
        }
    }

    static func json(_ outcome: CaseOutcome) -> JSONValue {
        var fields: [(String, JSONValue)] = [("name", .string(outcome.name.description)),
                                             ("status", .string(outcome.status.rawValue))]
        if let message = outcome.message { fields.append(("message", .string(message))) }
        if let expected = outcome.expected { fields.append(("expected", .string(expected))) }
        if let actual = outcome.actual { fields.append(("actual", .string(actual))) }
        fields.append(("startTime", .double(outcome.startTime.timeIntervalSinceReferenceDate)))
        fields.append(("duration", .double(outcome.duration)))
        fields.append(("trace", .array(outcome.trace.map(\.json))))
        return .object(fields)
    }

    static func outcome(_ value: JSONValue) throws(WorkerMessageError) -> CaseOutcome {
        guard case .object(let list) = value else { throw WorkerMessageError("\"outcome\" is not an object") }
        func field(_ key: String) -> JSONValue? { WorkerMessageError.field(key, in: list) }
        guard let nameText = field("name")?.stringValue, let name = try? CaseName(nameText) else {
            throw WorkerMessageError("outcome without a valid \"name\"")
        }
        guard let statusText = field("status")?.stringValue, let status = Status(rawValue: statusText) else {
            throw WorkerMessageError("outcome without a valid \"status\"")
        }
        guard let start = field("startTime")?.numberValue, let duration = field("duration")?.numberValue else {
            throw WorkerMessageError("outcome without \"startTime\" and \"duration\"")
        }
        var trace: [TraceEvent] = []
        if case .array(let events)? = field("trace") {
            for (index, event) in events.enumerated() {
                do { trace.append(try TraceEvent(json: event)) } catch {
                    throw WorkerMessageError("trace event \(index + 1): \(error)")
                }
            }
        }
        return CaseOutcome(name: name, status: status, message: field("message")?.stringValue,
                           expected: field("expected")?.stringValue, actual: field("actual")?.stringValue,
                           startTime: Date(timeIntervalSinceReferenceDate: start), duration: duration, trace: trace)
    }
}

/// A protocol line the other side cannot read.
public struct WorkerMessageError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }

    static func object(_ line: some Collection<UInt8>) throws(WorkerMessageError) -> [(String, JSONValue)] {
        let value: JSONValue
        do { value = try JSONValue.parse(utf8: Array(line)) } catch { throw WorkerMessageError("not JSON: \(error)") }
        guard case .object(let fields) = value else { throw WorkerMessageError("not a JSON object") }
        return fields
    }

    /// The first field named `key`: objects of the protocol are small, a dictionary would cost more.
    static func field(_ key: String, in fields: [(String, JSONValue)]) -> JSONValue? {
        fields.first { $0.0 == key }?.1
    }
}

extension JSONValue {
    var numberValue: Double? {
        switch self {
        case .double(let value): return value
        case .int(let value): return Double(value)
        case .uint(let value): return Double(value)
        default: return nil
        }
    }
}
