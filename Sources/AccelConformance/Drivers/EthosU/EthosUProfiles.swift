/// The ethosu kernel profiles (ethosu-uapi.md §0): the driver was read in one kernel, 7.3.
public enum EthosUProfile {
    public static let v7_3 = KernelProfile(id: "7.3", order: 0,
                                           title: "Debian 7.3.4 (linux-source-7.3): ethosu with perfmon, 10 ioctls",
                                           verification: .checkedAgainst("Debian 7.3.4 in the VM tier "
                                                                         + "(upstream ethosu over sim-ethosu)"))

    public static let all = [v7_3]

    /// Every release maps to 7.3, the only ethosu source that was read; a different kernel's
    /// results say so through the release recorded with the run.
    public static func profile(for release: KernelRelease?) -> KernelProfile { v7_3 }
}
