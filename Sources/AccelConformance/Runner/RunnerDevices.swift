/// Selector → device → driver suite → profile → cases, shared by list, run, worker and
/// benchmark so every process resolves the same thing the same way.
public enum RunnerDevices {
    /// Registers devices beyond the kernel's and the reference devices (test support only).
    public static func add(_ devices: any AddedDevices) {
        AddedDevicesRegistry.shared.add(devices)
    }

    public static func resolve(_ selector: String, roots: SystemRoots, referenceProfile: String?,
                               faults: Set<String>) throws -> [ResolvedDevice] {
        for added in AddedDevicesRegistry.shared.all {
            if let devices = added.resolve(selector) { return devices }
        }
        let devices = try DeviceSelection.resolve(selector, roots: roots, referenceProfile: referenceProfile, faults: faults)
        guard !devices.isEmpty else { throw RunnerInputError("--device '\(selector)': no device matches") }
        return devices
    }

    public static func suite(for identity: DeviceIdentity) throws(RunnerInputError) -> any DriverSuite {
        for added in AddedDevicesRegistry.shared.all {
            if let suite = added.suite(for: identity) { return suite }
        }
        guard let suite = DriverRegistry.suite(for: identity) else {
            throw RunnerInputError("device \(identity.name): no test suite for driver '\(identity.driverName ?? "unknown")'")
        }
        return suite
    }

    /// `--kernel-profile` when given (checked against the suite), else the release's profile.
    public static func profile(for suite: any DriverSuite, identity: DeviceIdentity,
                               requested: String?) throws(RunnerInputError) -> KernelProfile {
        if let requested {
            guard let profile = suite.profile(named: requested) else {
                throw RunnerInputError("--kernel-profile '\(requested)': unknown for driver \(suite.driverName) (known: \(suite.profiles.map(\.id).joined(separator: ", ")))")
            }
            return profile
        }
        return suite.profile(for: KernelRelease(identity.kernelRelease))
    }

    public static func cases(for suite: any DriverSuite, profile: KernelProfile) -> [ConformanceCase] {
        for added in AddedDevicesRegistry.shared.all {
            if let cases = added.cases(for: suite, profile: profile) { return cases }
        }
        return DriverRegistry.cases(for: suite, profile: profile)
    }
}
