import AccelConformance
import ArgumentParser
import Foundation

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the conformance cases on the selected devices and write a results folder.",
        discussion: """
            Cases run one after another in a worker process per device (--isolation worker, the default), so a \
            crash or a hang costs one case; devices run in parallel (--jobs). Every case event is journaled; \
            'resume DIR' continues an interrupted run.

            \(ExitCodes.help)
            """)

    @OptionGroup var devices: DeviceOptions
    @OptionGroup var selection: SelectionOptions
    @OptionGroup var options: RunOptions

    func run() throws {
        let exitCode: Int32
        do {
            exitCode = try execute(commandLine: CommandLine.arguments)
        } catch let error as RunnerInputError {
            RunConsole.error(error.message)
            throw ExitCode(RunVerdict.badInput)
        } catch let error as RunStorageError {
            RunConsole.error("\(error); nothing journaled is lost: free space (or fix the folder) and 'resume' it")
            throw ExitCode(RunVerdict.storageFailed)
        }
        throw ExitCode(exitCode)
    }

    func execute(commandLine: [String]) throws -> Int32 {
        var options = self.options
        options.results = options.resultsFolder
        let isolation = try options.validated()
        let baselines = try options.baselines()
        let dmesg = try options.dmesgPolicy()
        let plan = try selection.selection(skips: baselines.skips)
        let seed = options.seed ?? UInt64.random(in: 0...UInt64.max)
        let prepared = try RunPreparation.devices(devices)
        var deviceRuns: [RunMetadata.DeviceRun] = []
        var plans: [DevicePlan] = []
        for (index, device) in prepared.enumerated() {
            let cases = try plan.plan(device.allCases)
            let names = device.allCases.map(\.name.description)
            for flake in baselines.flakes { try flake.check(against: names) }
            deviceRuns.append(RunMetadata.DeviceRun(selector: device.selector, identity: device.device.identity,
                                                    profile: device.profile, plan: cases.map(\.name)))
            plans.append(RunPreparation.devicePlan(index: index, device: device, cases: cases, options: devices, seed: seed,
                                                   workload: options.workload))
        }
        if options.list {
            for (device, run) in zip(prepared, deviceRuns) {
                print("# \(device.device.identity.name) (profile \(device.profile.id)): \(run.plan.count) cases")
                for name in run.plan { print(name) }
            }
            // With an explicit --results the plan is also written, like --dry-run.
            if self.options.results == nil { return RunVerdict.success }
        }
        let folderPath = options.results!
        let folder = URL(fileURLWithPath: folderPath)
        func refuseUsedFolder() throws {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("journal.jsonl").path) {
                throw RunnerInputError("\(folderPath): already holds a run (journal.jsonl); continue it with 'resume \(folderPath)' or choose another --results folder")
            }
        }
        if let busy = RunFolderLock.inUse(folder) { throw busy }
        try refuseUsedFolder()
        let metadata = RunMetadata(toolVersion: ToolVersion.string, commandLine: commandLine, seed: seed,
                                   selection: plan.summary, devices: deviceRuns, startTime: Date(),
                                   hostname: ProcessInfo.processInfo.hostName)
        let writerOptions = try options.writerOptions(for: metadata)
        // Taken once the input is known good (bad input writes nothing), held until this process
        // ends: a second run or resume on the folder is refused. The journal is checked again
        // under the lock, in case a run that held it has just finished there.
        let lock = try RunFolderLock(folder: folder)
        defer { withExtendedLifetime(lock) {} }
        try refuseUsedFolder()
        try RunFolder.writeMetadata(metadata, to: folder)
        if options.dryRun || options.list {
            let total = deviceRuns.reduce(0) { $0 + $1.plan.count }
            print("Planned \(total) cases (seed \(seed)) into \(folderPath); run them with: conformance-runner resume \(folderPath)")
            return RunVerdict.success
        }
        print("seed: \(seed)")
        let console = RunConsole(lava: options.lava)
        let engine = try RunEngine(configuration: Self.configuration(options, isolation: isolation, baselines: baselines,
                                                                     dmesg: dmesg, folder: folder, devices: devices,
                                                                     writers: writerOptions),
                                   metadata: metadata, plans: plans, report: console.handle)
        return Self.finish(engine, console: console, options: options)
    }

    static func configuration(_ options: RunOptions, isolation: RunConfiguration.Isolation, baselines: BaselineFiles,
                              dmesg: DmesgPolicy, folder: URL, devices: DeviceOptions,
                              writers: ResultWriterOptions) -> RunConfiguration {
        RunConfiguration(resultsDirectory: folder, isolation: isolation, jobs: options.jobs, defaultTimeout: options.timeout,
                         dmesg: dmesg, kmsgPath: options.kmsg, procRoot: devices.procRoot, baselines: baselines,
                         flakeRetries: options.flakeRetries, workerExecutable: RunPreparation.executablePath,
                         resultWriters: writers)
    }

    /// Runs the engine, prints the summary, and picks the exit status. A report the writers
    /// refused (bad KCIDB options) is bad input, said only after the journal and results.json
    /// are on disk, so nothing recorded is lost.
    static func finish(_ engine: RunEngine, console: RunConsole, options: RunOptions) -> Int32 {
        let results = engine.execute()
        console.summary(results, folder: options.results ?? "")
        if options.ktap { print(ResultWriters.ktap(results), terminator: "") }
        var code = RunVerdict.exitCode(results, stop: engine.stop)
        if let problem = engine.reportProblem {
            RunConsole.error("\(problem); the results are kept in \(options.results ?? "the results folder") (journal.jsonl, results.json)")
            code = RunVerdict.badInput
        }
        print("exit status \(code)")
        return code
    }
}
