import CAccelShim
import Glibc
import SystemPackage

/// An open file of `reference:qaic`. `ioctl` is DRM core's `drm_ioctl` (accel-core.md §4):
/// dispatch on type and nr, copy-in of the caller's size, permission check, handler,
/// copy-back whatever the handler returned.
final class QAICReferenceFile: DeviceFile {
    let device: QAICReferenceDevice
    let state: ReferenceFileState
    /// A reserved real descriptor (/dev/null), so the number is unique while the file is open.
    let descriptor: CInt
    private var isClosed = false

    init(device: QAICReferenceDevice, state: ReferenceFileState, descriptor: CInt) {
        self.device = device
        self.state = state
        self.descriptor = descriptor
    }

    deinit {
        if !isClosed {
            device.close(state)
            Glibc.close(descriptor)
        }
    }

    var profile: QAICReferenceProfile { device.profile }

    func has(_ fault: QAICReferenceFault) -> Bool { device.has(fault) }

    // MARK: ioctl

    func ioctl(_ request: IoctlRequest, _ argument: UnsafeMutableRawPointer?) throws(Errno) {
        guard !isClosed else { throw Errno.badFileDescriptor }
        // accel-core.md §4.2: type byte ≠ 'd' → ENOTTY.
        guard request.type == UInt8(ascii: "d") else {
            throw has(.dispatchWrongTypeEinval) ? Errno.invalidArgument : Errno.inappropriateIOCTLForDevice
        }
        let entry: ReferenceIoctlEntry
        if request.nr >= 0x40 && request.nr < 0xA0 {
            // qaic-uapi.md §2.0.3: driver nr past the driver's table → EINVAL.
            let index = Int(request.nr) - 0x40
            guard index < profile.driverIoctlCount, let driverEntry = ReferenceIoctlTable.driver(index) else {
                throw has(.dispatchPastTableEnotty) ? Errno.inappropriateIOCTLForDevice : Errno.invalidArgument
            }
            entry = driverEntry
        } else {
            guard let coreEntry = ReferenceIoctlTable.core(request.nr, profile: profile) else { throw Errno.invalidArgument }
            entry = coreEntry
        }

        // §4.4: copy-in only when both cmds have WRITE; byte count from the caller's cmd;
        // the rest of the kernel struct zero-filled.
        let address = UInt64(UInt(bitPattern: argument))
        let inSize = request.direction.contains(.write) && entry.direction.contains(.write) ? request.size : 0
        let outSize = request.direction.contains(.read) && entry.direction.contains(.read) ? request.size : 0
        let kernelSize = max(inSize, outSize, entry.size)
        let fill: UInt8 = has(.dispatchShortStructGarbage) ? 0xFF : 0
        var kdata = ReferenceKernelArgument(bytes: [UInt8](repeating: fill, count: kernelSize))
        if inSize > 0 {
            let copied = try UserMemory.read(address, count: inSize)
            kdata.bytes.replaceSubrange(0..<inSize, with: copied)
        }

        // §4.5 drm_ioctl_permit.
        var result: Result<Void, Errno>
        if entry.flags.contains(.rootOnly) && geteuid() != 0 {
            result = .failure(.permissionDenied)
        } else if entry.flags.contains(.auth) && !state.authenticated && !has(.flinkNoAuthCheck) {
            result = .failure(.permissionDenied)
        } else if entry.flags.contains(.master) {
            // Accel files are never masters.
            result = .failure(.permissionDenied)
        } else {
            do throws(Errno) {
                try run(entry.operation, &kdata)
                result = .success(())
            } catch {
                result = .failure(error)
            }
        }

        // §4.6: copy-back of the caller's size whatever the handler returned.
        if outSize > 0 {
            do throws(Errno) {
                // Typed as bytes so the byte-array overload is chosen, never the generic one.
                let copyBack: [UInt8] = Array(kdata.bytes[0..<outSize])
                try UserMemory.write(copyBack, to: address)
            } catch {
                result = .failure(.badAddress)
            }
        }
        try result.get()
    }

    private func run(_ operation: ReferenceIoctlEntry.Operation, _ kdata: inout ReferenceKernelArgument) throws(Errno) {
        switch operation {
        case .wait:
            // The only handler that sleeps: it takes the device lock itself, in steps.
            try waitBO(&kdata)
        default:
            try device.withLock { () throws(Errno) in try runLocked(operation, &kdata) }
        }
    }

