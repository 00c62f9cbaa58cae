import Foundation
import SystemPackage

/// What a case body works with: the (traced) device, the expectation for the active profile
/// and IGT's require/skip/assert vocabulary. Files and mappings a case makes through its
/// context are released at tear-down, in reverse order.
public final class CaseContext: @unchecked Sendable {
    public let device: any Device
    public let profile: KernelProfile
    public let environment: CaseEnvironment
    /// The driver's capabilities as the tables may use them (never the backend).
    public let driver: any DriverSuite
    public let caseName: CaseName
    private let resolved: Expected?
    public var random: SeededRandom
    private var teardown: [() -> Void] = []

    public init(device: any Device, profile: KernelProfile, environment: CaseEnvironment,
                driver: any DriverSuite, caseName: CaseName, expected: Expected?) {
        self.device = device
        self.profile = profile
        self.environment = environment
        self.driver = driver
        self.caseName = caseName
        self.resolved = expected
        // Each case gets its own stream, stable under selection and ordering.
        var hasher = SeededRandom(seed: environment.seed)
        for byte in caseName.description.utf8 { hasher.mix(UInt64(byte)) }
        self.random = hasher
    }

    /// The expected result of the operation under test.
    public var expected: Expected {
        resolved ?? .success
    }

    // MARK: fixtures

    /// Opens a file on the device for the case; it is closed at tear-down if still open.
    /// A failing open is a fixture failure (the case fails, saying so).
    public func open(_ flags: OpenFlags = .standard) throws -> any DeviceFile {
        do throws(Errno) {
            let file = try device.open(flags)
            onTeardown { _ = try? file.close() }
            return file
        } catch {
            throw CaseStop.fail(message: "fixture: open(\(device.identity.devicePath ?? device.identity.name)) failed",
                                expected: "0", actual: error.symbolicName)
        }
    }

    /// Runs a fixture step that must succeed; a failure ends the case as failed, naming the step.
    public func fixture<T>(_ what: String, _ step: () throws(Errno) -> T) throws -> T {
        do throws(Errno) {
            return try step()
        } catch {
            throw CaseStop.fail(message: "fixture: \(what) failed", expected: "0", actual: error.symbolicName)
        }
    }

    /// Registers an action for tear-down (run in reverse registration order).
    public func onTeardown(_ action: @escaping () -> Void) {
        teardown.append(action)
    }

    func runTeardown() {
        while let action = teardown.popLast() { action() }
    }

    // MARK: vocabulary

    /// igt_require: skip unless `condition` holds.
    public func require(_ condition: Bool, _ reason: @autoclosure () -> String) throws {
        if !condition { throw CaseStop.skip(reason()) }
    }

    /// igt_skip.
    public func skip(_ reason: String) throws -> Never {
        throw CaseStop.skip(reason)
    }

    /// igt_assert: fail with `message` unless `condition` holds.
    public func assert(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw CaseStop.fail(message: message(), expected: nil, actual: nil) }
    }

    /// igt_assert_eq with both values in the report.
    public func assertEqual<T: Equatable>(_ actual: T, _ expected: T, _ what: String) throws {
        if actual != expected {
            throw CaseStop.fail(message: "\(what): expected \(expected), got \(actual)",
                                expected: "\(expected)", actual: "\(actual)")
        }
    }

    /// Checks the operation under test against the row's expectation for this profile.
    public func expectResult(_ result: Result<Void, Errno>, _ what: String) throws {
        guard expected.matches(result) else {
            throw CaseStop.fail(message: "\(what): expected \(expected), got \(result.outcomeDescription)",
                                expected: expected.description, actual: result.outcomeDescription)
        }
    }

    /// Issues the ioctl under test and checks it against the expectation. Returns whether
    /// it succeeded, so a body can go on to check outputs only when it did. `once`: a single
    /// attempt, for rows that expect EAGAIN (``DeviceFile/ioctlOnce(_:_:)``).
    @discardableResult
    public func expectIoctl<T>(_ file: any DeviceFile, _ request: IoctlRequest, _ argument: inout T, _ what: String,
                               once: Bool = false) throws -> Bool {
        let result: Result<Void, Errno> = withUnsafeMutableBytes(of: &argument) {
            file.result(request, $0.baseAddress, once: once)
        }
        try expectResult(result, what)
        if case .success = result { return true }
        return false
    }
}

/// SplitMix64: small, fast and the same on every platform, so `--seed` reproduces inputs.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    mutating func mix(_ value: UInt64) {
        state = (state ^ value) &* 0x9E37_79B9_7F4A_7C15
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
