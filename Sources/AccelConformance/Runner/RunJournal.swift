import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One line of `journal.jsonl`. A case slot is (device index in the metadata, position in
/// that device's plan), so repeats of one name stay distinct.
public struct JournalEntry: Codable, Sendable, Equatable {
    public enum Event: String, Codable, Sendable {
        case started
        case finished
        case aborted
        case resumed
    }

    public var event: Event
    public var device: Int?
    public var index: Int?
    public var name: CaseName?
    public var attempt: Int?
    public var time: Date
    /// `finished`: the final record, outcome included.
    public var record: CaseRecord?
    /// `aborted`: why.
    public var reason: String?

    public init(event: Event, device: Int? = nil, index: Int? = nil, name: CaseName? = nil, attempt: Int? = nil,
                time: Date = Date(), record: CaseRecord? = nil, reason: String? = nil) {
        self.event = event
        self.device = device
        self.index = index
        self.name = name
        self.attempt = attempt
        self.time = time
        self.record = record
        self.reason = reason
    }
}

/// Appends entries to `journal.jsonl`, each written with one write(2) and fsync'ed, so a
/// killed runner (or machine) loses at most the line being written.
public final class RunJournalWriter: @unchecked Sendable {
    public let path: String
    private let descriptor: CInt
    private let lock = NSLock()
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public init(path: String) throws(RunStorageError) {
        self.path = path
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw RunStorageError(path: path, errno: errno, doing: "cannot open the journal") }
        descriptor = fd
        // A line cut off by an earlier kill (the reader skipped it with a note) is cut away,
        // so it neither glues onto the next entry nor becomes a garbled line in the middle.
        if let data = FileManager.default.contents(atPath: path), let last = data.last, last != 0x0A {
            let keep = data.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            _ = ftruncate(fd, off_t(keep))
        }
    }

    deinit { close(descriptor) }

    /// Writes and fsyncs one line. When that fails (disk full, I/O error) whatever part of the
    /// line reached the file is cut away again, so every line already in the journal still
    /// parses and a later append does not glue onto a fragment.
    public func append(_ entry: JournalEntry) throws(RunStorageError) {
        var data: Data
        do {
            data = try encoder.encode(entry)
        } catch {
            throw RunStorageError(path: path, reason: "cannot encode a journal entry: \(error)")
        }
        data.append(0x0A)
        lock.lock()
        defer { lock.unlock() }
        do {
            var status = stat()
            let before = fstat(descriptor, &status) == 0 ? status.st_size : -1
            var written = 0
            var failure: Int32 = 0
            while written < data.count {
                let count = data.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 {
                    failure = count < 0 ? errno : ENOSPC
                    break
                }
                written += count
            }
            if failure == 0 && fsync(descriptor) != 0 { failure = errno }
            if failure != 0 {
                if before >= 0 { _ = ftruncate(descriptor, before) }
                throw RunStorageError(path: path, errno: failure, doing: "journal write failed")
            }
        }
    }
}

/// Reads a journal back. A garbled or cut-off LAST line is what a kill leaves behind: it is
/// skipped with a note. A garbled line anywhere else means the file was damaged: an error
/// naming file:line.
public struct RunJournalReader: Sendable {
    public let entries: [JournalEntry]
    public let notes: [String]
    public let path: String
    /// The 1-based line of each entry, parallel to ``entries``.
    private let lineNumbers: [Int]

    public init(path: String) throws(RunnerInputError) {
        try self.init(data: FileManager.default.contents(atPath: path) ?? Data(), path: path)
    }

    public init(data: Data, path: String) throws(RunnerInputError) {
        let decoder = JSONDecoder()
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        var entries: [JournalEntry] = []
        var notes: [String] = []
        var numbers: [Int] = []
        for (index, line) in lines.enumerated() {
            if line.isEmpty { continue }
            let entry: JournalEntry
            do {
                entry = try decoder.decode(JournalEntry.self, from: Data(line))
            } catch {
                let isLast = lines[(index + 1)...].allSatisfy(\.isEmpty)
                if isLast {
                    notes.append("\(path):\(index + 1): skipped a truncated last journal line (the runner was killed while writing it)")
                } else {
                    throw RunnerInputError(file: path, line: index + 1, "garbled journal line")
                }
                continue
            }
            if (entry.device ?? 0) < 0 || (entry.index ?? 0) < 0 {
                throw RunnerInputError(file: path, line: index + 1, "negative device or case index")
            }
            entries.append(entry)
            numbers.append(index + 1)
        }
        self.entries = entries
        self.notes = notes
        self.path = path
        self.lineNumbers = numbers
    }

    /// Every slot the journal names must be one the metadata planned, under the same case
    /// name: a journal from another run (or edited by hand) would otherwise mix results.
    public func check(against metadata: RunMetadata) throws(RunnerInputError) {
        for (entry, line) in zip(entries, lineNumbers) {
            guard let device = entry.device, let index = entry.index else {
                if entry.event == .started || entry.event == .finished {
                    throw RunnerInputError(file: path, line: line, "\(entry.event.rawValue) entry without a device and index")
                }
                continue
            }
            guard device < metadata.devices.count, index < metadata.devices[device].plan.count else {
                throw RunnerInputError(file: path, line: line,
                                       "case slot (device \(device), index \(index)) is not in the plan of metadata.json")
            }
            let planned = metadata.devices[device].plan[index]
            for name in [entry.name, entry.record?.outcome.name].compactMap({ $0 }) where name != planned {
                throw RunnerInputError(file: path, line: line,
                                       "names \(name) where metadata.json plans \(planned) (device \(device), index \(index))")
            }
        }
    }

    /// Final records by (device, index).
    public var finished: [JournalSlot: CaseRecord] {
        var records: [JournalSlot: CaseRecord] = [:]
        for entry in entries where entry.event == .finished {
            if let device = entry.device, let index = entry.index, let record = entry.record {
                records[JournalSlot(device: device, index: index)] = record
            }
        }
        return records
    }

    /// Slots that started and never finished: in flight when the runner or machine died.
    public var startedOnly: [JournalSlot: JournalEntry] {
        let done = finished
        var open: [JournalSlot: JournalEntry] = [:]
        for entry in entries where entry.event == .started {
            if let device = entry.device, let index = entry.index {
                let slot = JournalSlot(device: device, index: index)
                if done[slot] == nil { open[slot] = entry }
            }
        }
        return open
    }

    /// The slot of the last `started` entry: the case in flight when the runner last stopped.
    public var lastStarted: JournalSlot? {
        guard let entry = entries.last(where: { $0.event == .started }), let device = entry.device,
              let index = entry.index else { return nil }
        return JournalSlot(device: device, index: index)
    }

    public var abortReason: String? {
        var reason: String?
        for entry in entries {
            if entry.event == .aborted { reason = entry.reason }
            if entry.event == .resumed { reason = nil }
        }
        return reason
    }
}

/// A planned case: device index in the metadata and position in its plan.
public struct JournalSlot: Hashable, Sendable, Comparable {
    public let device: Int
    public let index: Int

    public init(device: Int, index: Int) {
        self.device = device
        self.index = index
    }

    public static func < (lhs: JournalSlot, rhs: JournalSlot) -> Bool {
        (lhs.device, lhs.index) < (rhs.device, rhs.index)
    }
}
