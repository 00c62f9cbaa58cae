import AccelConformance
import Foundation
import Testing

/// `compare`: classification of status changes, device pairing, text/JSON output and exit codes.
@Suite struct RunComparisonTests {
    private static func results(_ records: [CaseRecord], device: DeviceIdentity = ResultFixtures.identity) -> RunResults {
        var base = ResultFixtures.results()
        base.metadata.devices[0].identity = device
        base.metadata.devices[0].plan = records.map(\.outcome.name)
        base.records = records.map { record in
            var record = record
            record.device = device.name
            return record
        }
        return base
    }

    @Test func classifiesEveryKindOfChange() {
        let before = Self.results([
            ResultFixtures.record("qaic.a.stays", .pass), ResultFixtures.record("qaic.a.breaks", .pass),
            ResultFixtures.record("qaic.a.skip_to_crash", .skip), ResultFixtures.record("qaic.a.fixed", .fail),
            ResultFixtures.record("qaic.a.worse", .fail), ResultFixtures.record("qaic.a.gone", .pass),
            ResultFixtures.record("qaic.a.now_skipped", .pass), ResultFixtures.record("qaic.a.was_notrun", .notrun),
        ])
        let after = Self.results([
            ResultFixtures.record("qaic.a.stays", .pass),
            ResultFixtures.record("qaic.a.breaks", .timeout),
            ResultFixtures.record("qaic.a.skip_to_crash", .crash), ResultFixtures.record("qaic.a.fixed", .pass),
            ResultFixtures.record("qaic.a.worse", .crash), ResultFixtures.record("qaic.a.added", .fail),
            ResultFixtures.record("qaic.a.now_skipped", .skip), ResultFixtures.record("qaic.a.was_notrun", .fail),
        ])
        let comparison = RunComparison(before, after)
        #expect(comparison.devices.count == 1)
        let device = comparison.devices[0]
        #expect(device.regressions.map(\.name.leaf) == ["breaks", "skip_to_crash"])
        #expect(device.fixes.map(\.name.leaf) == ["fixed"])
        #expect(device.new.map(\.name.leaf) == ["added"])
        #expect(device.removed.map(\.name.leaf) == ["gone"])
        #expect(device.other.map(\.name.leaf) == ["worse", "now_skipped", "was_notrun"])
        #expect(device.unchanged == 1)
        #expect(comparison.regressionCount == 2)
        let reverse = RunComparison(after, before)
        #expect(reverse.devices[0].fixes.map(\.name.leaf) == ["breaks"])
        #expect(reverse.devices[0].new.map(\.name.leaf) == ["gone"])
    }

    @Test func pairsDevicesOfOneDriverWhenNamesDiffer() throws {
        var reference = ResultFixtures.identity
        reference.name = "reference:qaic"
        let before = Self.results([ResultFixtures.record("qaic.a.x", .pass)], device: reference)
        let after = Self.results([ResultFixtures.record("qaic.a.x", .fail, expected: "EINVAL", actual: "0")])
        let comparison = RunComparison(before, after)
        #expect(comparison.devices.map(\.label) == ["reference:qaic -> accel0"])
        #expect(comparison.devices[0].regressions.first?.detail == "expected EINVAL, got 0")
        let json = ComparisonText.json(comparison, before: "A", after: "B")
        guard case .object(let fields) = try JSONValue.parse(json) else { Issue.record("not an object: \(json)"); return }
        #expect(fields.first { $0.0 == "regressions" }?.1 == .int(1))
    }

    /// Acceptance: a clean reference run against one with an injected fault lists exactly the
    /// rows the fault breaks as regressions (exit 1); the reverse lists them as fixes (exit 0).
    @Test func injectedFaultShowsAsRegressionsAndReverseAsFixes() throws {
        let clean = RunnerBinary.temporaryFolder("compare-clean")
        let faulty = RunnerBinary.temporaryFolder("compare-fault")
        // No workload: its timing rows (a wait that must time out) depend on the machine's load.
        let common = ["--device", "reference:qaic", "--seed", "5", "--flake-retries", "0", "--kmsg", "/nonexistent/kmsg"]
        _ = try RunnerBinary.run(["run", "--results", clean.path] + common)
        _ = try RunnerBinary.run(["run", "--results", faulty.path, "--fault", "create_bo.skip_pad_check"] + common)
        let cleanResults = try RunnerBinary.results(in: clean)
        let faultResults = try RunnerBinary.results(in: faulty)
        // The oracle, independent of compare: cases that pass clean and fail with the fault.
        let broken = Set(faultResults.records.filter { $0.outcome.status.isFailure }.map(\.outcome.name.description))
            .filter { cleanResults.status(of: $0) == .pass }
        // The create_bo rows that set a non-zero pad (qaic-uapi.md §2.1 rule 1).
        #expect(broken == ["qaic.create_bo.pad_one", "qaic.create_bo.pad_high_bit", "qaic.create_bo.pad_all_ones"])

        let forward = try RunnerBinary.run(["compare", clean.path, faulty.path, "--json"])
        #expect(forward.status == 1, "\(forward.stderr)")
        let device = try Self.onlyDevice(forward.stdout)
        #expect(Set(Self.names(device, "regressions")) == broken)
        #expect(Self.names(device, "regressions").count == broken.count)
        for key in ["fixes", "new", "removed", "other"] { #expect(Self.names(device, key).isEmpty, "\(key)") }

        let backward = try RunnerBinary.run(["compare", faulty.path, clean.path])
        #expect(backward.status == 0, "\(backward.stderr)")
        #expect(backward.stdout.contains("0 regression(s), 3 fix(es)"))
        for name in broken { #expect(backward.stdout.contains("\(name): fail -> pass")) }
    }

    @Test func badInputExitsTwoNamingTheFolder() throws {
        let missing = "/nonexistent/accel-results"
        let result = try RunnerBinary.run(["compare", missing, missing])
        #expect(result.status == 2)
        #expect(result.stderr.contains(missing))
        let empty = RunnerBinary.temporaryFolder("compare-empty")
        let second = try RunnerBinary.run(["compare", empty.path, empty.path])
        #expect(second.status == 2)
        #expect(second.stderr.contains("results.json"))
    }

    private static func onlyDevice(_ json: String) throws -> [(String, JSONValue)] {
        guard case .object(let top) = try JSONValue.parse(json),
              case .array(let devices)? = top.first(where: { $0.0 == "devices" })?.1,
              devices.count == 1, case .object(let device) = devices[0] else {
            throw ResultsFolder.Problem("unexpected compare JSON: \(json)")
        }
        return device
    }

    private static func names(_ device: [(String, JSONValue)], _ key: String) -> [String] {
        guard case .array(let list)? = device.first(where: { $0.0 == key })?.1 else { return [] }
        return list.compactMap { $0["name"]?.stringValue }
    }
}
