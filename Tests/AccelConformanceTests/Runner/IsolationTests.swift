import AccelConformance
import Foundation
import SyntheticSupport
import Testing

/// A case that segfaults, hangs or calls exit costs only itself: the worker is restarted
/// and the run goes on.
@Suite struct IsolationTests {
    @Test func crashHangAndExitCostOneCaseEach() throws {
        let folder = RunnerBinary.temporaryFolder("isolation")
        let names = ["pass", "segfault", "slow", "hang", "exit", "skip"].map { "runner.synthetic.\($0)" }
        let result = try RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", folder.path, "--seed", "7",
                                           "--flake-retries", "0", "--kmsg", "/nonexistent/kmsg"]
                                          + names.flatMap { ["--include", $0] })
        #expect(result.status == RunVerdict.unexpected, "\(result.stdout)\n\(result.stderr)")
        let results = try RunnerBinary.results(in: folder)
        #expect(results.records.count == names.count)
        #expect(results.status(of: "runner.synthetic.pass") == .pass)
        #expect(results.status(of: "runner.synthetic.segfault") == .crash)
        #expect(results.record("runner.synthetic.segfault")?.outcome.message?.contains("signal 11") == true)
        #expect(results.status(of: "runner.synthetic.slow") == .pass)
        #expect(results.status(of: "runner.synthetic.hang") == .timeout)
        #expect(results.status(of: "runner.synthetic.exit") == .crash)
        #expect(results.record("runner.synthetic.exit")?.outcome.message?.contains("status 7") == true)
        #expect(results.status(of: "runner.synthetic.skip") == .skip)
        #expect(results.abortReason == nil)
        // Every failure says how to re-run it alone.
        let reproducer = try #require(results.record("runner.synthetic.hang")?.reproducer)
        #expect(reproducer.contains("--device synthetic:runner"))
        #expect(reproducer.contains("--seed 7"))
        #expect(reproducer.contains("--kernel-profile synthetic"))
        #expect(reproducer.contains("--include runner.synthetic.hang"))
        #expect(result.stdout.contains("reproduce: \(reproducer)"))
        #expect(result.stderr.contains("kernel log not captured"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("cases/runner.synthetic.pass/trace.jsonl").path))
    }

    /// A worker killed from outside (OOM killer, an operator) mid-case: that case is a crash,
    /// the next one runs in a new worker.
    @Test func killedWorkerCostsOneCase() throws {
        let folder = RunnerBinary.temporaryFolder("killed-worker")
        let state = RunnerBinary.temporaryFolder("killed-worker-state")
        let marker = state.appendingPathComponent("hang.started").path
        let (process, out, _) = try RunnerBinary.start(["run", "--device", "synthetic:runner", "--results", folder.path,
                                                        "--include", "runner.synthetic.hang", "--repeat", "2",
                                                        "--flake-retries", "0", "--kmsg", "/nonexistent/kmsg"],
                                                       environment: [SyntheticCases.stateVariable: state.path])
        // Kill the worker once it is inside the hanging case (it touches a marker first).
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: marker) && Date() < deadline { usleep(5_000) }
        let pid = try #require(Self.children(of: process.processIdentifier).first)
        kill(pid, SIGKILL)
        _ = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let results = try RunnerBinary.results(in: folder)
        // The first hang died of our SIGKILL; the repeat ran in a fresh worker and timed out.
        #expect(results.records.map(\.outcome.status) == [.crash, .timeout])
        #expect(results.records.first?.outcome.message?.contains("signal 9") == true)
    }

    static func children(of pid: pid_t) -> [pid_t] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        return tasks.flatMap { task -> [pid_t] in
            let text = (try? String(contentsOfFile: "/proc/\(pid)/task/\(task)/children", encoding: .utf8)) ?? ""
            return text.split(separator: " ").compactMap { pid_t($0) }
        }
    }

    @Test func inProcessRunWorksForWellBehavedCases() throws {
        let folder = RunnerBinary.temporaryFolder("inprocess")
        let result = try RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", folder.path,
                                           "--isolation", "inprocess", "--include", "runner.synthetic.pass",
                                           "--include", "runner.synthetic.skip", "--kmsg", "/nonexistent/kmsg"])
        #expect(result.status == RunVerdict.success, "\(result.stdout)\n\(result.stderr)")
        #expect(try RunnerBinary.results(in: folder).records.map(\.outcome.status) == [.pass, .skip])
    }

    @Test func allSkippedExitsFour() throws {
        let folder = RunnerBinary.temporaryFolder("skipped")
        let result = try RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", folder.path,
                                           "--include", "runner.synthetic.skip", "--kmsg", "/nonexistent/kmsg"])
        #expect(result.status == RunVerdict.allSkipped, "\(result.stdout)\n\(result.stderr)")
    }

    /// The synthetic cases are test support: the shipped binary has no synthetic device,
    /// whatever the environment says (the old ACCEL_CONFORMANCE_SYNTHETIC switch is gone).
    @Test func shippedRunnerHasNoSyntheticDevice() throws {
        let shipped = try RunnerBinary.run(["list", "--device", SyntheticCases.selector],
                                           environment: ["ACCEL_CONFORMANCE_SYNTHETIC": "1"],
                                           executable: RunnerBinary.productPath)
        #expect(shipped.status == RunVerdict.badInput, "\(shipped.stdout)\n\(shipped.stderr)")
        #expect(shipped.stderr.contains(SyntheticCases.selector))
        let support = try RunnerBinary.run(["list", "--device", SyntheticCases.selector])
        #expect(support.status == 0, "\(support.stderr)")
        #expect(support.stdout.contains("runner.synthetic.segfault"))
    }

    /// A worker stuck in uninterruptible sleep survives SIGKILL; simulated by a signaller
    /// that never delivers. The run must abort with a reason instead of hanging.
    @Test func workerThatRefusesToDieAbortsTheRun() throws {
        RunnerBinary.enableSynthetic()
        let folder = RunnerBinary.temporaryFolder("unkillable")
        let swallowed = PidBox()
        let suite = SyntheticSuite()
        let all = RunnerDevices.cases(for: suite, profile: SyntheticSuite.profile)
        let cases = ["runner.synthetic.hang", "runner.synthetic.pass"].compactMap { name in
            all.first { $0.name.description == name }
        }
        let device = SyntheticDevice()
        let metadata = RunMetadata(toolVersion: ToolVersion.string, commandLine: ["test"], seed: 1,
                                   selection: .init(), devices: [.init(selector: SyntheticCases.selector, identity: device.identity,
                                                                       profile: SyntheticSuite.profile, plan: cases.map(\.name))],
                                   startTime: Date(), hostname: "test")
        let plan = DevicePlan(index: 0, device: device, suite: suite, profile: SyntheticSuite.profile, cases: cases,
                              environment: CaseEnvironment(isRoot: false),
                              workerArguments: ["worker", "--device", SyntheticCases.selector], reproducerPrefix: "x")
        var configuration = RunConfiguration(resultsDirectory: folder, graceSeconds: 0.2, killWaitSeconds: 0.5,
                                             kmsgPath: "/nonexistent/kmsg", flakeRetries: 0,
                                             workerExecutable: RunnerBinary.path)
        configuration.signaller = { pid, _ in swallowed.add(pid) }
        let engine = try RunEngine(configuration: configuration, metadata: metadata, plans: [plan])
        let results = engine.execute()
        for pid in swallowed.all { kill(-pid, SIGKILL) }
        #expect(results.abortReason?.contains("refused to die") == true)
        #expect(RunVerdict.exitCode(results) == RunVerdict.aborted)
        #expect(results.status(of: "runner.synthetic.hang") == .timeout)
        #expect(results.status(of: "runner.synthetic.pass") == .notrun)
        let journal = try RunnerBinary.journal(in: folder)
        #expect(journal.entries.contains { $0.event == .aborted })
        #expect(journal.finished.count == 1)
    }
}

final class PidBox: @unchecked Sendable {
    private let lock = NSLock()
    private var pids: Set<pid_t> = []
    func add(_ pid: pid_t) { lock.withLock { _ = pids.insert(pid) } }
    var all: Set<pid_t> { lock.withLock { pids } }
}
