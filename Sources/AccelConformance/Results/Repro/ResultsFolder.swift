import Foundation

/// Read access to a results folder for the commands that work on one after a run
/// (`repro`, `upload`). Errors name the file and what is wrong with it.
public struct ResultsFolder: Sendable {
    public let url: URL

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    public init(_ url: URL) throws(Problem) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw Problem("\(url.path): not a results folder (no such directory)")
        }
        self.url = url
    }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// `results.json`, whichever date encoding the runner chose.
    public func results() throws(Problem) -> RunResults {
        let path = file("results.json")
        guard let data = FileManager.default.contents(atPath: path.path) else {
            throw Problem("\(path.path): missing or unreadable")
        }
        var lastError: any Error = Problem("no decoder tried")
        let strategies: [JSONDecoder.DateDecodingStrategy] = [.iso8601, .deferredToDate, .secondsSince1970, .custom(Self.fractionalISO8601)]
        for strategy in strategies {
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = strategy
            do {
                return try decoder.decode(RunResults.self, from: data)
            } catch {
                lastError = error
            }
        }
        throw Problem("\(path.path): not a results.json this version can read: \(lastError)")
    }

    private static func fractionalISO8601(_ decoder: any Decoder) throws -> Date {
        let text = try decoder.singleValueContainer().decode(String.self)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = formatter.date(from: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        return date
    }

    /// The trace of one case: `cases/<name>/trace.jsonl`, else the copy inside results.json.
    /// Errors name the file and line of a bad trace line.
    public func trace(of name: CaseName) throws(Problem) -> [TraceEvent] {
        let path = url.appendingPathComponent("cases").appendingPathComponent(name.description).appendingPathComponent("trace.jsonl")
        if let data = FileManager.default.contents(atPath: path.path) {
            var events: [TraceEvent] = []
            for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                do {
                    events.append(try TraceEvent.parse(jsonLine: String(line)))
                } catch {
                    throw Problem("\(path.path):\(index + 1): not a trace event: \(error)")
                }
            }
            return events
        }
        if let record = try? record(of: name) { return record.outcome.trace }
        throw Problem("no trace for \(name): \(path.path) is missing and results.json has no such case")
    }

    /// The case's record from results.json (the last one when the case was repeated).
    public func record(of name: CaseName) throws(Problem) -> CaseRecord {
        let results = try results()
        guard let record = results.records.last(where: { $0.outcome.name == name }) else {
            throw Problem("\(file("results.json").path): no case named \(name)")
        }
        return record
    }

    /// Where our ABI headers are, for copying them next to an emitted reproducer:
    /// `$ACCEL_CONFORMANCE_UAPI_DIR`, else the installed package's
    /// (`<prefix>/share/accel-conformance/include` beside `<prefix>/bin`), else the source
    /// tree the binary was built from (found from the current directory or the executable's location).
    public static func abiHeaderDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL? {
        var candidates: [URL] = []
        if let dir = environment["ACCEL_CONFORMANCE_UAPI_DIR"] { candidates.append(URL(fileURLWithPath: dir)) }
        let relative = "Sources/CAccelShim/include"
        candidates.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(relative))
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(directory.deletingLastPathComponent().appendingPathComponent("share/accel-conformance/include"))
        for _ in 0..<5 {
            candidates.append(directory.appendingPathComponent(relative))
            directory = directory.deletingLastPathComponent()
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("accel_drm_uapi.h").path) }
    }

    /// `accel_drm_uapi.h` first, then every driver's `accel_*_uapi.h`, sorted.
    public static func abiHeaders(in directory: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let drivers = names.filter { $0.hasPrefix("accel_") && $0.hasSuffix("_uapi.h") && $0 != "accel_drm_uapi.h" }.sorted()
        return ["accel_drm_uapi.h"] + drivers
    }
}
