import Foundation

/// What happened when the runner asked for one case.
public enum CaseExecution: Sendable {
    /// The harness produced an outcome.
    case outcome(CaseOutcome)
    /// The worker died mid-case (signal or exit); the text says how.
    case crashed(String)
    /// No result within the timeout; the worker was stopped.
    case timedOut(String)
    /// The worker survived SIGKILL (uninterruptible sleep): abandoned, the run must abort.
    case abandoned(String)
    /// The worker could not be started or could not open the device: the run must abort.
    case workerFailed(String)
}

/// Where a case runs: in this process, or in a worker process.
public protocol CaseRunning: AnyObject {
    /// `interrupt`, when given, is asked now and then while the case runs; a reason from it
    /// (a kernel oops, a fatal taint) stops the wait at once: the worker is stopped and the
    /// case reported crashed (or abandoned when the worker refuses to die).
    /// `meanwhile`, when given, is the runner's own work that does not touch this case (the
    /// previous case's files): a worker runs the case on another CPU, so it is called, at most
    /// once, after the request went out and before the reply is awaited. The caller does
    /// whatever `meanwhile` was not called for.
    func run(_ testCase: ConformanceCase, timeout: Double, interrupt: (() -> String?)?,
             meanwhile: (() -> Void)?) -> CaseExecution
    /// Called when cases will follow: gets ready for them without waiting (starts a worker).
    func prestart()
    func shutdown()
}

extension CaseRunning {
    public func prestart() {}

    public func run(_ testCase: ConformanceCase, timeout: Double) -> CaseExecution {
        run(testCase, timeout: timeout, interrupt: nil, meanwhile: nil)
    }
}

/// Runs cases in the runner's own process: fastest, but a crash or hang takes the run
/// down with it and timeouts cannot be enforced.
public final class InProcessCaseRunner: CaseRunning {
    private let executor: CaseExecutor

    public init(executor: CaseExecutor) {
        self.executor = executor
    }

    /// The case runs on this thread, so nothing can interrupt it, and nothing overlaps it:
    /// `meanwhile` is left to the caller.
    public func run(_ testCase: ConformanceCase, timeout: Double, interrupt: (() -> String?)?,
                    meanwhile: (() -> Void)?) -> CaseExecution {
        .outcome(executor.run(testCase))
    }

    public func shutdown() {}
}

/// Runs cases one after another in a worker process, restarted after a crash or timeout.
public final class IsolatedCaseRunner: CaseRunning {
    public struct Settings: Sendable {
        public var executable: String
        public var arguments: [String]
        public var stderrPath: String
        /// Seconds between SIGQUIT and SIGKILL.
        public var graceSeconds: Double
        /// Seconds to wait for the worker to die after SIGKILL before abandoning it.
        public var killWaitSeconds: Double
        public var signaller: WorkerProcess.Signaller
        /// When true, every case gets a fresh worker (IGT's process-per-subtest model).
        public var freshProcessPerCase: Bool

        public init(executable: String, arguments: [String], stderrPath: String, graceSeconds: Double = 2,
                    killWaitSeconds: Double = 5, signaller: @escaping WorkerProcess.Signaller = WorkerProcess.killGroup,
                    freshProcessPerCase: Bool = false) {
            self.executable = executable
            self.arguments = arguments
            self.stderrPath = stderrPath
            self.graceSeconds = graceSeconds
            self.killWaitSeconds = killWaitSeconds
            self.signaller = signaller
            self.freshProcessPerCase = freshProcessPerCase
        }
    }

    public let settings: Settings
    private var worker: WorkerProcess?
    /// Workers that refused to die; kept so they are not waited for again.
    public private(set) var abandoned: [pid_t] = []

    public init(settings: Settings) {
        self.settings = settings
    }

    /// A worker spawned by ``prestart()`` whose ready line is not read yet (or why it failed).
    private var starting: Result<WorkerProcess, CaseRunningFailure>?

    /// Spawns the worker and returns at once: loading the binary and resolving the device
    /// (most of what a worker costs a whole run) overlap with what the runner does before the
    /// first case. The first ``run`` waits for the ready line.
    public func prestart() {
        guard worker == nil, starting == nil else { return }
        starting = spawn()
    }

    private func spawn() -> Result<WorkerProcess, CaseRunningFailure> {
        do {
            return .success(try WorkerProcess(executable: settings.executable, arguments: settings.arguments,
                                              stderrPath: settings.stderrPath))
        } catch {
            return .failure(CaseRunningFailure(message: "\(error)"))
        }
    }

