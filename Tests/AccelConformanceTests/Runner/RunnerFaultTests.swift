import AccelConformance
import Foundation
import Testing

/// Faults around a run rather than in a case: a second runner on the same folder, SIGTERM and
/// SIGINT, a results folder that fills up. Each ends with a documented exit status, loses no
/// journal line, and `resume` finishes the run.
@Suite struct RunnerFaultTests {
    /// `--repeat` copies of the 200 ms synthetic case, so a run lasts long enough to disturb.
    static func slowRun(_ folder: URL, repeats: Int) -> [String] {
        ["run", "--device", "synthetic:runner", "--results", folder.path, "--include", "runner.synthetic.slow",
         "--repeat", "\(repeats)", "--seed", "5", "--kmsg", "/nonexistent/kmsg"]
    }

    /// Waits until the journal of `folder` holds at least `finished` final records.
    static func waitForFinished(_ folder: URL, _ finished: Int, seconds: Double = 30) -> Int {
        let path = folder.appendingPathComponent("journal.jsonl").path
        let deadline = Date().addingTimeInterval(seconds)
        var count = 0
        while Date() < deadline {
            count = (try? RunJournalReader(path: path))?.finished.count ?? 0
            if count >= finished { break }
            usleep(20_000)
        }
        return count
    }

