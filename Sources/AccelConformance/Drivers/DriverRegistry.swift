/// The drivers the suite knows. Adding a driver is a new folder under Drivers/ and one line
/// here.
public enum DriverRegistry {
    public static let suites: [any DriverSuite] = [
        QAICSuite(),
        EthosUSuite(),
    ]

    /// The suite for a device, matched on the DRM driver name.
    public static func suite(for identity: DeviceIdentity) -> (any DriverSuite)? {
        guard let name = identity.driverName else { return nil }
        return suites.first { $0.driverName == name }
    }

    public static func suite(named name: String) -> (any DriverSuite)? {
        suites.first { $0.driverName == name || $0.casePrefix == name }
    }

    /// Every case for a driver on a profile: the DRM-core contract first, then the driver's
    /// own tables. Hazard rows are included; selection decides whether they run.
    public static func cases(for suite: any DriverSuite, profile: KernelProfile) -> [ConformanceCase] {
        (CoreTables.tables(for: suite) + suite.tables).flatMap { $0.cases(for: profile) }
    }
}