    private func startWorker() -> Result<WorkerProcess, CaseRunningFailure> {
        if let worker { return .success(worker) }
        let spawned = starting ?? spawn()
        starting = nil
        let process: WorkerProcess
        switch spawned {
        case .success(let started): process = started
        case .failure: return spawned
        }
        switch process.readLine(deadline: .now + .seconds(60)) {
        case .line(let data):
            if let reply = try? WorkerReply(line: data), reply.ready != nil {
                worker = process
                return .success(process)
            }
            let reason = (try? WorkerReply(line: data))?.fatal ?? String(decoding: data, as: UTF8.self)
            _ = process.terminate(graceSeconds: 0.5, killWaitSeconds: 2, signaller: settings.signaller)
            return .failure(CaseRunningFailure(message: "worker could not start: \(reason)"))
        case .endOfFile, .timedOut, .interrupted:
            _ = process.terminate(graceSeconds: 0.5, killWaitSeconds: 2, signaller: settings.signaller)
            return .failure(CaseRunningFailure(message: "worker could not start (see \(settings.stderrPath))"))
        }
    }

    public func run(_ testCase: ConformanceCase, timeout: Double, interrupt: (() -> String?)?,
                    meanwhile: (() -> Void)?) -> CaseExecution {
        let process: WorkerProcess
        switch startWorker() {
        case .success(let started): process = started
        case .failure(let failure): return .workerFailed(failure.message)
        }
        defer {
            if settings.freshProcessPerCase, let worker {
                if worker.finish(within: 5) == nil {
                    _ = worker.terminate(graceSeconds: settings.graceSeconds, killWaitSeconds: settings.killWaitSeconds,
                                         signaller: settings.signaller)
                }
                self.worker = nil
            }
        }
        guard process.send(WorkerRequest(run: testCase.name).line()) else {
            worker = nil
            return .crashed("worker \(WorkerProcess.describe(status: process.reap(within: 5) ?? -1)) before the case started")
        }
        meanwhile?()
        var interruption: String?
        let asked = interrupt.map { ask in { () -> Bool in
            interruption = ask()
            return interruption != nil
        } }
        switch process.readLine(deadline: .now + .milliseconds(Int(timeout * 1000)), interrupt: asked) {
        case .line(let data):
            guard let reply = try? WorkerReply(line: data) else {
                _ = process.terminate(graceSeconds: settings.graceSeconds, killWaitSeconds: settings.killWaitSeconds,
                                      signaller: settings.signaller)
                worker = nil
                return .crashed("worker sent an unreadable reply: \(String(decoding: data.prefix(200), as: UTF8.self))")
            }
            if let outcome = reply.outcome { return .outcome(outcome) }
            return .crashed("worker: \(reply.fatal ?? "empty reply")")
        case .endOfFile:
            let status = process.reap(within: 5)
            worker = nil
            return .crashed("worker \(status.map(WorkerProcess.describe(status:)) ?? "closed its pipe") during the case")
        case .timedOut:
            worker = nil
            let died = process.terminate(graceSeconds: settings.graceSeconds, killWaitSeconds: settings.killWaitSeconds,
                                         signaller: settings.signaller)
            if died {
                return .timedOut("no result after \(Self.seconds(timeout)); worker stopped (SIGQUIT, then SIGKILL)")
            }
            abandoned.append(process.pid)
            return .abandoned("worker pid \(process.pid) refused to die after SIGKILL (uninterruptible sleep in the kernel?) during \(testCase.name)")
        case .interrupted:
            worker = nil
            let why = interruption ?? "interrupted"
            let died = process.terminate(graceSeconds: settings.graceSeconds, killWaitSeconds: settings.killWaitSeconds,
                                         signaller: settings.signaller)
            if died {
                return .crashed("\(why); stopped waiting for the worker (SIGQUIT, then SIGKILL) instead of waiting out the \(Self.seconds(timeout)) timeout")
            }
            abandoned.append(process.pid)
            return .abandoned("\(why); worker pid \(process.pid) refused to die after SIGKILL (stuck in the kernel?) during \(testCase.name)")
        }
    }

    public func shutdown() {
        if case .success(let unused)? = starting, unused.finish(within: 5) == nil {
            _ = unused.terminate(graceSeconds: settings.graceSeconds, killWaitSeconds: settings.killWaitSeconds,
                                 signaller: settings.signaller)
        }
        starting = nil
        guard let worker else { return }
        if worker.finish(within: 5) == nil {
            _ = worker.terminate(graceSeconds: settings.graceSeconds, killWaitSeconds: settings.killWaitSeconds,
                                 signaller: settings.signaller)
        }
        self.worker = nil
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

public struct CaseRunningFailure: Error {
    public let message: String
}
