import Glibc
import Testing
@testable import AccelConformance

/// The core tables notice a wrong driver: each DRM-core fault the reference device can inject
/// turns at least one core row red. The fault names belong to the test, never to the tables.
@Suite struct CoreTablesFaultTests {
    /// Faults in DRM-core behaviour (or in what the core tables check of every BO).
    static let coreFaults = [
        "dispatch.wrong_type_einval", "dispatch.past_table_enotty", "dispatch.short_struct_garbage",
        "open.exclusive_allowed", "version.nul_terminated", "get_cap.prime_export_only", "set_client_cap.accepted",
        "gem_close.double_close_ok", "gem_flink.no_auth_check", "set_master.root_succeeds", "prime.bad_fd_einval",
        "syncobj.einval", "create_bo.handles_from_zero", "bo.not_zeroed", "mmap.no_permission_check",
        "mmap.length_unchecked",
    ]

    static func failingRows(fault: String, profile: KernelProfile) throws -> [String] {
        let device = try ReferenceDevices.make(driver: "qaic", profileID: profile.id, faults: [fault])
        let suite = QAICSuite()
        let executor = CaseExecutor(device: device, driver: suite, profile: profile,
                                    environment: CaseEnvironment(isRoot: geteuid() == 0, seed: 1))
        return CoreTables.tables(for: suite).flatMap { $0.cases(for: profile) }
            .filter { $0.tier != .hazard }
            .map { executor.run($0) }
            .filter { $0.status == .fail }
            .map(\.name.description)
    }

    @Test(.enabled(if: geteuid() == 0, "the auth and master faults are only visible when both sides run"),
          arguments: coreFaults)
    func faultTurnsARowRed(fault: String) throws {
        let failing = try Self.failingRows(fault: fault, profile: QAICProfile.debian6_12)
        #expect(!failing.isEmpty, "fault \(fault) went unnoticed by the core tables")
    }
}
