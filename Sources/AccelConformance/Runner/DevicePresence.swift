import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether a kernel device is still the one the run started on. A driver unbound through sysfs
/// (or a device hot-unplugged) removes its accel node and its sysfs directory; open fds then get
/// ENODEV from every ioctl. The run stops asking such a device (the remaining cases are `notrun`,
/// "device lost") so that `resume` runs them once the driver is bound again.
struct DevicePresence: Sendable {
    let name: String
    let node: String
    let sysfs: String?
    let rdev: UInt64

    /// Nil for devices without a node (the reference device) or a node that cannot be read now.
    init?(identity: DeviceIdentity) {
        guard !identity.isReference, let node = identity.devicePath, let rdev = Self.rdev(of: node) else { return nil }
        name = identity.name
        self.node = node
        sysfs = identity.sysfsPath
        self.rdev = rdev
    }

    private static func rdev(of path: String) -> UInt64? {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFCHR else { return nil }
        return UInt64(status.st_rdev)
    }

    /// Why the device is gone, or nil while it is still there.
    func lost() -> String? {
        guard let now = Self.rdev(of: node) else {
            return "device \(name) lost: \(node) is gone (driver unbound or device removed)"
        }
        if now != rdev { return "device \(name) lost: \(node) is another device now (driver re-bound or replaced)" }
        if let sysfs, access(sysfs, F_OK) != 0 {
            return "device \(name) lost: \(sysfs) is gone (driver unbound or device removed)"
        }
        return nil
    }

    /// After a case: gone now, or (when the case failed, dmesg-* included) within `settle` seconds. A driver's
    /// removal wakes and fails the callers in flight before their node goes: upstream qaic's
    /// WAIT_BO answers EPERM (its DBC was released, `qaic_data.c:qaic_wait_bo_ioctl`), other
    /// ioctls ENODEV, and only then does `qaic_pci_remove` unregister the DRM device.
    func lost(after outcome: CaseOutcome, settle: Double = 2) -> String? {
        if let reason = lost() { return reason }
        guard outcome.status.isFailure else { return nil }
        for _ in 0..<Int(settle * 10) {
            usleep(100_000)
            if let reason = lost() { return reason }
        }
        return nil
    }
}
