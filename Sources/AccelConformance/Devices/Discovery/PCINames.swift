/// The names `pci:vendor=` and `pci:device=` accept besides hex ids (IGT allows names too).
/// Deliberately small: only what this suite's drivers need; hex ids always work.
enum PCINames {
    static let vendors: [String: UInt16] = [
        "qualcomm": 0x17cb,  // qaic (qaic-uapi.md §1.2)
        "intel": 0x8086,     // ivpu
        "habana": 0x1da3,    // habanalabs
        "amd": 0x1022,       // amdxdna
    ]

    /// qaic card names (qaic-uapi.md §1.2).
    static let devices: [String: UInt16] = [
        "aic100": 0xa100,
        "aic080": 0xa080,
    ]
}
