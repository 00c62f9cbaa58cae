import AccelConformance
import ArgumentParser
import Foundation

/// Not a test: measures what isolation costs per case, running one case set three ways.
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure what worker isolation costs: whole runs side by side, and per case against a process per case.",
        discussion: """
            Prints two figures side by side: the whole-run ratio (a complete run through the engine, journal and \
            reports included, in a worker vs in process; median of --rounds rounds, the modes alternating within \
            each round) and the per-case overhead of the worker (median over the rounds of the difference per case), \
            each in wall-clock and CPU time (runner + worker, user + system). Then one pass of the bare case loop in \
            three modes: in process, one worker, a fresh process per case, with CPU per case and the worker's round \
            trip beyond the case itself (request, reply coding, pipe, wake-ups). On a loaded machine wall-clock \
            mostly measures the scheduler: read the CPU figures beside it, or run the benchmark under 'chrt -f 1' \
            (root) so other processes do not preempt it. To compare two builds side by side, see \
            ci/benchmark-binaries.sh.
            """)

    @OptionGroup var devices: DeviceOptions
    @OptionGroup var selection: SelectionOptions

    @Flag(name: .long, help: "Also print every case's time in each mode.")
    var perCase = false

    @Option(name: .long, help: ArgumentHelp("Whole-run rounds (each runs both modes).", valueName: "N"))
    var rounds = 5

    @Option(name: .long, help: ArgumentHelp("Kernel log the whole runs read and mark, as 'run --kmsg'.", valueName: "path"))
    var kmsg = "/dev/kmsg"

    @Flag(name: .customLong("skip-process-per-case"), help: "Leave out the slow fresh-process-per-case pass.")
    var skipProcessPerCase = false

    func run() throws {
        do {
            try measure()
        } catch let error as RunnerInputError {
            RunConsole.error(error.message)
            throw ExitCode(RunVerdict.badInput)
        }
    }

    struct Mode {
        var name: String
        var total: Double = 0
        /// Runner plus reaped workers, user + system.
        var cpu: Double = 0
        var perCase: [Double] = []
        /// Worker modes: each case's round trip minus the case's own time (as the worker measured it).
        var beyondCase: [Double] = []
        var statuses: [Status] = []
    }

    func measure() throws {
        var options = devices
        if options.device.isEmpty { options.device = ["reference:qaic"] }
        guard let device = try RunPreparation.devices(options).first else { throw RunnerInputError("no device") }
        let cases = try selection.selection().plan(device.allCases)
        guard !cases.isEmpty else { throw RunnerInputError("no cases selected") }
        let seed: UInt64 = 1
        let environment = RunPreparation.environment(seed: seed, workload: nil)
        print("benchmark: \(cases.count) cases on \(device.device.identity.name) (profile \(device.profile.id))")
        signal(SIGPIPE, SIG_IGN)

        guard rounds >= 1 else { throw RunnerInputError("--rounds \(rounds): must be at least 1") }
        let whole = try WholeRunBenchmark(device: device, cases: cases, options: options, kmsgPath: kmsg).measure(rounds: rounds)
        let n = Double(cases.count)
        let ratio = WholeRunBenchmark.median(whole.map(\.ratio))
        let overhead = WholeRunBenchmark.median(whole.map { ($0.worker.wall - $0.inProcess.wall) / n * 1000 })
        let cpuRatio = WholeRunBenchmark.median(whole.map(\.cpuRatio))
        let cpuOverhead = WholeRunBenchmark.median(whole.map { ($0.worker.cpu - $0.inProcess.cpu) / n * 1000 })
        print("")
        print("whole run (engine, journal, reports), \(rounds) rounds side by side; CPU = runner + worker, user + system:")
        print("round   in-process wall (s)   worker wall (s)   ratio    in-process CPU (s)   worker CPU (s)   ratio")
        for (index, round) in whole.enumerated() {
            print(String(format: "%5d   %19.3f   %15.3f   %5.3f×   %18.3f   %14.3f   %5.3f×", index + 1, round.inProcess.wall,
                         round.worker.wall, round.ratio, round.inProcess.cpu, round.worker.cpu, round.cpuRatio))
        }
        print(String(format: "median: whole-run ratio worker/in-process %.3f× (CPU %.3f×)   "
                     + "worker overhead per case %.3f ms (CPU %.3f ms)", ratio, cpuRatio, overhead, cpuOverhead))

        var inProcess = Mode(name: "in-process")
        let executor = CaseExecutor(device: device.device, driver: device.suite, profile: device.profile, environment: environment)
        let start = ContinuousClock.now
        let cpuStart = WholeRunBenchmark.cpuSeconds()
        for testCase in cases {
            let t = ContinuousClock.now
            let outcome = executor.run(testCase)
            inProcess.perCase.append((ContinuousClock.now - t).seconds)
            inProcess.statuses.append(outcome.status)
        }
        inProcess.total = (ContinuousClock.now - start).seconds
        inProcess.cpu = WholeRunBenchmark.cpuSeconds() - cpuStart

        func isolated(_ name: String, fresh: Bool) -> Mode {
            var mode = Mode(name: name)
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("accel-benchmark-worker.log").path
            let runner = IsolatedCaseRunner(settings: .init(
                executable: RunPreparation.executablePath,
                arguments: RunPreparation.workerArguments(device, options: options, seed: seed, workload: nil),
                stderrPath: log, freshProcessPerCase: fresh))
            let start = ContinuousClock.now
            let cpuStart = WholeRunBenchmark.cpuSeconds()
            for testCase in cases {
                let t = ContinuousClock.now
                let execution = runner.run(testCase, timeout: testCase.timeout ?? 30)
                let seconds = (ContinuousClock.now - t).seconds
                mode.perCase.append(seconds)
                switch execution {
                case .outcome(let outcome):
                    mode.statuses.append(outcome.status)
                    mode.beyondCase.append(seconds - outcome.duration)
                case .crashed: mode.statuses.append(.crash)
                case .timedOut, .abandoned: mode.statuses.append(.timeout)
                case .workerFailed: mode.statuses.append(.incomplete)
                }
            }
            runner.shutdown()
            mode.total = (ContinuousClock.now - start).seconds
            mode.cpu = WholeRunBenchmark.cpuSeconds() - cpuStart
            return mode
        }
        let worker = isolated("isolated worker", fresh: false)
        let fresh = skipProcessPerCase ? Mode(name: "process per case") : isolated("process per case", fresh: true)

        let base = inProcess.total / n
        print("")
        print("mode               total (s)   per case (ms)   overhead/case (ms)   ratio to in-process   CPU/case (ms)")
        print("bare case loop, one pass (CPU = runner + its reaped workers, user + system):")
        for mode in skipProcessPerCase ? [inProcess, worker] : [inProcess, worker, fresh] {
            let per = mode.total / n
            print(mode.name.padding(toLength: 17, withPad: " ", startingAt: 0)
                  + String(format: "  %9.3f   %13.3f   %18.3f   %19.1f×   %13.3f", mode.total, per * 1000,
                           (per - base) * 1000, base > 0 ? per / base : 0, mode.cpu / n * 1000))
        }
        // Where a worker's time goes: the case itself (timed inside the worker) and the rest of
        // the round trip (request, reply coding, pipe, wake-ups).
        let beyond = worker.beyondCase.sorted()
        if !beyond.isEmpty {
            let mean = beyond.reduce(0, +) / Double(beyond.count)
            let insideWorker = worker.perCase.reduce(0, +) / n - mean
            print(String(format: "worker round trip beyond the case itself (request, reply coding, pipe, wake-ups): "
                         + "mean %.3f ms, median %.3f ms, 90th percentile %.3f ms; the case itself: mean %.3f ms "
                         + "in the worker, %.3f ms in process", mean * 1000, WholeRunBenchmark.median(beyond) * 1000,
                         beyond[min(beyond.count - 1, beyond.count * 9 / 10)] * 1000, insideWorker * 1000, base * 1000))
        }
        let workerPer = worker.total / n
        let freshPer = fresh.total / n
        print(String(format: "\nratios: worker/in-process %.1f×, process-per-case/in-process %.1f×, process-per-case/worker %.1f×",
                     base > 0 ? workerPer / base : 0, base > 0 ? freshPer / base : 0, workerPer > 0 ? freshPer / workerPer : 0))
        let freshStatuses = skipProcessPerCase ? worker.statuses : fresh.statuses
        let mismatches = zip(zip(inProcess.statuses, worker.statuses), freshStatuses).filter { $0.0 != $0.1 || $0.0 != $1 }.count
        print("status agreement across the three modes: \(cases.count - mismatches)/\(cases.count)")
        if perCase {
            print("\ncase                                              in-process   worker   per-process (ms)")
            for (index, testCase) in cases.enumerated() {
                print(testCase.name.description.padding(toLength: 48, withPad: " ", startingAt: 0)
                      + String(format: "  %10.3f  %7.3f  %10.3f", inProcess.perCase[index] * 1000,
                               worker.perCase[index] * 1000, skipProcessPerCase ? 0 : fresh.perCase[index] * 1000))
            }
        }
    }
}
