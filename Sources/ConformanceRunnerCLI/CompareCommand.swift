import AccelConformance
import ArgumentParser
import Foundation

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "What changed between two results folders: regressions, fixes, new, removed and other status changes.",
        discussion: """
            Cases are matched per device by name; devices by name, else by driver (a reference run against a \
            board or VM run). A regression is a case that passed or was skipped in A and fails in B (fail, crash, \
            timeout, incomplete, dmesg-*, abort); a fix failed in A and passes in B.

            Exit codes:
              0  no regressions (other changes may be listed)
              1  at least one regression
              2  bad input (a folder that is missing or holds no readable results.json)
            """)

    @Argument(help: ArgumentHelp("Results folder of the earlier run.", valueName: "A"))
    var before: String

    @Argument(help: ArgumentHelp("Results folder of the later run.", valueName: "B"))
    var after: String

    @Flag(name: .long, help: "Print one JSON document instead of text.")
    var json = false

    func run() throws {
        let comparison: RunComparison
        do {
            comparison = RunComparison(try ResultsFolder(URL(fileURLWithPath: before)).results(),
                                       try ResultsFolder(URL(fileURLWithPath: after)).results())
        } catch {
            FileHandle.standardError.write(Data("conformance-runner compare: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        print(json ? ComparisonText.json(comparison, before: before, after: after)
                   : ComparisonText.text(comparison, before: before, after: after), terminator: "")
        throw ExitCode(comparison.regressionCount > 0 ? 1 : 0)
    }
}
