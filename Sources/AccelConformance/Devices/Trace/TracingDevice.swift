import SystemPackage

/// Wraps any device so that every syscall made through it lands in a trace. The trace is
/// recorded here, at the device boundary, so it is the same for every backend.
public final class TracingDevice: Device, @unchecked Sendable {
    public let base: any Device
    public let recorder: TraceRecorder
    public let catalog: IoctlCatalog

    public init(_ base: any Device, recorder: TraceRecorder, catalog: IoctlCatalog) {
        self.base = base
        self.recorder = recorder
        self.catalog = catalog
    }

    public var identity: DeviceIdentity { base.identity }

    public func open(_ flags: OpenFlags) throws(Errno) -> any DeviceFile {
        let path = base.identity.devicePath ?? base.identity.name
        do throws(Errno) {
            let file = try base.open(flags)
            recorder.record(TraceEvent(syscall: .open, fd: file.descriptor, path: path, flags: flags.rawValue, result: 0))
            return TracingDeviceFile(file, recorder: recorder, catalog: catalog)
        } catch {
            recorder.record(TraceEvent(syscall: .open, path: path, flags: flags.rawValue, result: .string(error.symbolicName)))
            throw error
        }
    }
}

public final class TracingDeviceFile: DeviceFile {
    public let base: any DeviceFile
    private let recorder: TraceRecorder
    private let catalog: IoctlCatalog

    init(_ base: any DeviceFile, recorder: TraceRecorder, catalog: IoctlCatalog) {
        self.base = base
        self.recorder = recorder
        self.catalog = catalog
    }

    public var descriptor: CInt { base.descriptor }

    public func ioctl(_ request: IoctlRequest, _ argument: UnsafeMutableRawPointer?) throws(Errno) {
        try traced(request, argument) { () throws(Errno) in try base.ioctl(request, argument) }
    }

    /// A single attempt traces like any ioctl: a recorded EAGAIN can only come from one, so the
    /// C reproducer replays such a step without restarting it.
    public func ioctlOnce(_ request: IoctlRequest, _ argument: UnsafeMutableRawPointer?) throws(Errno) {
        try traced(request, argument) { () throws(Errno) in try base.ioctlOnce(request, argument) }
    }

    private func traced(_ request: IoctlRequest, _ argument: UnsafeMutableRawPointer?,
                        _ call: () throws(Errno) -> Void) throws(Errno) {
        let descriptor = catalog.descriptor(for: request)
        let input = decode(argument, request: request, with: descriptor?.decodeIn)
        var event = TraceEvent(syscall: .ioctl, fd: base.descriptor, ioctl: descriptor?.name ?? "UNKNOWN",
                               request: request.description, in: input, result: 0,
                               provenance: provenance(argument, request: request, descriptor: descriptor))
        defer { recorder.record(event) }
        do throws(Errno) {
            try call()
        } catch {
            event.result = .string(error.symbolicName)
            if request.direction.contains(.read) {
                event.out = decode(argument, request: request, with: descriptor?.decodeOut)
            }
            throw error
        }
        if request.direction.contains(.read) {
            event.out = decode(argument, request: request, with: descriptor?.decodeOut)
        }
    }

    /// What the argument's fields refer to, read before the call (the kernel may overwrite
    /// buffers). Only for an argument the catalog can decode at its declared size.
    private func provenance(_ argument: UnsafeMutableRawPointer?, request: IoctlRequest,
                            descriptor: IoctlDescriptor?) -> [TraceProvenance]? {
        guard let descriptor else { return nil }
        var entries = descriptor.descriptorFields.map { TraceProvenance(field: $0, kind: .fd) }
            + descriptor.mmapOffsetFields.map { TraceProvenance(field: $0, kind: .mmapOffset) }
        if let pointers = descriptor.pointers, let argument, request.size >= descriptor.request.size,
           descriptor.request.size > 0,
           let bytes = try? UserMemory.read(UInt64(UInt(bitPattern: argument)), count: descriptor.request.size) {
            let fields = bytes.withUnsafeBytes { pointers($0.baseAddress!) }
            for field in fields {
                entries.append(TraceProvenance.buffer(field: field.field, address: field.address, length: field.length))
                entries += field.embedded.map { TraceProvenance.pages(field: field.field, $0) }
            }
        }
        return entries.isEmpty ? nil : entries
    }

    /// Decodes from a private copy: the argument may be a deliberately bad pointer or a
    /// deliberately short buffer.
    private func decode(_ argument: UnsafeMutableRawPointer?, request: IoctlRequest,
                        with decoder: (@Sendable (UnsafeRawPointer) -> JSONValue)?) -> JSONValue? {
        // A nil argument (an _IO request such as SET_MASTER) has nothing to decode: no `in`.
        guard let argument else { return nil }
        let address = UInt64(UInt(bitPattern: argument))
        let expectedSize = catalog.descriptor(for: request)?.request.size ?? request.size
        guard let decoder, request.size >= expectedSize, expectedSize > 0 else {
            guard request.size > 0, let bytes = try? UserMemory.read(address, count: request.size) else {
                return request.size > 0 ? ["unreadable": .string("0x" + String(address, radix: 16))] : nil
            }
            return ["raw": .string(bytes.map { String(format: "%02x", $0) }.joined())]
        }
        guard let bytes = try? UserMemory.read(address, count: expectedSize) else {
            return ["unreadable": .string("0x" + String(address, radix: 16))]
        }
        return bytes.withUnsafeBytes { decoder($0.baseAddress!) }
    }

    public func mmap(length: Int, protection: MemoryProtection, flags: MappingFlags, offset: Int64) throws(Errno) -> UnsafeMutableRawPointer {
        var event = TraceEvent(syscall: .mmap, fd: base.descriptor, flags: flags.rawValue, offset: offset,
                               length: length, prot: protection.rawValue, result: 0)
        defer { recorder.record(event) }
        do throws(Errno) {
            let address = try base.mmap(length: length, protection: protection, flags: flags, offset: offset)
            event.address = "0x" + String(UInt(bitPattern: address), radix: 16)
            return address
        } catch {
            event.result = .string(error.symbolicName)
            throw error
        }
    }

    public func munmap(_ address: UnsafeMutableRawPointer, length: Int) throws(Errno) {
        var event = TraceEvent(syscall: .munmap, fd: base.descriptor, length: length,
                               address: "0x" + String(UInt(bitPattern: address), radix: 16), result: 0)
        defer { recorder.record(event) }
        do throws(Errno) {
            try base.munmap(address, length: length)
        } catch {
            event.result = .string(error.symbolicName)
            throw error
        }
    }

    public func close() throws(Errno) {
        var event = TraceEvent(syscall: .close, fd: base.descriptor, result: 0)
        defer { recorder.record(event) }
        do throws(Errno) {
            try base.close()
        } catch {
            event.result = .string(error.symbolicName)
            throw error
        }
    }
}
