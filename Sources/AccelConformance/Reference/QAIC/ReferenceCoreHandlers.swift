import CAccelShim
import Glibc
import SystemPackage

/// DRM core ioctl handlers as they behave on a qaic accel file (accel-core.md §5,
/// qaic-uapi.md §4). Called with the device lock held.
extension QAICReferenceFile {
    /// drm_version / drm_copy_field: full lengths always reported, min(buffer, length) bytes
    /// copied, no NUL; a NULL buffer or zero length copies nothing.
    func version(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        var args = kdata.load(ac_drm_version.self)
        defer { kdata.store(args) }
        args.version_major = 0
        args.version_minor = 0
        args.version_patchlevel = 0
        func copyField(_ value: String, _ length: inout UInt64, _ buffer: UInt64) throws(Errno) {
            var bytes = Array(value.utf8)
            if has(.versionNulTerminated) { bytes.append(0) }
            let count = min(UInt64(bytes.count), length)
            length = UInt64(bytes.count)
            if count > 0 && buffer != 0 {
                // Typed as bytes so the byte-array overload is chosen, never the generic one.
                let copied: [UInt8] = Array(bytes[0..<Int(count)])
                try UserMemory.write(copied, to: buffer)
            }
        }
        try copyField("qaic", &args.name_len, args.name)
        try copyField(profile.versionDate, &args.date_len, args.date)
        try copyField("Qualcomm Cloud AI Accelerators", &args.desc_len, args.desc)
    }

    /// GET_UNIQUE and GET_MAGIC dereference the file's (always NULL) master on a real kernel
    /// and oops it (accel-core.md §9). The reference cannot and must not reproduce that: it
    /// answers EOPNOTSUPP and writes nothing. The harness skips these rows on reference devices.
    func hazardNoMaster(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        throw Errno.notSupported
    }

    /// drm_getclient: index 0 describes the caller, anything else → EINVAL.
    func getClient(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        var args = kdata.load(ac_drm_client.self)
        guard args.idx == 0 else { throw Errno.invalidArgument }
        args.auth = state.authenticated ? 1 : 0
        args.pid = UInt64(getpid())
        args.uid = 65534  // overflowuid: DRM no longer reports the real uid
        args.magic = 0
        args.iocs = 0
        kdata.store(args)
    }

    /// drm_gem_close_ioctl → drm_gem_handle_delete: unknown handle → EINVAL, pad unchecked.
    func gemClose(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        let args = kdata.load(ac_drm_gem_close.self)
        guard state.handles[args.handle] != nil else {
            if has(.gemCloseDoubleCloseOK) { return }
            throw Errno.invalidArgument
        }
        device.removeHandle(args.handle, from: state)
    }

    /// drm_gem_flink_ioctl: device-wide names from 1, one per object, kept until its last handle goes.
    func gemFlink(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        var args = kdata.load(ac_drm_gem_flink.self)
        guard let bo = state.handles[args.handle] else { throw Errno.noSuchFileOrDirectory }
        if bo.flinkName == nil {
            var name: UInt32 = 1
            while device.flinkNames[name] != nil { name += 1 }
            bo.flinkName = name
            device.flinkNames[name] = bo
        }
        args.name = bo.flinkName ?? 0
        kdata.store(args)
    }

    /// drm_gem_open_ioctl: a new handle in this file for the named object.
    func gemOpen(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        var args = kdata.load(ac_drm_gem_open.self)
        guard let bo = device.flinkNames[args.name] else { throw Errno.noSuchFileOrDirectory }
        args.handle = device.addHandle(bo, to: state)
        args.size = bo.size
        kdata.store(args)
    }

    /// drm_getcap: value cleared first, the render-only caps answered, the rest need KMS.
    func getCap(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        var args = kdata.load(ac_drm_get_cap.self)
        args.value = 0
        defer { kdata.store(args) }
        switch args.capability {
        case UInt64(AC_DRM_CAP_TIMESTAMP_MONOTONIC): args.value = 1
        case UInt64(AC_DRM_CAP_PRIME):
            args.value = has(.getCapPrimeExportOnly) ? UInt64(AC_DRM_PRIME_CAP_EXPORT)
                : UInt64(AC_DRM_PRIME_CAP_IMPORT | AC_DRM_PRIME_CAP_EXPORT)
        case UInt64(AC_DRM_CAP_SYNCOBJ), UInt64(AC_DRM_CAP_SYNCOBJ_TIMELINE): args.value = 0
        default: throw Errno.notSupported
        }
    }

