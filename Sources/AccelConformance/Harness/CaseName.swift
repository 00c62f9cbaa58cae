/// A stable dotted case name such as `qaic.create_bo.size_zero`: a selector on the command
/// line, a KCIDB test path and a file name, so every part is `[a-z0-9_-]+`.
public struct CaseName: Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    public let parts: [String]

    public struct Invalid: Error, CustomStringConvertible {
        public let name: String
        public let reason: String
        public var description: String { "invalid case name '\(name)': \(reason)" }
    }

    public init(_ string: String) throws(Invalid) {
        let parts = string.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { throw Invalid(name: string, reason: "needs at least two dotted parts") }
        for (index, part) in parts.enumerated() {
            guard !part.isEmpty else { throw Invalid(name: string, reason: "part \(index + 1) is empty") }
            guard part.utf8.allSatisfy({ Self.allowed($0) }) else {
                throw Invalid(name: string, reason: "part '\(part)' has characters outside [a-z0-9_-]")
            }
        }
        self.parts = parts
    }

    public init(parts: [String]) throws(Invalid) {
        try self.init(parts.joined(separator: "."))
    }

    private static func allowed(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2D
    }

    /// Everything but the last part: `qaic.create_bo`.
    public var group: String { parts.dropLast().joined(separator: ".") }
    /// The last part: `size_zero`.
    public var leaf: String { parts.last! }
    public var description: String { parts.joined(separator: ".") }

    public static func < (lhs: CaseName, rhs: CaseName) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let string = try decoder.singleValueContainer().decode(String.self)
        try self.init(string)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
