import Foundation

/// One syscall a case made, as one line of a trace (JSON Lines).
///
/// The shape is the contract with failure reports and the C reproducer generator: `syscall`,
/// `fd`, then per kind `ioctl`/`request`/`in`/`out`, `path`/`flags`, or
/// `offset`/`length`/`prot`/`flags`, and `result` (0 or an errno name).
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

    public init(syscall: Syscall, fd: Int32? = nil, ioctl: String? = nil, request: String? = nil,
                in input: JSONValue? = nil, out: JSONValue? = nil, path: String? = nil, flags: Int32? = nil,
                offset: Int64? = nil, length: Int? = nil, prot: Int32? = nil, address: String? = nil,
                result: JSONValue) {
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
        var fields: [(String, JSONValue)] = [("syscall", .string(syscall.rawValue))]
        if let fd { fields.append(("fd", .int(Int64(fd)))) }
        if let ioctl { fields.append(("ioctl", .string(ioctl))) }
        if let request { fields.append(("request", .string(request))) }
        if let input = self.in { fields.append(("in", input)) }
        if let out { fields.append(("out", out)) }
        if let path { fields.append(("path", .string(path))) }
        if let flags { fields.append(("flags", .int(Int64(flags)))) }
        if let offset { fields.append(("offset", .int(offset))) }
        if let length { fields.append(("length", .int(Int64(length)))) }
        if let prot { fields.append(("prot", .int(Int64(prot)))) }
        if let address { fields.append(("address", .string(address))) }
        fields.append(("result", result))
        return JSONValue.object(fields).serialized()
    }

    public static func parse(jsonLine: String) throws -> TraceEvent {
        try JSONDecoder().decode(TraceEvent.self, from: Data(jsonLine.utf8))
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
