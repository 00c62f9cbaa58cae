/// The DRM-core-on-accel contract (accel-core.md): tables every accel driver must pass.
public enum CoreTables {
    public static func tables(for driver: any DriverSuite) -> [CaseTable] {
        []
    }
}
