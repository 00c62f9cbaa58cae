/// How to name and decode one ioctl in a trace. Driver folders contribute descriptors for
/// their uapi; the DRM core contributes its own. Decoding reads user memory defensively:
/// a bad pointer in a negative case must show up as such in the trace, not crash the suite.
public struct IoctlDescriptor: Sendable {
    /// The uapi name without `DRM_IOCTL_`.
    public let name: String
    public let request: IoctlRequest
    /// Decodes the argument as userspace filled it in, before the call.
    public let decodeIn: @Sendable (UnsafeRawPointer) -> JSONValue
    /// Decodes what the kernel copied back; nil for requests that write nothing back.
    public let decodeOut: (@Sendable (UnsafeRawPointer) -> JSONValue)?
    /// The argument's user pointers and the lengths they declare (trace provenance).
    public let pointers: (@Sendable (UnsafeRawPointer) -> [PointerField])?
    /// Fields holding file descriptors (`fd`), in `in` or `out`.
    public let descriptorFields: [String]
    /// `out` fields holding an mmap offset the driver hands out.
    public let mmapOffsetFields: [String]

    public init(name: String, request: IoctlRequest,
                decodeIn: @escaping @Sendable (UnsafeRawPointer) -> JSONValue,
                decodeOut: (@Sendable (UnsafeRawPointer) -> JSONValue)?,
                pointers: (@Sendable (UnsafeRawPointer) -> [PointerField])? = nil,
                descriptorFields: [String] = [], mmapOffsetFields: [String] = []) {
        self.name = name
        self.request = request
        self.decodeIn = decodeIn
        self.decodeOut = decodeOut
        self.pointers = pointers
        self.descriptorFields = descriptorFields
        self.mmapOffsetFields = mmapOffsetFields
    }
}

/// All descriptors known for a run, looked up by type and nr (size and direction may
/// deliberately differ from the uapi in dispatch cases).
public struct IoctlCatalog: Sendable {
    private var byTypeAndNr: [UInt16: IoctlDescriptor] = [:]

    public init(_ descriptors: [IoctlDescriptor] = []) {
        for descriptor in descriptors { add(descriptor) }
    }

    public mutating func add(_ descriptor: IoctlDescriptor) {
        byTypeAndNr[Self.key(descriptor.request)] = descriptor
    }

    public func merging(_ other: IoctlCatalog) -> IoctlCatalog {
        var merged = self
        for descriptor in other.byTypeAndNr.values { merged.add(descriptor) }
        return merged
    }

    public func descriptor(for request: IoctlRequest) -> IoctlDescriptor? {
        byTypeAndNr[Self.key(request)]
    }

    public var descriptors: [IoctlDescriptor] {
        byTypeAndNr.values.sorted { $0.request.rawValue < $1.request.rawValue }
    }

    private static func key(_ request: IoctlRequest) -> UInt16 {
        UInt16(request.type) << 8 | UInt16(request.nr)
    }
}
