import AccelConformance
import ArgumentParser
import Foundation

struct UploadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "upload",
        abstract: "Submit a results folder's kcidb.json to a KCIDB REST service (POST URL/submit).",
        discussion: """
            The bearer token is read from --token-file or the KCIDB_TOKEN environment variable, never \
            from the command line, and is never printed or written. The submission is checked first, \
            spooled in DIR/upload-spool/, and sent with retries and backoff; if it still fails it stays \
            spooled and a later 'upload DIR' sends it. Exit 0 when nothing is left in the spool, 1 when \
            a submission is still spooled, 2 on bad input.
            """)

    @Argument(help: ArgumentHelp("Results folder.", valueName: "dir"))
    var directory: String

    @Option(name: .long, help: ArgumentHelp("KCIDB REST base URL (https; http only on loopback).", valueName: "url"))
    var url: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp("File holding the bearer token (default: $KCIDB_TOKEN).", valueName: "file"))
    var tokenFile: String?

    @Flag(name: .customLong("dry-run"), help: "Only check kcidb.json; send nothing.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Tries per submission.", valueName: "N"))
    var attempts = 4

    @Option(name: .long, help: ArgumentHelp("Seconds before the second try, doubled each time.", valueName: "seconds"))
    var backoff = 2.0

    func run() throws {
        let folder: ResultsFolder
        do {
            folder = try ResultsFolder(URL(fileURLWithPath: directory))
        } catch {
            fail(error.description)
        }
        if dryRun {
            let file = folder.file(ResultWriters.FileName.kcidb)
            guard let data = FileManager.default.contents(atPath: file.path) else { fail("\(file.path): missing or unreadable") }
            let problems = KCIDBSubmissionCheck.problems(in: data)
            guard problems.isEmpty else { fail("\(file.path): not a valid KCIDB submission:\n  " + problems.joined(separator: "\n  ")) }
            print("\(file.path): valid KCIDB submission (dry run, nothing sent)")
            return
        }
        guard let url, let base = URL(string: url) else { fail("--url is required unless --dry-run") }
        guard attempts >= 1 else { fail("--attempts \(attempts): must be at least 1") }
        let report: KCIDBUploader.Report
        do {
            let token = try UploadToken.read(tokenFile: tokenFile)
            let uploader = try KCIDBUploader(.init(baseURL: base, token: token, attempts: attempts, initialBackoff: backoff,
                                                   httpClient: RunPreparation.executablePath))
            report = try uploader.upload(folder)
        } catch {
            fail(error.description)
        }
        for line in report.log { print(line) }
        if report.alreadySent { print("kcidb.json was already sent") }
        for key in report.sent { print("sent \(key)") }
        if let failure = report.failure {
            FileHandle.standardError.write(Data("conformance-runner upload: \(failure)\nstill spooled in \(UploadSpool.folderName)/: \(report.stillSpooled.joined(separator: ", ")); run 'upload \(directory)' again to send\n".utf8))
            throw ExitCode(1)
        }
    }

    private func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("conformance-runner upload: \(message)\n".utf8))
        Foundation.exit(2)
    }
}
