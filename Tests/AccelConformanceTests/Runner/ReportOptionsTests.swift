import AccelConformance
import Foundation
import Testing

/// KCIDB options on `run` and `resume`, and the case limit recorded for KTAP's TIMEOUT.
@Suite struct ReportOptionsTests {
    static let subset = ["--include", "qaic.create_bo.first_handle_is_one", "--include", "core.version.lengths_only"]

    @Test func kcidbOptionsReachTheReportAndResumeReusesThem() throws {
        let folder = RunnerBinary.temporaryFolder("kcidb-options")
        let commit = "0123456789abcdef0123456789abcdef01234567"
        let planned = try RunnerBinary.run(["run", "--device", "reference:qaic", "--results", folder.path, "--dry-run",
                                            "--kmsg", "/nonexistent/kmsg", "--kcidb-origin", "lab_one", "--kcidb-run-id", "night7",
                                            "--kernel-commit", commit.uppercased()] + Self.subset)
        #expect(planned.status == RunVerdict.success, "\(planned.stdout)\n\(planned.stderr)")
        let resumed = try RunnerBinary.run(["resume", folder.path])
        #expect(resumed.status == RunVerdict.success, "\(resumed.stdout)\n\(resumed.stderr)")
        let kcidb = try String(contentsOf: folder.appendingPathComponent("kcidb.json"), encoding: .utf8)
        #expect(kcidb.contains(#""origin": "lab_one""#) || kcidb.contains(#""origin":"lab_one""#), "\(kcidb.prefix(400))")
        #expect(kcidb.contains("lab_one:night7:"))
        #expect(kcidb.contains(commit))
        #expect(!kcidb.contains("accelct:"))
    }

    @Test func badKCIDBOptionsExitTwoBeforeTheRun() throws {
        let folder = RunnerBinary.temporaryFolder("kcidb-bad").appendingPathComponent("results")
        for bad in [["--kcidb-origin", "Lab-One"], ["--kernel-commit", "abc"], ["--kernel-repository", "git://x"]] {
            let result = try RunnerBinary.run(["run", "--device", "reference:qaic", "--results", folder.path,
                                               "--kmsg", "/nonexistent/kmsg"] + bad + Self.subset)
            #expect(result.status == RunVerdict.badInput, "\(bad): \(result.stdout)\n\(result.stderr)")
            #expect(result.stderr.contains("invalid KCIDB") && result.stderr.contains(bad[1]), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: folder.path), "nothing may be written for bad input")
        }
    }

    /// Options that only fail when the report is written (a recorded command line this version
    /// rejects): the results are kept, then exit 2.
    @Test func reportRejectedAfterTheRunKeepsResultsAndExitsTwo() throws {
        let folder = RunnerBinary.temporaryFolder("kcidb-late")
        let planned = try RunnerBinary.run(["run", "--device", "reference:qaic", "--results", folder.path, "--dry-run",
                                            "--kmsg", "/nonexistent/kmsg"] + Self.subset)
        #expect(planned.status == RunVerdict.success, "\(planned.stderr)")
        let metadataURL = folder.appendingPathComponent("metadata.json")
        var metadata = try RunFolder.readMetadata(from: folder.path)
        metadata.commandLine += ["--kcidb-origin", "Not-Valid"]
        try RunFolder.writeMetadata(metadata, to: folder)
        #expect(FileManager.default.fileExists(atPath: metadataURL.path))
        let resumed = try RunnerBinary.run(["resume", folder.path])
        #expect(resumed.status == RunVerdict.badInput, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(resumed.stderr.contains("invalid KCIDB origin 'Not-Valid'"), "\(resumed.stderr)")
        let results = try RunnerBinary.results(in: folder)
        #expect(results.records.count == 2)
        #expect(try RunnerBinary.journal(in: folder).finished.count == 2)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("kcidb.json").path))
    }

    @Test func timedOutCaseRecordsItsLimitAndKTAPPrintsIt() throws {
        let folder = RunnerBinary.temporaryFolder("timeout-limit")
        let result = try RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", folder.path, "--flake-retries", "0",
                                           "--kmsg", "/nonexistent/kmsg", "--timeout", "7.5",
                                           "--include", "runner.synthetic.hang", "--include", "runner.synthetic.pass"])
        #expect(result.status == RunVerdict.unexpected, "\(result.stdout)\n\(result.stderr)")
        let results = try RunnerBinary.results(in: folder)
        // The hang row sets its own 1 s limit; the others get --timeout.
        #expect(results.record("runner.synthetic.hang")?.timeoutSeconds == 1)
        #expect(results.record("runner.synthetic.pass")?.timeoutSeconds == 7.5)
        let ktap = try String(contentsOf: folder.appendingPathComponent(ResultWriters.FileName.ktap), encoding: .utf8)
        #expect(ktap.contains("hang # TIMEOUT 1 seconds"), "\(ktap)")

        let inProcess = RunnerBinary.temporaryFolder("timeout-inprocess")
        _ = try RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", inProcess.path, "--isolation", "inprocess",
                                  "--kmsg", "/nonexistent/kmsg", "--include", "runner.synthetic.pass"])
        #expect(try RunnerBinary.results(in: inProcess).record("runner.synthetic.pass")?.timeoutSeconds == nil)
    }
}
