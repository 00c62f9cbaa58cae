import AccelConformance
import Foundation
import SyntheticSupport
import Testing

/// Kernel-log slices and taint values from Fixtures/, and the runner reacting to them.
@Suite struct KernelMonitorTests {
    static func lines(_ fixture: String) throws -> [KernelLogLine] {
        let text = try String(contentsOf: RunnerBinary.fixtures.appendingPathComponent("kmsg/\(fixture)"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { KernelLogLine(parsing: String($0)) }
    }

    @Test func taintFixturesParse() throws {
        let benign = try #require(KernelTaint.read(procRoot: RunnerBinary.fixtures.appendingPathComponent("taint/benign").path))
        let oops = try #require(KernelTaint.read(procRoot: RunnerBinary.fixtures.appendingPathComponent("taint/oops").path))
        let clean = try #require(KernelTaint.read(procRoot: RunnerBinary.fixtures.appendingPathComponent("taint/clean").path))
        #expect(benign.rawValue == 12288)
        #expect(!benign.isFatal)
        #expect(oops.rawValue == 12416)
        #expect(oops.fatal == 128)
        #expect(oops.newFatal(since: benign) == KernelTaint(rawValue: 128))
        #expect(oops.newFatal(since: oops) == nil)
        #expect(benign.newFatal(since: clean) == nil)
        #expect(KernelTaint(rawValue: 512 | 16).newFatal(since: clean)?.description == "528 (M 16, W 512)")
        #expect(oops.description == "12416 (D 128)")
        #expect(KernelTaint.read(procRoot: "/nonexistent") == nil)
    }

    /// The marker descriptor is opened once and kept (each open of /dev/kmsg walks the ring
    /// buffer): after the log file is renamed away, a marker still lands in it, where an open per
    /// marker would find no file and lose it.
    @Test func markersKeepOneDescriptor() throws {
        let folder = RunnerBinary.temporaryFolder("kmsg-descriptor")
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("kmsg")
        let moved = folder.appendingPathComponent("kmsg-moved")
        try Data().write(to: log)
        let (reader, note) = KernelLogReader.open(path: log.path)
        let kmsg = try #require(reader, "\(note ?? "")")
        kmsg.mark("first")
        try FileManager.default.moveItem(at: log, to: moved)
        kmsg.mark("second")
        let text = try String(contentsOf: moved, encoding: .utf8)
        #expect(text.contains("first") && text.contains("second"), "\(text)")
        #expect(kmsg.drain().map(\.text).filter { $0.contains("second") }.count == 1)
    }

    @Test func kmsgSlicesClassify() throws {
        let policy = DmesgPolicy()
        let clean = policy.judge(try Self.lines("clean.txt"))
        #expect(clean.warnings.isEmpty && clean.oops.isEmpty)
        #expect(policy.apply(clean, to: .pass) == .pass)

        let warning = policy.judge(try Self.lines("warning.txt"))
        #expect(warning.warnings.count == 2)
        #expect(warning.oops.isEmpty)
        #expect(policy.apply(warning, to: .pass) == .dmesgWarn)
        #expect(policy.apply(warning, to: .fail) == .dmesgFail)
        #expect(policy.apply(warning, to: .skip) == .skip)

        let stricter = DmesgPolicy(warnLevel: 3)
        #expect(stricter.apply(stricter.judge(try Self.lines("warning.txt")), to: .pass) == .pass)

        let benign = try Self.lines("ignored-warning.txt")
        #expect(policy.apply(policy.judge(benign), to: .pass) == .dmesgWarn)
        let ignoring = DmesgPolicy(ignore: [try CasePattern(regex: "firmware version .* older", origin: "test")])
        #expect(ignoring.apply(ignoring.judge(benign), to: .pass) == .pass)

        let oops = policy.judge(try Self.lines("oops.txt"))
        #expect(oops.oops.count == 3)
        #expect(policy.apply(oops, to: .pass) == .crash)
        #expect(try Self.lines("oops.txt")[1].level == 1)
    }

    /// Runs synthetic cases with a fixture kernel log and a copy of a proc tree.
    static func monitoredRun(_ names: [String], taintFixture: String = "benign", repeatCount: Int = 1,
                             isolation: String = "worker") throws -> (RunnerBinary.Result, RunResults) {
        let folder = RunnerBinary.temporaryFolder("monitor")
        let kmsg = folder.appendingPathComponent("kmsg.txt")
        try "6,1,1,-;boot\n".write(to: kmsg, atomically: true, encoding: .utf8)
        let proc = folder.appendingPathComponent("proc")
        try FileManager.default.createDirectory(at: proc.appendingPathComponent("sys/kernel"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: RunnerBinary.fixtures.appendingPathComponent("taint/\(taintFixture)/sys/kernel/tainted"),
                                         to: proc.appendingPathComponent("sys/kernel/tainted"))
        let results = folder.appendingPathComponent("results")
        let result = try RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", results.path, "--kmsg", kmsg.path,
                                           "--proc-root", proc.path, "--flake-retries", "0", "--repeat", "\(repeatCount)",
                                           "--isolation", isolation] + names.flatMap { ["--include", $0] },
                                          environment: [SyntheticCases.kmsgVariable: kmsg.path, SyntheticCases.procVariable: proc.path])
        return (result, try RunnerBinary.results(in: results))
    }

    @Test func kernelWarningTurnsPassIntoDmesgWarn() throws {
        let (result, results) = try Self.monitoredRun(["runner.synthetic.kernel_warn", "runner.synthetic.pass"])
        #expect(result.status == RunVerdict.unexpected, "\(result.stdout)\n\(result.stderr)")
        #expect(results.status(of: "runner.synthetic.kernel_warn") == .dmesgWarn)
        #expect(results.record("runner.synthetic.kernel_warn")?.dmesg?.contains("WARNING: CPU") == true)
        #expect(results.status(of: "runner.synthetic.pass") == .pass)
        #expect(results.abortReason == nil)
    }

    @Test func oopsIsACrashAndAbortsTheRun() throws {
        let (result, results) = try Self.monitoredRun(["runner.synthetic.kernel_oops"], repeatCount: 2)
        #expect(result.status == RunVerdict.aborted, "\(result.stdout)\n\(result.stderr)")
        #expect(results.status(of: "runner.synthetic.kernel_oops") == .crash)
        #expect(results.abortReason?.contains("kernel oops") == true)
        #expect(results.records.map(\.outcome.status) == [.crash, .notrun])
    }

    /// After an oops the kernel kills the calling thread but the worker lingers: the runner
    /// must see the oops (or the D taint) while it waits, not at the 30 s case timeout.
    @Test(arguments: [("runner.synthetic.hang_after_oops", "kernel oops during runner.synthetic.hang_after_oops on synthetic:runner: BUG: unable to handle page fault"),
                      ("runner.synthetic.hang_after_taint", "kernel taint gained 128 (D 128)")])
    func kernelFaultWhileWaitingAbortsAtOnce(name: String, reason: String) throws {
        let start = ContinuousClock.now
        let (result, results) = try Self.monitoredRun([name], repeatCount: 2)
        let elapsed = ContinuousClock.now - start
        #expect(result.status == RunVerdict.aborted, "\(result.stdout)\n\(result.stderr)")
        #expect(elapsed < .seconds(10), "took \(elapsed); the case timeout is 30 s")
        #expect(results.records.map(\.outcome.status) == [.crash, .notrun])
        let record = try #require(results.records.first)
        #expect(record.outcome.duration < 5, "\(record.outcome.duration) s")
        #expect(results.abortReason?.contains(reason) == true, "\(results.abortReason ?? "no abort")")
        #expect(record.outcome.message?.contains("instead of waiting out the 30 s timeout") == true, "\(record.outcome.message ?? "")")
        #expect(record.timeoutSeconds == 30)
        if name.hasSuffix("oops") {
            #expect(record.dmesg?.contains("BUG: unable to handle page fault") == true)
            #expect(record.dmesg?.contains("Oops: 0000") == true)
        }
    }

    @Test func newFatalTaintAbortsBenignTaintDoesNot() throws {
        let (benign, benignResults) = try Self.monitoredRun(["runner.synthetic.taint_benign", "runner.synthetic.pass"],
                                                             taintFixture: "clean")
        #expect(benign.status == RunVerdict.success, "\(benign.stdout)\n\(benign.stderr)")
        #expect(benignResults.abortReason == nil)
    }

    /// A D taint makes the case a crash whether the worker's reply (taint_die returns at once)
    /// or the runner's 0.1 s poll (slow_taint_die returns 0.5 s later) saw it first, in a
    /// worker and in process alike: one verdict, not a race.
    @Test(arguments: ["runner.synthetic.taint_die", "runner.synthetic.slow_taint_die"], ["worker", "inprocess"])
    func dieTaintIsACrashWhoeverSawItFirst(name: String, isolation: String) throws {
        let (result, results) = try Self.monitoredRun([name], repeatCount: 2, isolation: isolation)
        #expect(result.status == RunVerdict.aborted, "\(result.stdout)\n\(result.stderr)")
        #expect(results.abortReason?.contains("128 (D 128)") == true, "\(results.abortReason ?? "no abort")")
        #expect(results.records.map(\.outcome.status) == [.crash, .notrun])
        #expect(results.records.first?.outcome.message?.contains("128 (D 128)") == true)
    }

    /// A W taint (a kernel warning) stops nothing: the case keeps its own result even though
    /// the poll saw the taint 0.4 s before the reply, and the run aborts after it.
    @Test func warnTaintKeepsTheResultAndAbortsAfterTheCase() throws {
        let (result, results) = try Self.monitoredRun(["runner.synthetic.slow_taint_warn"], repeatCount: 2)
        #expect(result.status == RunVerdict.aborted, "\(result.stdout)\n\(result.stderr)")
        #expect(results.abortReason?.contains("512 (W 512)") == true, "\(results.abortReason ?? "no abort")")
        #expect(results.records.map(\.outcome.status) == [.pass, .notrun])
        #expect(results.records.first?.outcome.message?.contains("kernel tainted 512 (W 512)") == true)
    }
}
