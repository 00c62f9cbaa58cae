import Glibc
import Testing
@testable import AccelConformance

/// Every qaic row against the reference device in every profile, through the executor the
/// runner uses. Expectations come from the spec (docs/qaic-uapi.md); a disagreement is a
/// finding for one of the two, never a reason to copy the reference device's answer into a
/// row.
@Suite struct QAICTablesReferenceTests {
    static let suite = QAICSuite()
    static let workload = QAICWorkloadFixtureTests.loopbackPath

    static func executor(_ profile: KernelProfile, workload: String? = workload) throws -> CaseExecutor {
        let device = try ReferenceDevices.make(driver: "qaic", profileID: profile.id, faults: [],
                                               completionLatency: ReferenceTestTiming.stillQueued)
        let environment = CaseEnvironment(isRoot: geteuid() == 0, workloadPath: workload, seed: 1)
        return CaseExecutor(device: device, driver: suite, profile: profile, environment: environment)
    }

    static func cases(_ profile: KernelProfile) -> [ConformanceCase] {
        QAICTables.all.flatMap { $0.cases(for: profile) }.filter { $0.tier != .hazard }
    }

    static func describe(_ o: CaseOutcome) -> String {
        "\(o.name): \(o.status) \(o.message ?? "") expected \(o.expected ?? "-") actual \(o.actual ?? "-")"
    }

    @Test(arguments: QAICProfile.all)
    func everyRowPassesOnTheReferenceDevice(profile: KernelProfile) throws {
        let executor = try Self.executor(profile)
        for testCase in Self.cases(profile) {
            let outcome = executor.run(testCase)
            if case .notApplicable = testCase.resolution {
                #expect(outcome.status == .skip, "\(profile.id) \(Self.describe(outcome))")
            } else {
                #expect(outcome.status == .pass, "\(profile.id) \(Self.describe(outcome))")
            }
        }
    }

    @Test(arguments: QAICProfile.all)
    func everyCaseHasATraceThatRoundTrips(profile: KernelProfile) throws {
        let executor = try Self.executor(profile)
        for testCase in Self.cases(profile) {
            let outcome = executor.run(testCase)
            if case .notApplicable = testCase.resolution { continue }
            #expect(!outcome.trace.isEmpty, "\(outcome.name) has no trace")
            let lines = try TraceRecorder.jsonLines(outcome.trace)
            #expect(try TraceRecorder.parse(jsonLines: lines) == outcome.trace, "\(outcome.name) trace does not round-trip")
            for event in outcome.trace where event.syscall == .ioctl && (event.ioctl ?? "").hasPrefix("QAIC_") == false {
                #expect(event.ioctl != "UNKNOWN" || !QAICCatalogNames.isQAIC(event.request), "\(outcome.name): undecoded qaic ioctl")
            }
            #expect(outcome.trace.contains { $0.syscall == .ioctl || $0.syscall == .mmap }, "\(outcome.name) issued no ioctl or mmap")
        }
    }

    @Test func workloadRowsSkipCleanlyWithoutAWorkload() throws {
        let executor = try Self.executor(QAICProfile.debian6_12, workload: nil)
        let rows = Self.cases(QAICProfile.debian6_12).filter { $0.requirements.contains { $0.name == "workload" } }
        #expect(rows.count >= 10)
        for testCase in rows {
            let outcome = executor.run(testCase)
            #expect(outcome.status == .skip, "\(Self.describe(outcome))")
            #expect(outcome.message?.contains("workload") == true)
            #expect(outcome.trace.isEmpty, "\(outcome.name) touched the device without a workload")
        }
    }

    @Test func aBrokenWorkloadFileFailsNamingTheFile() throws {
        let executor = try Self.executor(QAICProfile.debian6_12, workload: "/nonexistent/workload.json")
        let testCase = try #require(Self.cases(QAICProfile.debian6_12).first { $0.name.description == "qaic.wait_bo.workload_completes" })
        let outcome = executor.run(testCase)
        #expect(outcome.status == .fail)
        #expect(outcome.message?.contains("/nonexistent/workload.json") == true)
    }

