import SystemPackage

/// One open file of an accel device: the operations a case can perform on it.
///
/// Every backend receives exactly the raw uapi structs and request numbers a kernel would,
/// so nothing above this protocol can tell a kernel fd from the reference device except
/// through ``DeviceIdentity``.
public protocol DeviceFile: AnyObject {
    /// The descriptor number the case sees (a real, reserved fd number on every backend).
    var descriptor: CInt { get }

    /// Issues `request` with `argument` pointing at the raw uapi struct (or nil).
    func ioctl(_ request: IoctlRequest, _ argument: UnsafeMutableRawPointer?) throws(Errno)

    /// One attempt of `request`: EAGAIN and EINTR reach the case. ``ioctl(_:_:)`` goes through
    /// libdrm's drmIoctl on a kernel device, which restarts both, so a row that expects EAGAIN
    /// (a full ring) would never see it there.
    func ioctlOnce(_ request: IoctlRequest, _ argument: UnsafeMutableRawPointer?) throws(Errno)

    /// mmap(2) of this file at `offset` (a fake offset handed out by the driver).
    func mmap(length: Int, protection: MemoryProtection, flags: MappingFlags, offset: Int64) throws(Errno) -> UnsafeMutableRawPointer

    /// munmap(2) of a region returned by ``mmap(length:protection:flags:offset:)``.
    func munmap(_ address: UnsafeMutableRawPointer, length: Int) throws(Errno)

    /// close(2). A closed file rejects every later call with EBADF.
    func close() throws(Errno)
}

/// A device that files can be opened on.
public protocol Device: AnyObject, Sendable {
    var identity: DeviceIdentity { get }
    func open(_ flags: OpenFlags) throws(Errno) -> any DeviceFile
}

public struct MemoryProtection: OptionSet, Hashable, Sendable, Codable {
    public var rawValue: CInt
    public init(rawValue: CInt) { self.rawValue = rawValue }
    public static let read = MemoryProtection(rawValue: 0x1)
    public static let write = MemoryProtection(rawValue: 0x2)
    public static let none: MemoryProtection = []
}

public struct MappingFlags: OptionSet, Hashable, Sendable, Codable {
    public var rawValue: CInt
    public init(rawValue: CInt) { self.rawValue = rawValue }
    public static let shared = MappingFlags(rawValue: 0x01)
    public static let `private` = MappingFlags(rawValue: 0x02)
}

public struct OpenFlags: OptionSet, Hashable, Sendable, Codable {
    public var rawValue: CInt
    public init(rawValue: CInt) { self.rawValue = rawValue }
    public static let readWrite = OpenFlags(rawValue: 0o2)
    public static let exclusive = OpenFlags(rawValue: 0o200)
    public static let closeOnExec = OpenFlags(rawValue: 0o2000000)
    /// What every case uses unless it probes open(2) itself.
    public static let standard: OpenFlags = [.readWrite, .closeOnExec]
}

extension DeviceFile {
    /// Backends that never restart a call (the reference devices) need nothing else.
    public func ioctlOnce(_ request: IoctlRequest, _ argument: UnsafeMutableRawPointer?) throws(Errno) {
        try ioctl(request, argument)
    }

    /// Runs an ioctl and returns its outcome as a value, for tables that compare results;
    /// `once`: a single attempt (``ioctlOnce(_:_:)``).
    public func result(_ request: IoctlRequest, _ argument: UnsafeMutableRawPointer?,
                       once: Bool = false) -> Result<Void, Errno> {
        do throws(Errno) {
            if once {
                try ioctlOnce(request, argument)
            } else {
                try ioctl(request, argument)
            }
            return .success(())
        } catch {
            return .failure(error)
        }
    }

    /// Issues `request` on a typed uapi struct in place.
    public func ioctl<T>(_ request: IoctlRequest, _ argument: inout T) throws(Errno) {
        let result: Result<Void, Errno> = withUnsafeMutableBytes(of: &argument) { buffer in
            self.result(request, buffer.baseAddress)
        }
        try result.get()
    }
}
