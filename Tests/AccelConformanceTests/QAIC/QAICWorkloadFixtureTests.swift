import Foundation
import Testing
@testable import AccelConformance

/// The optional workload fixture: the shipped example parses, bad files are named with the field.
@Suite struct QAICWorkloadFixtureTests {
    static var loopbackPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fixtures/workloads/loopback.json").path
    }

    @Test func loopbackExampleLoads() throws {
        let workload = try QAICWorkload.load(path: Self.loopbackPath)
        #expect(workload.queueSize > 0)
        #expect(!workload.slices.isEmpty)
        #expect(workload.entries.count == workload.slices.count)
    }

    private func load(_ json: String) -> String? {
        let path = NSTemporaryDirectory() + "qaic-workload-\(UUID().uuidString).json"
        try? json.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do { _ = try QAICWorkload.load(path: path); return nil } catch { return error.description }
    }

    @Test func badWorkloadsAreNamed() {
        #expect(load("{")?.contains("not valid JSON") == true)
        #expect(load(#"{"queue_size": 4, "bo_size": 4096, "dir": 1}"#)?.contains("slices") == true)
        #expect(load(#"{"queue_size": 4, "bo_size": 4096, "dir": 3, "slices": []}"#)?.contains("dir") == true)
        let badSlice = #"{"queue_size": 4, "bo_size": 4096, "dir": 1, "slices": [{"size": 8192, "offset": 0, "dev_addr": 0, "db_addr": 0, "db_len": 0, "db_data": 0}]}"#
        #expect(load(badSlice)?.contains("slices[0]") == true)
        #expect(load(#"{"queue_size": "x"}"#)?.contains("queue_size") == true)
    }
}
