import AccelConformance
import Foundation

/// What `run` and `resume` print: a progress line on a TTY, plain lines otherwise, every
/// failure with the command that re-runs it, and a summary.
final class RunConsole: @unchecked Sendable {
    private let isTTY = isatty(1) == 1
    private let lava: Bool
    private let lock = NSLock()

    init(lava: Bool) {
        self.lava = lava || ProcessInfo.processInfo.environment.keys.contains { $0.hasPrefix("LAVA_SIGNAL") }
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data("error: \(text)\n".utf8))
    }

    func handle(_ event: RunEvent) {
        lock.withLock {
            switch event {
            case .note(let text):
                if isTTY { print("\r\u{1B}[K", terminator: "") }
                FileHandle.standardError.write(Data("note: \(text)\n".utf8))
            case .caseStarted(let device, let name, let position, let total):
                if isTTY {
                    print("\r\u{1B}[K[\(position)/\(total)] \(device) \(name) …", terminator: "")
                    fflush(nil)
                }
            case .caseFinished(let record, let position, let total):
                if isTTY { print("\r\u{1B}[K", terminator: "") }
                let status = record.outcome.status.rawValue
                let verdict = record.classification.map { $0 == .expected ? "" : " [\($0.rawValue)]" } ?? ""
                let line = "[\(position)/\(total)] \(record.device) \(record.outcome.name) \(status)\(verdict) (\(String(format: "%.3f", record.outcome.duration)) s)"
                if isTTY && !record.outcome.status.isFailure && record.classification == .expected {
                    print(line, terminator: "")
                    fflush(nil)
                } else {
                    print(line)
                }
                if record.outcome.status.isFailure || record.classification.map(BaselineVerdict.isUnexpected) == true {
                    if let message = record.outcome.message { print("    \(message)") }
                    print("    reproduce: \(record.reproducer)")
                }
                if lava {
                    let signal = ResultWriters.lavaSignal(for: record)
                    if !signal.isEmpty { print(signal) }
                }
            }
        }
    }

    func summary(_ results: RunResults, folder: String) {
        if isTTY { print("\r\u{1B}[K", terminator: "") }
        var counts: [Status: Int] = [:]
        for record in results.records { counts[record.outcome.status, default: 0] += 1 }
        let statusLine = Status.allCases.compactMap { status in counts[status].map { "\(status.rawValue) \($0)" } }
        print("Summary: \(results.records.count) cases: \(statusLine.joined(separator: ", "))")
        var classes: [String: Int] = [:]
        for record in results.records { if let c = record.classification, c != .expected { classes[c.rawValue, default: 0] += 1 } }
        if !classes.isEmpty {
            print("Baseline: " + classes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        let slowest = results.records.filter { $0.outcome.status != .notrun }.sorted { $0.outcome.duration > $1.outcome.duration }.prefix(5)
        if !slowest.isEmpty {
            print("Slowest:")
            for record in slowest {
                print("  \(String(format: "%8.3f", record.outcome.duration)) s  \(record.device) \(record.outcome.name)")
            }
        }
        if let reason = results.abortReason { print("ABORTED: \(reason)") }
        print("Results in \(folder)")
    }
}
