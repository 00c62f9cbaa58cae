import AccelConformance
import ArgumentParser
import Foundation

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a results folder as one self-contained HTML page (also written by every run as report.html).",
        discussion: """
            Per device: counts by status with a bar, filters by status, group and name, and for every case that \
            did not pass: expected vs actual, rationale, baseline verdict, decoded trace, kernel-log slice, re-run \
            command and C reproducer. With --compare EARLIER the page starts with what changed from the run in \
            EARLIER to the run in DIR (as 'compare EARLIER DIR' prints it). The page fetches nothing.
            Exit 0 when written, 2 on bad input.
            """)

    @Argument(help: ArgumentHelp("Results folder.", valueName: "dir"))
    var directory: String

    @Option(name: .long, help: ArgumentHelp("Where to write the page (default: DIR/report.html).", valueName: "file"))
    var html: String?

    @Option(name: .long, help: ArgumentHelp("An earlier results folder to compare DIR with.", valueName: "earlier"))
    var compare: String?

    func run() throws {
        do throws(ResultsFolder.Problem) {
            let results = try ResultsFolder(URL(fileURLWithPath: directory)).results()
            var comparison: (RunComparison, before: String, after: String)?
            if let compare {
                let earlier = try ResultsFolder(URL(fileURLWithPath: compare)).results()
                comparison = (RunComparison(earlier, results), before: compare, after: directory)
            }
            let output = URL(fileURLWithPath: html ?? URL(fileURLWithPath: directory)
                .appendingPathComponent(ResultWriters.FileName.report).path)
            do {
                try Data(ResultWriters.htmlReport(results, comparison: comparison).utf8).write(to: output, options: .atomic)
            } catch {
                throw ResultsFolder.Problem("--html \(output.path): \(error.localizedDescription)")
            }
            print("wrote \(output.path)")
        } catch {
            FileHandle.standardError.write(Data("conformance-runner report: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }
}
