import Glibc
import Testing
@testable import AccelConformance

/// Every non-hazard DRM-core row against the qaic reference device, in every qaic profile,
/// through the same executor the runner uses. The expectations come from the spec; the
/// reference device is an independent implementation, so a disagreement is a finding for one
/// of the two (see the report), never a reason to copy the reference's answer.
@Suite struct CoreTablesReferenceTests {
    static let suite = QAICSuite()

    /// Rows that resolve to an expectation on `profile` (not the ones the profile leaves open).
    static func applies(_ testCase: ConformanceCase) -> Bool {
        if case .notApplicable = testCase.resolution { return false }
        return true
    }

    static func run(profile: KernelProfile, driver: any DriverSuite = suite,
                    filter: (ConformanceCase) -> Bool = { $0.tier != .hazard }) throws -> [CaseOutcome] {
        let device = try ReferenceDevices.make(driver: "qaic", profileID: profile.id)
        let environment = CaseEnvironment(isRoot: geteuid() == 0, seed: 1)
        let executor = CaseExecutor(device: device, driver: driver, profile: profile, environment: environment)
        return CoreTables.tables(for: driver).flatMap { $0.cases(for: profile) }.filter(filter).map { executor.run($0) }
    }

    @Test(arguments: QAICProfile.all)
    func everyRowPassesOrSkipsWithAReason(profile: KernelProfile) throws {
        let outcomes = try Self.run(profile: profile)
        #expect(outcomes.count >= 30)
        for outcome in outcomes {
            let ok = outcome.status == .pass || (outcome.status == .skip && !(outcome.message ?? "").isEmpty)
            #expect(ok, "\(profile.id) \(outcome.name): \(outcome.status) \(outcome.message ?? "") expected \(outcome.expected ?? "-") actual \(outcome.actual ?? "-")")
        }
    }

    /// As root nothing in the core contract may skip on a GEM driver, except rows the profile
    /// states no expectation for: any other skip would hide a check.
    @Test(.enabled(if: geteuid() == 0, "needs root: privilege rows skip without it"), arguments: QAICProfile.all)
    func asRootOnlyOpenRowsSkip(profile: KernelProfile) throws {
        let outcomes = try Self.run(profile: profile, filter: { $0.tier != .hazard && Self.applies($0) })
        let skipped = outcomes.filter { $0.status == .skip }.map { "\($0.name): \($0.message ?? "")" }
        #expect(skipped.isEmpty, "\(profile.id) skipped as root: \(skipped)")
    }

    @Test(arguments: QAICProfile.all)
    func everyCaseHasATraceThatRoundTrips(profile: KernelProfile) throws {
        for outcome in try Self.run(profile: profile, filter: { $0.tier != .hazard && Self.applies($0) }) {
            #expect(!outcome.trace.isEmpty, "\(outcome.name) has no trace")
            let lines = try TraceRecorder.jsonLines(outcome.trace)
            #expect(try TraceRecorder.parse(jsonLines: lines) == outcome.trace, "\(outcome.name)")
            for event in outcome.trace where event.syscall == .ioctl && !outcome.name.description.hasPrefix("core.dispatch.") {
                #expect(event.ioctl != "UNKNOWN", "\(outcome.name): undecoded ioctl \(event.request ?? "?")")
            }
        }
    }

    @Test func hazardRowsAreNotRunOnTheReferenceDevice() throws {
        let outcomes = try Self.run(profile: QAICProfile.debian6_12) { $0.tier == .hazard }
        #expect(outcomes.count == 2)
        for outcome in outcomes {
            #expect(outcome.status == .skip)
            #expect(outcome.message?.contains("oops") == true)
            #expect(outcome.trace.isEmpty, "\(outcome.name) issued a syscall")
        }
    }

    /// The harness can fail: a deliberately wrong expectation turns a passing row red.
    @Test func wrongExpectationFails() throws {
        let profile = QAICProfile.debian6_12
        let device = try ReferenceDevices.make(driver: "qaic", profileID: profile.id)
        let executor = CaseExecutor(device: device, driver: Self.suite, profile: profile,
                                    environment: CaseEnvironment(isRoot: geteuid() == 0))
        let cases = CoreTables.tables(for: Self.suite).flatMap { $0.cases(for: profile) }
        for name in ["core.gem_close.double_close", "core.open.exclusive", "core.get_cap.prime", "core.mmap.past_end"] {
            let original = try #require(cases.first { $0.name.description == name })
            let wrong: Expected = original.resolution.expected == .success ? .EINVAL : .success
            let mutated = ConformanceCase(name: original.name, ioctl: original.ioctl, tier: original.tier,
                                          requirements: original.requirements, resolution: .expect(wrong),
                                          rationale: original.rationale, confidence: original.confidence,
                                          timeout: original.timeout, body: original.body)
            #expect(executor.run(mutated).status == .fail, "\(name) with expectation \(wrong) did not fail")
        }
    }

    /// The output checks bite too: a driver that declares other VERSION strings, another
    /// syncobj feature or a longer ioctl table fails the rows that depend on them.
    @Test func wrongDriverCapabilitiesFail() throws {
        let liar = CoreTestDriver(base: Self.suite) { core in
            core.versionDescription = "Something Else"
            core.versionDate = { _ in "19700101" }
            core.syncobj = true
            core.driverIoctlCount = { _ in 5 }
        }
        let outcomes = try Self.run(profile: QAICProfile.v7_3, driver: liar)
        let failed = Set(outcomes.filter { $0.status == .fail }.map(\.name.description))
        for name in ["core.version.desc", "core.version.date", "core.version.lengths_only", "core.version.short_buffers",
                     "core.get_cap.syncobj", "core.syncobj.create"] {
            #expect(failed.contains(name), "\(name) passed with wrong driver capabilities")
        }
    }
}
