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
        let protocolFD = dup(1)
        dup2(2, 1)
        let output = FileHandle(fileDescriptor: protocolFD, closeOnDealloc: true)
        func reply(_ message: WorkerReply) {
            output.write(message.line())
        }
        let executor: CaseExecutor
        let cases: [CaseName: ConformanceCase]
        do {
            (executor, cases) = try prepare()
        } catch {
            reply(WorkerReply(fatal: "\(error)"))
            return 2
        }
        reply(WorkerReply(ready: executor.device.identity.name))
        while let line = Swift.readLine(strippingNewline: true) {
            if line.isEmpty { continue }
            guard let request = try? WorkerRequest(line: Data(line.utf8)) else {
                reply(WorkerReply(fatal: "unreadable request: \(line.prefix(200))"))
                continue
            }
            guard let testCase = cases[request.run] else {
                reply(WorkerReply(fatal: "unknown case \(request.run)"))
                continue
            }
            reply(WorkerReply(outcome: executor.run(testCase)))
        }
        return 0
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
