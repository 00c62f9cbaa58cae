import AccelConformance
import Foundation

/// Whole runs through the engine, as `run` does them (journal with fsync, case files, kernel-log
/// marks and taint reads, reports), in process and in a worker, side by side: the two modes
/// alternate within each round so machine load hits both alike. The figure a user sees.
struct WholeRunBenchmark {
    /// Wall-clock and CPU seconds (runner plus its reaped worker: user + system) of one run.
    struct Cost {
        var wall: Double
        var cpu: Double
    }

    struct Round {
        var inProcess: Cost
        var worker: Cost
        var ratio: Double { inProcess.wall > 0 ? worker.wall / inProcess.wall : 0 }
        /// On a busy machine wall-clock mostly measures the scheduler (two processes get two
        /// shares of the CPU); CPU time is what isolation really costs.
        var cpuRatio: Double { inProcess.cpu > 0 ? worker.cpu / inProcess.cpu : 0 }
    }

    let device: PreparedDevice
    let cases: [ConformanceCase]
    let options: DeviceOptions
    let kmsgPath: String

    func measure(rounds: Int) throws -> [Round] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("accel-benchmark-\(getpid())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var result: [Round] = []
        for round in 0..<rounds {
            // Alternate which mode goes first, so neither always runs on a warmer cache.
            let order: [RunConfiguration.Isolation] = round % 2 == 0 ? [.inprocess, .worker] : [.worker, .inprocess]
            var seconds: [RunConfiguration.Isolation: Cost] = [:]
            for isolation in order {
                let folder = scratch.appendingPathComponent("\(round)-\(isolation.rawValue)")
                seconds[isolation] = try run(isolation, folder: folder)
                try? FileManager.default.removeItem(at: folder)
            }
            let none = Cost(wall: 0, cpu: 0)
            result.append(Round(inProcess: seconds[.inprocess] ?? none, worker: seconds[.worker] ?? none))
        }
        return result
    }

    private func run(_ isolation: RunConfiguration.Isolation, folder: URL) throws -> Cost {
        let seed: UInt64 = 1
        let metadata = RunMetadata(toolVersion: ToolVersion.string, commandLine: ["benchmark"], seed: seed,
                                   selection: RunMetadata.Selection(),
                                   devices: [RunMetadata.DeviceRun(selector: device.selector, identity: device.device.identity,
                                                                   profile: device.profile, plan: cases.map(\.name))],
                                   startTime: Date(), hostname: ProcessInfo.processInfo.hostName)
        let plan = DevicePlan(index: 0, device: device.device, suite: device.suite, profile: device.profile, cases: cases,
                              environment: RunPreparation.environment(seed: seed, workload: nil),
                              workerArguments: RunPreparation.workerArguments(device, options: options, seed: seed, workload: nil),
                              reproducerPrefix: RunPreparation.reproducerPrefix(device, options: options, seed: seed))
        let configuration = RunConfiguration(resultsDirectory: folder, isolation: isolation, kmsgPath: kmsgPath,
                                             procRoot: options.procRoot, flakeRetries: 0,
                                             workerExecutable: RunPreparation.executablePath)
        let start = ContinuousClock.now
        let cpuStart = Self.cpuSeconds()
        try RunFolder.writeMetadata(metadata, to: folder)
        let engine = try RunEngine(configuration: configuration, metadata: metadata, plans: [plan])
        _ = engine.execute()
        return Cost(wall: (ContinuousClock.now - start).seconds, cpu: Self.cpuSeconds() - cpuStart)
    }

    /// User + system time of this process and of its children that have been waited for.
    static func cpuSeconds() -> Double {
        func seconds(_ who: Int32) -> Double {
            var usage = rusage()
            getrusage(__rusage_who_t(who), &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        return seconds(RUSAGE_SELF.rawValue) + seconds(RUSAGE_CHILDREN.rawValue)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}
