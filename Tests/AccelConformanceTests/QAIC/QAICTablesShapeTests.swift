import Testing
@testable import AccelConformance

/// The qaic tables as a specification: enough rows, every ioctl and mmap covered, every row
/// named validly, explained, and resolvable on every profile.
@Suite struct QAICTablesShapeTests {
    static let tables = QAICTables.all
    static let rows = tables.flatMap { table in table.rows.map { (table, $0) } }

    @Test func atLeast150Rows() {
        #expect(Self.rows.count >= 150, "only \(Self.rows.count) qaic rows")
    }

    @Test func everyIoctlAndMmapHasATable() {
        let groups = Set(Self.tables.map(\.group))
        let expected: Set<String> = ["qaic.create_bo", "qaic.mmap_bo", "qaic.mmap", "qaic.attach_slice_bo", "qaic.execute_bo",
                                     "qaic.partial_execute_bo", "qaic.wait_bo", "qaic.perf_stats_bo", "qaic.detach_slice_bo", "qaic.manage"]
        #expect(groups == expected)
        let ioctls = Set(Self.tables.map(\.ioctl))
        for descriptor in QAICCatalog.catalog.descriptors {
            #expect(ioctls.contains(descriptor.name), "no table for \(descriptor.name)")
        }
        #expect(ioctls.contains("mmap"))
    }

    @Test(arguments: QAICTables.all.map(\.group))
    func everyTableHasPositiveAndNegativeRows(group: String) {
        let table = Self.tables.first { $0.group == group }!
        let results = table.rows.flatMap { row in QAICProfile.all.compactMap { profile -> Expected? in
            if case .expect(let e) = row.expectation.resolve(profile) { return e }
            return nil
        } }
        #expect(results.contains(.success), "\(group) has no positive row")
        #expect(results.contains { if case .errno = $0 { return true } else { return false } }, "\(group) has no negative row")
    }

    @Test func everyRationaleCitesASection() {
        for (table, row) in Self.rows {
            #expect(!row.rationale.isEmpty, "\(table.group).\(row.name) has no rationale")
            #expect(row.rationale.contains("§"), "\(table.group).\(row.name): rationale cites no § section: \(row.rationale)")
            #expect(!row.rationale.contains("\n"), "\(table.group).\(row.name): rationale is more than one line")
        }
    }

    @Test func namesAreValidAndUnique() throws {
        var seen: Set<String> = []
        for (table, row) in Self.rows {
            let name = try CaseName("\(table.group).\(row.name)")
            #expect(seen.insert(name.description).inserted, "duplicate case \(name)")
            #expect(name.parts.first == "qaic")
        }
    }

    @Test(arguments: QAICProfile.all)
    func everyRowResolvesOnEveryProfile(profile: KernelProfile) {
        for (table, row) in Self.rows {
            switch row.expectation.resolve(profile) {
            case .expect: break
            case .notApplicable(let reason):
                #expect(!reason.hasPrefix("no expectation stated"), "\(table.group).\(row.name) has no expectation on \(profile.id)")
                #expect(reason.contains("§"), "\(table.group).\(row.name) on \(profile.id): n/a without a cited reason")
            }
        }
    }

    @Test func versionDriftIsStated() {
        func result(_ group: String, _ name: String, _ profile: KernelProfile) -> Expected? {
            let row = Self.tables.first { $0.group == group }!.rows.first { $0.name == name }!
            if case .expect(let e) = row.expectation.resolve(profile) { return e }
            return nil
        }
        #expect(result("qaic.attach_slice_bo", "bad_entry_and_handle_unknown", QAICProfile.v6_8) == .EINVAL)
        #expect(result("qaic.attach_slice_bo", "bad_entry_and_handle_unknown", QAICProfile.v6_9) == .ENOENT)
        #expect(result("qaic.attach_slice_bo", "hdr_size_zero", QAICProfile.v6_4) == .EINVAL)
        #expect(result("qaic.attach_slice_bo", "hdr_size_zero", QAICProfile.debian6_12) == .success)
        #expect(result("qaic.detach_slice_bo", "handle_unknown", QAICProfile.v6_4) == .EINVAL)
        #expect(result("qaic.detach_slice_bo", "handle_unknown", QAICProfile.v6_7) == .ENOENT)
        #expect(result("qaic.perf_stats_bo", "unsliced_own_bo", QAICProfile.debian6_12) == .success)
        #expect(result("qaic.perf_stats_bo", "unsliced_own_bo", QAICProfile.v7_3) == .EINVAL)
        #expect(result("qaic.manage", "deactivate_unowned_then_status", QAICProfile.debian6_12) == .EINVAL)
        #expect(result("qaic.manage", "deactivate_unowned_then_status", QAICProfile.v7_3) == .EPERM)
        #expect(result("qaic.manage", "deactivate_unowned_then_status", QAICProfile.v6_9) == nil)
        #expect(result("qaic.attach_slice_bo", "count_huge", QAICProfile.v7_3) == .ENOMEM)
        #expect(result("qaic.attach_slice_bo", "count_huge", QAICProfile.debian6_12) == nil)
    }

    @Test func workloadRowsRequireTheWorkload() {
        for (table, row) in Self.rows where row.name.hasPrefix("workload") {
            #expect(row.requirements.contains { $0.name == "workload" }, "\(table.group).\(row.name) does not require a workload")
        }
        #expect(Self.rows.filter { $0.1.requirements.contains { $0.name == "workload" } }.count >= 10)
    }

    @Test func noRowIsHazardous() {
        // GET_UNIQUE / GET_MAGIC are DRM-core rows; no qaic row needs the hazard tier.
        #expect(Self.rows.allSatisfy { $0.1.tier == .basic })
    }
}
