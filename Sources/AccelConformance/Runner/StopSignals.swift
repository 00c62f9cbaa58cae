import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// SIGTERM and SIGINT during a run: the first one asks the engine to stop (the case in flight
/// is stopped and recorded incomplete, reports are written for what finished); a second one
/// ends the process at once with the same status, for an in-process case that cannot be
/// interrupted. The handler only writes the signal number to a pipe (async-signal-safe); a
/// thread reads it and calls the engine.
enum StopSignals {
    static let handled: [Int32] = [SIGTERM, SIGINT]

    nonisolated(unsafe) private static var pipeWrite: CInt = -1
    nonisolated(unsafe) private static var received: sig_atomic_t = 0
    private static let installLock = NSLock()
    nonisolated(unsafe) private static var listener: (@Sendable (Int32) -> Void)?

    /// Routes SIGTERM/SIGINT to `handler` until ``uninstall()``.
    static func install(_ handler: @escaping @Sendable (Int32) -> Void) {
        installLock.lock()
        defer { installLock.unlock() }
        listener = handler
        if pipeWrite < 0 {
            var ends: [CInt] = [0, 0]
            guard pipe(&ends) == 0 else { return }
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            pipeWrite = ends[1]
            let readEnd = ends[0]
            Thread.detachNewThread {
                var byte: UInt8 = 0
                while true {
                    let count = read(readEnd, &byte, 1)
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 { return }
                    let current = installLock.withLock { listener }
                    current?(Int32(byte))
                }
            }
        }
        received = 0
        // A parent may have left them blocked (a test harness, a CI agent); the mask is
        // inherited through exec, and a blocked SIGTERM would never reach the handler.
        var mask = sigset_t()
        sigemptyset(&mask)
        for number in handled { sigaddset(&mask, number) }
        pthread_sigmask(SIG_UNBLOCK, &mask, nil)
        for number in handled {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                if StopSignals.received != 0 {
                    _exit(128 + number)
                }
                StopSignals.received = 1
                var byte = UInt8(truncatingIfNeeded: number)
                _ = write(StopSignals.pipeWrite, &byte, 1)
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
    }

    /// Back to the default actions.
    static func uninstall() {
        installLock.withLock { listener = nil }
        for number in handled { signal(number, SIG_DFL) }
    }
}
