/// The qaic kernel profiles: one per behaviour line in qaic-uapi.md §0 (version map) and
/// docs/qaic-kernel-drift.md. Each says whether its expectations were ever run against the
/// real driver (`verification`); only the ones the VM tier runs are.
public enum QAICProfile {
    public static let v6_4 = KernelProfile(id: "v6.4-6.6", order: 0,
                                           title: "v6.4–v6.6: 8 ioctls, no DETACH (read from patches, never run)")
    public static let v6_7 = KernelProfile(id: "v6.7", order: 1,
                                           title: "v6.7: DETACH added, per-BO mutex (read, never run)")
    public static let v6_8 = KernelProfile(id: "v6.8", order: 2,
                                           title: "v6.8: resize 0 = no DMA, three-state device (read, never run)")
    public static let v6_9 = KernelProfile(id: "v6.9+", order: 3,
                                           title: "v6.9–v6.17 mainline: hdr.size ignored; 6.12's code minus Debian's "
                                               + "backports, never run; rows that changed inside the range (VERSION "
                                               + "date, SET_CLIENT_NAME, MANAGE loop exit, ATTACH copy) are left open")
    public static let debian6_12 = KernelProfile(id: "6.12-debian", order: 4,
                                                 title: "Debian 6.12.117: v6.9+ plus stable backports",
                                                 verification: .checkedAgainst("Debian 6.12.117 in the VM tier "
                                                                               + "(upstream qaic over sim-aic100)"))
    public static let v7_3 = KernelProfile(id: "7.3", order: 5,
                                           title: "Debian 7.3.4 (linux-source-7.3): PERF_STATS slice check, SSR EPIPE, "
                                               + "memdup copies, MANAGE goto exit, SET_CLIENT_NAME",
                                           verification: .checkedAgainst("Debian 7.3.4 in the VM tier "
                                                                         + "(upstream qaic over sim-aic100)"))

    public static let all = [v6_4, v6_7, v6_8, v6_9, debian6_12, v7_3]

    /// Old profile ids still accepted on the command line: `newest` meant "late-2025 mainline"
    /// and is now the 7.3 profile, the newest kernel whose source was read.
    public static let aliases: [String: KernelProfile] = ["newest": v7_3]

    /// Release → profile. Debian's 6.12 carries the backports listed in the version map; other
    /// 6.9–6.17 kernels are plain mainline; 7.3.x is the 7.3 profile. 6.18–7.2 and 7.4+ were not
    /// read: they get 7.3, the nearest profile that was (docs/qaic-kernel-drift.md §1).
    public static func profile(for release: KernelRelease?) -> KernelProfile {
        guard let release else { return debian6_12 }
        switch (release.major, release.minor) {
        case (..<6, _), (6, ..<7): return v6_4
        case (6, 7): return v6_7
        case (6, 8): return v6_8
        case (6, 12) where release.isDebian: return debian6_12
        case (6, 9...17): return v6_9
        default: return v7_3
        }
    }
}
