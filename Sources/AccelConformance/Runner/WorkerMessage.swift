import Foundation

/// The line protocol between the runner and its worker: one JSON object per line.
/// Runner → worker: `{"run":"<case>"}`. Worker → runner: first `{"ready":"<device>"}` (or
/// `{"fatal":"<why>"}`), then one `{"outcome":{…}}` or `{"fatal":…}` per request.
public struct WorkerRequest: Codable, Sendable {
    public var run: CaseName
    public init(run: CaseName) { self.run = run }
}

public struct WorkerReply: Codable, Sendable {
    public var ready: String?
    public var outcome: CaseOutcome?
    public var fatal: String?

    public init(ready: String? = nil, outcome: CaseOutcome? = nil, fatal: String? = nil) {
        self.ready = ready
        self.outcome = outcome
        self.fatal = fatal
    }

    public func line() throws -> Data {
        var data = try JSONEncoder().encode(self)
        data.append(0x0A)
        return data
    }
}
