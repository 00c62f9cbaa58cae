import AccelConformance
import Foundation
import Testing

/// The runner on the built-in reference device: isolation must not change any result, two
/// devices run in parallel, and the benchmark prints its ratios.
@Suite struct ReferenceRunTests {
    static let subset = ["--include", "qaic.create_bo.*", "--include", "core.version.*", "--include", "core.gem_close.*"]

    @Test func isolatedAndInProcessRunsAgree() throws {
        var statuses: [[String: Status]] = []
        for isolation in ["worker", "inprocess"] {
            let folder = RunnerBinary.temporaryFolder("reference-\(isolation)")
            let result = try RunnerBinary.run(["run", "--device", "reference:qaic", "--results", folder.path, "--seed", "11",
                                               "--isolation", isolation, "--flake-retries", "0", "--kmsg", "/nonexistent/kmsg"]
                                              + Self.subset)
            #expect([RunVerdict.success, RunVerdict.unexpected].contains(result.status), "\(result.stdout)\n\(result.stderr)")
            let results = try RunnerBinary.results(in: folder)
            #expect(!results.records.isEmpty)
            #expect(results.records.allSatisfy { ![.crash, .timeout, .incomplete, .notrun].contains($0.outcome.status) })
            #expect(results.metadata.devices.first?.identity.isReference == true)
            #expect(results.metadata.seed == 11)
            statuses.append(Dictionary(uniqueKeysWithValues: results.records.map { ($0.outcome.name.description, $0.outcome.status) }))
        }
        #expect(statuses[0] == statuses[1])
    }

    @Test func devicesRunInParallel() throws {
        let folder = RunnerBinary.temporaryFolder("parallel")
        let result = try RunnerBinary.run(["run", "--device", "reference:qaic", "--device", "synthetic:runner", "--jobs", "2",
                                           "--results", folder.path, "--kmsg", "/nonexistent/kmsg",
                                           "--include", "core.version.*", "--include", "runner.synthetic.slow"])
        let results = try RunnerBinary.results(in: folder)
        #expect(results.metadata.devices.map(\.identity.name) == ["reference:qaic", "synthetic:runner"], "\(result.stderr)")
        #expect(results.records.contains { $0.device == "synthetic:runner" && $0.outcome.status == .pass })
        #expect(results.records.contains { $0.device == "reference:qaic" })
        let slow = try #require(results.record("runner.synthetic.slow"))
        #expect(slow.directory == "cases/runner.synthetic.slow-on-synthetic_runner")
    }

    @Test func benchmarkPrintsRatios() throws {
        let result = try RunnerBinary.run(["benchmark", "--device", "reference:qaic", "--include", "core.version.*",
                                           "--include", "qaic.create_bo.*"])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("in-process"))
        #expect(result.stdout.contains("isolated worker"))
        #expect(result.stdout.contains("process per case"))
        #expect(result.stdout.contains("ratios: worker/in-process"))
    }
}
