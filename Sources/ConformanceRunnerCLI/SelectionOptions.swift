import AccelConformance
import ArgumentParser

/// Which cases are planned: shared by list, run and benchmark.
struct SelectionOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Run only cases matching (repeatable): a glob, or re:REGEX.", valueName: "pattern"))
    var include: [String] = []

    @Option(name: .long, help: ArgumentHelp("Leave out cases matching (repeatable): a glob, or re:REGEX.", valueName: "pattern"))
    var exclude: [String] = []

    @Option(name: .long, help: ArgumentHelp("File of case names, one per line, # comments.", valueName: "file"))
    var testList: String?

    @Flag(name: .long, help: "Also plan hazard-tier cases (known to oops kernels; disposable VMs only).")
    var includeHazards = false

    @Option(name: .long, help: ArgumentHelp("Run only shard i of n (1-based).", valueName: "i/n"))
    var shard: String?

    @Option(name: .long, help: ArgumentHelp("Run the planned list N times.", valueName: "N"))
    var `repeat`: Int = 1

    func selection(skips: [CasePattern] = []) throws -> CaseSelection {
        guard `repeat` >= 1 else { throw RunnerInputError("--repeat \(`repeat`): must be at least 1") }
        return CaseSelection(include: try include.map { try CasePattern($0, origin: "--include") },
                             exclude: try exclude.map { try CasePattern($0, origin: "--exclude") },
                             testListPath: testList, includeHazards: includeHazards, skips: skips,
                             shard: try shard.map { try Shard($0) }, repeatCount: `repeat`)
    }
}
