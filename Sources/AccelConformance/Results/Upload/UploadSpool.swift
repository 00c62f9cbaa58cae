import Foundation

/// `upload-spool/` in a results folder: submissions waiting to be sent (`<key>.json`,
/// oldest first) and `sent.log`, one line per accepted submission. The key is a hash of the
/// content, so the same kcidb.json is never spooled or sent twice.
public struct UploadSpool: Sendable {
    public static let folderName = "upload-spool"
    public let directory: URL

    public struct Entry: Sendable {
        public var key: String
        public var url: URL
    }

    public enum Added: Sendable { case spooled, alreadySpooled, alreadySent }

    public init(_ folder: ResultsFolder) {
        directory = folder.url.appendingPathComponent(Self.folderName)
    }

    private var sentLog: URL { directory.appendingPathComponent("sent.log") }

    public static func key(for data: Data) -> String {
        // FNV-1a 64: a content key, not a security measure.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "kcidb-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    public func sentKeys() -> Set<String> {
        guard let data = FileManager.default.contents(atPath: sentLog.path) else { return [] }
        return Set(String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
    }

    public func add(_ data: Data) throws -> Added {
        let key = Self.key(for: data)
        if sentKeys().contains(key) { return .alreadySent }
        let file = directory.appendingPathComponent(key + ".json")
        if FileManager.default.fileExists(atPath: file.path) { return .alreadySpooled }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try data.write(to: file, options: .atomic)
        return .spooled
    }

    /// Spooled submissions, oldest first.
    public func pending() -> [Entry] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let entries = names.filter { $0.hasSuffix(".json") }.map { name in
            Entry(key: String(name.dropLast(5)), url: directory.appendingPathComponent(name))
        }
        func created(_ entry: Entry) -> Date {
            ((try? FileManager.default.attributesOfItem(atPath: entry.url.path))?[.modificationDate] as? Date) ?? .distantPast
        }
        return entries.sorted { (created($0), $0.key) < (created($1), $1.key) }
    }

    public func markSent(_ entry: Entry, httpStatus: Int) throws {
        let stamp = ISO8601DateFormatter().string(from: Date())
        let line = "\(entry.key) \(stamp) HTTP \(httpStatus)\n"
        if let handle = FileHandle(forWritingAtPath: sentLog.path) {
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(line.utf8))
        } else {
            try Data(line.utf8).write(to: sentLog, options: .atomic)
        }
        try FileManager.default.removeItem(at: entry.url)
    }
}
