import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// Symbolic errno names as the kernel's headers spell them. Traces, tables and reports use
/// these names, never bare numbers, so a report reads the same on every architecture.
extension Errno {
    private static let symbolicNames: [(String, CInt)] = [
        ("EPERM", Glibc.EPERM), ("ENOENT", Glibc.ENOENT), ("ESRCH", Glibc.ESRCH), ("EINTR", Glibc.EINTR), ("EIO", Glibc.EIO),
        ("ENXIO", Glibc.ENXIO), ("E2BIG", Glibc.E2BIG), ("ENOEXEC", Glibc.ENOEXEC), ("EBADF", Glibc.EBADF),
        ("ECHILD", Glibc.ECHILD), ("EAGAIN", Glibc.EAGAIN), ("ENOMEM", Glibc.ENOMEM), ("EACCES", Glibc.EACCES),
        ("EFAULT", Glibc.EFAULT), ("EBUSY", Glibc.EBUSY), ("EEXIST", Glibc.EEXIST), ("EXDEV", Glibc.EXDEV),
        ("ENODEV", Glibc.ENODEV), ("ENOTDIR", Glibc.ENOTDIR), ("EISDIR", Glibc.EISDIR), ("EINVAL", Glibc.EINVAL),
        ("ENFILE", Glibc.ENFILE), ("EMFILE", Glibc.EMFILE), ("ENOTTY", Glibc.ENOTTY), ("EFBIG", Glibc.EFBIG),
        ("ENOSPC", Glibc.ENOSPC), ("ESPIPE", Glibc.ESPIPE), ("EROFS", Glibc.EROFS), ("EPIPE", Glibc.EPIPE),
        ("ERANGE", Glibc.ERANGE), ("EDEADLK", Glibc.EDEADLK), ("ENOSYS", Glibc.ENOSYS), ("EOVERFLOW", Glibc.EOVERFLOW),
        ("EOPNOTSUPP", Glibc.EOPNOTSUPP), ("ETIMEDOUT", Glibc.ETIMEDOUT), ("ECANCELED", Glibc.ECANCELED),
        ("ENOTSUP", Glibc.ENOTSUP), ("EPROTO", Glibc.EPROTO), ("EBADMSG", Glibc.EBADMSG),
        ("ENOTCONN", Glibc.ENOTCONN), ("ENOLINK", Glibc.ENOLINK), ("ENODATA", Glibc.ENODATA),
    ]

    /// `EINVAL`, `ENOENT`, …; `E<number>` for a value without a known name.
    public var symbolicName: String {
        // EOPNOTSUPP and ENOTSUP share a value on Linux; the first listed name wins.
        Self.symbolicNames.first { $0.1 == rawValue }?.0 ?? "E\(rawValue)"
    }

    /// Parses a symbolic name such as `EINVAL`; nil when the name is unknown.
    public init?(symbolicName: String) {
        if let entry = Self.symbolicNames.first(where: { $0.0 == symbolicName }) {
            self.init(rawValue: entry.1)
        } else {
            return nil
        }
    }
}
