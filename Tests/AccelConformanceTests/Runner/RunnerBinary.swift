import AccelConformance
import Foundation
import SyntheticSupport

/// Runs the built `synthetic-runner` (next to the test bundle in the build folder): the
/// shipped command line plus the synthetic device (Tests/SyntheticRunner).
struct RunnerBinary {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// `.build-*/debug/synthetic-runner` of the current build.
    static var path: String { built("synthetic-runner") }

    /// `.build-*/debug/conformance-runner`: the shipped binary, without the synthetic device.
    static var productPath: String { built("conformance-runner") }

    static func built(_ name: String) -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate.path
            }
            folder.deleteLastPathComponent()
        }
        return name
    }

    /// Registers the synthetic device in this test process too (cases planned in-process).
    static func enableSynthetic() {
        SyntheticDevices.install()
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func temporaryFolder(_ tag: String) -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("accel-runner-test-\(tag)-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Starts the runner; the caller waits (or kills it).
    static func start(_ arguments: [String], environment extra: [String: String] = [:],
                      executable: String = path) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    static func run(_ arguments: [String], environment: [String: String] = [:],
                    executable: String = path) throws -> Result {
        let (process, out, err) = try start(arguments, environment: environment, executable: executable)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func results(in folder: URL) throws -> RunResults {
        try JSONDecoder().decode(RunResults.self, from: Data(contentsOf: folder.appendingPathComponent("results.json")))
    }

    static func journal(in folder: URL) throws -> RunJournalReader {
        try RunJournalReader(path: folder.appendingPathComponent("journal.jsonl").path)
    }
}

extension RunResults {
    func status(of name: String) -> Status? {
        records.first { $0.outcome.name.description == name }?.outcome.status
    }

    func record(_ name: String) -> CaseRecord? {
        records.first { $0.outcome.name.description == name }
    }
}
