import CAccelShim
import SystemPackage

/// ethosu (Arm Ethos-U65/U85 NPU): the driver folder's entry point.
public struct EthosUSuite: DriverSuite {
    public init() {}

    public var driverName: String { "ethosu" }
    public var casePrefix: String { "ethosu" }
    public var profiles: [KernelProfile] { EthosUProfile.all }

    public func profile(for release: KernelRelease?) -> KernelProfile {
        EthosUProfile.profile(for: release)
    }

    public var catalog: IoctlCatalog { DRMCoreCatalog.catalog.merging(EthosUCatalog.catalog) }

    public var tables: [CaseTable] { EthosUTables.all }

    public var core: CoreCapabilities {
        CoreCapabilities(
            createBuffer: { file, size throws(Errno) in
                var args = EthosUStructs.boCreate(size: size)
                try file.ioctl(EthosURequest.boCreate, &args)
                return args.handle
            },
            mmapOffset: { file, handle throws(Errno) in
                var args = EthosUStructs.mmapOffset(handle: handle)
                try file.ioctl(EthosURequest.boMmapOffset, &args)
                return args.offset
            },
            // ethosu-uapi.md §1.1: 10 entries in the driver's ioctl table.
            driverIoctlCount: { _ in Int(AC_ETHOSU_NUM_IOCTLS) },
            // ethosu-uapi.md §1.4: DRIVER_COMPUTE_ACCEL | DRIVER_GEM, no DRIVER_SYNCOBJ.
            syncobj: false,
            syncobjTimeline: false,
            // ethosu-uapi.md §1.4: major 1, minor 0, no patchlevel.
            versionNumbers: [1, 0, 0],
            versionDescription: "Arm Ethos-U Accel driver",
            // ethosu-uapi.md §1.4: no .date in 7.3's drm_driver; DRM core reports "0".
            versionDate: { _ in "0" },
            // The only ethosu profile is 7.3, whose DRM core has SET_CLIENT_NAME (drm_ioctl.c, nr 0xD1).
            setClientName: { _ in true }
        )
    }
}

/// ethosu request numbers, typed (ethosu-uapi.md §1.1).
public enum EthosURequest {
    public static let devQuery = IoctlRequest(rawValue: ac_ethosu_ioctl_dev_query)
    public static let boCreate = IoctlRequest(rawValue: ac_ethosu_ioctl_bo_create)
    public static let boWait = IoctlRequest(rawValue: ac_ethosu_ioctl_bo_wait)
    public static let boMmapOffset = IoctlRequest(rawValue: ac_ethosu_ioctl_bo_mmap_offset)
    public static let cmdstreamBOCreate = IoctlRequest(rawValue: ac_ethosu_ioctl_cmdstream_bo_create)
    public static let submit = IoctlRequest(rawValue: ac_ethosu_ioctl_submit)
    public static let perfmonCreate = IoctlRequest(rawValue: ac_ethosu_ioctl_perfmon_create)
    public static let perfmonDestroy = IoctlRequest(rawValue: ac_ethosu_ioctl_perfmon_destroy)
    public static let perfmonGetValues = IoctlRequest(rawValue: ac_ethosu_ioctl_perfmon_get_values)
    public static let perfmonSetGlobal = IoctlRequest(rawValue: ac_ethosu_ioctl_perfmon_set_global)
}
