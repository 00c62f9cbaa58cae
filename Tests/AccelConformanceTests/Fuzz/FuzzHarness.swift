import Foundation
import Testing

/// What a parser did with one input.
enum FuzzVerdict {
    case accepted
    /// Rejected with `message`; `placed` says whether the message names the place (the file
    /// and line, the byte offset, or the argument).
    case rejected(String, placed: Bool)
}

/// Per-parser counts, printed by every fuzz test and appended to `$ACCEL_FUZZ_TOTALS`.
struct FuzzTotals: CustomStringConvertible {
    let parser: String
    var inputs = 0
    var accepted = 0
    var rejected = 0
    /// A crash ends the test process, so a run that reports at all had none.
    let crashes = 0
    /// Inputs that took longer than ``FuzzHarness/hangSeconds`` (numbers, for reproducing).
    var hangs: [Int] = []
    /// Rejections whose message does not name the place, or errors of an unexpected kind.
    var unplaced: [String] = []
    var slowestMilliseconds = 0.0

    var description: String {
        "fuzz \(parser): inputs \(inputs), accepted \(accepted), rejections \(rejected), crashes \(crashes), "
            + "hangs \(hangs.count), unplaced rejections \(unplaced.count), slowest \(String(format: "%.1f", slowestMilliseconds)) ms"
    }
}

/// Runs a parser over seeded inputs with a time bound per input.
///
/// Unit tests run a fixed-seed slice of ``defaultCount`` inputs per parser. The full count:
/// `ACCEL_FUZZ_INPUTS=10000 ACCEL_FUZZ_TOTALS=/tmp/fuzz-totals.txt swift test --filter Fuzz`
/// (`ACCEL_FUZZ_SEED` changes the sequence; `ACCEL_FUZZ_TRACE=1` prints each input number
/// before it runs, to find the input of a crash; `ACCEL_FUZZ_START=N` begins at input N, to
/// replay one).
enum FuzzHarness {
    static let defaultCount = 300
    /// An input that takes more CPU time than this is a hang. Parsers run on this thread, so
    /// its CPU time measures them whatever the machine's load (wall-clock did not: a busy CI
    /// machine made a 20 ms input take 5 s). Targets that start a process per input measure
    /// wall-clock against their own bound.
    static let hangSeconds = 2.0
    /// An input still running after this ends the test process (with its number), rather
    /// than letting the suite hang.
    static let watchdogSeconds = 60.0

    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var count: Int { environment["ACCEL_FUZZ_INPUTS"].flatMap { Int($0) } ?? defaultCount }
    static var seed: UInt64 { environment["ACCEL_FUZZ_SEED"].flatMap { UInt64($0) } ?? 13 }
    static var start: Int { environment["ACCEL_FUZZ_START"].flatMap { Int($0) } ?? 0 }

    /// Feeds `count` inputs to `check` and returns the totals; hangs and unplaced rejections
    /// are recorded as test issues too.
    @discardableResult
    static func run(_ parser: String, _ inputs: FuzzInputs, count: Int = FuzzHarness.count,
                    hangSeconds: Double = FuzzHarness.hangSeconds, wallClock: Bool = false, check: ([UInt8]) throws -> FuzzVerdict) -> FuzzTotals {
        var totals = FuzzTotals(parser: parser)
        let watchdog = Watchdog(parser: parser)
        let trace = environment["ACCEL_FUZZ_TRACE"] == "1"
        for index in start..<start + count {
            let input = inputs.input(index, seed: seed)
            if trace { FileHandle.standardError.write(Data("fuzz \(parser): input \(index) \(show(input))\n".utf8)) }
            watchdog.begin(index)
            let start = ContinuousClock.now
            let cpuStart = threadCPUSeconds()
            let verdict: FuzzVerdict
            do {
                verdict = try check(input)
            } catch {
                verdict = .rejected("unexpected error \(type(of: error)): \(error)", placed: false)
            }
            let elapsed = ContinuousClock.now - start
            watchdog.end()
            let milliseconds = wallClock
                ? Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                : (threadCPUSeconds() - cpuStart) * 1000
            totals.slowestMilliseconds = max(totals.slowestMilliseconds, milliseconds)
            totals.inputs += 1
            if milliseconds > hangSeconds * 1000 { totals.hangs.append(index) }
            switch verdict {
            case .accepted: totals.accepted += 1
            case .rejected(let message, let placed):
                totals.rejected += 1
                if !placed { totals.unplaced.append("input \(index) \(show(input)): \(message)") }
            }
        }
        watchdog.stop()
        print(totals)
        if let path = environment["ACCEL_FUZZ_TOTALS"], let handle = FileHandle(forWritingAtPath: path) ?? create(path) {
            handle.seekToEndOfFile()
            handle.write(Data("\(totals)\n".utf8))
            try? handle.close()
        }
        #expect(totals.inputs == count)
        #expect(totals.hangs.isEmpty, "\(parser): inputs slower than \(hangSeconds) s: \(totals.hangs.prefix(10))")
        #expect(totals.unplaced.isEmpty, Comment(rawValue: "\(parser): \(totals.unplaced.count) rejections not naming the place, e.g.\n"
                + totals.unplaced.prefix(5).joined(separator: "\n")))
        return totals
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func create(_ path: String) -> FileHandle? {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path)
    }

    /// The input, short and printable, for failure messages.
    static func show(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(120), as: UTF8.self).debugDescription
        return bytes.count > 120 ? text + "… (\(bytes.count) bytes)" : text
    }

    /// Ends the process when one input runs far too long: a hang must fail, not stall CI.
    final class Watchdog: @unchecked Sendable {
        private let lock = NSLock()
        private var current: (index: Int, start: ContinuousClock.Instant)?
        private var done = false

        init(parser: String) {
            Thread.detachNewThread { [self] in
                while true {
                    usleep(250_000)
                    let (state, finished) = lock.withLock { (current, done) }
                    if finished { return }
                    if let state, ContinuousClock.now - state.start > .seconds(FuzzHarness.watchdogSeconds) {
                        FileHandle.standardError.write(Data(
                            "fuzz \(parser): input \(state.index) (seed \(FuzzHarness.seed)) still running after \(FuzzHarness.watchdogSeconds) s: hang\n".utf8))
                        abort()
                    }
                }
            }
        }

        func begin(_ index: Int) { lock.withLock { current = (index, ContinuousClock.now) } }
        func end() { lock.withLock { current = nil } }
        func stop() { lock.withLock { done = true } }
    }
}
