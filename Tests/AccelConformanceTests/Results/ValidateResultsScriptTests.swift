import AccelConformance
import Foundation
import Testing

/// ci/validate-results.sh against a folder written by writeAll: kcidb-io, junitparser and the
/// independent KTAP parser must accept it and agree with results.json; a tampered file must not pass.
@Suite("validate-results.sh")
struct ValidateResultsScriptTests {
    @Test func acceptsWrittenResultsAndRejectsTamperedOnes() throws {
        let directory = try ResultFixtures.temporaryDirectory("validate")
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = ResultFixtures.results(classified: true)
        try ResultFixtures.writeResultsJSON(results, to: directory)
        try ResultWriters.writeAll(results, to: directory)
        let script = ResultFixtures.repositoryRoot.appendingPathComponent("ci/validate-results.sh").path
        let accepted = try ResultFixtures.run("/bin/sh", [script, directory.path])
        #expect(accepted.status == 0, "\(accepted.stdout)\n\(accepted.stderr)")
        #expect(accepted.stdout.contains("agree with results.json (13 cases)"))

        // KCIDB has no XFAIL status: the schema validator must say so.
        let kcidb = directory.appendingPathComponent("kcidb.json")
        let text = String(decoding: try Data(contentsOf: kcidb), as: UTF8.self)
        try Data(text.replacingOccurrences(of: "\"status\": \"SKIP\"", with: "\"status\": \"XFAIL\"").utf8).write(to: kcidb)
        let rejected = try ResultFixtures.run("/bin/sh", [script, directory.path])
        #expect(rejected.status == 1)
        #expect(rejected.stderr.contains("kcidb-io rejects it"))
    }
}
