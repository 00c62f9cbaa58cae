/// The DRM-core-on-accel contract (accel-core.md §3–§9): what every accel driver must honour
/// because the DRM core, not the driver, answers it. The tables are driver-generic: what they
/// need from a driver comes through `driver.core` and `driver.driverName`.
public enum CoreTables {
    public static func tables(for driver: any DriverSuite) -> [CaseTable] {
        CoreVersionTables.tables(for: driver)
            + CoreCapabilityTables.tables(for: driver)
            + CoreClientTables.tables(for: driver)
            + CoreGEMCloseTables.tables(for: driver)
            + CorePrimeTables.tables(for: driver)
            + CoreFlinkTables.tables(for: driver)
            + CoreMasterTables.tables(for: driver)
            + CoreFeatureTables.tables(for: driver)
            + CoreClientNameTables.tables(for: driver)
            + CoreDispatchTables.tables(for: driver)
            + CoreOpenTables.tables(for: driver)
            + CoreIsolationTables.tables(for: driver)
            + CoreMmapTables.tables(for: driver)
            + CoreHazardTables.tables(for: driver)
    }

    /// The expectation of a row that needs GEM buffer objects: `expected` on GEM drivers,
    /// not applicable on drivers without GEM (accel-core.md §10.6).
    static func withGEM(_ driver: any DriverSuite, _ expected: Expected) -> ProfileExpectation {
        if !driver.core.hasGEM {
            return ProfileExpectation([(.all, .notApplicable(
                "driver has no GEM buffer objects (accel-core.md §10.6)"))])
        }
        return .always(expected)
    }
}
