import Foundation
import Testing

/// ci/vm/mutants/generate.py (issue 11): its own unittest file, on hand-made driver sources
/// (ethosu's ioctl table written through the ETHOSU_IOCTL wrapper macro, the parser rows of
/// CMDSTREAM_BO_CREATE).
@Suite("mutants generate.py")
struct MutationGeneratorScriptTests {
    @Test func generatorScriptUnitTestsPass() throws {
        let script = ResultFixtures.repositoryRoot.appendingPathComponent("ci/vm/mutants/test_generate.py").path
        let run = try ResultFixtures.run("/usr/bin/env", ["python3", script])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr.contains("OK"))
    }
}
