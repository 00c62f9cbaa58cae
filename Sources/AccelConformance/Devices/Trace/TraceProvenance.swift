/// Where a value in a traced ioctl argument comes from, so a replay can rebuild it rather
/// than paste a number that only meant something in the recording process:
/// - `buffer`: the field is a user pointer; the bytes behind it (as far as readable, capped)
///   were recorded before the call;
/// - `fd`: the field is a file descriptor number;
/// - `mmap-offset`: the field (in `out`) is an offset for mmap that the driver handed out;
/// - `pages`: a user address stored at byte `at` of the buffer behind `field` (a message the
///   driver parses), with how the pages behind it were mapped (``PageLayout``): a replay maps
///   the same layout and writes its own address there.
///
/// One JSON object per entry in the trace line's `provenance` list (added in trace format 2;
/// readers of format 1 ignore the key, and a line without it reads as before):
/// `{"field": "data", "kind": "buffer", "address": "0x…", "length": 112, "readable": 112, "bytes": "…"}`.
public struct TraceProvenance: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case buffer
        case fd
        case mmapOffset = "mmap-offset"
        case pages
    }

    /// Dotted path of the field inside `in` (or `out` for an mmap offset), e.g. `data`, `hdr.handle`.
    public var field: String
    public var kind: Kind
    /// buffer, pages: the pointer's value, `0x…`.
    public var address: String?
    /// buffer: the length the argument declares (count × entry size, len, …); pages: the bytes
    /// the message declares from `address`.
    public var length: Int?
    /// pages: byte offset of the stored address inside `field`'s buffer.
    public var at: Int?
    /// pages: the page size of the recording, and the mapping of its pages from the one
    /// holding `address` on (``PageLayout/capture(address:length:)``).
    public var pageSize: Int?
    public var layout: [PageRun]?
    /// buffer: how many bytes from the start could be read, up to ``byteLimit`` (less than
    /// `length` when the buffer runs into unmapped memory; 0 for a bad pointer).
    public var readable: Int?
    /// buffer: the first `readable` bytes (at most ``byteLimit``), hex.
    public var bytes: String?
    /// buffer: false when the bytes could be read but not written back (a read-only mapping).
    public var writable: Bool?
    /// buffer: true when the byte right after the declared length could not be read (the
    /// buffer ends at unmapped memory, so a kernel writing past `length` faults).
    public var guarded: Bool?

    /// Longest buffer content a trace line keeps.
    public static let byteLimit = 65536

    public init(field: String, kind: Kind, address: String? = nil, length: Int? = nil, readable: Int? = nil,
                bytes: String? = nil, writable: Bool? = nil, guarded: Bool? = nil, at: Int? = nil,
                pageSize: Int? = nil, layout: [PageRun]? = nil) {
        self.at = at
        self.pageSize = pageSize
        self.layout = layout
        self.writable = writable
        self.guarded = guarded
        self.field = field
        self.kind = kind
        self.address = address
        self.length = length
        self.readable = readable
        self.bytes = bytes
    }

    var json: JSONValue {
        var fields: [(String, JSONValue)] = [("field", .string(field)), ("kind", .string(kind.rawValue))]
        if let at { fields.append(("at", .int(Int64(at)))) }
        if let address { fields.append(("address", .string(address))) }
        if let length { fields.append(("length", .int(Int64(length)))) }
        if let readable { fields.append(("readable", .int(Int64(readable)))) }
        if let bytes { fields.append(("bytes", .string(bytes))) }
        if let writable { fields.append(("writable", .bool(writable))) }
        if let guarded { fields.append(("guarded", .bool(guarded))) }
        if let pageSize { fields.append(("page", .int(Int64(pageSize)))) }
        if let layout { fields.append(("layout", .array(layout.map(\.json)))) }
        return .object(fields)
    }

    init(json: JSONValue) throws(TraceEvent.FormatError) {
        guard case .object = json, let field = json["field"]?.stringValue, let kindName = json["kind"]?.stringValue else {
            throw TraceEvent.FormatError(description: "a provenance entry needs \"field\" and \"kind\": \(json.serialized())")
        }
        guard let kind = Kind(rawValue: kindName) else {
            throw TraceEvent.FormatError(description: "unknown provenance kind \"\(kindName)\"")
        }
        func count(_ key: String) -> Int? { json[key]?.uint64Value.flatMap { Int(exactly: $0) } }
        func flag(_ key: String) -> Bool? {
            if case .bool(let value)? = json[key] { return value }
            return nil
        }
        var layout: [PageRun]?
        if let runs = json["layout"] {
            guard case .array(let entries) = runs else {
                throw TraceEvent.FormatError(description: "\"layout\" must be a list: \(json.serialized())")
            }
            layout = []
            for entry in entries { layout?.append(try PageRun(json: entry)) }
        }
        if kind == .pages, count("at") == nil || json["address"]?.stringValue == nil || (layout ?? []).isEmpty {
            throw TraceEvent.FormatError(description: "a pages entry needs \"at\", \"address\" and a non-empty "
                                         + "\"layout\": \(json.serialized())")
        }
        self.init(field: field, kind: kind, address: json["address"]?.stringValue, length: count("length"),
                  readable: count("readable"), bytes: json["bytes"]?.stringValue, writable: flag("writable"),
                  guarded: flag("guarded"), at: count("at"), pageSize: count("page"), layout: layout)
    }

    /// Records the pages behind a user address stored inside `field`'s buffer.
    public static func pages(field: String, _ pointer: EmbeddedPointer) -> TraceProvenance {
        TraceProvenance(field: field, kind: .pages, address: "0x" + String(pointer.address, radix: 16),
                        length: Int(clamping: pointer.length), at: pointer.offset, pageSize: PageLayout.pageSize,
                        layout: PageLayout.capture(address: pointer.address, length: pointer.length))
    }

    /// Records the buffer at `address`: its readable prefix up to `length` (capped), found
    /// page by page without trusting the pointer.
    public static func buffer(field: String, address: UInt64, length: Int) -> TraceProvenance {
        let wanted = min(max(length, 0), byteLimit)
        var bytes: [UInt8] = []
        if address != 0 {
            var at = address
            while bytes.count < wanted {
                let untilPage = Int(4096 - (at % 4096))
                let chunk = min(untilPage, wanted - bytes.count)
                guard let read = try? UserMemory.read(at, count: chunk) else { break }
                bytes += read
                at &+= UInt64(chunk)
            }
        }
        var writable: Bool?
        var guarded: Bool?
        if !bytes.isEmpty, let first = try? UserMemory.read(address, count: 1) {
            // The buffer's first byte written back as it is: fails on a read-only page. Only that
            // byte, read just before: the declared length may reach past the case's buffer into
            // memory others are changing (a stale copy written back would corrupt it).
            writable = (try? UserMemory.write(first, to: address)) != nil
        }
        if bytes.count == length, length > 0 {
            guarded = (try? UserMemory.read(address &+ UInt64(length), count: 1)) == nil
        }
        return TraceProvenance(field: field, kind: .buffer, address: "0x" + String(address, radix: 16), length: length,
                               readable: bytes.count, bytes: bytes.map { hexByte($0) }.joined(), writable: writable,
                               guarded: guarded)
    }

    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}

/// A pointer field of an ioctl argument and how many bytes it declares, as a catalog's
/// decoder sees it; the tracer records the bytes behind it (``TraceProvenance/buffer``) and
/// the memory behind the user addresses stored inside those bytes (`embedded`).
public struct PointerField: Sendable {
    public var field: String
    public var address: UInt64
    public var length: Int
    public var embedded: [EmbeddedPointer]

    public init(_ field: String, address: UInt64, length: Int, embedded: [EmbeddedPointer] = []) {
        self.field = field
        self.address = address
        self.length = length
        self.embedded = embedded
    }
}
