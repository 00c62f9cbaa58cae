import AccelConformance
import Foundation
import Testing

/// Upload against a loopback HTTP server (a small Python http.server started by the test)
/// that answers 502 until told to accept: the submission is spooled, then sent, and the
/// token appears in no file of the results folder and in no output.
@Suite("KCIDB upload", .serialized)
struct UploadTests {
    static let token = "tok-\(UUID().uuidString)-secret"

    static let serverScript = """
        import http.server, json, os, signal, sys, threading
        # The test process blocks signals in its threads and the mask is inherited: unblock them,
        # and leave on our own after two minutes whatever happens to the test.
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        threading.Timer(120, lambda: os._exit(0)).start()
        state = sys.argv[1]
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                accept = os.path.exists(os.path.join(state, "accept"))
                with open(os.path.join(state, "requests.jsonl"), "a") as f:
                    f.write(json.dumps({"path": self.path, "auth": self.headers.get("Authorization"),
                                        "type": self.headers.get("Content-Type"), "accepted": accept}) + "\\n")
                if accept:
                    with open(os.path.join(state, "body.json"), "wb") as f:
                        f.write(body)
                payload = b'{"id": "submission-1"}' if accept else b"bad gateway"
                self.send_response(200 if accept else 502)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    /// The server process, its state folder and base URL.
    final class Server {
        let process = Process()
        let state: URL
        let url: URL

        init() throws {
            state = try ResultFixtures.temporaryDirectory("upload-server")
            let script = state.appendingPathComponent("server.py")
            try Data(UploadTests.serverScript.utf8).write(to: script)
            let python = try #require(ResultFixtures.which("python3"), "python3 runs the loopback server")
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script.path, state.path]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            var text = ""
            while !text.contains("\n") {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            let port = try #require(Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), "server printed '\(text)'")
            url = URL(string: "http://127.0.0.1:\(port)/api")!
        }

        func accept() throws { try Data().write(to: state.appendingPathComponent("accept")) }

        func requests() throws -> [[String: Any]] {
            guard let data = FileManager.default.contents(atPath: state.appendingPathComponent("requests.jsonl").path) else { return [] }
            return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }

        func stop() {
            // SIGKILL: it cannot be blocked, so waiting afterwards cannot hang.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: state)
        }
    }

    func resultsFolder() throws -> URL {
        let directory = try ResultFixtures.temporaryDirectory("upload")
        let results = ResultFixtures.results()
        try ResultFixtures.writeResultsJSON(results, to: directory)
        try ResultWriters.writeAll(results, to: directory)
        return directory
    }

    /// Every file under the folder, read as bytes.
    func folderContainsToken(_ directory: URL) -> Bool {
        let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
        while let file = enumerator?.nextObject() as? URL {
            if let data = FileManager.default.contents(atPath: file.path),
               String(decoding: data, as: UTF8.self).contains(Self.token) { return true }
        }
        return false
    }

    @Test func failedUploadIsSpooledThenSentByALaterUpload() throws {
        let server = try Server()
        defer { server.stop() }
        let directory = try resultsFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = try ResultsFolder(directory)
        let uploader = try KCIDBUploader(.init(baseURL: server.url, token: Self.token, attempts: 3, initialBackoff: 0.01))

        let first = try uploader.upload(folder)
        #expect(first.failure?.contains("HTTP 502") == true)
        #expect(first.sent.isEmpty)
        #expect(first.stillSpooled.count == 1)
        #expect(try server.requests().count == 3, "retried until the attempts ran out")
        let spool = UploadSpool(folder)
        #expect(spool.pending().count == 1)

        try server.accept()
        let second = try uploader.upload(folder)
        #expect(second.failure == nil)
        #expect(second.sent == first.stillSpooled)
        #expect(spool.pending().isEmpty)
        #expect(spool.sentKeys() == Set(second.sent))

        let requests = try server.requests()
        #expect(requests.count == 4)
        let accepted = try #require(requests.last)
        #expect(accepted["path"] as? String == "/api/submit")
        #expect(accepted["auth"] as? String == "Bearer " + Self.token)
        #expect(accepted["type"] as? String == "application/json")
        let body = try Data(contentsOf: server.state.appendingPathComponent("body.json"))
        #expect(body == (try Data(contentsOf: directory.appendingPathComponent("kcidb.json"))))

        // The same kcidb.json is not sent twice.
        let third = try uploader.upload(folder)
        #expect(third.alreadySent)
        #expect(third.sent.isEmpty)
        #expect(try server.requests().count == 4)

        #expect(!folderContainsToken(directory), "the token was written under the results folder")
        let logs = (first.log + second.log + third.log + [first.failure ?? ""]).joined(separator: "\n")
        #expect(!logs.contains(Self.token))
    }

    @Test func rejectionsAreNotRetriedAndInvalidSubmissionsNeverLeave() throws {
        let directory = try resultsFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let kcidb = directory.appendingPathComponent("kcidb.json")
        let text = String(decoding: try Data(contentsOf: kcidb), as: UTF8.self)
        try Data(text.replacingOccurrences(of: "\"status\": \"PASS\"", with: "\"status\": \"XFAIL\"").utf8).write(to: kcidb)
        // Port 9 (discard) is never contacted: validation fails first.
        let uploader = try KCIDBUploader(.init(baseURL: URL(string: "http://127.0.0.1:9")!, token: Self.token, attempts: 1, initialBackoff: 0))
        #expect {
            try uploader.upload(try ResultsFolder(directory))
        } throws: { error in
            String(describing: error).contains("tests[0].status: 'XFAIL'")
        }
        #expect(UploadSpool(try ResultsFolder(directory)).pending().isEmpty)
        // Plain http to a non-loopback host would expose the token.
        #expect(throws: KCIDBUploader.Failure.self) {
            try KCIDBUploader(.init(baseURL: URL(string: "http://db.example.org")!, token: Self.token))
        }
    }

    @Test func tokenComesFromAFileOrTheEnvironmentOnly() throws {
        let directory = try ResultFixtures.temporaryDirectory("token")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("token")
        try Data((Self.token + "\n").utf8).write(to: file)
        #expect(try UploadToken.read(tokenFile: file.path, environment: [:]) == Self.token)
        #expect(try UploadToken.read(tokenFile: nil, environment: ["KCIDB_TOKEN": Self.token]) == Self.token)
        #expect {
            try UploadToken.read(tokenFile: nil, environment: [:])
        } throws: { error in
            String(describing: error).contains("KCIDB_TOKEN")
        }
        try Data("two\nlines\n".utf8).write(to: file)
        #expect {
            try UploadToken.read(tokenFile: file.path, environment: [:])
        } throws: { error in
            let text = String(describing: error)
            return text.contains("more than one line") && !text.contains("two")
        }
    }

    /// The command line: the token is read from the environment and appears in no output.
    @Test func uploadCommandKeepsTheTokenOutOfItsOutput() throws {
        let binary = ResultFixtures.runnerBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build conformance-runner first: \(binary.path)")
        let server = try Server()
        defer { server.stop() }
        let directory = try resultsFolder()
        defer { try? FileManager.default.removeItem(at: directory) }
        var environment = ProcessInfo.processInfo.environment
        environment["KCIDB_TOKEN"] = Self.token
        let args = ["upload", directory.path, "--url", server.url.absoluteString, "--attempts", "2", "--backoff", "0.01"]
        let failed = try ResultFixtures.run(binary.path, args, environment: environment)
        #expect(failed.status == 1, "\(failed.stderr)")
        #expect(failed.stderr.contains("still spooled in upload-spool/"))
        try server.accept()
        let sent = try ResultFixtures.run(binary.path, args, environment: environment)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.contains("sent kcidb-"))
        let dryRun = try ResultFixtures.run(binary.path, ["upload", directory.path, "--dry-run"], environment: environment)
        #expect(dryRun.status == 0)
        #expect(dryRun.stdout.contains("valid KCIDB submission"))
        for output in [failed.stdout, failed.stderr, sent.stdout, sent.stderr, dryRun.stdout, dryRun.stderr] {
            #expect(!output.contains(Self.token))
        }
        #expect(!folderContainsToken(directory))
    }
}