    /// drm_setmaster_ioctl / drm_dropmaster_ioctl: drm_master_check_perm needs CAP_SYS_ADMIN
    /// at call time; root then finds no master on an accel file.
    func setOrDropMaster() throws(Errno) {
        guard geteuid() == 0 else { throw Errno.permissionDenied }
        if has(.setMasterRootSucceeds) { return }
        throw Errno.invalidArgument
    }

    /// drm_prime_handle_to_fd_ioctl: flags limited to DRM_CLOEXEC | DRM_RDWR; unknown handle →
    /// ENOENT. The "dma-buf" is a new descriptor of the BO's backing file.
    func primeHandleToFD(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        var args = kdata.load(ac_drm_prime_handle.self)
        let allowed = UInt32(O_CLOEXEC | O_RDWR)
        guard args.flags & ~allowed == 0 else { throw Errno.invalidArgument }
        guard let bo = state.handles[args.handle] else { throw Errno.noSuchFileOrDirectory }
        let fd = fcntl(bo.backing, args.flags & UInt32(O_CLOEXEC) != 0 ? F_DUPFD_CLOEXEC : F_DUPFD, 0)
        guard fd >= 0 else { throw Errno(rawValue: errno) }
        if let key = ReferenceDmaBufRegistry.key(of: fd) {
            ReferenceDmaBufRegistry.register(key.inode)
            state.primeHandles[key.inode] = args.handle
        }
        bo.exported = true
        args.fd = fd
        kdata.store(args)
    }

    /// drm_prime_fd_to_handle_ioctl. dma_buf_get(fd): fget fails → EBADF; a file that is not a
    /// dma-buf (f_op ≠ dma_buf_fops) → EINVAL. A dma-buf this file already has a handle for
    /// gives that handle; anything else becomes a new imported BO (qaic_gem_prime_import).
    func primeFDToHandle(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        var args = kdata.load(ac_drm_prime_handle.self)
        guard let key = ReferenceDmaBufRegistry.key(of: args.fd) else {
            throw has(.primeBadFdEinval) ? Errno.invalidArgument : Errno.badFileDescriptor
        }
        guard ReferenceDmaBufRegistry.isDmaBuf(key.inode) else { throw Errno.invalidArgument }
        if let handle = state.primeHandles[key.inode], state.handles[handle] != nil {
            args.handle = handle
            kdata.store(args)
            return
        }
        if profile.primeImportAttachFails { throw Errno.noFunction }
        let backing = fcntl(args.fd, F_DUPFD_CLOEXEC, 0)
        guard backing >= 0 else { throw Errno(rawValue: errno) }
        // No mmap offset here: on v6.9+ an imported BO never gets one (qaic-uapi.md §2.2, derived).
        let bo = device.newBO(size: key.size, backing: backing, imported: true)
        let handle = device.addHandle(bo, to: state)
        state.primeHandles[key.inode] = handle
        args.handle = handle
        kdata.store(args)
    }

    /// SET_CLIENT_NAME (7.3): ≤ 64 bytes, copied with a NUL appended, then no embedded NUL and
    /// only printable, space-free ASCII; length 0 clears the name.
    func setClientName(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        let length = kdata.load(UInt64.self)
        let pointer = referenceLoad(UInt64.self, from: kdata.bytes, at: 8)
        guard length <= 64 else { throw Errno.invalidArgument }
        if length == 0 { return }
        let bytes = try UserMemory.read(pointer, count: Int(length))
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw Errno.invalidArgument }
    }

    /// GEM_CHANGE_HANDLE (7.3): the slot exists so the argument is copied in, but the handler
    /// is the "invalid op" stub: always EINVAL.
    func gemChangeHandle(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        throw Errno.invalidArgument
    }
}
