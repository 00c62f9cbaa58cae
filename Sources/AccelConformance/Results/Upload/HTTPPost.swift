import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One HTTP POST, as `upload` sends submissions. FoundationNetworking traps (kills the whole
/// process) on some malformed replies, e.g. a server that closes the connection in the middle
/// of its headers ("Transfer completed, but there's no response"), which a flaky proxy does.
/// So by default the request runs in a child process (the runner's hidden `http-post`
/// subcommand): a reply that crashes the HTTP stack becomes a transport error of one try,
/// and the spool and retries work as for any other failure.
public enum HTTPPost {
    public enum Response: Sendable, Equatable {
        case answered(Int, String)
        case transportError(String)
    }

    /// What the child reads on stdin (the token travels here, never on its command line).
    struct Request: Codable {
        var url: String
        var headers: [String: String]
        var body: Data
        var timeout: Double
    }

    /// What the child writes on stdout.
    struct Reply: Codable {
        var status: Int?
        var body: String?
        var error: String?
    }

    /// The name of the runner's hidden subcommand that serves ``serve()``.
    public static let subcommand = "http-post"

    /// Sends `request` from a child `executable http-post`; nil executable: in this process.
    public static func perform(_ request: URLRequest, isolatedIn executable: String?) -> Response {
        guard let executable else { return performHere(request) }
        guard let url = request.url else { return .transportError("no URL") }
        let payload = Request(url: url.absoluteString, headers: request.allHTTPHeaderFields ?? [:],
                              body: request.httpBody ?? Data(), timeout: request.timeoutInterval)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [subcommand]
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        process.environment = environment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .transportError("cannot start \(executable) \(subcommand): \(error.localizedDescription)")
        }
        do {
            try input.fileHandleForWriting.write(contentsOf: JSONEncoder().encode(payload))
        } catch {
            // The child died before reading: its exit status says more below.
        }
        try? input.fileHandleForWriting.close()
        // The child bounds the request by its timeout; this bounds the child.
        let watchdog = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        DispatchQueue.global().asyncAfter(deadline: .now() + request.timeoutInterval + 10, execute: watchdog)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        if process.terminationReason == .uncaughtSignal {
            return .transportError("the HTTP client died of signal \(process.terminationStatus) reading the reply "
                                   + "(malformed or cut-off HTTP response?)")
        }
        guard let reply = try? JSONDecoder().decode(Reply.self, from: data) else {
            return .transportError("the HTTP client exited with status \(process.terminationStatus) without an answer")
        }
        if let status = reply.status { return .answered(status, reply.body ?? "") }
        return .transportError(reply.error ?? "no HTTP response")
    }

    /// The child side: one request from stdin, its reply as JSON on stdout. Exit 0 whatever
    /// the server did; a trap in the HTTP stack ends it by signal, which the parent reports.
    public static func serve() -> Int32 {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        guard let payload = try? JSONDecoder().decode(Request.self, from: input), let url = URL(string: payload.url) else {
            FileHandle.standardError.write(Data("\(subcommand): unreadable request on stdin\n".utf8))
            return 2
        }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        for (name, value) in payload.headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = payload.body
        request.timeoutInterval = payload.timeout
        let reply: Reply
        switch performHere(request) {
        case .answered(let status, let body): reply = Reply(status: status, body: body)
        case .transportError(let message): reply = Reply(error: message)
        }
        if let data = try? JSONEncoder().encode(reply) { FileHandle.standardOutput.write(data) }
        return 0
    }

    private final class ResponseBox: @unchecked Sendable {
        let lock = NSLock()
        var value: Response = .transportError("no response")
    }

    private static func performHere(_ request: URLRequest) -> Response {
        // Ephemeral: no cookies, caches or credentials on disk.
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let box = ResponseBox()
        let done = DispatchSemaphore(value: 0)
        let task = session.dataTask(with: request) { data, response, error in
            let value: Response
            if let http = response as? HTTPURLResponse {
                value = .answered(http.statusCode, String(decoding: data ?? Data(), as: UTF8.self))
            } else {
                value = .transportError(error.map { $0.localizedDescription } ?? "no HTTP response")
            }
            box.lock.withLock { box.value = value }
            done.signal()
        }
        task.resume()
        done.wait()
        return box.lock.withLock { box.value }
    }
}
