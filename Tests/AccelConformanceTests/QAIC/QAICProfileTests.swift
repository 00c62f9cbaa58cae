import Foundation
import Testing
@testable import AccelConformance

/// The qaic kernel profiles as users meet them: which were checked against a real kernel,
/// the old `newest` id, and what `list` and a results folder say about it.
@Suite struct QAICProfileTests {
    @Test func onlyProfilesRunInTheVMClaimARealKernel() {
        let checked = QAICProfile.all.filter(\.verification.isChecked).map(\.id)
        // The VM tier runs 6.12-debian and 7.3 against the upstream driver; nothing else ran.
        #expect(checked == ["6.12-debian", "7.3"], "\(checked)")
        for profile in QAICProfile.all where !profile.verification.isChecked {
            #expect(profile.verification.summary.contains("read, not run"), "\(profile.id)")
        }
    }

    @Test func newestIsAnAliasOf73() {
        let suite = QAICSuite()
        #expect(suite.profile(named: "newest") == QAICProfile.v7_3)
        #expect(suite.profile(named: "7.3") == QAICProfile.v7_3)
        #expect(suite.profile(named: "7.2") == nil)
    }

    @Test func verificationRoundTripsThroughJSON() throws {
        for profile in QAICProfile.all {
            let data = try JSONEncoder().encode(profile)
            #expect(try JSONDecoder().decode(KernelProfile.self, from: data) == profile)
            let text = String(decoding: data, as: UTF8.self)
            #expect(text.contains("\"checkedAgainstRealKernel\":\(profile.verification.isChecked)"), "\(text)")
        }
        // metadata.json written before profiles carried a status still reads (as "read, not run").
        let old = Data(#"{"id":"6.12-debian","order":4,"title":"Debian 6.12"}"#.utf8)
        #expect(try JSONDecoder().decode(KernelProfile.self, from: old).verification == .readNotRun)
    }

    @Test func listNamesTheProfileAndWhetherItWasRun() throws {
        let listed = try RunnerBinary.run(["list", "--device", "reference:qaic", "--kernel-profile", "7.3",
                                           "--include", "qaic.perf_stats_bo.*"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let header = "# reference:qaic: kernel profile 7.3 — \(QAICProfile.v7_3.verification.summary)"
        #expect(listed.stdout.contains(header))
        #expect(listed.stdout.contains("qaic.perf_stats_bo.sliced_then_unsliced"))
        let alias = try RunnerBinary.run(["list", "--device", "reference:qaic", "--kernel-profile", "newest", "--json",
                                          "--include", "qaic.perf_stats_bo.unsliced_own_bo"])
        #expect(alias.status == 0, "\(alias.stderr)")
        #expect(alias.stdout.contains("\"profile\" : \"7.3\""))
        #expect(alias.stdout.contains("\"expected\" : \"EINVAL\""))
        #expect(alias.stdout.contains("\"profileVerification\" : "))
        let unknown = try RunnerBinary.run(["list", "--device", "reference:qaic", "--kernel-profile", "7.2"])
        #expect(unknown.status == RunVerdict.badInput)
        #expect(unknown.stderr.contains("'7.2'") && unknown.stderr.contains("7.3"), "\(unknown.stderr)")
    }

    @Test func resultsMetadataSaysWhetherTheProfileWasRun() throws {
        let folder = RunnerBinary.temporaryFolder("profile-metadata")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try RunnerBinary.run(["run", "--device", "reference:qaic", "--kernel-profile", "6.12-debian",
                                        "--include", "qaic.create_bo.pad_one", "--results", folder.path])
        #expect(run.status == 0, "\(run.stderr)")
        let metadata = try String(contentsOf: folder.appendingPathComponent("metadata.json"), encoding: .utf8)
        #expect(metadata.contains("\"checkedAgainstRealKernel\" : true"), "\(metadata)")
        #expect(metadata.contains(QAICProfile.debian6_12.verification.summary))
    }
}
