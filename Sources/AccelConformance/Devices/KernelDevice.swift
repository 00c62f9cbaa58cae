import CAccelShim
import SystemPackage

/// A character device in /dev/accel, reached through real syscalls.
public final class KernelDevice: Device {
    public let identity: DeviceIdentity
    public let path: String

    public init(path: String, identity: DeviceIdentity) {
        self.path = path
        self.identity = identity
    }

    public func open(_ flags: OpenFlags) throws(Errno) -> any DeviceFile {
        let fd = ac_open(path, flags.rawValue)
        guard fd >= 0 else { throw Errno(rawValue: -fd) }
        return KernelDeviceFile(descriptor: fd)
    }
}

/// An open kernel fd. Errors come back as typed errnos from the shim's -errno convention.
public final class KernelDeviceFile: DeviceFile {
    public let descriptor: CInt
    private var closed = false

    public init(descriptor: CInt) { self.descriptor = descriptor }

    deinit {
        if !closed { _ = ac_close(descriptor) }
    }

    public func ioctl(_ request: IoctlRequest, _ argument: UnsafeMutableRawPointer?) throws(Errno) {
        guard !closed else { throw Errno.badFileDescriptor }
        let rc = ac_ioctl(descriptor, request.rawValue, argument)
        if rc < 0 { throw Errno(rawValue: -rc) }
    }

    public func ioctlOnce(_ request: IoctlRequest, _ argument: UnsafeMutableRawPointer?) throws(Errno) {
        guard !closed else { throw Errno.badFileDescriptor }
        let rc = ac_ioctl_once(descriptor, request.rawValue, argument)
        if rc < 0 { throw Errno(rawValue: -rc) }
    }

    public func mmap(length: Int, protection: MemoryProtection, flags: MappingFlags, offset: Int64) throws(Errno) -> UnsafeMutableRawPointer {
        guard !closed else { throw Errno.badFileDescriptor }
        var error: CInt = 0
        guard let address = ac_mmap(nil, length, protection.rawValue, flags.rawValue, descriptor, offset, &error) else {
            throw Errno(rawValue: error)
        }
        return address
    }

    public func munmap(_ address: UnsafeMutableRawPointer, length: Int) throws(Errno) {
        let rc = ac_munmap(address, length)
        if rc < 0 { throw Errno(rawValue: -rc) }
    }

    public func close() throws(Errno) {
        guard !closed else { throw Errno.badFileDescriptor }
        closed = true
        let rc = ac_close(descriptor)
        if rc < 0 { throw Errno(rawValue: -rc) }
    }
}
