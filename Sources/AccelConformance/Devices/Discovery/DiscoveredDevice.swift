/// One accel device found under `<sysfs>/class/accel`, with what selectors match against.
public struct DiscoveredDevice: Sendable {
    /// `accel0`.
    public let name: String
    /// N of `accelN`: the minor number, used for ordering.
    public let index: Int
    /// The accel node's resolved sysfs path (`…/0000:01:00.0/accel/accel0`).
    public let sysfsPath: String
    /// The parent device's resolved sysfs path (`…/0000:01:00.0`): what `sys:` selectors name.
    public let parentPath: String?
    public let identity: DeviceIdentity
    public let device: KernelDevice

    public init(name: String, index: Int, sysfsPath: String, parentPath: String?, identity: DeviceIdentity) {
        self.name = name
        self.index = index
        self.sysfsPath = sysfsPath
        self.parentPath = parentPath
        self.identity = identity
        self.device = KernelDevice(path: identity.devicePath ?? "", identity: identity)
    }
}
