import CAccelShim
import SystemPackage

/// qaic (Qualcomm Cloud AI 100 family): the driver folder's entry point.
public struct QAICSuite: DriverSuite {
    public init() {}

    public var driverName: String { "qaic" }
    public var casePrefix: String { "qaic" }
    public var profiles: [KernelProfile] { QAICProfile.all }

    public func profile(for release: KernelRelease?) -> KernelProfile {
        QAICProfile.profile(for: release)
    }

    public func profile(named id: String) -> KernelProfile? {
        QAICProfile.all.first { $0.id == id } ?? QAICProfile.aliases[id]
    }

    public var catalog: IoctlCatalog { DRMCoreCatalog.catalog.merging(QAICCatalog.catalog) }

    public var tables: [CaseTable] { QAICTables.all }

    public var core: CoreCapabilities {
        CoreCapabilities(
            createBuffer: { file, size throws(Errno) in
                var args = ac_qaic_create_bo(size: size, handle: 0, pad: 0)
                try file.ioctl(QAICRequest.createBO, &args)
                return args.handle
            },
            mmapOffset: { file, handle throws(Errno) in
                var args = ac_qaic_mmap_bo(handle: handle, pad: 0, offset: 0)
                try file.ioctl(QAICRequest.mmapBO, &args)
                return args.offset
            },
            // qaic-uapi.md §1.1: 8 entries on v6.4–v6.6, 9 from v6.7.
            driverIoctlCount: { profile in profile < QAICProfile.v6_7 ? 8 : 9 },
            syncobj: false,
            syncobjTimeline: false,
            // qaic-uapi.md §4: qaic sets no major/minor, VERSION reports 0.0.0.
            versionNumbers: [0, 0, 0],
            versionDescription: "Qualcomm Cloud AI Accelerators",
            // qaic-uapi.md §4: "20190618" up to v6.8 (verified on v6.7); "0" where DRM core
            // hard-codes it: Debian 6.12.117 (stable backport, run in the VM) and 7.3
            // (drivers/gpu/drm/drm_ioctl.c:drm_version; qaic_drv.c sets no .date any more).
            // Somewhere inside v6.9–v6.17 mainline it changed; which release is not pinned.
            versionDate: { profile in
                if profile >= QAICProfile.debian6_12 { return "0" }
                return profile == QAICProfile.v6_9 ? nil : "20190618"
            },
            // drivers/gpu/drm/drm_ioctl.c:drm_ioctls[] has SET_CLIENT_NAME (nr 0xD1) in 7.3, not
            // in 6.12 (the table ends at MODE_CLOSEFB, 0xD0) nor before; inside v6.9–v6.17 the
            // release that added it is not pinned.
            setClientName: { profile in
                if profile == QAICProfile.v6_9 { return nil }
                return profile >= QAICProfile.v7_3
            }
        )
    }
}

/// qaic request numbers, typed.
public enum QAICRequest {
    public static let manage = IoctlRequest(rawValue: ac_qaic_ioctl_manage)
    public static let createBO = IoctlRequest(rawValue: ac_qaic_ioctl_create_bo)
    public static let mmapBO = IoctlRequest(rawValue: ac_qaic_ioctl_mmap_bo)
    public static let attachSliceBO = IoctlRequest(rawValue: ac_qaic_ioctl_attach_slice_bo)
    public static let executeBO = IoctlRequest(rawValue: ac_qaic_ioctl_execute_bo)
    public static let partialExecuteBO = IoctlRequest(rawValue: ac_qaic_ioctl_partial_execute_bo)
    public static let waitBO = IoctlRequest(rawValue: ac_qaic_ioctl_wait_bo)
    public static let perfStatsBO = IoctlRequest(rawValue: ac_qaic_ioctl_perf_stats_bo)
    public static let detachSliceBO = IoctlRequest(rawValue: ac_qaic_ioctl_detach_slice_bo)
}
