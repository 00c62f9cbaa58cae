import Foundation

/// Watches the kernel while one case runs. After an oops the kernel kills the calling
/// thread but the worker process lingers without answering; without this watch the runner
/// would notice only at the case timeout. The runner polls `check()` while it waits.
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

    /// The reason to stop waiting (an oops line, a newly set fatal taint bit), or nil.
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
        if let taintBefore, let now = KernelTaint.read(procRoot: procRoot), let gained = now.newFatal(since: taintBefore) {
            reason = "kernel taint gained \(gained)"
        }
        return reason
    }
}
