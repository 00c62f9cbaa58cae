import AccelConformance
import ArgumentParser
import Foundation

struct ResumeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue a run (or a --dry-run plan) where its journal stops.",
        discussion: """
            Cases that finished are kept; a case that started but never finished (the runner or the machine \
            died) is recorded 'incomplete' and not re-run; the rest run with the original options, seed and plan. \
            With --machine-stopped FILE (a VM host or lab stopped the machine on a kernel lockup report), \
            that case is recorded 'crash' with the report's first line, and the journal records the stop.

            \(ExitCodes.help)
            """)

    @Argument(help: ArgumentHelp("The results folder of the run.", valueName: "dir"))
    var folder: String

    @Option(name: .customLong("machine-stopped"),
            help: ArgumentHelp("A file saying why the machine of the earlier attempt was stopped from outside (e.g. "
                               + "the kernel's soft-lockup, hung-task or RCU-stall report seen on its console).",
                               valueName: "file"))
    var machineStopped: String?

    func run() throws {
        let exitCode: Int32
        do {
            exitCode = try execute()
        } catch let error as RunnerInputError {
            RunConsole.error(error.message)
            throw ExitCode(RunVerdict.badInput)
        } catch let error as RunStorageError {
            RunConsole.error("\(error); nothing journaled is lost: free space (or fix the folder) and 'resume' it")
            throw ExitCode(RunVerdict.storageFailed)
        }
        throw ExitCode(exitCode)
    }

    func execute() throws -> Int32 {
        let stop = try machineStopped.map { path throws(RunnerInputError) in try MachineStop.read(path: path) }
        let metadata = try RunFolder.readMetadata(from: folder)
        let lock = try RunFolderLock(folder: URL(fileURLWithPath: folder))
        defer { withExtendedLifetime(lock) {} }
        let journalPath = URL(fileURLWithPath: folder).appendingPathComponent("journal.jsonl").path
        let journal = try RunJournalReader(path: journalPath)
        try journal.check(against: metadata)
        for note in journal.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }

        // The recorded argv is `<binary> run <options>`: the root command takes no options, so
        // the subcommand is always argument 1 and its options are everything after it.
        guard metadata.commandLine.count >= 2, metadata.commandLine[1] == RunCommand.configuration.commandName else {
            throw RunnerInputError("\(folder)/metadata.json: the recorded command line is not '<binary> run …'")
        }
        let original: RunCommand
        do {
            original = try RunCommand.parse(Array(metadata.commandLine.dropFirst(2)))
        } catch {
            throw RunnerInputError("\(folder)/metadata.json: cannot re-read the original options: \(RunCommand.message(for: error))")
        }
        let options = original.options
        let devices = original.devices
        let isolation = try options.validated()
        let baselines = try options.baselines()
        let dmesg = try options.dmesgPolicy()

        var plans: [DevicePlan] = []
        for (index, run) in metadata.devices.enumerated() {
            var exact = devices
            exact.device = [run.selector]
            exact.kernelProfile = run.profile.id
            guard let device = try RunPreparation.devices(exact).first else {
                throw RunnerInputError("device \(run.selector): not found any more")
            }
            let byName = Dictionary(device.allCases.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            let cases = try run.plan.map { name throws(RunnerInputError) -> ConformanceCase in
                guard let found = byName[name] else {
                    throw RunnerInputError("\(folder)/metadata.json: planned case \(name) does not exist in this version of the suite")
                }
                return found
            }
            plans.append(RunPreparation.devicePlan(index: index, device: device, cases: cases, options: devices,
                                                   seed: metadata.seed, workload: options.workload))
        }
        let done = journal.finished.count
        let incomplete = Array(journal.startedOnly.keys)
        let total = plans.reduce(0) { $0 + $1.cases.count }
        print("Resuming \(folder): \(done) of \(total) cases recorded, \(incomplete.count) incomplete, \(total - done - incomplete.count) to run (seed \(metadata.seed))")
        if let reason = journal.abortReason { print("note: the run had aborted: \(reason); resuming anyway") }

        // No case in flight, but the run had aborted on a kernel problem during its last case:
        // the machine stop is the same incident.
        let stoppedDuring = stop != nil && incomplete.isEmpty && journal.abortReason != nil ? journal.lastStarted : nil
        let folderURL = URL(fileURLWithPath: folder)
        let writer = try RunJournalWriter(path: journalPath)
        if let stop { try writer.append(JournalEntry(event: .aborted, reason: stop.journalReason)) }
        try writer.append(JournalEntry(event: .resumed))
        let console = RunConsole(lava: options.lava)
        var resultsOptions = options
        resultsOptions.results = folder
        // The KCIDB options come from the recorded command line like every other option;
        // bad ones (a stricter rule in this version) are reported after the run, not before,
        // because the folder already holds recorded results that must be completed.
        let engine = try RunEngine(configuration: RunCommand.configuration(options, isolation: isolation, baselines: baselines,
                                                                           dmesg: dmesg, folder: folderURL, devices: devices,
                                                                           writers: options.kcidb.writerOptions),
                                   metadata: metadata, plans: plans, previous: journal.finished, incomplete: incomplete,
                                   machineStop: stop, stoppedDuring: stoppedDuring, report: console.handle)
        return RunCommand.finish(engine, console: console, options: resultsOptions)
    }
}
