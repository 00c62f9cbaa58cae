import AccelConformance
import ArgumentParser
import Foundation

/// Not a test: measures what isolation costs per case, running one case set three ways.
struct BenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "benchmark",
        abstract: "Measure per-case overhead: in-process vs isolated worker vs a fresh process per case (IGT's model).")

    @OptionGroup var devices: DeviceOptions
    @OptionGroup var selection: SelectionOptions

    @Flag(name: .long, help: "Also print every case's time in each mode.")
    var perCase = false

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
        var perCase: [Double] = []
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

        var inProcess = Mode(name: "in-process")
        let executor = CaseExecutor(device: device.device, driver: device.suite, profile: device.profile, environment: environment)
        let start = ContinuousClock.now
        for testCase in cases {
            let t = ContinuousClock.now
            let outcome = executor.run(testCase)
            inProcess.perCase.append((ContinuousClock.now - t).seconds)
            inProcess.statuses.append(outcome.status)
        }
        inProcess.total = (ContinuousClock.now - start).seconds

        func isolated(_ name: String, fresh: Bool) -> Mode {
            var mode = Mode(name: name)
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("accel-benchmark-worker.log").path
            let runner = IsolatedCaseRunner(settings: .init(
                executable: RunPreparation.executablePath,
                arguments: RunPreparation.workerArguments(device, options: options, seed: seed, workload: nil),
                stderrPath: log, freshProcessPerCase: fresh))
            let start = ContinuousClock.now
            for testCase in cases {
                let t = ContinuousClock.now
                let execution = runner.run(testCase, timeout: testCase.timeout ?? 30)
                mode.perCase.append((ContinuousClock.now - t).seconds)
                switch execution {
                case .outcome(let outcome): mode.statuses.append(outcome.status)
                case .crashed: mode.statuses.append(.crash)
                case .timedOut, .abandoned: mode.statuses.append(.timeout)
                case .workerFailed: mode.statuses.append(.incomplete)
                }
            }
            runner.shutdown()
            mode.total = (ContinuousClock.now - start).seconds
            return mode
        }
        let worker = isolated("isolated worker", fresh: false)
        let fresh = isolated("process per case", fresh: true)

        let n = Double(cases.count)
        let base = inProcess.total / n
        print("")
        print("mode               total (s)   per case (ms)   overhead/case (ms)   ratio to in-process")
        for mode in [inProcess, worker, fresh] {
            let per = mode.total / n
            print(mode.name.padding(toLength: 17, withPad: " ", startingAt: 0)
                  + String(format: "  %9.3f   %13.3f   %18.3f   %19.1f×", mode.total, per * 1000,
                           (per - base) * 1000, base > 0 ? per / base : 0))
        }
        let workerPer = worker.total / n
        let freshPer = fresh.total / n
        print(String(format: "\nratios: worker/in-process %.1f×, process-per-case/in-process %.1f×, process-per-case/worker %.1f×",
                     base > 0 ? workerPer / base : 0, base > 0 ? freshPer / base : 0, workerPer > 0 ? freshPer / workerPer : 0))
        let mismatches = zip(zip(inProcess.statuses, worker.statuses), fresh.statuses).filter { $0.0 != $0.1 || $0.0 != $1 }.count
        print("status agreement across the three modes: \(cases.count - mismatches)/\(cases.count)")
        if perCase {
            print("\ncase                                              in-process   worker   per-process (ms)")
            for (index, testCase) in cases.enumerated() {
                print(testCase.name.description.padding(toLength: 48, withPad: " ", startingAt: 0)
                      + String(format: "  %10.3f  %7.3f  %10.3f", inProcess.perCase[index] * 1000,
                               worker.perCase[index] * 1000, fresh.perCase[index] * 1000))
            }
        }
    }
}
