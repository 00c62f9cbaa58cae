import AccelConformance
import Foundation
import Testing

@Suite("KTAP writer")
struct KTAPWriterTests {
    let document = ResultWriters.ktap(ResultFixtures.results())
    var lines: [String] { document.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

    @Test func nestsDeviceThenGroupThenCaseWithPlans() {
        #expect(lines.first == "KTAP version 1")
        #expect(lines.contains("1..1"))
        // Device section: qaic; its plan counts groups (core.version, create_bo, mmap_bo, wait_bo, execute_bo, detach_slice_bo, manage).
        #expect(lines.contains("  1..7"))
        #expect(lines.contains("    1..3"), "create_bo has three cases")
        #expect(lines.contains("    ok 1 basic"))
        #expect(lines.contains("  ok 1 core.version"), "core cases keep their full group")
        #expect(lines.contains("  not ok 2 create_bo"))
        #expect(lines.last(where: { !$0.isEmpty }) == "not ok 1 qaic")
    }

    @Test func everyStatusHasItsDirective() {
        #expect(lines.contains("    ok 1 valid"))
        #expect(lines.contains("    not ok 2 size_zero"))
        #expect(lines.contains("    ok 3 huge # SKIP needs 64 GiB  of memory"))
        #expect(lines.contains("    not ok 1 bad_handle # ERROR crash: worker killed by signal 11"))
        #expect(lines.contains("    not ok 1 forever # TIMEOUT 30 seconds"))
        #expect(lines.contains("    not ok 2 in_flight # ERROR incomplete"))
        #expect(lines.contains("    not ok 1 warn # ERROR dmesg-warn"))
        #expect(lines.contains("    not ok 2 warn_fail # ERROR dmesg-fail"))
        #expect(lines.contains("    not ok 1 aborted # ERROR abort: kernel tainted D"))
    }

    @Test func unrunCasesPrintNoResultAndShortenThePlan() {
        #expect(!lines.contains { $0.contains("not_reached") && ($0.contains("ok ")) })
        #expect(lines.contains("    # not run: qaic.execute_bo.not_reached"))
        #expect(lines.contains("    1..4"), "execute_bo plans four cases, two print results")
        #expect(lines.contains("  not ok 5 execute_bo"))
    }

    @Test func failureDiagnosticsComeBeforeTheResult() throws {
        let result = try #require(lines.firstIndex(of: "    not ok 2 size_zero"))
        let before = lines[..<result].suffix(6)
        #expect(before.contains("    # expected: EINVAL"))
        #expect(before.contains("    # actual: 0"))
        #expect(before.contains { $0.hasPrefix("    # reproduce: conformance-runner run") })
    }

    @Test func resultNamesCarryNoNumbersOrHashes() {
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("ok ") || trimmed.hasPrefix("not ok ") else { continue }
            let description = trimmed.split(separator: "#", maxSplits: 1)[0]
            let name = description.split(separator: " ").last.map(String.init) ?? ""
            #expect(!name.isEmpty)
            #expect(name.allSatisfy { $0.isLetter || $0 == "_" || $0 == "." || $0 == "-" }, "name '\(name)' has a digit")
        }
    }

    @Test func independentParserAcceptsItAndCountsMatch() throws {
        let directory = try ResultFixtures.temporaryDirectory("ktap")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("results.ktap")
        try Data(document.utf8).write(to: file)
        let python = try #require(ResultFixtures.which("python3"), "python3 is needed for the independent KTAP parser")
        let parser = ResultFixtures.repositoryRoot.appendingPathComponent("ci/validators/ktap_parse.py").path
        let result = try ResultFixtures.run(python, [parser, file.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let counts = try JSONDecoder().decode([String: Int].self, from: Data(result.stdout.utf8))
        // pass: core + valid; fail: size_zero + known_bad; error: crash, incomplete, dmesg x2, abort.
        #expect(counts == ["pass": 2, "fail": 2, "skip": 1, "timeout": 1, "error": 5, "other": 0, "missing": 2, "extra": 0])

        // The parser can fail: a number gap is rejected.
        let broken = document.replacingOccurrences(of: "    not ok 2 size_zero", with: "    not ok 5 size_zero")
        try Data(broken.utf8).write(to: file)
        let rejected = try ResultFixtures.run(python, [parser, file.path])
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("result number 5, expected 2"))
    }
}
