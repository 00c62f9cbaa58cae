import Foundation

/// Reading and writing the results folder's top-level files (see RunModel.swift).
public enum RunFolder {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public static func writeMetadata(_ metadata: RunMetadata, to directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try encoder.encode(metadata).write(to: directory.appendingPathComponent("metadata.json"), options: .atomic)
    }

    /// The metadata of an existing results folder; a clear input error when it is not one.
    public static func readMetadata(from path: String) throws(RunnerInputError) -> RunMetadata {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RunnerInputError("\(path): no such results folder")
        }
        guard isDirectory.boolValue else { throw RunnerInputError("\(path): not a folder") }
        let file = URL(fileURLWithPath: path).appendingPathComponent("metadata.json")
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw RunnerInputError("\(file.path): missing; \(path) is not a results folder written by 'run'")
        }
        do {
            return try JSONDecoder().decode(RunMetadata.self, from: data)
        } catch {
            throw RunnerInputError("\(file.path): unreadable metadata: \(error)")
        }
    }

    /// `results.json` first, then every writer's output; a failing writer is a note, not a
    /// lost run. Options the KCIDB writer rejects are thrown (bad input), after results.json
    /// is written.
    public static func writeResults(_ results: RunResults, to directory: URL, options: ResultWriterOptions = ResultWriterOptions(),
                                    report: @Sendable (RunEvent) -> Void) throws(KCIDBWriter.InvalidOption) {
        do {
            try encoder.encode(results).write(to: directory.appendingPathComponent("results.json"), options: .atomic)
        } catch {
            report(.note("cannot write results.json: \(error)"))
        }
        do {
            try ResultWriters.writeAll(results, to: directory, options: options)
        } catch let invalid as KCIDBWriter.InvalidOption {
            throw invalid
        } catch {
            report(.note("result writers failed: \(error)"))
        }
    }
}
