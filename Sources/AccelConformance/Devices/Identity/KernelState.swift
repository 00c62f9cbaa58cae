/// The kernel release and taint mask under a /proc root.
enum KernelState {
    static func release(procRoot: String) -> String? {
        SysfsTree.read(SysfsTree.join(procRoot, "sys/kernel/osrelease"))
    }

    static func taint(procRoot: String) -> UInt64? {
        SysfsTree.read(SysfsTree.join(procRoot, "sys/kernel/tainted")).flatMap { UInt64($0) }
    }
}
