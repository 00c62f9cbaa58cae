import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reading and writing the results folder's top-level files (see RunModel.swift).
public enum RunFolder {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public static func writeMetadata(_ metadata: RunMetadata, to directory: URL) throws(RunStorageError) {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw RunStorageError(path: directory.path, reason: "cannot create: \(error.localizedDescription)")
        }
        let data: Data
        do { data = try encoder.encode(metadata) } catch {
            throw RunStorageError(path: directory.appendingPathComponent("metadata.json").path, reason: "\(error)")
        }
        try write(data, to: directory.appendingPathComponent("metadata.json"))
    }

    /// Writes a whole file atomically (temporary file, rename), so a full disk leaves the old
    /// file or none, never half of one; the error names the file. `durable` adds an fsync
    /// before the rename: for files written once per run, not for per-case copies of what the
    /// journal already holds.
    public static func write(_ data: Data, to file: URL, durable: Bool = true) throws(RunStorageError) {
        let temporary = file.deletingLastPathComponent().appendingPathComponent(".\(file.lastPathComponent).tmp")
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunStorageError(path: file.path, errno: errno, doing: "cannot write") }
        var written = 0
        var failure: Int32 = 0
        while written < data.count {
            let count = data.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + written, $0.count - written) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 {
                failure = count < 0 ? errno : ENOSPC
                break
            }
            written += count
        }
        if failure == 0 && durable && fsync(fd) != 0 { failure = errno }
        close(fd)
        if failure == 0 && rename(temporary.path, file.path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary.path)
            throw RunStorageError(path: file.path, errno: failure, doing: "cannot write")
        }
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
            throw RunnerInputError("\(file.path): unreadable metadata: \(JSONFilePlace.describe(error, in: data))")
        }
    }

    /// `results.json` first, then every writer's output; a failing writer is a note, not a
    /// lost run. Options the KCIDB writer rejects are thrown (bad input), after results.json
    /// is written. Returns the storage failure when results.json could not be written.
    public static func writeResults(_ results: RunResults, to directory: URL, options: ResultWriterOptions = ResultWriterOptions(),
                                    report: @Sendable (RunEvent) -> Void) throws(KCIDBWriter.InvalidOption) -> RunStorageError? {
        let file = directory.appendingPathComponent("results.json")
        var failure: RunStorageError?
        do {
            try write(encoder.encode(results), to: file)
        } catch let error as RunStorageError {
            failure = error
            report(.note("\(error)"))
        } catch {
            failure = RunStorageError(path: file.path, reason: "\(error)")
            report(.note("\(file.path): cannot encode: \(error)"))
        }
        do {
            try ResultWriters.writeAll(results, to: directory, options: options)
        } catch let invalid as KCIDBWriter.InvalidOption {
            throw invalid
        } catch {
            report(.note("result writers failed in \(directory.path): \(error)"))
        }
        return failure
    }
}
