/// Where discovery looks. Tests point these at trees under Fixtures/.
public struct SystemRoots: Sendable, Equatable {
    public var sysfs: String
    public var dev: String
    public var proc: String

    public init(sysfs: String = "/sys", dev: String = "/dev", proc: String = "/proc") {
        self.sysfs = sysfs
        self.dev = dev
        self.proc = proc
    }
}
