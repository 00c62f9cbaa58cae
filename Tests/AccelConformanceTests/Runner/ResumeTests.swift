import AccelConformance
import Foundation
import Testing

/// The journal survives a killed runner: `resume` records the case in flight as incomplete,
/// keeps everything finished, runs the rest, and every planned case appears exactly once.
@Suite struct ResumeTests {
    @Test func resumeAfterSIGKILLLosesNothing() throws {
        let folder = RunnerBinary.temporaryFolder("resume")
        let (process, _, _) = try RunnerBinary.start(["run", "--device", "synthetic:runner", "--results", folder.path,
                                                      "--include", "runner.synthetic.slow", "--include", "runner.synthetic.pass",
                                                      "--repeat", "8", "--seed", "3", "--kmsg", "/nonexistent/kmsg"])
        // Wait until a few cases have finished, then kill the runner outright.
        let journalPath = folder.appendingPathComponent("journal.jsonl").path
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let finished = (try? RunJournalReader(path: journalPath))?.finished.count ?? 0
            if finished >= 4 { break }
            usleep(20_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let before = try RunnerBinary.journal(in: folder)
        let finishedBefore = before.finished
        #expect(finishedBefore.count >= 4)
        #expect(finishedBefore.count < 16)
        // A line cut off mid-write is what a kill can leave behind.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: journalPath))
        handle.seekToEndOfFile()
        handle.write(Data(#"{"device":0,"event":"finished","index":15,"na"#.utf8))
        try handle.close()

        let resumed = try RunnerBinary.run(["resume", folder.path])
        #expect(resumed.status == RunVerdict.success || resumed.status == RunVerdict.unexpected,
                "\(resumed.stdout)\n\(resumed.stderr)")
        #expect(resumed.stderr.contains("truncated last journal line"))
        let results = try RunnerBinary.results(in: folder)
        #expect(results.records.count == 16)
        let after = try RunnerBinary.journal(in: folder)
        // Exactly one final record per slot, and the ones recorded before the kill are unchanged.
        #expect(after.finished.count == 16)
        #expect(after.entries.filter { $0.event == .finished }.count == 16)
        for (slot, record) in finishedBefore {
            #expect(after.finished[slot] == record)
        }
        // Whatever was in flight is incomplete, never re-run; the others ran.
        let incomplete = results.records.filter { $0.outcome.status == .incomplete }
        #expect(incomplete.count == before.startedOnly.count)
        #expect(incomplete.count <= 1)
        #expect(results.records.allSatisfy { [.pass, .incomplete].contains($0.outcome.status) })
        #expect(resumed.status == (incomplete.isEmpty ? RunVerdict.success : RunVerdict.unexpected))
        // The cut-off line was removed, so a second resume reads the journal cleanly and runs nothing.
        #expect(after.notes.isEmpty)
        let again = try RunnerBinary.run(["resume", folder.path])
        #expect(again.stdout.contains("16 of 16 cases recorded"), "\(again.stdout)\n\(again.stderr)")
        #expect(try RunnerBinary.journal(in: folder).finished.count == 16)
    }

    @Test func dryRunPlanIsRunByResume() throws {
        let folder = RunnerBinary.temporaryFolder("dryrun")
        let planned = try RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", folder.path, "--dry-run",
                                            "--include", "runner.synthetic.pass", "--repeat", "2", "--kmsg", "/nonexistent/kmsg"])
        #expect(planned.status == RunVerdict.success, "\(planned.stdout)\n\(planned.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("journal.jsonl").path))
        let metadata = try RunFolder.readMetadata(from: folder.path)
        #expect(metadata.devices.first?.plan.map(\.description) == ["runner.synthetic.pass", "runner.synthetic.pass"])
        let resumed = try RunnerBinary.run(["resume", folder.path])
        #expect(resumed.status == RunVerdict.success, "\(resumed.stdout)\n\(resumed.stderr)")
        let results = try RunnerBinary.results(in: folder)
        #expect(results.records.map(\.outcome.status) == [.pass, .pass])
        #expect(results.records.map(\.directory) == ["cases/runner.synthetic.pass", "cases/runner.synthetic.pass-r2"])
    }

    @Test func badResultsFoldersExitTwo() throws {
        let empty = RunnerBinary.temporaryFolder("notresults")
        let missing = try RunnerBinary.run(["resume", empty.path])
        #expect(missing.status == RunVerdict.badInput)
        #expect(missing.stderr.contains("metadata.json"))
        let file = empty.appendingPathComponent("plain-file")
        try "x".write(to: file, atomically: true, encoding: .utf8)
        let notFolder = try RunnerBinary.run(["resume", file.path])
        #expect(notFolder.status == RunVerdict.badInput)
        #expect(notFolder.stderr.contains("not a folder"))
    }

    @Test func truncatedLastLineIsSkippedGarbledMiddleLineIsAnError() throws {
        let good = JournalEntry(event: .started, device: 0, index: 0, name: try CaseName("runner.synthetic.pass"), attempt: 1)
        let line = String(decoding: try JSONEncoder().encode(good), as: UTF8.self)
        let truncated = try RunJournalReader(data: Data((line + "\n" + line + "\n" + String(line.prefix(20))).utf8),
                                             path: "j.jsonl")
        #expect(truncated.entries.count == 2)
        #expect(truncated.notes.first?.hasPrefix("j.jsonl:3:") == true)
        #expect(throws: RunnerInputError(file: "j.jsonl", line: 2, "garbled journal line")) {
            try RunJournalReader(data: Data((line + "\n{garbage\n" + line + "\n").utf8), path: "j.jsonl")
        }
        #expect(truncated.startedOnly.count == 1)
    }
}
