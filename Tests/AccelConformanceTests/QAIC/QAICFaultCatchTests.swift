import Glibc
import Testing
@testable import AccelConformance

/// The qaic tables notice a wrong driver: every injected reference fault in the qaic uapi
/// (not the DRM-core dispatch faults, which the core tables own) turns at least one qaic row red.
@Suite struct QAICFaultCatchTests {
    /// Faults of the qaic uapi proper, by name prefix.
    static let qaicPrefixes = ["create_bo.", "bo.", "mmap_bo.", "mmap.", "attach.", "execute.", "partial.", "wait.", "perf_stats.",
                               "detach.", "manage."]

    static var qaicFaults: [String] {
        ReferenceDevices.faults(for: "qaic").map(\.name).filter { name in qaicPrefixes.contains { name.hasPrefix($0) } }
    }

    /// The rows a faulty device fails, over every profile.
    static func caught(by fault: String) throws -> [String] {
        var failed: [String] = []
        for profile in QAICProfile.all {
            let device = try ReferenceDevices.make(driver: "qaic", profileID: profile.id, faults: [fault])
            let environment = CaseEnvironment(isRoot: geteuid() == 0, workloadPath: QAICWorkloadFixtureTests.loopbackPath, seed: 1)
            let executor = CaseExecutor(device: device, driver: QAICSuite(), profile: profile, environment: environment)
            for testCase in QAICTables.all.flatMap({ $0.cases(for: profile) }) where testCase.tier != .hazard {
                let outcome = executor.run(testCase)
                if outcome.status == .fail { failed.append("\(profile.id) \(outcome.name)") }
            }
        }
        return failed
    }

    @Test func thereAreQAICFaults() {
        #expect(Self.qaicFaults.count >= 10, "\(Self.qaicFaults)")
    }

    @Test(arguments: QAICFaultCatchTests.qaicFaults)
    func everyQAICFaultIsCaught(fault: String) throws {
        let failed = try Self.caught(by: fault)
        #expect(!failed.isEmpty, "fault \(fault) is not caught by any qaic row")
    }

    @Test func thePadFaultTurnsThePadRowRed() throws {
        let failed = try Self.caught(by: "create_bo.skip_pad_check")
        #expect(failed.contains("6.12-debian qaic.create_bo.pad_one"), "\(failed)")
    }
}
