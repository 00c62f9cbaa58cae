import AccelConformance
import Foundation
import SyntheticSupport
import Testing

@Suite struct BaselineTests {
    static func fixture(_ name: String) -> String {
        RunnerBinary.fixtures.appendingPathComponent("baselines/\(name)").path
    }

    @Test func parsesTheDrmCiFiles() throws {
        let files = try BaselineFiles(failsFile: Self.fixture("qaic-reference-fails.txt"),
                                      flakesFile: Self.fixture("qaic-reference-flakes.txt"),
                                      skipsFile: Self.fixture("qaic-reference-skips.txt"))
        #expect(files.fails == ["runner.synthetic.fail": .fail, "runner.synthetic.pass": .fail, "runner.synthetic.segfault": .crash])
        #expect(files.flakes.count == 1)
        #expect(files.skips.first?.matches("runner.synthetic.hang") == true)
    }

    @Test func malformedLinesNameFileAndLine() throws {
        let fails = Self.fixture("bad-fails.txt")
        #expect(throws: RunnerInputError(file: fails, line: 3, "expected 'name,Status', got 'runner.synthetic.pass Fail'")) {
            try BaselineFiles.parseFails(path: fails)
        }
        let status = Self.fixture("bad-status-fails.txt")
        do {
            _ = try BaselineFiles.parseFails(path: status)
            Issue.record("no error")
        } catch {
            #expect(error.message.hasPrefix("\(status):2: unknown status 'Broken'"))
        }
        let flakes = Self.fixture("bad-flakes.txt")
        do {
            _ = try BaselineFiles.parsePatterns(path: flakes)
            Issue.record("no error")
        } catch {
            #expect(error.message.hasPrefix("\(flakes):3: invalid regular expression"))
        }
        #expect(throws: RunnerInputError.self) { try BaselineFiles.parseFails(path: "/nonexistent/fails.txt") }
    }

    @Test func verdicts() throws {
        let verdict = BaselineVerdict(BaselineFiles(fails: ["a.b.known": .fail, "a.b.fixed": .fail],
                                                    flakes: [try CasePattern(regex: "^a\\.b\\.flaky$", origin: "t")]))
        #expect(verdict.classify(name: "a.b.known", status: .fail) == .expectedFail)
        #expect(verdict.classify(name: "a.b.known", status: .crash) == .unexpectedFail)
        #expect(verdict.classify(name: "a.b.fixed", status: .pass) == .unexpectedPass)
        #expect(verdict.classify(name: "a.b.flaky", status: .fail) == .knownFlake)
        #expect(verdict.classify(name: "a.b.other", status: .pass) == .expected)
        #expect(verdict.classify(name: "a.b.other", status: .fail) == nil)
        #expect(verdict.classifyRetried(reruns: [.pass]) == .flake)
        #expect(verdict.classifyRetried(reruns: [.fail]) == .unexpectedFail)
    }

    /// A case that fails one time in two is a flake after one re-run; without re-runs it is
    /// an unexpected failure.
    @Test func flakeRerunsTellAFlakeFromAFailure() throws {
        for (retries, expected, exit) in [("1", Classification.flake, RunVerdict.success),
                                          ("0", Classification.unexpectedFail, RunVerdict.unexpected)] {
            let folder = RunnerBinary.temporaryFolder("flake")
            let state = RunnerBinary.temporaryFolder("flake-state")
            let result = try RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", folder.path,
                                               "--include", "runner.synthetic.flaky", "--flake-retries", retries,
                                               "--kmsg", "/nonexistent/kmsg"],
                                              environment: [SyntheticCases.stateVariable: state.path])
            #expect(result.status == exit, "\(result.stdout)\n\(result.stderr)")
            let record = try #require(try RunnerBinary.results(in: folder).record("runner.synthetic.flaky"))
            #expect(record.classification == expected)
            #expect(record.outcome.status == .fail)
        }
    }

    @Test func exitCodeReflectsUnexpectedResultsOnly() throws {
        let folder = RunnerBinary.temporaryFolder("baseline-run")
        let arguments = ["run", "--device", "synthetic:runner", "--results", folder.path, "--kmsg", "/nonexistent/kmsg",
                         "--include", "runner.synthetic.fail", "--include", "runner.synthetic.segfault",
                         "--include", "runner.synthetic.hang", "--include", "runner.synthetic.skip",
                         "--baseline-fails", Self.fixture("qaic-reference-fails.txt"),
                         "--baseline-skips", Self.fixture("qaic-reference-skips.txt")]
        let result = try RunnerBinary.run(arguments)
        #expect(result.status == RunVerdict.success, "\(result.stdout)\n\(result.stderr)")
        let results = try RunnerBinary.results(in: folder)
        #expect(results.record("runner.synthetic.fail")?.classification == .expectedFail)
        #expect(results.record("runner.synthetic.segfault")?.classification == .expectedFail)
        #expect(results.record("runner.synthetic.hang") == nil)

        let improved = RunnerBinary.temporaryFolder("baseline-improved")
        let pass = try RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", improved.path,
                                         "--kmsg", "/nonexistent/kmsg", "--include", "runner.synthetic.pass",
                                         "--baseline-fails", Self.fixture("qaic-reference-fails.txt")])
        #expect(pass.status == RunVerdict.unexpected)
        #expect(try RunnerBinary.results(in: improved).record("runner.synthetic.pass")?.classification == .unexpectedPass)

        let broken = try RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", improved.path + "-x",
                                           "--baseline-fails", Self.fixture("bad-fails.txt")])
        #expect(broken.status == RunVerdict.badInput)
        #expect(broken.stderr.contains("bad-fails.txt:3"))
    }
}
