import AccelConformance
import Foundation
import Testing

/// drm-ci's flakes header block (`# Bug Report:`, `# Board Name:`, `# Linux Version:`,
/// `# IGT Version:`, `# Failure Rate:`, in either order) is read like drm-ci reads it: as
/// comments around one regex per line. drm-ci requires the header by review policy only
/// (automated_testing.rst); igt_runner.sh passes the file to deqp-runner --flakes, which
/// takes every non-comment line, so an entry without a header is accepted here too.
@Suite struct FlakesHeaderTests {
    static let fixture = RunnerBinary.fixtures.appendingPathComponent("baselines/drm-ci-flakes.txt").path

    @Test func drmCIHeaderBlocksAreAccepted() throws {
        let files = try BaselineFiles(failsFile: nil, flakesFile: Self.fixture, skipsFile: nil)
        #expect(files.flakes.count == 3)
        let verdict = BaselineVerdict(files)
        #expect(verdict.isKnownFlake("qaic.wait_bo.in_flight"))
        #expect(verdict.isKnownFlake("qaic.execute_bo.second_busy"))
        #expect(verdict.isKnownFlake("runner.synthetic.flaky"), "an entry without header is still a flake")
        #expect(!verdict.isKnownFlake("qaic.wait_bo.timeout"))
    }

    @Test func runAcceptsTheFileAndAHeaderlessEntry() throws {
        let folder = RunnerBinary.temporaryFolder("flakes-header")
        let result = try RunnerBinary.run(["run", "--device", "reference:qaic", "--results", folder.path, "--kmsg",
                                           "/nonexistent/kmsg", "--include", "core.version.name",
                                           "--baseline-flakes", Self.fixture])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
    }
}
