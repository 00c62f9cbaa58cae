import AccelConformance
import ArgumentParser
import Foundation

/// Execution options of `run` (and of `resume`, which re-reads them from the metadata).
struct RunOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Results folder (journal, metadata, per-case traces, reports); default: a new results-<time> folder.",
                                            valueName: "dir"))
    var results: String?

    /// The folder to use: the given one, or a fresh one named after the start time.
    var resultsFolder: String {
        if let results { return results }
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.locale = Locale(identifier: "en_US_POSIX")
        return "results-\(formatter.string(from: Date()))"
    }

    @Option(name: .long, help: ArgumentHelp("worker: cases run in a worker process per device (a crash or hang costs one case); inprocess: in this process.",
                                            valueName: "mode"))
    var isolation: RunConfiguration.Isolation = .worker

    @Option(name: .long, help: ArgumentHelp("Devices run in parallel, at most N at a time.", valueName: "N"))
    var jobs: Int = 1

    @Option(name: .long, help: ArgumentHelp("Seconds a case may take unless it sets its own timeout.", valueName: "seconds"))
    var timeout: Double = 30

    @Option(name: .long, help: ArgumentHelp("Seed for randomized inputs (default: random, printed and logged).", valueName: "N"))
    var seed: UInt64?

    @Flag(name: .long, help: "Plan only: print the planned cases (and with --results write the plan, like --dry-run).")
    var list = false

    @Flag(name: .long, help: "Write the plan and metadata into the results folder without running; 'resume' runs it.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("drm-ci fails baseline: CSV 'name,Status' per line.", valueName: "file"))
    var baselineFails: String?

    @Option(name: .long, help: ArgumentHelp("drm-ci flakes baseline: one regex per line; never fails the run.", valueName: "file"))
    var baselineFlakes: String?

    @Option(name: .long, help: ArgumentHelp("drm-ci skips baseline: one regex per line; matching cases are not run.", valueName: "file"))
    var baselineSkips: String?

    @Option(name: .long, help: ArgumentHelp("Re-runs of an unexpected failure to tell a flake from a failure.", valueName: "N"))
    var flakeRetries: Int = 1

    @Option(name: .long, help: ArgumentHelp("Kernel-log level at or below which a line marks the case (0 emerg … 7 debug).", valueName: "level"))
    var dmesgWarnLevel: Int = 4

    @Option(name: .long, help: ArgumentHelp("Regex of known-benign kernel-log lines (repeatable).", valueName: "regex"))
    var dmesgIgnore: [String] = []

    @Option(name: .long, help: ArgumentHelp("Kernel log device.", valueName: "path", visibility: .hidden))
    var kmsg: String = "/dev/kmsg"

    @Option(name: .long, help: ArgumentHelp("Workload fixture for rows that need real execution.", valueName: "file"))
    var workload: String?

    @Flag(name: .long, help: "Also print the KTAP document on stdout at the end.")
    var ktap = false

    @Flag(name: .long, help: "Print LAVA test-case signals as cases finish (also on when LAVA_SIGNAL_* is set).")
    var lava = false

    /// Recorded with the command line, so `resume` writes the same `kcidb.json`.
    @OptionGroup(title: "KCIDB report") var kcidb: KCIDBOptions

    func validated() throws -> RunConfiguration.Isolation {
        guard jobs >= 1 else { throw RunnerInputError("--jobs \(jobs): must be at least 1") }
        guard timeout > 0 else { throw RunnerInputError("--timeout \(timeout): must be positive") }
        guard flakeRetries >= 0 else { throw RunnerInputError("--flake-retries \(flakeRetries): must be 0 or more") }
        guard (0...7).contains(dmesgWarnLevel) else { throw RunnerInputError("--dmesg-warn-level \(dmesgWarnLevel): must be 0…7") }
        return isolation
    }

    /// The result writers' options, checked before anything runs: a KCIDB value the schema
    /// would reject is bad input, better found now than after the run.
    func writerOptions(for metadata: RunMetadata) throws -> ResultWriterOptions {
        let options = kcidb.writerOptions
        do {
            _ = try KCIDBWriter.document(RunResults(metadata: metadata, records: []), options: options)
        } catch {
            throw RunnerInputError("\(error)")
        }
        return options
    }

    func baselines() throws -> BaselineFiles {
        try BaselineFiles(failsFile: baselineFails, flakesFile: baselineFlakes, skipsFile: baselineSkips)
    }

    func dmesgPolicy() throws -> DmesgPolicy {
        DmesgPolicy(warnLevel: dmesgWarnLevel, ignore: try dmesgIgnore.map { try CasePattern(regex: $0, origin: "--dmesg-ignore") })
    }
}

/// `--isolation worker|inprocess`: ArgumentParser checks the word and lists the choices; a wrong
/// one exits 2 like any other usage error (ConformanceRunner.main).
extension RunConfiguration.Isolation: ExpressibleByArgument {}
