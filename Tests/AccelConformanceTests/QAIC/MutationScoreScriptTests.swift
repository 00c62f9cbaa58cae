import Foundation
import Testing

/// ci/vm/mutants/score.py (the mutation score of the real driver, issue 11): its own unittest
/// file, on hand-made results folders (verdicts, flaky rows, merging a rerun's verdicts).
@Suite("mutants score.py")
struct MutationScoreScriptTests {
    @Test func scoreScriptUnitTestsPass() throws {
        let script = ResultFixtures.repositoryRoot.appendingPathComponent("ci/vm/mutants/test_score.py").path
        let run = try ResultFixtures.run("/usr/bin/env", ["python3", script])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr.contains("OK"))
    }
}
