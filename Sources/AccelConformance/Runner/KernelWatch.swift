import Foundation

/// Watches the kernel while one case runs. After an oops the kernel kills the calling
/// thread but the worker process lingers without answering; without this watch the runner
/// would notice only at the case timeout. The runner polls `check()` while it waits, and
/// once more when the case is over, so a fault gives the same verdict whether the worker's
/// reply or a poll came first.
final class KernelWatch {
    private let kmsg: KernelLogReader?
    private let policy: DmesgPolicy
    private let procRoot: String
    private let taintBefore: KernelTaint?
    /// Kernel-log lines drained while watching; they belong to the case's slice.
    private(set) var lines: [KernelLogLine] = []
    /// Why waiting stopped early, once it did.
    private(set) var reason: String?

    init(kmsg: KernelLogReader?, policy: DmesgPolicy, procRoot: String, taintBefore: KernelTaint?) {
        self.kmsg = kmsg
        self.policy = policy
        self.procRoot = procRoot
        self.taintBefore = taintBefore
    }

    /// Nothing to watch without a kernel log and a taint value.
    var isActive: Bool { kmsg != nil || taintBefore != nil }

    /// The reason to stop waiting and record the case a crash (an oops line, a newly set M,
    /// B or D taint), or nil. A new W taint is no reason: a warning stops nothing, the case
    /// keeps its result and the run aborts after it.
    func check() -> String? {
        if let reason { return reason }
        if let kmsg {
            let fresh = kmsg.drain()
            lines += fresh
            if let oops = policy.judge(fresh).oops.first {
                reason = "kernel oops: \(oops.text)"
                return reason
            }
        }
        if let taintBefore, let now = KernelTaint.read(procRoot: procRoot), let gained = now.newCrash(since: taintBefore) {
            reason = "kernel taint gained \(gained)"
        }
        return reason
    }
}
