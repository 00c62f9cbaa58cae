import CAccelShim

/// One slot of DRM core's or qaic's ioctl table, as dispatch needs it.
struct ReferenceIoctlEntry: Sendable {
    struct Flags: OptionSet, Sendable {
        let rawValue: Int
        static let auth = Flags(rawValue: 1)
        static let master = Flags(rawValue: 2)
        static let rootOnly = Flags(rawValue: 4)
    }

    enum Operation: Sendable {
        case version, hazardNoMaster, getClient, getStats, gemClose, gemFlink, gemOpen, getCap, setClientCap
        case setOrDropMaster, primeHandleToFD, primeFDToHandle, syncobj, notSupported, setClientName, gemChangeHandle
        case manage, createBO, mmapBO, attachSliceBO, executeBO, partialExecuteBO, wait, perfStatsBO, detachSliceBO
    }

    let direction: IoctlRequest.Direction
    let size: Int
    let flags: Flags
    let operation: Operation

    init(_ request: UInt, _ flags: Flags, _ operation: Operation) {
        let decoded = IoctlRequest(rawValue: request)
        direction = decoded.direction
        size = decoded.size
        self.flags = flags
        self.operation = operation
    }

    init(_ request: UInt, _ operation: Operation) {
        self.init(request, [], operation)
    }

    init(direction: IoctlRequest.Direction, size: Int, _ flags: Flags, _ operation: Operation) {
        self.direction = direction
        self.size = size
        self.flags = flags
        self.operation = operation
    }

    init(direction: IoctlRequest.Direction, size: Int, _ operation: Operation) {
        self.init(direction: direction, size: size, [], operation)
    }
}

/// The tables DRM dispatch looks requests up in (accel-core.md §5; qaic-uapi.md §1.1, §4).
/// Only the core slots the spec describes are modelled; every other core nr is a hole (EINVAL).
enum ReferenceIoctlTable {
    static func driver(_ index: Int) -> ReferenceIoctlEntry? {
        switch index {
        case 0: return ReferenceIoctlEntry(ac_qaic_ioctl_manage, .manage)
        case 1: return ReferenceIoctlEntry(ac_qaic_ioctl_create_bo, .createBO)
        case 2: return ReferenceIoctlEntry(ac_qaic_ioctl_mmap_bo, .mmapBO)
        case 3: return ReferenceIoctlEntry(ac_qaic_ioctl_attach_slice_bo, .attachSliceBO)
        case 4: return ReferenceIoctlEntry(ac_qaic_ioctl_execute_bo, .executeBO)
        case 5: return ReferenceIoctlEntry(ac_qaic_ioctl_partial_execute_bo, .partialExecuteBO)
        case 6: return ReferenceIoctlEntry(ac_qaic_ioctl_wait_bo, .wait)
        case 7: return ReferenceIoctlEntry(ac_qaic_ioctl_perf_stats_bo, .perfStatsBO)
        case 8: return ReferenceIoctlEntry(ac_qaic_ioctl_detach_slice_bo, .detachSliceBO)
        default: return nil
        }
    }

    /// KMS ioctls that carry DRM_MASTER (EACCES on accel); the other MODE slots reach a handler
    /// that returns EOPNOTSUPP without DRIVER_MODESET.
    private static let masterModeNrs: Set<UInt8> = [0xA2, 0xA3, 0xA5, 0xA8, 0xA9, 0xAB, 0xB0, 0xB1, 0xB7, 0xBA, 0xBB, 0xBC,
                                                    0xC6, 0xC7, 0xC8, 0xC9]
    private static let modeNrs: Set<UInt8> = Set(0xA0...0xBE).union([0x3B, 0x3C, 0xCE, 0xD0])
    private static let syncobjNrs: Set<UInt8> = Set(0xBF...0xC5).union(Set(0xCA...0xCD)).union([0xCF])

    static func core(_ nr: UInt8, profile: QAICReferenceProfile) -> ReferenceIoctlEntry? {
        let readWrite: IoctlRequest.Direction = [.read, .write]
        switch nr {
        case 0x00: return ReferenceIoctlEntry(ac_drm_ioctl_version, .version)
        case 0x01: return ReferenceIoctlEntry(ac_drm_ioctl_get_unique, .hazardNoMaster)
        case 0x02: return ReferenceIoctlEntry(ac_drm_ioctl_get_magic, .hazardNoMaster)
        case 0x05: return ReferenceIoctlEntry(ac_drm_ioctl_get_client, .getClient)
        case 0x06: return ReferenceIoctlEntry(ac_drm_ioctl_get_stats, .getStats)
        case 0x07: return ReferenceIoctlEntry(ac_drm_ioctl_set_version, .master, .notSupported)
        case 0x09: return ReferenceIoctlEntry(ac_drm_ioctl_gem_close, .gemClose)
        case 0x0A: return ReferenceIoctlEntry(ac_drm_ioctl_gem_flink, .auth, .gemFlink)
        case 0x0B: return ReferenceIoctlEntry(ac_drm_ioctl_gem_open, .auth, .gemOpen)
        case 0x0C: return ReferenceIoctlEntry(ac_drm_ioctl_get_cap, .getCap)
        case 0x0D: return ReferenceIoctlEntry(ac_drm_ioctl_set_client_cap, .setClientCap)
        case 0x11: return ReferenceIoctlEntry(ac_drm_ioctl_auth_magic, .master, .notSupported)
        case 0x1E, 0x1F: return ReferenceIoctlEntry(ac_drm_ioctl_set_master, .setOrDropMaster)
        case 0x2D: return ReferenceIoctlEntry(ac_drm_ioctl_prime_handle_to_fd, .primeHandleToFD)
        case 0x2E: return ReferenceIoctlEntry(ac_drm_ioctl_prime_fd_to_handle, .primeFDToHandle)
        case 0xD1 where profile.coreHasClientName:
            // SET_CLIENT_NAME (struct drm_set_client_name: u64 name_len, u64 name).
            return ReferenceIoctlEntry(direction: readWrite, size: 16, .setClientName)
        case 0xD2 where profile.coreHasClientName:
            // GEM_CHANGE_HANDLE (struct drm_gem_change_handle: u32 handle, u32 new_handle): in the
            // table, but its handler is drm_invalid_op (disabled for security reasons).
            return ReferenceIoctlEntry(direction: readWrite, size: 8, .gemChangeHandle)
        default:
            if syncobjNrs.contains(nr) { return ReferenceIoctlEntry(direction: readWrite, size: 0, .syncobj) }
            if masterModeNrs.contains(nr) { return ReferenceIoctlEntry(direction: readWrite, size: 0, .master, .notSupported) }
            if modeNrs.contains(nr) { return ReferenceIoctlEntry(direction: readWrite, size: 0, .notSupported) }
            return nil
        }
    }
}