    private func runLocked(_ operation: ReferenceIoctlEntry.Operation, _ kdata: inout ReferenceKernelArgument) throws(Errno) {
        switch operation {
        case .version: try version(&kdata)
        case .hazardNoMaster: try hazardNoMaster(&kdata)
        case .getClient: try getClient(&kdata)
        case .getStats: kdata.store(ac_drm_stats())
        case .gemClose: try gemClose(&kdata)
        case .gemFlink: try gemFlink(&kdata)
        case .gemOpen: try gemOpen(&kdata)
        case .getCap: try getCap(&kdata)
        case .setClientCap:
            if !has(.setClientCapAccepted) { throw Errno.notSupported }
        case .setOrDropMaster: try setOrDropMaster()
        case .primeHandleToFD: try primeHandleToFD(&kdata)
        case .primeFDToHandle: try primeFDToHandle(&kdata)
        case .syncobj:
            throw has(.syncobjEinval) ? Errno.invalidArgument : Errno.notSupported
        case .notSupported: throw Errno.notSupported
        case .setClientName: try setClientName(&kdata)
        case .gemChangeHandle: try gemChangeHandle(&kdata)
        case .manage: try manage(&kdata)
        case .createBO: try createBO(&kdata)
        case .mmapBO: try mmapBO(&kdata)
        case .attachSliceBO: try attachSliceBO(&kdata)
        case .executeBO: try executeBO(&kdata, partial: false)
        case .partialExecuteBO: try executeBO(&kdata, partial: true)
        case .wait: try waitBO(&kdata)
        case .perfStatsBO: try perfStatsBO(&kdata)
        case .detachSliceBO: try detachSliceBO(&kdata)
        }
    }

    // MARK: mmap

    func mmap(length: Int, protection: MemoryProtection, flags: MappingFlags, offset: Int64) throws(Errno) -> UnsafeMutableRawPointer {
        guard !isClosed else { throw Errno.badFileDescriptor }
        // mmap(2) itself: zero length or an unaligned offset never reach the driver.
        guard length > 0, offset >= 0, UInt64(offset) % QAICReferenceDevice.pageSize == 0 else { throw Errno.invalidArgument }
        let bo: ReferenceBO = try device.withLock { () throws(Errno) -> ReferenceBO in
            // drm_gem_mmap: the range must start at a BO's offset and fit in it (qaic-uapi.md §3.3).
            let pages = (UInt64(length) + QAICReferenceDevice.pageSize - 1) / QAICReferenceDevice.pageSize
            guard let bo = device.offsets[UInt64(offset)], !bo.freed else { throw Errno.invalidArgument }
            if pages * QAICReferenceDevice.pageSize > bo.size && !has(.mmapLengthUnchecked) { throw Errno.invalidArgument }
            // drm_vma_node_is_allowed: only files holding a handle for the BO.
            if !state.handles.values.contains(where: { $0 === bo }) && !has(.mmapNoPermissionCheck) {
                throw Errno.permissionDenied
            }
            // qaic_gem_object_mmap: imported BOs cannot be mapped through qaic.
            if bo.imported { throw Errno.invalidArgument }
            bo.mappings += 1
            return bo
        }
        let address = Glibc.mmap(nil, length, protection.rawValue, flags.rawValue, bo.backing, 0)
        guard let address, address != MAP_FAILED else {
            let error = Errno(rawValue: errno)
            device.withLock {
                bo.mappings -= 1
                device.releaseIfUnused(bo)
            }
            throw error
        }
        device.withLock { device.mappings[UInt(bitPattern: address)] = (bo, length) }
        return address
    }

    func munmap(_ address: UnsafeMutableRawPointer, length: Int) throws(Errno) {
        guard Glibc.munmap(address, length) == 0 else { throw Errno(rawValue: errno) }
        // Only a whole mapping releases its reference on the object; partial unmaps keep it.
        device.withLock {
            let key = UInt(bitPattern: address)
            if let mapping = device.mappings[key], mapping.length == length {
                device.mappings[key] = nil
                mapping.bo.mappings -= 1
                device.releaseIfUnused(mapping.bo)
            }
        }
    }

    func close() throws(Errno) {
        guard !isClosed else { throw Errno.badFileDescriptor }
        isClosed = true
        device.close(state)
        Glibc.close(descriptor)
    }
}
