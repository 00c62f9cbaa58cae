import AccelConformance
import Foundation

/// Runs the built `conformance-runner` (next to the test bundle in the build folder) with
/// the synthetic cases switched on.
struct RunnerBinary {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// `.build-*/debug/conformance-runner` of the current build.
    static var path: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: exe).deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("conformance-runner")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate.path
            }
            folder.deleteLastPathComponent()
        }
        return "conformance-runner"
    }

    static func enableSynthetic() {
        setenv(SyntheticCases.environmentSwitch, "1", 1)
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
    static func start(_ arguments: [String], environment extra: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment[SyntheticCases.environmentSwitch] = "1"
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

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let (process, out, err) = try start(arguments, environment: environment)
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
