import Foundation
import Testing
@testable import AccelConformance

/// JSON inputs: the ordered JSON parser (rejections carry a byte offset inside the text),
/// trace files read back by `repro` (file:line), workload files (the file and the field or
/// line), and kernel-log lines (never rejected, must not crash or hang).
@Suite struct FuzzJSONInputTests {
    static let traceLines = [
        #"{"syscall":"open","path":"/dev/accel/accel0","flags":2,"result":{"fd":3}}"#,
        #"{"syscall":"ioctl","fd":3,"ioctl":"DRM_IOCTL_QAIC_CREATE_BO","request":"0xc0184401","in":{"size":4096,"handle":0,"pad":0},"out":{"size":4096,"handle":1,"pad":0},"result":0}"#,
        #"{"syscall":"mmap","fd":3,"offset":1048576,"length":4096,"prot":3,"address":"0x7f0000000000","result":0}"#,
        #"{"syscall":"close","fd":3,"result":{"errno":"EBADF","value":-9}}"#,
    ]

    static let jsonTokens = ["{", "}", "[", "]", ":", ",", "\"", "\\\"", "\\u", "\\uD83D\\uDE00", "\\uDC00", "1.5e-3", "-0",
                             "00", "1e", "tru", "nul", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "{\"a\":", "\"syscall\"", "\"result\"",
                             "\"fd\":", "\"in\":{}", "\u{7F}", "\u{1}", "\u{C0}"]

    @Test func orderedJSONParser() {
        let inputs = FuzzInputs(seeds: Self.traceLines + ["[1,2.5,-3e2,true,false,null,\"x\\n\"]", "{\"a\":{\"b\":[{}]}}"],
                                dictionary: Self.jsonTokens)
        FuzzHarness.run("ordered JSON parser", inputs) { bytes in
            do {
                let value = try JSONValue.parse(utf8: bytes)
                // What is read must serialise and read back to the same value (keys in order).
                let again = try JSONValue.parse(value.serialized())
                #expect(again == value, "round trip of \(FuzzHarness.show(bytes))")
                return .accepted
            } catch let error as JSONValue.ParseError {
                return .rejected(error.description, placed: (0...bytes.count).contains(error.offset))
            }
        }
    }

    @Test func traceFiles() throws {
        let folder = RunnerBinary.temporaryFolder("fuzz-trace")
        let results = try ResultsFolder(folder)
        let name = try CaseName("qaic.create_bo.fuzz")
        let caseFolder = folder.appendingPathComponent("cases/\(name)")
        try FileManager.default.createDirectory(at: caseFolder, withIntermediateDirectories: true)
        let path = caseFolder.appendingPathComponent("trace.jsonl").path
        let inputs = FuzzInputs(seeds: [Self.traceLines.joined(separator: "\n") + "\n"], dictionary: Self.jsonTokens)
        FuzzHarness.run("trace file", inputs) { bytes in
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try results.trace(of: name)
                return .accepted
            } catch let error as ResultsFolder.Problem {
                return .rejected(error.description,
                                 placed: FuzzListFileTests.namesLine(error.description, path: path, of: bytes))
            }
        }
    }

    @Test func workloadFiles() throws {
        let loopback = try String(contentsOf: RunnerBinary.fixtures.appendingPathComponent("workloads/loopback.json"),
                                  encoding: .utf8)
        let path = RunnerBinary.temporaryFolder("fuzz-workload").appendingPathComponent("workload.json").path
        let inputs = FuzzInputs(seeds: [loopback, #"{"queue_size":1,"bo_size":1,"dir":2,"slices":[{"size":1,"offset":0,"dev_addr":0,"db_addr":0,"db_len":8,"db_data":0}]}"#],
                                dictionary: Self.jsonTokens + ["\"queue_size\":", "\"bo_size\":", "\"dir\":", "\"slices\":",
                                                               "\"db_len\":", "18446744073709551615", "4294967295"])
        FuzzHarness.run("workload file", inputs) { bytes in
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                _ = try QAICWorkload.load(path: path).entries
                return .accepted
            } catch let error as QAICWorkload.Invalid {
                return .rejected(error.description, placed: error.description.hasPrefix("workload \(path): "))
            }
        }
    }

    @Test func kernelLogLines() throws {
        let seeds = try ["clean.txt", "oops.txt", "warning.txt", "ignored-warning.txt"].map {
            try String(contentsOf: RunnerBinary.fixtures.appendingPathComponent("kmsg/\($0)"), encoding: .utf8)
        }
        let inputs = FuzzInputs(seeds: seeds, dictionary: [";", ",", "<", ">", "-", "BUG:", "Oops:", "Call Trace:",
                                                           "WARNING:", "watchdog: BUG: soft lockup", "<4>"])
        let policy = DmesgPolicy()
        FuzzHarness.run("kernel log line", inputs) { bytes in
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap {
                KernelLogLine(parsing: String($0))
            }
            _ = policy.judge(lines)
            return .accepted
        }
    }
}
