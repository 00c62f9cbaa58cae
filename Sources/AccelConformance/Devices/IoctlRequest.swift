/// An ioctl request number, with the asm-generic `_IOC` fields it encodes.
///
/// DRM dispatches on `type` and `nr` only (accel-core.md §4), so cases that probe dispatch
/// build requests whose size or direction disagree with the uapi on purpose.
public struct IoctlRequest: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt

    public init(rawValue: UInt) { self.rawValue = rawValue }

    public struct Direction: OptionSet, Hashable, Sendable {
        public var rawValue: UInt
        public init(rawValue: UInt) { self.rawValue = rawValue }
        /// Userspace writes the argument (copy-in).
        public static let write = Direction(rawValue: 1)
        /// Userspace reads the argument back (copy-back).
        public static let read = Direction(rawValue: 2)
    }

    public init(direction: Direction, type: UInt8, nr: UInt8, size: Int) {
        rawValue = (direction.rawValue << 30) | (UInt(size & 0x3FFF) << 16) | (UInt(type) << 8) | UInt(nr)
    }

    public var nr: UInt8 { UInt8(rawValue & 0xFF) }
    public var type: UInt8 { UInt8((rawValue >> 8) & 0xFF) }
    public var size: Int { Int((rawValue >> 16) & 0x3FFF) }
    public var direction: Direction { Direction(rawValue: (rawValue >> 30) & 0x3) }

    /// The same request with another argument size, as a caller with an older or newer
    /// header would send it.
    public func withSize(_ size: Int) -> IoctlRequest {
        IoctlRequest(direction: direction, type: type, nr: nr, size: size)
    }

    public var description: String { "0x" + String(rawValue, radix: 16, uppercase: true) }
}
