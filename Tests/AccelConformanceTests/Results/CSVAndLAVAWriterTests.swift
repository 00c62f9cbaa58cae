import AccelConformance
import Foundation
import Testing

@Suite("CSV and LAVA writers")
struct CSVAndLAVAWriterTests {
    @Test func resultsCSVHasOneRowPerCaseInDeqpForm() {
        let rows = CSVWriter.results(ResultFixtures.results()).split(separator: "\n").map(String.init)
        #expect(rows.count == 13)
        #expect(rows.contains("qaic.create_bo.valid,Pass,0.004"))
        #expect(rows.contains("qaic.create_bo.size_zero,Fail,0.004"))
        #expect(rows.contains("qaic.create_bo.huge,Skip,0.004"))
        #expect(rows.contains("qaic.mmap_bo.bad_handle,Crash,0.004"))
        #expect(rows.contains("qaic.wait_bo.forever,Timeout,29.600"))
        #expect(rows.contains("qaic.wait_bo.in_flight,Missing,0.004"))
        #expect(rows.contains("qaic.execute_bo.warn,Warn,0.004"))
        #expect(rows.contains("qaic.execute_bo.warn_fail,Fail,0.004"))
        #expect(rows.contains("qaic.execute_bo.unrun_planned,Missing,0.000"))
    }

    @Test func failuresCSVWithoutBaselineListsEveryFailureAsABaselineLine() {
        let rows = CSVWriter.failures(ResultFixtures.results()).split(separator: "\n").map(String.init)
        #expect(rows.contains("qaic.create_bo.size_zero,Fail"))
        #expect(rows.contains("qaic.manage.known_bad,Fail"))
        #expect(rows.contains("qaic.mmap_bo.bad_handle,Crash"))
        #expect(rows.contains("qaic.execute_bo.unrun_planned,Missing"))
        #expect(!rows.contains { $0.hasPrefix("qaic.create_bo.valid,") || $0.hasPrefix("qaic.create_bo.huge,") })
        #expect(rows.allSatisfy { $0.split(separator: ",").count == 2 })
    }

    @Test func failuresCSVWithBaselineHoldsOnlyUnexpectedResults() {
        var results = ResultFixtures.results(classified: true)
        results.records[1].classification = .unexpectedPass
        results.records[2].classification = .unexpectedFail
        let failures = CSVWriter.failures(results)
        #expect(!failures.contains("qaic.manage.known_bad"), "an expected failure is not new")
        #expect(failures.contains("qaic.create_bo.valid,UnexpectedImprovement(Pass)\n"))
        #expect(failures.contains("qaic.create_bo.size_zero,Fail\n"))
        let all = CSVWriter.results(results)
        #expect(all.contains("qaic.manage.known_bad,ExpectedFail,"))
    }

    @Test func lavaSignalsAreShortASCIIAndMapEveryStatus() {
        let results = ResultFixtures.results()
        let expected: [String: String] = [
            "pass": "pass", "fail": "fail", "skip": "skip", "crash": "fail", "timeout": "fail", "incomplete": "fail",
            "dmesg-warn": "fail", "dmesg-fail": "fail", "notrun": "skip", "abort": "unknown",
        ]
        for record in results.records {
            let line = ResultWriters.lavaSignal(for: record)
            #expect(line == "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=\(record.outcome.name) RESULT=\(expected[record.outcome.status.rawValue]!)>")
            #expect(line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F })
            #expect(line.count < 120)
        }
    }

    @Test func writeAllWritesEveryFile() throws {
        let directory = try ResultFixtures.temporaryDirectory("writeall")
        defer { try? FileManager.default.removeItem(at: directory) }
        try ResultWriters.writeAll(ResultFixtures.results(), to: directory)
        for name in ["results.ktap", "junit.xml", "kcidb.json", "results.csv", "failures.csv"] {
            let data = try #require(FileManager.default.contents(atPath: directory.appendingPathComponent(name).path), "\(name)")
            #expect(!data.isEmpty, "\(name)")
        }
        #expect(throws: KCIDBWriter.InvalidOption.self) {
            try ResultWriters.writeAll(ResultFixtures.results(), to: directory, options: ResultWriterOptions(kcidbOrigin: "bad origin"))
        }
    }
}