    @Test func secondRunOrResumeOnAFolderInUseIsRefused() throws {
        let folder = RunnerBinary.temporaryFolder("locked")
        let (first, out, _) = try RunnerBinary.start(Self.slowRun(folder, repeats: 8))
        #expect(Self.waitForFinished(folder, 1) >= 1)
        let secondRun = try RunnerBinary.run(Self.slowRun(folder, repeats: 2))
        #expect(secondRun.status == RunVerdict.badInput)
        #expect(secondRun.stderr.contains("\(folder.path): in use by another run (pid \(first.processIdentifier))"),
                "\(secondRun.stderr)")
        let secondResume = try RunnerBinary.run(["resume", folder.path])
        #expect(secondResume.status == RunVerdict.badInput)
        #expect(secondResume.stderr.contains("run.lock"), "\(secondResume.stderr)")
        // The first run is unaffected: every case passes, each slot journaled once.
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        first.waitUntilExit()
        #expect(first.terminationStatus == RunVerdict.success, "\(stdout)")
        let journal = try RunnerBinary.journal(in: folder)
        #expect(journal.finished.count == 8)
        #expect(journal.entries.filter { $0.event == .finished }.count == 8)
        #expect(journal.entries.allSatisfy { $0.event != .aborted })
        // The lock dies with its holder: the folder can be resumed (nothing left to run).
        let after = try RunnerBinary.run(["resume", folder.path])
        #expect(after.status == RunVerdict.success, "\(after.stderr)")
    }

    /// Waits until slot `index` of device 0 has started and not finished.
    static func waitForInFlight(_ folder: URL, index: Int, seconds: Double = 60) -> Bool {
        let path = folder.appendingPathComponent("journal.jsonl").path
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let journal = try? RunJournalReader(path: path),
               journal.startedOnly[JournalSlot(device: 0, index: index)] != nil { return true }
            usleep(10_000)
        }
        return false
    }

    @Test(arguments: [SIGTERM, SIGINT])
    func signalStopsTheRunCleanlyAndResumeFinishesIt(signal: Int32) throws {
        let folder = RunnerBinary.temporaryFolder("signal\(signal)")
        // Plan: slow, hang, slow, hang, slow, hang. The signal arrives while the first hang
        // (1 s before its timeout) is in flight, so a case is surely running.
        let (process, _, _) = try RunnerBinary.start(["run", "--device", "synthetic:runner", "--results", folder.path,
                                                      "--include", "runner.synthetic.slow", "--include", "runner.synthetic.hang",
                                                      "--repeat", "3", "--seed", "5", "--kmsg", "/nonexistent/kmsg",
                                                      "--flake-retries", "0"])
        #expect(Self.waitForInFlight(folder, index: 1))
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == RunVerdict.interrupted(by: signal))

        let journal = try RunnerBinary.journal(in: folder)
        #expect(journal.notes.isEmpty)
        #expect(journal.startedOnly.isEmpty, "the case in flight got a final record")
        let name = signal == SIGTERM ? "SIGTERM" : "SIGINT"
        let inFlight = journal.finished[JournalSlot(device: 0, index: 1)]
        #expect(inFlight?.outcome.status == .incomplete)
        #expect(inFlight?.outcome.message?.contains("interrupted by \(name)") == true)
        #expect(journal.finished[JournalSlot(device: 0, index: 0)]?.outcome.status == .pass)
        #expect(journal.finished.count == 2)
        // Reports are written for what finished; the rest is not run.
        let results = try RunnerBinary.results(in: folder)
        #expect(results.records.count == 6)
        #expect(results.abortReason?.contains("interrupted by \(name)") == true)
        #expect(results.records.filter { $0.outcome.status == .notrun }.count == 4)
        for file in ["results.ktap", "junit.xml", "kcidb.json"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }

        let resumed = try RunnerBinary.run(["resume", folder.path])
        #expect(resumed.status == RunVerdict.unexpected, "\(resumed.stdout)\(resumed.stderr)")
        let final = try RunnerBinary.results(in: folder)
        #expect(final.abortReason == nil)
        #expect(final.records.map(\.outcome.status) == [.pass, .incomplete, .pass, .timeout, .pass, .timeout])
        #expect(try RunnerBinary.journal(in: folder).entries.filter { $0.event == .finished }.count == 6)
    }

    /// Mounting a tmpfs needs root (CAP_SYS_ADMIN); elsewhere the test is skipped.
    static let canMount: Bool = {
        guard geteuid() == 0 else { return false }
        let probe = RunnerBinary.temporaryFolder("mountprobe")
        defer { try? FileManager.default.removeItem(at: probe) }
        guard mountTmpfs(probe, kilobytes: 64) else { return false }
        return umount(probe.path) == 0
    }()

    static func mountTmpfs(_ folder: URL, kilobytes: Int, remount: Bool = false) -> Bool {
        let flags = remount ? UInt(MS_REMOUNT) : 0
        return mount("tmpfs", folder.path, "tmpfs", flags, "size=\(kilobytes)k,mode=0755") == 0
    }

    @Test(.enabled(if: RunnerFaultTests.canMount, "needs root to mount a small tmpfs"))
    func fullDiskStopsWithExitFiveNamingTheFileAndResumeFinishesAfterSpaceIsFreed() throws {
        let mountPoint = RunnerBinary.temporaryFolder("fulldisk")
        try #require(Self.mountTmpfs(mountPoint, kilobytes: 96))
        defer { umount2(mountPoint.path, Int32(MNT_DETACH)) }
        let folder = mountPoint.appendingPathComponent("results")
        let arguments = ["run", "--device", "synthetic:runner", "--results", folder.path, "--include", "runner.synthetic.pass",
                         "--include", "runner.synthetic.fail", "--repeat", "150", "--seed", "9", "--kmsg", "/nonexistent/kmsg",
                         "--flake-retries", "0"]
        let full = try RunnerBinary.run(arguments)
        #expect(full.status == RunVerdict.storageFailed, "\(full.stdout)\n\(full.stderr)")
        #expect(full.stderr.contains("No space left on device"), "\(full.stderr)")
        #expect(full.stderr.contains(folder.path + "/"), "the error names the file: \(full.stderr)")
        // Every line already written parses: no cut-off last line, no garbled one.
        let journalPath = folder.appendingPathComponent("journal.jsonl").path
        let journal = try RunJournalReader(path: journalPath)
        #expect(journal.notes.isEmpty, "\(journal.notes)")
        let text = try String(contentsOfFile: journalPath, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        let recorded = journal.finished
        #expect(recorded.count > 10, "filled mid-run, not at the start")
        #expect(recorded.count < 300, "filled mid-run, not at the end")

        try #require(Self.mountTmpfs(mountPoint, kilobytes: 16 * 1024, remount: true))
        let resumed = try RunnerBinary.run(["resume", folder.path])
        #expect(resumed.status == RunVerdict.unexpected, "the fail cases fail\n\(resumed.stdout)\n\(resumed.stderr)")
        let results = try RunnerBinary.results(in: folder)
        #expect(results.records.count == 300)
        #expect(results.abortReason == nil)
        #expect(!results.records.contains { $0.outcome.status == .notrun })
        let after = try RunnerBinary.journal(in: folder)
        for (slot, record) in recorded { #expect(after.finished[slot] == record) }
        // The case files of every record exist, including any the full disk cut off.
        for record in results.records {
            let trace = folder.appendingPathComponent(record.directory ?? "-").appendingPathComponent("trace.jsonl")
            #expect(FileManager.default.fileExists(atPath: trace.path), "\(trace.path)")
        }
    }
}
