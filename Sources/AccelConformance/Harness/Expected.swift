import SystemPackage

/// What the operation under test must return on the active kernel profile.
public enum Expected: Hashable, Sendable, CustomStringConvertible {
    /// ioctl/mmap returns 0 (or a mapping).
    case success
    /// ioctl/mmap fails with this errno.
    case errno(Errno)
    /// The kernel is known to oops on this call (hazard tier): the calling process dies and
    /// the kernel is tainted D. No backend can be expected to "return" anything.
    case kernelOops

    public static let EPERM = Expected.errno(.notPermitted)
    public static let ENOENT = Expected.errno(.noSuchFileOrDirectory)
    public static let EINTR = Expected.errno(.interrupted)
    public static let EBADF = Expected.errno(.badFileDescriptor)
    public static let EAGAIN = Expected.errno(.resourceTemporarilyUnavailable)
    public static let ENOMEM = Expected.errno(.noMemory)
    public static let EACCES = Expected.errno(.permissionDenied)
    public static let EFAULT = Expected.errno(.badAddress)
    public static let EBUSY = Expected.errno(.resourceBusy)
    public static let ENODEV = Expected.errno(.operationNotSupportedByDevice)
    public static let EINVAL = Expected.errno(.invalidArgument)
    public static let ENOTTY = Expected.errno(.inappropriateIOCTLForDevice)
    public static let ENOSPC = Expected.errno(.noSpace)
    public static let EPIPE = Expected.errno(.brokenPipe)
    public static let EOPNOTSUPP = Expected.errno(.notSupported)
    public static let ETIMEDOUT = Expected.errno(.timedOut)
    public static let ECANCELED = Expected.errno(.canceled)

    /// `0`, `EINVAL`, or `kernel oops`, as reports print it.
    public var description: String {
        switch self {
        case .success: return "0"
        case .errno(let e): return e.symbolicName
        case .kernelOops: return "kernel oops"
        }
    }

    /// Parses what ``description`` prints.
    public init?(description: String) {
        switch description {
        case "0": self = .success
        case "kernel oops": self = .kernelOops
        default:
            guard let e = Errno(symbolicName: description) else { return nil }
            self = .errno(e)
        }
    }

    /// Whether an observed result is this expectation.
    public func matches(_ result: Result<Void, Errno>) -> Bool {
        switch (self, result) {
        case (.success, .success): return true
        case (.errno(let e), .failure(let actual)): return e == actual
        default: return false
        }
    }
}

extension Result where Success == Void, Failure == Errno {
    /// `0` or the errno name, matching ``Expected/description``.
    public var outcomeDescription: String {
        switch self {
        case .success: return "0"
        case .failure(let e): return e.symbolicName
        }
    }
}
