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

    /// After a case: gone now, or (when the case saw ENODEV, which the kernel returns before the
    /// node is removed) gone shortly after.
    func lost(after outcome: CaseOutcome) -> String? {
        if let reason = lost() { return reason }
        let sawNoDevice = [outcome.actual, outcome.message].contains { $0?.contains("ENODEV") == true }
        guard sawNoDevice else { return nil }
        for _ in 0..<10 {
            usleep(100_000)
            if let reason = lost() { return reason }
        }
        return nil
    }
}
