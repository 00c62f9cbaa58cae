import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One worker child: the runner binary started with the hidden `worker` subcommand, stdin
/// and stdout as the protocol pipes, stderr into a log file. It is its own process group so
/// escalation reaches anything it started.
public final class WorkerProcess: @unchecked Sendable {
    public let pid: pid_t
    private let toWorker: CInt
    /// Closed once only: a second close(2) could close a descriptor another thread opened since.
    private var inputOpen = true
    private let fromWorker: CInt
    /// Read buffer, allocated once (a fresh 64 KiB per reply was a measurable part of a case):
    /// `buffer[start..<end]` is read and not yet handed out; `buffer[start..<scanned]` holds
    /// no newline.
    private var buffer = [UInt8](repeating: 0, count: 65536)
    private var start = 0
    private var end = 0
    private var scanned = 0
    private(set) public var reaped: Int32?

    /// How a signal reaches the worker; tests replace it to simulate a child that ignores
    /// SIGKILL (uninterruptible sleep in the kernel).
    public typealias Signaller = @Sendable (pid_t, Int32) -> Void
    public static let killGroup: Signaller = { pid, signal in _ = kill(-pid, signal) }

    private static let spawnLock = NSLock()

    public struct SpawnError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(executable: String, arguments: [String], stderrPath: String) throws {
        var input: [CInt] = [0, 0]
        var output: [CInt] = [0, 0]
        // Pipes are made and spawned under one lock: a worker started concurrently for
        // another device must not inherit these ends (it would hide this worker's EOF).
        Self.spawnLock.lock()
        defer { Self.spawnLock.unlock() }
        guard pipe(&input) == 0, pipe(&output) == 0 else {
            throw SpawnError(description: "pipe: \(String(cString: strerror(errno)))")
        }
        for fd in input + output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        let errFD = open(stderrPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        defer { if errFD >= 0 { close(errFD) } }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errFD >= 0 ? errFD : 2, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGQUIT)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        // The Swift backtracer would spend seconds symbolicating every deliberate crash.
        var environment = ProcessInfo.processInfo.environment
        environment["SWIFT_BACKTRACE"] = "enable=no"
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        close(input[0])
        close(output[1])
        guard rc == 0 else {
            close(input[1])
            close(output[0])
            throw SpawnError(description: "cannot start worker \(executable): \(String(cString: strerror(rc)))")
        }
        pid = child
        toWorker = input[1]
        fromWorker = output[0]
    }

    deinit {
        if inputOpen { close(toWorker) }
        close(fromWorker)
    }

    /// False when the worker is gone (EPIPE).
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        Self.writeAll(bytes, to: toWorker)
    }

    /// write(2) until all of `bytes` is out; false on an error other than EINTR.
    static func writeAll(_ bytes: [UInt8], to descriptor: CInt) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }

    /// Closing stdin asks the worker to exit after its current case.
    public func closeInput() {
        guard inputOpen else { return }
        inputOpen = false
        close(toWorker)
    }

    public enum LineResult {
        case line([UInt8])
        case endOfFile
        case timedOut
        /// `interrupt` asked to stop waiting.
        case interrupted
    }

    /// How often `interrupt` is asked while no line arrives.
    static let interruptSliceMs: Int32 = 100

    /// The next line, waiting at most until `deadline`. While nothing arrives, `interrupt` is
    /// asked every ``interruptSliceMs``; when it returns true the wait ends at once. A reply
    /// that is already there is read without asking it, so fast cases pay nothing.
    public func readLine(deadline: ContinuousClock.Instant, interrupt: (() -> Bool)? = nil) -> LineResult {
        while true {
            if let newline = buffer[scanned..<end].firstIndex(of: 0x0A) {
                let line = Array(buffer[start..<newline])
                start = newline + 1
                scanned = start
                return .line(line)
            }
            scanned = end
            let remaining = deadline - ContinuousClock.now
            if remaining <= .zero { return .timedOut }
            var ms = Int32(min(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
            if interrupt != nil { ms = min(ms, Self.interruptSliceMs) }
            var poller = pollfd(fd: fromWorker, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, ms)
            if ready <= 0 {
                if let interrupt, interrupt() { return .interrupted }
                continue
            }
            switch fill() {
            case .some(true): continue
            case .some(false): return .endOfFile
            case nil: continue
            }
        }
    }

    /// One read(2) into the buffer: true when bytes came, false at end of file (or an error),
    /// nil on EINTR.
    private func fill() -> Bool? {
        if start == end { (start, end, scanned) = (0, 0, 0) }
        if end == buffer.count {
            if start > 0 {
                // Move the unfinished line to the front instead of growing.
                buffer.withUnsafeMutableBytes { raw in
                    _ = memmove(raw.baseAddress!, raw.baseAddress! + start, end - start)
                }
                (end, scanned, start) = (end - start, scanned - start, 0)
            } else {
                buffer.append(contentsOf: repeatElement(0, count: buffer.count))
            }
        }
        let count = buffer.withUnsafeMutableBytes { raw in read(fromWorker, raw.baseAddress! + end, raw.count - end) }
        if count < 0 && errno == EINTR { return nil }
        guard count > 0 else { return false }
        end += count
        return true
    }

    /// Closes the worker's input (it exits after its current case) and reaps it, waiting at
    /// most `seconds`; nil when it did not exit by then. Waits for the worker to close its end
    /// of the pipe first, which wakes this side the moment it exits where waitpid alone would
    /// be polled in sleeps; lines still unread are dropped. A process the worker left behind
    /// may hold the pipe open: waitpid is asked every 0.1 s meanwhile.
    public func finish(within seconds: Double) -> Int32? {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        closeInput()
        while case .line = readLine(deadline: deadline, interrupt: { [self] in reap(within: 0) != nil }) {}
        return reap(within: max(0, (deadline - ContinuousClock.now).seconds))
    }

    /// Reaps the worker if it has exited, waiting up to `seconds`. Returns the wait status.
    @discardableResult
    public func reap(within seconds: Double) -> Int32? {
        if let reaped { return reaped }
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var pause: useconds_t = 50
        repeat {
            var status: Int32 = 0
            let rc = waitpid(pid, &status, WNOHANG)
            if rc == pid {
                reaped = status
                return status
            }
            if rc < 0 && errno != EINTR {
                reaped = -1
                return -1
            }
            // A worker that just closed its pipes is gone within microseconds: look again
            // soon, then less and less often.
            usleep(pause)
            pause = min(pause * 2, 5_000)
        } while ContinuousClock.now < deadline
        return nil
    }

    /// SIGQUIT, then SIGKILL; true when the worker died, false when it refused to (stuck in
    /// uninterruptible sleep): then it is abandoned.
    public func terminate(graceSeconds: Double, killWaitSeconds: Double, signaller: Signaller = WorkerProcess.killGroup) -> Bool {
        if reaped != nil { return true }
        signaller(pid, SIGQUIT)
        if reap(within: graceSeconds) != nil { return true }
        signaller(pid, SIGKILL)
        return reap(within: killWaitSeconds) != nil
    }

    /// `killed by SIGSEGV (11)` or `exited with status 7`.
    public static func describe(status: Int32) -> String {
        if status < 0 { return "vanished (not our child any more)" }
        let signal = status & 0x7f
        if signal == 0 { return "exited with status \((status >> 8) & 0xff)" }
        let name = String(cString: strsignal(signal))
        return "killed by signal \(signal) (\(name))"
    }
}
