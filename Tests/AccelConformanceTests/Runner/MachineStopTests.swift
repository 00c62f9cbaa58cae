import AccelConformance
import Foundation
import Testing

/// `resume --machine-stopped FILE`: the VM host (or a lab) stopped a machine whose kernel locked
/// up; the case in flight is recorded `crash` with the kernel's report, the journal records the
/// stop, and the rest of the run goes on. Bad report files are bad input (exit 2), nothing lost.
@Suite struct MachineStopTests {
    /// A planned run whose journal says slot 0 started and nothing more: what the 9p share holds
    /// after QEMU was stopped on a soft lockup during the first case.
    private func stoppedRun(_ tag: String) throws -> URL {
        let folder = RunnerBinary.temporaryFolder(tag)
        let planned = try RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", folder.path, "--dry-run",
                                            "--include", "runner.synthetic.pass", "--repeat", "3", "--kmsg", "/nonexistent/kmsg"])
        #expect(planned.status == RunVerdict.success, "\(planned.stdout)\n\(planned.stderr)")
        let started = #"{"attempt":1,"device":0,"event":"started","index":0,"name":"runner.synthetic.pass","time":817550000}"#
        try Data((started + "\n").utf8).write(to: folder.appendingPathComponent("journal.jsonl"))
        return folder
    }

    @Test func caseInFlightIsRecordedCrashWithTheReport() throws {
        let folder = try stoppedRun("machine-stopped")
        let report = folder.appendingPathComponent("lockup.txt")
        try "[   52.995004] watchdog: BUG: soft lockup - CPU#0 stuck for 27s! [conformance-run:179]\nCall Trace:\n"
            .write(to: report, atomically: true, encoding: .utf8)
        let resumed = try RunnerBinary.run(["resume", "--machine-stopped", report.path, folder.path])
        #expect(resumed.status == RunVerdict.unexpected, "\(resumed.stdout)\n\(resumed.stderr)")
        let results = try RunnerBinary.results(in: folder)
        #expect(results.records.map(\.outcome.status) == [.crash, .pass, .pass])
        #expect(results.records[0].outcome.message ==
                "the machine was stopped while this case ran: watchdog: BUG: soft lockup - CPU#0 stuck for 27s! "
                + "[conformance-run:179]; not re-run")
        let journal = try RunnerBinary.journal(in: folder)
        #expect(journal.entries.contains { $0.event == .aborted && $0.reason?.contains("soft lockup") == true })
    }

    @Test func withoutTheReportTheCaseStaysIncomplete() throws {
        let folder = try stoppedRun("machine-died")
        let resumed = try RunnerBinary.run(["resume", folder.path])
        #expect(resumed.status == RunVerdict.unexpected, "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(try RunnerBinary.results(in: folder).records.map(\.outcome.status) == [.incomplete, .pass, .pass])
    }

    @Test func badReportIsBadInputAndLosesNothing() throws {
        let folder = try stoppedRun("machine-stopped-bad")
        let journal = folder.appendingPathComponent("journal.jsonl")
        let before = try Data(contentsOf: journal)
        let empty = folder.appendingPathComponent("empty.txt")
        try "\n  \n".write(to: empty, atomically: true, encoding: .utf8)
        for path in [empty.path, folder.appendingPathComponent("missing.txt").path] {
            let resumed = try RunnerBinary.run(["resume", "--machine-stopped", path, folder.path])
            #expect(resumed.status == RunVerdict.badInput)
            #expect(resumed.stderr.contains("--machine-stopped \(path)"), "\(resumed.stderr)")
            #expect(try Data(contentsOf: journal) == before)
        }
    }
}
