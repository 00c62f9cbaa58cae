import Foundation
import Testing
@testable import AccelConformance

/// What a KCIDB service answers to `upload`: a loopback TCP server replies to each submission
/// with a fuzzed byte string (mutated HTTP responses: statuses, headers, chunked bodies,
/// redirects, truncation; and random bytes), then closes. The uploader must end every try with
/// a success or a failure naming the URL (the `--url` argument), within its request timeout.
@Suite struct FuzzKCIDBReplyTests {
    /// Answers every connection with ``reply`` after reading the request.
    final class ReplyServer: @unchecked Sendable {
        let port: UInt16
        private let listener: CInt
        private let lock = NSLock()
        private var replyBytes: [UInt8] = []

        init() throws {
            let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.listener = listener
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) }
            }
            try #require(bound == 0 && listen(listener, 16) == 0, "loopback listen")
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
            }
            port = UInt16(bigEndian: address.sin_port)
            Thread.detachNewThread { [self] in serve() }
        }

        var reply: [UInt8] {
            get { lock.withLock { replyBytes } }
            set { lock.withLock { replyBytes = newValue } }
        }

        private func serve() {
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 {
                    if errno == EINTR { continue }
                    return
                }
                readRequest(connection)
                let bytes = reply
                var sent = 0
                while sent < bytes.count {
                    let count = bytes.withUnsafeBytes { send(connection, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
                    if count <= 0 { break }
                    sent += count
                }
                shutdown(connection, Int32(SHUT_RDWR))
                close(connection)
            }
        }

        /// Headers, then as many body bytes as Content-Length says (bounded by a short wait).
        private func readRequest(_ connection: CInt) {
            var received: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            var expected: Int?
            while expected.map({ received.count < $0 }) ?? true {
                var poller = pollfd(fd: connection, events: Int16(POLLIN), revents: 0)
                guard poll(&poller, 1, 500) > 0 else { return }
                let count = recv(connection, &chunk, chunk.count, 0)
                guard count > 0 else { return }
                received += chunk[0..<count]
                if expected == nil, let end = received.firstRange(of: Array("\r\n\r\n".utf8)) {
                    let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).lowercased()
                    let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    expected = end.upperBound + length
                }
            }
        }
    }

    static func response(_ status: String, _ headers: [String], _ body: String) -> String {
        (["HTTP/1.1 \(status)"] + headers + ["", body]).joined(separator: "\r\n")
    }

    @Test func serverReplies() throws {
        let server = try ReplyServer()
        let base = "http://127.0.0.1:\(server.port)/api"
        let uploader = try KCIDBUploader(.init(baseURL: try #require(URL(string: base)), token: "fuzz-token", attempts: 1,
                                               initialBackoff: 0, requestTimeout: 5,
                                               httpClient: RunnerBinary.path))
        let ok = #"{"id": "submission-1"}"#
        let seeds = [
            Self.response("200 OK", ["Content-Type: application/json", "Content-Length: \(ok.utf8.count)"], ok),
            Self.response("202 Accepted", ["Content-Length: 0"], ""),
            Self.response("502 Bad Gateway", ["Content-Type: text/plain", "Content-Length: 11"], "bad gateway"),
            Self.response("400 Bad Request", ["Content-Type: application/json", "Content-Length: 27"], #"{"error": "invalid schema"}"#),
            Self.response("429 Too Many Requests", ["Retry-After: 1", "Content-Length: 0"], ""),
            Self.response("200 OK", ["Transfer-Encoding: chunked"], "5\r\nhello\r\n0\r\n\r\n"),
            Self.response("301 Moved Permanently", ["Location: http://127.0.0.1:1/elsewhere", "Content-Length: 0"], ""),
            "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + ok,
            Self.response("100 Continue", [], "") + Self.response("200 OK", ["Content-Length: 2"], "{}"),
        ]
        let inputs = FuzzInputs(seeds: seeds, dictionary: [
            "HTTP/1.1 ", "HTTP/2 ", "200", "999", "-1", "0", "\r\n", "\r\n\r\n", "Content-Length: ", "Content-Length: 99999999",
            "Transfer-Encoding: chunked\r\n", "ffffffff\r\n", "Location: ", "Content-Encoding: gzip\r\n",
            "Connection: keep-alive\r\n", "Set-Cookie: a=b\r\n", ": ", "\u{0}", "\u{FF}"])
        let body = Data(#"{"version": {"major": 4, "minor": 3}}"#.utf8)
        FuzzHarness.run("KCIDB server reply", inputs, hangSeconds: 20, wallClock: true) { bytes in
            server.reply = bytes
            var log: [String] = []
            switch uploader.send(body, key: "fuzz", log: &log) {
            case .success:
                return .accepted
            case .failure(let failure):
                let placed = failure.description.contains(base) && log.allSatisfy { $0.hasPrefix("fuzz: try ") }
                return .rejected(failure.description, placed: placed)
            }
        }
    }
}