    /// The harness can fail: the same body with a deliberately wrong expectation turns red.
    @Test(arguments: [("qaic.create_bo", "pad_one", Expected.success), ("qaic.create_bo", "size_page", Expected.EINVAL),
                      ("qaic.wait_bo", "dbc_unowned", Expected.ENOENT), ("qaic.mmap", "foreign_fd", Expected.EINVAL),
                      ("qaic.attach_slice_bo", "valid", Expected.EINVAL), ("qaic.manage", "len_4097", Expected.EFAULT)])
    func aWrongExpectationTurnsARowRed(group: String, name: String, wrong: Expected) throws {
        try Self.wrongExpectationFails(group: group, name: name, wrong: wrong, on: QAICProfile.debian6_12)
    }

    /// The same for rows whose 7.3 result is new (7.3-only rows and 6.12→7.3 drift): against
    /// reference:qaic emulating 7.3, the wrong expectation turns red.
    @Test(arguments: [("qaic.attach_slice_bo", "count_huge", Expected.EINVAL),
                      ("qaic.execute_bo", "count_huge", Expected.EFAULT),
                      ("qaic.perf_stats_bo", "sliced_then_unsliced", Expected.success),
                      ("qaic.perf_stats_bo", "other_dbc_then_unknown", Expected.ENOENT),
                      ("qaic.manage", "deactivate_unowned_then_status", Expected.EINVAL)])
    func aWrongExpectationIn73RowTurnsRed(group: String, name: String, wrong: Expected) throws {
        try Self.wrongExpectationFails(group: group, name: name, wrong: wrong, on: QAICProfile.v7_3)
    }

    static func wrongExpectationFails(group: String, name: String, wrong: Expected, on profile: KernelProfile) throws {
        let table = try #require(QAICTables.all.first { $0.group == group })
        let real = try #require(table.rows.first { $0.name == name })
        let broken = CaseTable(group: group, ioctl: table.ioctl, rows: [
            CaseTable.Row(name, expect: wrong, real.rationale, requires: real.requirements, body: real.body),
        ])
        let executor = try Self.executor(profile)
        let honest = executor.run(table.cases(for: profile).first { $0.name.leaf == name }!)
        #expect(honest.status == .pass, "\(Self.describe(honest))")
        let outcome = executor.run(broken.cases(for: profile)[0])
        #expect(outcome.status == .fail, "\(Self.describe(outcome))")
        #expect(outcome.expected == wrong.description)
    }

    /// A row whose output check is wrong fails too, not only its errno.
    @Test func aWrongOutputCheckTurnsARowRed() throws {
        let profile = QAICProfile.debian6_12
        let row = CaseTable.Row("first_handle_is_two", expect: .success, "§2.1 deliberately wrong") { ctx in
            let file = try ctx.open()
            var args = QAICStructs.createBO(size: 4096)
            if try ctx.expectIoctl(file, QAICRequest.createBO, &args, "CREATE_BO") {
                try ctx.assertEqual(args.handle, 2, "first handle")
            }
        }
        let outcome = try Self.executor(profile).run(CaseTable(group: "qaic.create_bo", ioctl: "QAIC_CREATE_BO", rows: [row]).cases(for: profile)[0])
        #expect(outcome.status == .fail)
        #expect(outcome.actual == "1")
    }
}

/// Whether a traced request number is one of the qaic driver ioctls (type 'd', nr 0x40–0x48).
enum QAICCatalogNames {
    static func isQAIC(_ request: String?) -> Bool {
        guard let request, let value = UInt(request.dropFirst(2), radix: 16) else { return false }
        let r = IoctlRequest(rawValue: value)
        return r.type == 0x64 && (0x40...0x48).contains(r.nr)
    }
}
