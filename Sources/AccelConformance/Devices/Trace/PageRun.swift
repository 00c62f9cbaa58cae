/// A run of like pages behind a user address a driver pins (``PageLayout``). What decides such
/// a call is not the bytes but which pages exist, whether they can be read, and which of them
/// are the same memory (pages that share one file page are never physically contiguous, so
/// the driver cannot merge them into one address/size pair).
public struct PageRun: Codable, Hashable, Sendable {
    public enum Mapping: String, Codable, Sendable {
        /// Nothing mapped there.
        case unmapped
        /// Mapped without read access (PROT_NONE).
        case none
        /// Private memory (anonymous, heap, a private file mapping): replayed as anonymous memory.
        case `private`
        /// A shared file mapping (memfd, shmem): `file` names the file, `offset` its first page.
        case shared
    }

    public var pages: Int
    public var mapping: Mapping
    /// `r`, `w`, `x` letters of the mapping's protection (empty for unmapped/none).
    public var prot: String
    /// shared: the file's identity in the recording (`dev inode`), the same for every run and
    /// pointer that maps that file.
    public var file: String?
    /// shared: file page of the run's first page, and how far each next page advances (0: one
    /// file page mapped again and again; 1: an ordinary mapping).
    public var offset: Int?
    public var step: Int?

    public init(pages: Int, mapping: Mapping, prot: String = "", file: String? = nil, offset: Int? = nil,
                step: Int? = nil) {
        self.pages = pages
        self.mapping = mapping
        self.prot = prot
        self.file = file
        self.offset = offset
        self.step = step
    }

    var json: JSONValue {
        var fields: [(String, JSONValue)] = [("pages", .int(Int64(pages))), ("map", .string(mapping.rawValue))]
        if !prot.isEmpty { fields.append(("prot", .string(prot))) }
        if let file { fields.append(("file", .string(file))) }
        if let offset { fields.append(("offset", .int(Int64(offset)))) }
        if let step { fields.append(("step", .int(Int64(step)))) }
        return .object(fields)
    }

    init(json: JSONValue) throws(TraceEvent.FormatError) {
        guard let pages = json["pages"]?.uint64Value.flatMap({ Int(exactly: $0) }), pages > 0,
              let name = json["map"]?.stringValue, let mapping = Mapping(rawValue: name) else {
            throw TraceEvent.FormatError(
                description: "a page run needs \"pages\" > 0 and a known \"map\": \(json.serialized())")
        }
        func count(_ key: String) -> Int? { json[key]?.uint64Value.flatMap { Int(exactly: $0) } }
        self.init(pages: pages, mapping: mapping, prot: json["prot"]?.stringValue ?? "",
                  file: json["file"]?.stringValue, offset: count("offset"), step: count("step"))
    }
}
