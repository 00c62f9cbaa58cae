import AccelConformance
import ArgumentParser
import Foundation

struct ReproCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repro",
        abstract: "Show a case's decoded syscall trace and the command that re-runs it; optionally write a C reproducer.",
        discussion: """
            Reads DIR/cases/NAME/trace.jsonl (else the trace inside DIR/results.json). With --emit-c FILE, \
            writes a standalone C program that replays the syscalls in order and exits non-zero when a \
            result differs from the recorded one; for a case that failed, the program is a test of the row's \
            expectation instead (exit 1 while the driver still returns something else). It needs only libc and the suite's ABI headers \
            (accel_*_uapi.h), which are copied next to FILE: cc -I. -o repro FILE && ./repro [DEVICE].
            """)

    @Argument(help: ArgumentHelp("Case name, e.g. qaic.create_bo.size_zero.", valueName: "name"))
    var name: String

    @Option(name: .long, help: ArgumentHelp("Results folder of the run.", valueName: "dir"))
    var results: String

    @Option(name: .customLong("emit-c"), help: ArgumentHelp("Write a C reproducer here (and the ABI headers beside it).", valueName: "file"))
    var emitC: String?

    @Option(name: .customLong("uapi-dir"), help: ArgumentHelp("Where accel_*_uapi.h are (default: $ACCEL_CONFORMANCE_UAPI_DIR or the source tree).", valueName: "dir"))
    var uapiDirectory: String?

    func run() throws {
        do {
            try repro()
        } catch {
            FileHandle.standardError.write(Data("conformance-runner repro: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
    }

    private struct ReproFailure: Error, CustomStringConvertible {
        let description: String
    }

    private func repro() throws(ReproFailure) {
        let caseName: CaseName
        do { caseName = try CaseName(name) } catch { throw ReproFailure(description: "\(error)") }
        let folder: ResultsFolder
        var events: [TraceEvent]
        do {
            folder = try ResultsFolder(URL(fileURLWithPath: results))
            events = try folder.trace(of: caseName)
        } catch { throw ReproFailure(description: error.description) }
        let record = try? folder.record(of: caseName)
        // The record's own trace: a repeated case's last run, the one the summary describes.
        if let record, !record.outcome.trace.isEmpty { events = record.outcome.trace }

        print("case \(caseName)" + (record.map { ": \($0.outcome.status.rawValue)" } ?? ""))
        if let record {
            print("  " + FailureText.summary(record))
            print("re-run: \(record.reproducer)")
        }
        print("trace (\(events.count) syscalls):")
        for line in TraceText.lines(events) { print("  " + line) }

        guard let emitC else { return }
        let output = URL(fileURLWithPath: emitC)
        let headerDirectory = uapiDirectory.map { URL(fileURLWithPath: $0) } ?? ResultsFolder.abiHeaderDirectory()
        guard let headerDirectory,
              FileManager.default.fileExists(atPath: headerDirectory.appendingPathComponent("accel_drm_uapi.h").path) else {
            throw ReproFailure(description: "--emit-c: cannot find accel_drm_uapi.h; pass --uapi-dir DIR (Sources/CAccelShim/include) or set ACCEL_CONFORMANCE_UAPI_DIR")
        }
        let headers = ResultsFolder.abiHeaders(in: headerDirectory)
        var input = CReproducer.Input(caseName: caseName.description, events: events, reproducer: record?.reproducer,
                                      headers: headers)
        if let record { input = CReproducer.Input(record: record, headers: headers) }
        let program = CReproducer.program(input)
        do {
            let directory = output.deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(program.utf8).write(to: output, options: .atomic)
            for header in headers {
                let target = directory.appendingPathComponent(header)
                try? FileManager.default.removeItem(at: target)
                try FileManager.default.copyItem(at: headerDirectory.appendingPathComponent(header), to: target)
            }
        } catch {
            throw ReproFailure(description: "--emit-c \(emitC): \(error.localizedDescription)")
        }
        print("wrote \(output.path) and \(headers.joined(separator: ", ")) beside it; build: cc -std=c11 -I\(output.deletingLastPathComponent().path) -o repro \(output.path)")
    }
}
