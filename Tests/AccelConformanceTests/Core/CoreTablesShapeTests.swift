import Foundation
import Testing
@testable import AccelConformance

/// The DRM-core tables as data: enough rows, valid unique names, a rationale on every row,
/// the hazard rows fenced off, and nothing driver-specific in them.
@Suite struct CoreTablesShapeTests {
    static let groups = [
        "core.version", "core.get_cap", "core.set_client_cap", "core.get_client", "core.gem_close", "core.prime",
        "core.gem_flink", "core.gem_open", "core.master", "core.syncobj", "core.mode", "core.dispatch", "core.open",
        "core.isolation", "core.mmap", "core.hazard",
    ]

    var tables: [CaseTable] { CoreTables.tables(for: QAICSuite()) }

    @Test func atLeastThirtyRows() {
        let rows = tables.flatMap(\.rows)
        #expect(rows.count >= 30)
    }

    @Test func everyRequiredGroupHasRows() {
        let present = Set(tables.filter { !$0.rows.isEmpty }.map(\.group))
        for group in Self.groups {
            #expect(present.contains(group), "missing group \(group)")
        }
        #expect(tables.allSatisfy { $0.group.hasPrefix("core.") })
    }

    @Test(arguments: QAICProfile.all)
    func namesAreValidAndUnique(profile: KernelProfile) throws {
        let cases = tables.flatMap { $0.cases(for: profile) }
        let names = cases.map(\.name.description)
        #expect(Set(names).count == names.count, "duplicate names: \(names.filter { n in names.filter { $0 == n }.count > 1 })")
        for name in names {
            _ = try CaseName(name)
            #expect(name.hasPrefix("core."))
        }
    }

    @Test func everyRowHasARationaleCitingTheSpec() {
        for table in tables {
            for row in table.rows {
                #expect(!row.rationale.isEmpty, "\(table.group).\(row.name) has no rationale")
                #expect(row.rationale.contains("§"), "\(table.group).\(row.name): rationale cites no spec section")
                #expect(!row.rationale.contains("\n"), "\(table.group).\(row.name): rationale is not one line")
            }
        }
    }

    @Test func hazardRowsAreHazardTierAndExpectAnOops() {
        let hazard = tables.filter { $0.group == "core.hazard" }.flatMap(\.rows)
        #expect(Set(hazard.map(\.name)) == ["get_magic", "get_unique"])
        for row in hazard {
            #expect(row.tier == .hazard)
            #expect(row.expectation.resolve(QAICProfile.v7_3).expected == .kernelOops)
        }
        // Nothing outside the hazard group is in the hazard tier, and only it expects an oops.
        for table in tables where table.group != "core.hazard" {
            for row in table.rows {
                #expect(row.tier == .basic, "\(table.group).\(row.name)")
                for profile in QAICProfile.all {
                    #expect(row.expectation.resolve(profile).expected != .kernelOops, "\(table.group).\(row.name)")
                }
            }
        }
    }

    @Test func privilegeRowsDeclareTheirRequirement() {
        for table in tables where ["core.gem_flink", "core.gem_open", "core.master"].contains(table.group) {
            for row in table.rows where row.name.contains("root") || row.name.contains("unprivileged") {
                let names = row.requirements.map(\.name)
                if row.name.contains("unprivileged") {
                    #expect(names == ["drop-privileges"], "\(table.group).\(row.name)")
                } else {
                    #expect(names == ["root"], "\(table.group).\(row.name)")
                }
            }
        }
    }

    /// The tables are the same contract for every driver: no driver name in their sources.
    @Test func sourcesNeverNameADriver() throws {
        let folder = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/AccelConformance/Drivers/Core")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        #expect(files.count >= 10)
        let driverNames = ["qaic", "ivpu", "intel_vpu", "habanalabs", "amdxdna", "rocket", "ethosu"]
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).lowercased()
            for name in driverNames {
                #expect(!text.contains(name), "\(file) mentions \(name)")
            }
        }
    }

    /// Driver capabilities shape the expectations: a driver without GEM gets EOPNOTSUPP from
    /// GEM_CLOSE and n/a for rows that need a buffer; a syncobj driver expects SYNCOBJ_CREATE to work.
    @Test func expectationsFollowDriverCapabilities() throws {
        let noGEM = CoreTestDriver(base: QAICSuite()) { core in
            core.createBuffer = nil
            core.mmapOffset = nil
            core.syncobj = true
        }
        let cases = CoreTables.tables(for: noGEM).flatMap { $0.cases(for: QAICProfile.v7_3) }
        func resolution(_ name: String) -> ProfileExpectation.Resolution? {
            cases.first { $0.name.description == name }?.resolution
        }
        #expect(resolution("core.gem_close.unknown_handle")?.expected == .EOPNOTSUPP)
        #expect(resolution("core.syncobj.create")?.expected == .success)
        if case .notApplicable(let reason) = resolution("core.mmap.past_end") {
            #expect(reason.contains("GEM"))
        } else {
            Issue.record("core.mmap.past_end should not apply without GEM")
        }
    }
}

extension ProfileExpectation.Resolution {
    var expected: Expected? {
        if case .expect(let e) = self { return e }
        return nil
    }
}
