import Foundation
import Testing
@testable import AccelConformance

/// The ethosu tables as a specification: enough rows, every ioctl and mmap covered, every row
/// named validly, explained by a section of docs/ethosu-uapi.md that exists, and resolvable.
@Suite struct EthosUTablesShapeTests {
    static let tables = EthosUTables.all
    static let rows = tables.flatMap { table in table.rows.map { (table, $0) } }

    /// docs/ethosu-uapi.md, found from this file's path.
    static let doc: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appendingPathComponent("docs/ethosu-uapi.md"), encoding: .utf8)) ?? ""
    }()

    /// Section numbers of the doc's headings: `## 7. …` → "7", `### 7.10 …` → "7.10".
    static let sections: Set<String> = {
        var found: Set<String> = []
        for line in doc.split(separator: "\n") where line.hasPrefix("#") {
            let title = line.drop { $0 == "#" }.drop { $0 == " " }
            let number = title.prefix { $0.isNumber || $0 == "." }
            let trimmed = number.hasSuffix(".") ? number.dropLast() : number
            if !trimmed.isEmpty { found.insert(String(trimmed)) }
        }
        return found
    }()

    @Test func atLeast80RowsAnd25CommandStreamRows() {
        #expect(Self.rows.count >= 80, "only \(Self.rows.count) ethosu rows")
        let parser = Self.rows.filter { $0.0.group == "ethosu.cmdstream" }.count
        #expect(parser >= 25, "only \(parser) command-stream rows")
    }

    @Test func everyIoctlAndMmapHasATable() {
        let ioctls = Set(Self.tables.map(\.ioctl))
        for descriptor in EthosUCatalog.catalog.descriptors {
            #expect(ioctls.contains(descriptor.name), "no table for \(descriptor.name)")
        }
        #expect(ioctls.contains("mmap"))
        #expect(EthosUCatalog.catalog.descriptors.count == 10, "7.3 has 10 ethosu ioctls (ethosu-uapi.md §1.1)")
    }

    @Test(arguments: EthosUTables.all.map(\.group))
    func everyTableHasPositiveAndNegativeRows(group: String) {
        let results = Self.tables.filter { $0.group == group }.flatMap(\.rows).compactMap { row -> Expected? in
            if case .expect(let e) = row.expectation.resolve(EthosUProfile.v7_3) { return e }
            return nil
        }
        #expect(results.contains(.success), "\(group) has no positive row")
        #expect(results.contains { if case .errno = $0 { return true } else { return false } }, "\(group) has no negative row")
    }

    @Test func docHasNumberedSections() {
        #expect(!Self.doc.isEmpty, "docs/ethosu-uapi.md not found")
        for needed in ["1.1", "2", "7", "7.13", "8", "13", "14", "15"] {
            #expect(Self.sections.contains(needed), "docs/ethosu-uapi.md has no section \(needed)")
        }
    }

    @Test func everyRationaleCitesAnExistingSection() {
        for (table, row) in Self.rows {
            let name = "\(table.group).\(row.name)"
            #expect(row.rationale.hasPrefix("ethosu-uapi.md §"), "\(name): rationale does not cite ethosu-uapi.md §N: \(row.rationale)")
            #expect(!row.rationale.contains("\n"), "\(name): rationale is more than one line")
            for cited in Self.citedSections(row.rationale) {
                #expect(Self.sections.contains(cited), "\(name) cites §\(cited), which docs/ethosu-uapi.md does not have")
            }
        }
    }

    /// Every `§N` or `§N.M` in a rationale.
    static func citedSections(_ text: String) -> [String] {
        var result: [String] = []
        var rest = Substring(text)
        while let mark = rest.firstIndex(of: "§") {
            rest = rest[rest.index(after: mark)...]
            var number = rest.prefix { $0.isNumber || $0 == "." }
            while number.hasSuffix(".") { number = number.dropLast() }
            if !number.isEmpty { result.append(String(number)) }
        }
        return result
    }

    @Test func namesAreValidAndUnique() throws {
        var seen: Set<String> = []
        for (table, row) in Self.rows {
            let name = try CaseName("\(table.group).\(row.name)")
            #expect(seen.insert(name.description).inserted, "duplicate case \(name)")
            #expect(name.parts.first == "ethosu")
        }
    }

    @Test func everyRowResolvesOnTheProfile() {
        for (table, row) in Self.rows {
            if case .notApplicable(let reason) = row.expectation.resolve(EthosUProfile.v7_3) {
                Issue.record("\(table.group).\(row.name) has no expectation on 7.3: \(reason)")
            }
        }
    }

    /// The SUBMIT rows whose failed job-array allocation prints a stack dump (WARN above INT_MAX,
    /// warn_alloc above the RAM), which ends a normal run as an oops.
    @Test func onlyTheAllocationSplatRowsAreHazardous() {
        let hazards = Self.rows.filter { $0.1.tier == .hazard }.map { "\($0.0.group).\($0.1.name)" }
        #expect(hazards == ["ethosu.submit.job_count_above_ram", "ethosu.submit.job_count_huge"])
    }

    @Test func registryHasEthosU() {
        #expect(DriverRegistry.suite(named: "ethosu") is EthosUSuite)
        let cases = DriverRegistry.cases(for: EthosUSuite(), profile: EthosUProfile.v7_3)
        #expect(cases.contains { $0.name.description.hasPrefix("core.") }, "the DRM-core tables do not run on ethosu")
        #expect(Set(cases.map(\.name)).count == cases.count, "duplicate case names once core tables are added")
    }
}
