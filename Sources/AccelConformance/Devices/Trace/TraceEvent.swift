import Foundation

/// One syscall a case made, as one line of a trace (JSON Lines).
///
/// The shape is the contract with failure reports and the C reproducer generator: `syscall`,
/// `fd`, then per kind `ioctl`/`request`/`in`/`out`, `path`/`flags`, or
/// `offset`/`length`/`prot`/`flags`, and `result` (0 or an errno name). Format 2 adds
/// `provenance` to ioctls (``TraceProvenance``): which fields are pointers (with the bytes
/// behind them), fds and mmap offsets. Format-1 readers ignore it; format-1 lines lack it.
public struct TraceEvent: Codable, Hashable, Sendable {
    public enum Syscall: String, Codable, Sendable {
        case ioctl, open, close, mmap, munmap
    }

    public var syscall: Syscall
    /// The descriptor number the case saw (for open: the new fd, absent on failure).
    public var fd: Int32?
    /// ioctl: the uapi name without `DRM_IOCTL_`, e.g. `QAIC_CREATE_BO`; `UNKNOWN` when the
    /// request is in no catalogue.
    public var ioctl: String?
    /// ioctl: the request number in hex, exactly as issued.
    public var request: String?
    /// ioctl: decoded input fields (nested structs as objects, arrays behind pointers as lists).
    public var `in`: JSONValue?
    /// ioctl: decoded output fields, for requests the kernel copies back.
    public var out: JSONValue?
    /// open: the path opened.
    public var path: String?
    /// open and mmap: the flags word.
    public var flags: Int32?
    /// mmap/munmap.
    public var offset: Int64?
    public var length: Int?
    public var prot: Int32?
    /// munmap: the address of the mapping, as a hex string.
    public var address: String?
    /// `0` or an errno name such as `EINVAL`.
    public var result: JSONValue
    /// ioctl: what the argument's pointer, fd and offset fields refer to (nil in format 1).
    public var provenance: [TraceProvenance]?

    public init(syscall: Syscall, fd: Int32? = nil, ioctl: String? = nil, request: String? = nil,
                in input: JSONValue? = nil, out: JSONValue? = nil, path: String? = nil, flags: Int32? = nil,
                offset: Int64? = nil, length: Int? = nil, prot: Int32? = nil, address: String? = nil,
                result: JSONValue, provenance: [TraceProvenance]? = nil) {
        self.provenance = provenance
        self.syscall = syscall
        self.fd = fd
        self.ioctl = ioctl
        self.request = request
        self.in = input
        self.out = out
        self.path = path
        self.flags = flags
        self.offset = offset
        self.length = length
        self.prot = prot
        self.address = address
        self.result = result
    }

    /// One JSON object on one line, fields in a fixed order: what happened first, then the
    /// arguments, then the result.
    public func jsonLine() throws -> String {
        json.serialized()
    }

    /// The event as an ordered JSON object (the fields of ``jsonLine()``).
    public var json: JSONValue {
        var fields: [(String, JSONValue)] = [("syscall", .string(syscall.rawValue))]
        if let fd { fields.append(("fd", .int(Int64(fd)))) }
        if let ioctl { fields.append(("ioctl", .string(ioctl))) }
        if let request { fields.append(("request", .string(request))) }
        if let input = self.in { fields.append(("in", input)) }
        if let out { fields.append(("out", out)) }
        if let provenance, !provenance.isEmpty { fields.append(("provenance", .array(provenance.map(\.json)))) }
        if let path { fields.append(("path", .string(path))) }
        if let flags { fields.append(("flags", .int(Int64(flags)))) }
        if let offset { fields.append(("offset", .int(offset))) }
        if let length { fields.append(("length", .int(Int64(length)))) }
        if let prot { fields.append(("prot", .int(Int64(prot)))) }
        if let address { fields.append(("address", .string(address))) }
        fields.append(("result", result))
        return .object(fields)
    }

    /// Reads a line written by ``jsonLine()``, keeping the order of the `in`/`out` fields
    /// (Foundation's decoder would not). Keys this version does not know are ignored, so a
    /// newer trace still reads.
    public static func parse(jsonLine: String) throws -> TraceEvent {
        try TraceEvent(json: JSONValue.parse(jsonLine))
    }

    /// A trace line that is JSON but not a trace event: which field is wrong and how.
    public struct FormatError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    public init(json: JSONValue) throws(FormatError) {
        guard case .object(let fields) = json else { throw FormatError(description: "a trace event must be a JSON object") }
        // A handful of keys: searched in order (the first of a repeated key wins), without
        // hashing them into a dictionary for every event of every case.
        func field(_ key: String) -> JSONValue? { fields.first { $0.0 == key }?.1 }
        func string(_ key: String) throws(FormatError) -> String? {
            guard let value = field(key) else { return nil }
            guard case .string(let text) = value else { throw FormatError(description: "\"\(key)\" must be a string, found \(value.serialized())") }
            return text
        }
        func integer<T: FixedWidthInteger>(_ key: String, _: T.Type) throws(FormatError) -> T? {
            guard let value = field(key) else { return nil }
            let converted: T?
            switch value {
            case .int(let v): converted = T(exactly: v)
            case .uint(let v): converted = T(exactly: v)
            default: throw FormatError(description: "\"\(key)\" must be an integer, found \(value.serialized())")
            }
            guard let converted else { throw FormatError(description: "\"\(key)\" is out of range for \(T.self): \(value.serialized())") }
            return converted
        }
        guard let name = try string("syscall") else { throw FormatError(description: "missing \"syscall\"") }
        guard let syscall = Syscall(rawValue: name) else { throw FormatError(description: "unknown syscall \"\(name)\"") }
        guard let result = field("result") else { throw FormatError(description: "missing \"result\"") }
        var provenance: [TraceProvenance]?
        if let list = field("provenance") {
            guard case .array(let entries) = list else { throw FormatError(description: "\"provenance\" must be a list") }
            provenance = []
            for entry in entries { provenance?.append(try TraceProvenance(json: entry)) }
        }
        self.init(syscall: syscall, fd: try integer("fd", Int32.self), ioctl: try string("ioctl"), request: try string("request"),
                  in: field("in"), out: field("out"), path: try string("path"), flags: try integer("flags", Int32.self),
                  offset: try integer("offset", Int64.self), length: try integer("length", Int.self),
                  prot: try integer("prot", Int32.self), address: try string("address"), result: result,
                  provenance: provenance)
    }
}

/// The syscalls of one case, in order.
public final class TraceRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [TraceEvent] = []

    public init() {}

    public func record(_ event: TraceEvent) {
        lock.lock()
        storage.append(event)
        lock.unlock()
    }

    public var events: [TraceEvent] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }

    /// JSON Lines, one event per line, newline-terminated.
    public static func jsonLines(_ events: [TraceEvent]) throws -> String {
        try events.map { try $0.jsonLine() + "\n" }.joined()
    }

    public static func parse(jsonLines: String) throws -> [TraceEvent] {
        try jsonLines.split(separator: "\n", omittingEmptySubsequences: true).map {
            try TraceEvent.parse(jsonLine: String($0))
        }
    }
}
