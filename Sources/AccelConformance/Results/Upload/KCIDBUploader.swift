import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends a results folder's `kcidb.json` to a KCIDB REST service (`POST <url>/submit`,
/// `Authorization: Bearer`), conventions.md §5.4.
///
/// The submission is first copied into `upload-spool/` and leaves it only once the server
/// accepted it, so a failed upload (the service has answered 502 in practice) is sent by a
/// later `upload` of the same folder. Accepted submissions are listed in
/// `upload-spool/sent.log` (key, time, HTTP status — never the token), so uploading the
/// same kcidb.json twice sends it once.
public struct KCIDBUploader: Sendable {
    public struct Configuration: Sendable {
        /// The service base; `/submit` is appended.
        public var baseURL: URL
        /// Never printed or written; only placed in the request header.
        public var token: String
        /// Tries per submission, first included.
        public var attempts: Int
        /// Wait before the second try; doubled for each further try.
        public var initialBackoff: Double
        public var maximumBackoff: Double
        public var requestTimeout: Double
        /// The runner binary whose `http-post` subcommand sends each request in a child
        /// process (see ``HTTPPost``); nil sends in this process.
        public var httpClient: String?

        public init(baseURL: URL, token: String, attempts: Int = 4, initialBackoff: Double = 2,
                    maximumBackoff: Double = 60, requestTimeout: Double = 60, httpClient: String? = nil) {
            self.httpClient = httpClient
            self.baseURL = baseURL
            self.token = token
            self.attempts = max(1, attempts)
            self.initialBackoff = max(0, initialBackoff)
            self.maximumBackoff = maximumBackoff
            self.requestTimeout = requestTimeout
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }

    /// What an upload did, for the command to print.
    public struct Report: Sendable {
        public var sent: [String] = []
        public var stillSpooled: [String] = []
        public var alreadySent = false
        /// Why the first spooled submission could not be sent, if one could not.
        public var failure: String?
        /// One line per HTTP try, without headers.
        public var log: [String] = []
    }

    public let configuration: Configuration

    public init(_ configuration: Configuration) throws(Failure) {
        let url = configuration.baseURL
        guard let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            throw Failure("--url \(url.absoluteString): must be an http(s) URL")
        }
        // A bearer token over plain HTTP is readable on the wire: allowed only to this machine.
        if scheme == "http", !["127.0.0.1", "localhost", "::1", "[::1]"].contains(url.host ?? "") {
            throw Failure("--url \(url.absoluteString): plain http is allowed only for a loopback address; use https")
        }
        self.configuration = configuration
    }

    /// Spools `kcidb.json` (unless already sent or spooled), then sends every spooled
    /// submission in order, stopping at the first that still fails.
    public func upload(_ folder: ResultsFolder) throws(Failure) -> Report {
        let spool = UploadSpool(folder)
        var report = Report()
        let submission = folder.file(ResultWriters.FileName.kcidb)
        if let data = FileManager.default.contents(atPath: submission.path) {
            let problems = KCIDBSubmissionCheck.problems(in: data)
            guard problems.isEmpty else {
                throw Failure("\(submission.path): not a valid KCIDB submission:\n  " + problems.prefix(20).joined(separator: "\n  "))
            }
            do {
                report.alreadySent = try spool.add(data) == .alreadySent
            } catch {
                throw Failure("\(spool.directory.path): cannot spool the submission: \(error)")
            }
        }
        let pending = spool.pending()
        if pending.isEmpty, !report.alreadySent, !FileManager.default.fileExists(atPath: submission.path) {
            throw Failure("\(folder.url.path): no kcidb.json and nothing spooled to send")
        }
        for (index, entry) in pending.enumerated() {
            guard let data = FileManager.default.contents(atPath: entry.url.path) else { continue }
            switch send(data, key: entry.key, log: &report.log) {
            case .success(let status):
                do {
                    try spool.markSent(entry, httpStatus: status)
                } catch {
                    throw Failure("\(entry.url.path): sent, but could not be moved out of the spool: \(error)")
                }
                report.sent.append(entry.key)
            case .failure(let failure):
                report.failure = failure.description
                report.stillSpooled = pending[index...].map(\.key)
                return report
            }
        }
        return report
    }

    /// POSTs one submission with retries; success carries the HTTP status.
    func send(_ body: Data, key: String, log: inout [String]) -> Result<Int, Failure> {
        var request = URLRequest(url: configuration.baseURL.appendingPathComponent("submit"))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.setValue("Bearer " + configuration.token, forHTTPHeaderField: "Authorization")
        request.httpBody = body
        request.timeoutInterval = configuration.requestTimeout
        var backoff = configuration.initialBackoff
        var last = Failure("not sent")
        for attempt in 1...configuration.attempts {
            let response = HTTPPost.perform(request, isolatedIn: configuration.httpClient)
            switch response {
            case .answered(let status, let text):
                let excerpt = String(text.prefix(200)).replacingOccurrences(of: "\n", with: " ")
                log.append("\(key): try \(attempt): HTTP \(status)" + (excerpt.isEmpty ? "" : ": " + excerpt))
                if (200..<300).contains(status) { return .success(status) }
                last = Failure("HTTP \(status) from \(request.url!.absoluteString)" + (excerpt.isEmpty ? "" : ": " + excerpt))
                // Other 4xx answers are rejections that a retry cannot change.
                if (400..<500).contains(status), status != 408, status != 429 { return .failure(last) }
            case .transportError(let message):
                log.append("\(key): try \(attempt): \(message)")
                last = Failure("\(request.url!.absoluteString): \(message)")
            }
            if attempt < configuration.attempts {
                Thread.sleep(forTimeInterval: backoff)
                backoff = min(configuration.maximumBackoff, max(backoff * 2, 0.001))
            }
        }
        return .failure(last)
    }
}
