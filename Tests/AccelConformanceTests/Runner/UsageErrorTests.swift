import AccelConformance
import Foundation
import Testing

/// Usage errors ArgumentParser finds (unknown option, a value that does not parse, a wrong
/// enum word) are bad input like any other: exit 2 with a message naming the argument, from
/// the shipped binary.
@Suite struct UsageErrorTests {
    @Test(arguments: [
        (["run", "--device", "reference:qaic", "--jobs", "x"], "--jobs"),
        (["run", "--device", "reference:qaic", "--isolation", "nope"], "--isolation"),
        (["run", "--bogus"], "--bogus"),
        (["list", "--device", "reference:qaic", "--seed", "-1"], "--seed"),
    ])
    func usageErrorsExitTwo(arguments: [String], named: String) throws {
        let result = try RunnerBinary.run(arguments, executable: RunnerBinary.productPath)
        #expect(result.status == RunVerdict.badInput, "\(result.stderr)")
        #expect(result.stderr.contains(named), "\(result.stderr)")
    }

    @Test func isolationWordsAreListed() throws {
        let result = try RunnerBinary.run(["run", "--device", "reference:qaic", "--isolation", "nope"],
                                          executable: RunnerBinary.productPath)
        #expect(result.stderr.contains("'worker'") && result.stderr.contains("'inprocess'"), "\(result.stderr)")
    }
}
