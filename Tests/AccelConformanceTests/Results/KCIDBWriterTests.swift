import AccelConformance
import Foundation
import Testing

@Suite("KCIDB writer")
struct KCIDBWriterTests {
    func document(_ options: ResultWriterOptions = ResultWriterOptions()) throws -> [String: Any] {
        let text = try KCIDBWriter.document(ResultFixtures.results(classified: true), options: options)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func tests(_ document: [String: Any]) throws -> [[String: Any]] {
        try #require(document["tests"] as? [[String: Any]])
    }

    @Test func hasNoNullsAnywhereAndPassesOurStructureCheck() throws {
        let text = try KCIDBWriter.document(ResultFixtures.results(), options: ResultWriterOptions())
        #expect(!text.contains("null"))
        #expect(KCIDBSubmissionCheck.problems(in: Data(text.utf8)) == [])
        // The check can fail: a null and a bad path are found and named.
        let broken = text.replacingOccurrences(of: "\"path\": \"accel_conformance.qaic.create_bo.valid\"",
                                               with: "\"path\": \"accel@qaic\", \"comment\": null")
        let problems = KCIDBSubmissionCheck.problems(in: Data(broken.utf8))
        #expect(problems.contains { $0.contains(".path: 'accel@qaic'") })
        #expect(problems.contains { $0.contains("null") })
    }

    @Test func idsOriginsAndPathsMatchTheSchemaPatterns() throws {
        let document = try document(ResultWriterOptions(kcidbOrigin: "my_lab", kcidbRunID: "nightly_7"))
        let tests = try tests(document)
        #expect(tests.count == 13)
        for test in tests {
            let id = try #require(test["id"] as? String)
            #expect(id.range(of: "^[a-z0-9_]+:[^\\x00]*$", options: .regularExpression) != nil)
            #expect(id.hasPrefix("my_lab:nightly_7:test:accel0:"))
            #expect(test["origin"] as? String == "my_lab")
            let path = try #require(test["path"] as? String)
            #expect(path.range(of: "^([a-zA-Z0-9_-]+(\\.[a-zA-Z0-9_-]+)*)?$", options: .regularExpression) != nil)
            #expect(path.hasPrefix("accel_conformance."))
        }
        #expect(Set(tests.compactMap { $0["id"] as? String }).count == tests.count, "ids are unique")
        let builds = try #require(document["builds"] as? [[String: Any]])
        #expect(builds.first?["id"] as? String == "my_lab:nightly_7:build:6.12.117+deb12-amd64")
        #expect(tests.first?["build_id"] as? String == builds.first?["id"] as? String)
    }

    @Test func statusesFollowTheDocumentedMapping() throws {
        let tests = try tests(try document())
        func test(_ name: String) throws -> [String: Any] {
            try #require(tests.first { ($0["path"] as? String) == "accel_conformance." + name })
        }
        let expected: [(String, String, String)] = [
            ("qaic.create_bo.valid", "PASS", "pass"), ("qaic.create_bo.size_zero", "FAIL", "fail"),
            ("qaic.create_bo.huge", "SKIP", "skip"), ("qaic.mmap_bo.bad_handle", "FAIL", "crash"),
            ("qaic.wait_bo.forever", "ERROR", "timeout"), ("qaic.wait_bo.in_flight", "ERROR", "incomplete"),
            ("qaic.execute_bo.warn", "FAIL", "dmesg-warn"), ("qaic.execute_bo.warn_fail", "FAIL", "dmesg-fail"),
            ("qaic.execute_bo.not_reached", "MISS", "notrun"), ("qaic.execute_bo.unrun_planned", "MISS", "notrun"),
            ("qaic.detach_slice_bo.aborted", "ERROR", "abort"), ("qaic.manage.known_bad", "FAIL", "fail"),
        ]
        for (name, status, original) in expected {
            let t = try test(name)
            #expect(t["status"] as? String == status, "\(name)")
            let misc = try #require(t["misc"] as? [String: Any])
            #expect(misc["original_status"] as? String == original, "\(name)")
        }
        let knownBad = try #require(try test("qaic.manage.known_bad")["misc"] as? [String: Any])
        #expect(knownBad["classification"] as? String == "ExpectedFail")
    }

    @Test func carriesTimingEnvironmentMiscAndExcerpt() throws {
        let tests = try tests(try document())
        let failing = try #require(tests.first { ($0["path"] as? String)?.hasSuffix("size_zero") == true })
        #expect(failing["start_time"] as? String == "2025-11-24T16:00:01.000Z")
        #expect(failing["duration"] as? Double == 0.004)
        let misc = try #require(failing["misc"] as? [String: Any])
        #expect(misc["seed"] as? Int == 42)
        #expect((misc["reproducer"] as? String)?.contains("--run qaic.create_bo.size_zero") == true)
        #expect(misc["kernel_profile"] as? String == "6.12-debian")
        let environment = try #require(failing["environment"] as? [String: Any])
        #expect(Set(environment.keys) == ["comment", "misc"])
        let deviceMisc = try #require(environment["misc"] as? [String: Any])
        #expect((deviceMisc["pci"] as? [String: Any])?["slot"] as? String == "0000:01:00.0")
        let excerpt = try #require(failing["log_excerpt"] as? String)
        #expect(excerpt.contains("expected: EINVAL"))
        #expect(excerpt.contains("QAIC_CREATE_BO"))
        // Identity details that could be private never leave the machine.
        let text = try KCIDBWriter.document(ResultFixtures.results(), options: ResultWriterOptions())
        #expect(!text.contains("do-not-leak"))
        #expect(!text.contains("hidden note"))
        // Unrun cases have no timing.
        let unrun = try #require(tests.first { ($0["path"] as? String)?.hasSuffix("unrun_planned") == true })
        #expect(unrun["start_time"] == nil)
    }

    @Test func logExcerptStaysWithinTheSchemaLimit() throws {
        var results = ResultFixtures.results()
        results.records[2].dmesg = String(repeating: "kernel line é\n", count: 5000)
        let text = try KCIDBWriter.document(results, options: ResultWriterOptions())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let excerpt = try #require((object["tests"] as? [[String: Any]])?[2]["log_excerpt"] as? String)
        #expect(excerpt.unicodeScalars.count <= 16384)
        #expect(excerpt.unicodeScalars.count > 15000, "the room is used for the tail of the log")
        #expect(excerpt.hasPrefix("qaic.create_bo.size_zero: fail"))
    }

    @Test func checkoutAndBuildCarryWhatIsKnown() throws {
        let kernel = ResultWriterOptions.KernelSource(commitHash: String(repeating: "ab", count: 20),
                                                      repositoryURL: "https://git.kernel.org/pub/scm/linux/kernel/git/stable/linux.git",
                                                      configName: "debian-amd64", architecture: "x86_64")
        let document = try document(ResultWriterOptions(kernel: kernel))
        let checkout = try #require((document["checkouts"] as? [[String: Any]])?.first)
        #expect(checkout["git_commit_hash"] as? String == String(repeating: "ab", count: 20))
        #expect((checkout["misc"] as? [String: Any])?["kernel_release"] as? String == "6.12.117+deb12-amd64")
        let build = try #require((document["builds"] as? [[String: Any]])?.first)
        #expect(build["architecture"] as? String == "x86_64")
        #expect(build["config_name"] as? String == "debian-amd64")
    }

    @Test func rejectsOptionsKCIDBWouldRefuse() {
        #expect(throws: KCIDBWriter.InvalidOption.self) {
            try KCIDBWriter.document(ResultFixtures.results(), options: ResultWriterOptions(kcidbOrigin: "My-Lab"))
        }
        #expect(throws: KCIDBWriter.InvalidOption.self) {
            try KCIDBWriter.document(ResultFixtures.results(),
                                     options: ResultWriterOptions(kernel: .init(commitHash: "deadbeef")))
        }
    }
}
