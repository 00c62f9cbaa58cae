import AccelConformance
import Foundation
import SyntheticSupport
import Testing

@Suite struct SelectionTests {
    static var cases: [ConformanceCase] {
        SyntheticDevices.install()
        return RunnerDevices.cases(for: SyntheticSuite(), profile: SyntheticSuite.profile)
    }

    static func names(_ selection: CaseSelection) throws -> [String] {
        try selection.plan(cases).map(\.name.description)
    }

    @Test func globsRegexesAndHazards() throws {
        let all = try Self.names(CaseSelection())
        #expect(!all.contains("runner.synthetic.hazard"))
        #expect(try Self.names(CaseSelection(includeHazards: true)).contains("runner.synthetic.hazard"))
        #expect(try Self.names(CaseSelection(include: [try CasePattern("runner.synthetic.ta*", origin: "t")]))
                == ["runner.synthetic.taint_die", "runner.synthetic.taint_benign"])
        #expect(try Self.names(CaseSelection(include: [try CasePattern("re:(pass|skip)$", origin: "t")]))
                == ["runner.synthetic.pass", "runner.synthetic.skip"])
        let excluded = try Self.names(CaseSelection(exclude: [try CasePattern("re:kernel_|taint", origin: "t")]))
        #expect(excluded.allSatisfy { !$0.contains("kernel_") && !$0.contains("taint") })
        #expect(throws: RunnerInputError.self) { try CasePattern("re:(", origin: "--include") }
    }

    @Test func shardsPartitionThePlanAndRepeatsRepeatIt() throws {
        let all = try Self.names(CaseSelection())
        var union: [String] = []
        for index in 1...3 { union += try Self.names(CaseSelection(shard: try Shard("\(index)/3"))) }
        #expect(union.sorted() == all.sorted())
        #expect(throws: RunnerInputError.self) { try Shard("4/3") }
        #expect(throws: RunnerInputError.self) { try Shard("x") }
        let include = [try CasePattern("runner.synthetic.pass", origin: "t")]
        #expect(try Self.names(CaseSelection(include: include, repeatCount: 3)).count == 3)
    }

    @Test func testListsAndTheirErrors() throws {
        let good = RunnerBinary.fixtures.appendingPathComponent("baselines/testlist.txt").path
        #expect(try Self.names(CaseSelection(testListPath: good)) == ["runner.synthetic.pass", "runner.synthetic.skip"])
        let bad = RunnerBinary.fixtures.appendingPathComponent("baselines/bad-testlist.txt").path
        #expect(throws: RunnerInputError(file: bad, line: 3, "unknown case 'runner.synthetic.pas'")) {
            try CaseSelection(testListPath: bad).plan(Self.cases)
        }
    }

    @Test func badInputOnTheCommandLineExitsTwo() throws {
        let folder = RunnerBinary.temporaryFolder("badinput")
        let bad = RunnerBinary.fixtures.appendingPathComponent("baselines/bad-testlist.txt").path
        let list = try RunnerBinary.run(["run", "--device", "synthetic:runner", "--results", folder.path, "--test-list", bad])
        #expect(list.status == RunVerdict.badInput)
        #expect(list.stderr.contains("bad-testlist.txt:3"))
        let profile = try RunnerBinary.run(["list", "--device", "synthetic:runner", "--kernel-profile", "v9.9"])
        #expect(profile.status == RunVerdict.badInput)
        #expect(profile.stderr.contains("'v9.9'"))
        let listed = try RunnerBinary.run(["list", "--device", "synthetic:runner", "--json", "--include", "runner.synthetic.pass"])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("\"expected\" : \"0\""))
    }
}
