import AccelConformance
import Foundation
import Testing

/// A results folder handed to `resume`: metadata.json and journal.jsonl read and checked
/// against each other as `resume` does, then a smaller batch through the `resume` command
/// itself (which also re-reads the recorded command line and runs what is left).
@Suite(.serialized) struct FuzzResultsFolderTests {
    /// A real folder: a finished run of three synthetic cases twice over.
    static let template: URL? = {
        let folder = RunnerBinary.temporaryFolder("fuzz-template")
        let result = try? RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", folder.path,
                                            "--include", "runner.synthetic.pass", "--include", "runner.synthetic.skip",
                                            "--include", "runner.synthetic.fail", "--repeat", "2", "--seed", "4",
                                            "--kmsg", "/nonexistent/kmsg", "--flake-retries", "0"])
        return result?.status == RunVerdict.unexpected ? folder : nil
    }()

    static func text(_ name: String) throws -> String {
        let folder = try #require(template, "the template run failed")
        return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    static let jsonTokens = ["\"device\":", "\"index\":", "\"event\":\"started\"", "\"event\":\"finished\"", "\"event\":\"aborted\"",
                             "\"event\":\"resumed\"", "\"name\":\"runner.synthetic.pass\"", "\"plan\":[]", "\"devices\":[]",
                             "\"commandLine\":[\"run\"]", "\"seed\":", "-1", "1e400", "\"status\":\"crash\"", "{\"a\":1}",
                             "\"time\":", "\"time\":\"2026-01-01T00:00:00Z\""]

    @Test func metadata() throws {
        let inputs = FuzzInputs(seeds: [try Self.text("metadata.json")], dictionary: Self.jsonTokens)
        let folder = RunnerBinary.temporaryFolder("fuzz-metadata")
        let path = folder.appendingPathComponent("metadata.json").path
        FuzzHarness.run("results folder: metadata.json", inputs) { bytes in
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try RunFolder.readMetadata(from: folder.path)
                return .accepted
            } catch let error as RunnerInputError {
                return .rejected(error.message, placed: error.message.hasPrefix(path + ": "))
            }
        }
    }

    @Test func journal() throws {
        let folder = try #require(Self.template)
        let metadata = try RunFolder.readMetadata(from: folder.path)
        let inputs = FuzzInputs(seeds: [try Self.text("journal.jsonl")], dictionary: Self.jsonTokens)
        let path = "/results/journal.jsonl"
        FuzzHarness.run("results folder: journal.jsonl", inputs) { bytes in
            do {
                let journal = try RunJournalReader(data: Data(bytes), path: path)
                try journal.check(against: metadata)
                _ = (journal.finished, journal.startedOnly, journal.abortReason)
                return .accepted
            } catch let error as RunnerInputError {
                return .rejected(error.message, placed: FuzzListFileTests.namesLine(error.message, path: path, of: bytes))
            }
        }
    }

    /// The whole `resume` command on a copy of the folder with a mutated journal or metadata:
    /// it finishes the run (0, 1, 3, 4) or refuses with 2 naming the file; never a crash or a
    /// hang. Slow (a process per input), so a twentieth of the count.
    @Test func resumeCommand() throws {
        let template = try #require(Self.template)
        let journalInputs = FuzzInputs(seeds: [try Self.text("journal.jsonl")], dictionary: Self.jsonTokens)
        let metadataInputs = FuzzInputs(seeds: [try Self.text("metadata.json")], dictionary: Self.jsonTokens)
        let work = RunnerBinary.temporaryFolder("fuzz-resume")
        let inputs = FuzzInputs(seeds: [], dictionary: [])
        var number = 0
        FuzzHarness.run("resume command", inputs, count: max(10, FuzzHarness.count / 20), hangSeconds: 30, wallClock: true) { _ in
            number += 1
            let folder = work.appendingPathComponent("\(number)")
            try? FileManager.default.removeItem(at: folder)
            try FileManager.default.copyItem(at: template, to: folder)
            let mutateJournal = number % 2 == 0
            let bytes = mutateJournal ? journalInputs.input(number, seed: FuzzHarness.seed)
                                      : metadataInputs.input(number, seed: FuzzHarness.seed)
            let file = folder.appendingPathComponent(mutateJournal ? "journal.jsonl" : "metadata.json")
            try Data(bytes).write(to: file)
            let (process, out, err) = try RunnerBinary.start(["resume", folder.path])
            let deadline = Date().addingTimeInterval(60)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return .rejected("resume hung on \(file.path)", placed: false)
            }
            let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            _ = out.fileHandleForReading.readDataToEndOfFile()
            defer { try? FileManager.default.removeItem(at: folder) }
            guard process.terminationReason == .exit else {
                return .rejected("resume died of signal \(process.terminationStatus): \(stderr)", placed: false)
            }
            switch process.terminationStatus {
            case RunVerdict.badInput:
                // The recorded command line or devices may be what is wrong: then the message names metadata.json.
                return .rejected(stderr, placed: stderr.contains(file.path) || stderr.contains("metadata.json"))
            case RunVerdict.success, RunVerdict.unexpected, RunVerdict.aborted, RunVerdict.allSkipped:
                return .accepted
            default:
                return .rejected("resume exited \(process.terminationStatus): \(stderr)", placed: false)
            }
        }
    }
}
