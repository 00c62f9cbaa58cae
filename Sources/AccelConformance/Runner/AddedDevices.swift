import Foundation

/// Devices a program built on this library adds next to the kernel and reference devices.
/// The shipped runner adds none; the test-support runner (Tests/SyntheticRunner) adds a device
/// whose cases crash, hang and taint the kernel on purpose, so the isolation of the runner can
/// be tested without a driver. Registered once at startup with ``RunnerDevices/add(_:)``.
public protocol AddedDevices: Sendable {
    /// The devices `selector` names, or nil when it is not one of these devices' selectors.
    func resolve(_ selector: String) -> [ResolvedDevice]?
    /// The suite of a device this made; nil for any other device.
    func suite(for identity: DeviceIdentity) -> (any DriverSuite)?
    /// Every case of such a suite on a profile; nil for any other suite.
    func cases(for suite: any DriverSuite, profile: KernelProfile) -> [ConformanceCase]?
}

/// The registered ``AddedDevices``, behind a lock: registration happens before any run, but
/// Swift 6 wants shared state to be safe by construction.
final class AddedDevicesRegistry: @unchecked Sendable {
    static let shared = AddedDevicesRegistry()
    private let lock = NSLock()
    private var sources: [any AddedDevices] = []

    func add(_ source: any AddedDevices) {
        lock.withLock { sources.append(source) }
    }

    var all: [any AddedDevices] { lock.withLock { sources } }
}
