import AccelConformance
import Foundation
import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// A test-only device that can be "unbound": its node is the path in
/// `ACCEL_CONFORMANCE_REMOVABLE_NODE` (a symlink to /dev/null, so it is a character device), and
/// the `unplug` case deletes it and then sees ENODEV, as a case does whose driver is unbound
/// through sysfs mid-run. Re-creating the symlink is the "rebind". Selector `synthetic:removable`.
public enum RemovableCases {
    public static let nodeVariable = "ACCEL_CONFORMANCE_REMOVABLE_NODE"
    /// Set to 1 for the attempt that unplugs; unset (the "rebound" device) `unplug` passes.
    public static let armedVariable = "ACCEL_CONFORMANCE_REMOVABLE_ARMED"
    public static let selector = "synthetic:removable"

    static let rows: [CaseTable.Row] = [
        .init("pass", expect: .success, "synthetic: always passes") { _ in },
        .init("unplug", expect: .success, "synthetic: when armed, removes the device node, then sees ENODEV") { _ in
            let environment = ProcessInfo.processInfo.environment
            guard environment[armedVariable] == "1" else { return }
            if let node = environment[nodeVariable] { unlink(node) }
            throw Errno(rawValue: ENODEV)
        },
    ]

    public static let table = CaseTable(group: "runner.removable", ioctl: "none", rows: rows)
}

/// The suite of the removable device: its one table.
public struct RemovableSuite: DriverSuite {
    public init() {}
    public var driverName: String { "synthetic-removable" }
    public var casePrefix: String { "runner" }
    public var profiles: [KernelProfile] { [SyntheticSuite.profile] }
    public func profile(for release: KernelRelease?) -> KernelProfile { SyntheticSuite.profile }
    public var catalog: IoctlCatalog { IoctlCatalog() }
    public var tables: [CaseTable] { [RemovableCases.table] }
    public var core: CoreCapabilities { SyntheticSuite().core }
}

/// Not a reference device: it has a node, so the runner watches it for removal.
public final class RemovableDevice: Device {
    public let identity: DeviceIdentity
    public init(node: String) {
        identity = DeviceIdentity(name: RemovableCases.selector, devicePath: node, kernelDriver: "synthetic-removable",
                                  kernelRelease: "0.0-synthetic")
    }
    public func open(_ flags: OpenFlags) throws(Errno) -> any DeviceFile { throw Errno(rawValue: ENODEV) }
}

public struct RemovableDevices: AddedDevices {
    public init() {}

    private static let installed: Void = RunnerDevices.add(RemovableDevices())

    /// Registers the removable device with the runner, once per process.
    public static func install() {
        _ = installed
    }

    public func resolve(_ selector: String) -> [ResolvedDevice]? {
        guard selector == RemovableCases.selector,
              let node = ProcessInfo.processInfo.environment[RemovableCases.nodeVariable] else { return nil }
        return [ResolvedDevice(selector: selector, device: RemovableDevice(node: node))]
    }

    public func suite(for identity: DeviceIdentity) -> (any DriverSuite)? {
        identity.kernelDriver == "synthetic-removable" ? RemovableSuite() : nil
    }

    public func cases(for suite: any DriverSuite, profile: KernelProfile) -> [ConformanceCase]? {
        suite is RemovableSuite ? RemovableCases.table.cases(for: profile) : nil
    }
}
