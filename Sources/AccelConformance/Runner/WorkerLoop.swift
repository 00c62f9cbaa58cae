import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The worker side of the line protocol: resolves the device once, then runs each requested
/// case with the in-process executor and answers with its outcome. stdout is reserved for
/// the protocol; anything a case prints goes to stderr.
public enum WorkerLoop {
    public static func serve(prepare: () throws -> (CaseExecutor, [CaseName: ConformanceCase])) -> Int32 {
        watchParent()
        // Close-on-exec: a program a case starts must not hold the runner's reply pipe open.
        let protocolFD = fcntl(1, F_DUPFD_CLOEXEC, 0)
        dup2(2, 1)
        // One buffer for every reply, written with write(2) directly.
        var line: [UInt8] = []
        line.reserveCapacity(65536)
        func reply(_ message: WorkerReply) {
            line.removeAll(keepingCapacity: true)
            message.write(into: &line)
            _ = WorkerProcess.writeAll(line, to: protocolFD)
        }
        let executor: CaseExecutor
        let cases: [String: ConformanceCase]
        do {
            let (prepared, byName) = try prepare()
            executor = prepared
            cases = Dictionary(byName.map { ($0.key.description, $0.value) }, uniquingKeysWith: { first, _ in first })
        } catch {
            reply(WorkerReply(fatal: "\(error)"))
            return 2
        }
        reply(WorkerReply(ready: executor.device.identity.name))
        var requests = RequestReader()
        while let request = requests.next() {
            if request.isEmpty { continue }
            // The name as the runner writes it is looked up as it is; anything else is parsed.
            var name = WorkerRequest.fastName(request)
            if name.flatMap({ cases[$0] }) == nil {
                guard let parsed = try? WorkerRequest(line: request) else {
                    reply(WorkerReply(fatal: "unreadable request: \(String(decoding: request.prefix(200), as: UTF8.self))"))
                    continue
                }
                name = parsed.run.description
            }
            guard let name, let testCase = cases[name] else {
                reply(WorkerReply(fatal: "unknown case \(name ?? "")"))
                continue
            }
            reply(WorkerReply(outcome: executor.run(testCase)))
        }
        return 0
    }

    /// Request lines from stdin, read with read(2) into one buffer.
    private struct RequestReader {
        private var buffer: [UInt8] = []
        private var start = 0
        private var chunk = [UInt8](repeating: 0, count: 4096)

        /// The next line without its newline; at end of input the unterminated rest, then nil.
        mutating func next() -> [UInt8]? {
            while true {
                if let newline = buffer[start...].firstIndex(of: 0x0A) {
                    let line = Array(buffer[start..<newline])
                    start = newline + 1
                    return line
                }
                buffer.removeFirst(start)
                start = 0
                let count = read(0, &chunk, chunk.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else {
                    defer { buffer.removeAll() }
                    return buffer.isEmpty ? nil : buffer
                }
                buffer.append(contentsOf: chunk[0..<count])
            }
        }
    }

    /// A worker whose runner died (killed, or the terminal closed) must not outlive it, even
    /// when its case hangs in user space: a watchdog thread exits once the parent changes.
    private static func watchParent() {
        let parent = getppid()
        Thread.detachNewThread {
            while getppid() == parent { usleep(250_000) }
            _exit(3)
        }
    }
}
