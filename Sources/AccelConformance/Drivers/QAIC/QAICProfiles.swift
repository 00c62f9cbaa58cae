/// The qaic kernel profiles: one per behaviour line in qaic-uapi.md §0 (version map).
public enum QAICProfile {
    public static let v6_4 = KernelProfile(id: "v6.4-6.6", order: 0, title: "v6.4–v6.6: 8 ioctls, no DETACH")
    public static let v6_7 = KernelProfile(id: "v6.7", order: 1, title: "v6.7: DETACH added, per-BO mutex")
    public static let v6_8 = KernelProfile(id: "v6.8", order: 2, title: "v6.8: resize 0 = no DMA, three-state device")
    public static let v6_9 = KernelProfile(id: "v6.9+", order: 3, title: "v6.9–v6.17 mainline: hdr.size ignored")
    public static let debian6_12 = KernelProfile(id: "6.12-debian", order: 4,
                                                 title: "Debian 6.12.117: v6.9+ plus stable backports")
    public static let newest = KernelProfile(id: "newest", order: 5,
                                             title: "late-2025 mainline: PERF_STATS slice check, SSR, memdup")

    public static let all = [v6_4, v6_7, v6_8, v6_9, debian6_12, newest]

    /// Release → profile. Debian's 6.12 carries the backports listed in the version map; other
    /// 6.9–6.17 kernels are plain mainline; 6.18 and later take the newest behaviour.
    public static func profile(for release: KernelRelease?) -> KernelProfile {
        guard let release else { return debian6_12 }
        switch (release.major, release.minor) {
        case (..<6, _), (6, ..<7): return v6_4
        case (6, 7): return v6_7
        case (6, 8): return v6_8
        case (6, 12) where release.isDebian: return debian6_12
        case (6, 9...17): return v6_9
        default: return newest
        }
    }
}
