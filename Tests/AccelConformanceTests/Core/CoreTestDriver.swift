@testable import AccelConformance

/// A driver suite that is `base` with altered core capabilities: how tests show that the core
/// tables really depend on what a driver declares.
struct CoreTestDriver: DriverSuite {
    let base: any DriverSuite
    let alter: @Sendable (inout CoreCapabilities) -> Void

    init(base: any DriverSuite, alter: @escaping @Sendable (inout CoreCapabilities) -> Void) {
        self.base = base
        self.alter = alter
    }

    var driverName: String { base.driverName }
    var casePrefix: String { base.casePrefix }
    var profiles: [KernelProfile] { base.profiles }
    func profile(for release: KernelRelease?) -> KernelProfile { base.profile(for: release) }
    var catalog: IoctlCatalog { base.catalog }
    var tables: [CaseTable] { base.tables }
    var core: CoreCapabilities {
        var core = base.core
        alter(&core)
        return core
    }
}
