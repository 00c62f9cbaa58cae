import SystemPackage

#if canImport(Glibc)
import Glibc
#endif

/// Symbolic errno names as the kernel's headers spell them. Traces, tables and reports use
/// these names, never bare numbers, so a report reads the same on every architecture.
///
/// The table is the whole of the kernel's errno space an ioctl can hand back, not a pick of
/// the common ones: a driver returns whatever its helpers return (ETIME from a fence wait,
/// ENOTSUPP from a DRM helper, ERESTARTSYS from an interrupted wait that escaped), and a name
/// missing here printed as `E62` in reports. Sources, 7.3: include/uapi/asm-generic/errno-base.h
/// (1–34), include/uapi/asm-generic/errno.h (35–134) and include/linux/errno.h (512–531, the
/// kernel-internal values that should never reach user space but do when a driver leaks one).
extension Errno {
    /// One errno name. `cHeader`: glibc's <errno.h> defines the name, so a C reproducer can
    /// spell it; the others (kernel-internal, or newer than the C library) are written as numbers.
    struct NameEntry: Sendable {
        let name: String
        let value: CInt
        let cHeader: Bool
    }

    /// The C library's value where it defines the name, so the numbering follows the
    /// architecture the runner was built for.
    private static func libc(_ name: String, _ value: CInt) -> NameEntry {
        NameEntry(name: name, value: value, cHeader: true)
    }

    /// Values the C library does not define: asm-generic numbering (x86, arm64, riscv; the
    /// architectures with their own errno.h, alpha/mips/parisc/sparc, differ for EFTYPE only).
    private static func kernel(_ name: String, _ value: CInt) -> NameEntry {
        NameEntry(name: name, value: value, cHeader: false)
    }

    /// Order matters where two names share a value (EAGAIN/EWOULDBLOCK, EDEADLK/EDEADLOCK,
    /// EOPNOTSUPP/ENOTSUP, EBADMSG/EFSBADCRC, EUCLEAN/EFSCORRUPTED): the first is printed, both parse.
    static let nameTable: [NameEntry] = [
        // errno-base.h
        libc("EPERM", Glibc.EPERM), libc("ENOENT", Glibc.ENOENT), libc("ESRCH", Glibc.ESRCH),
        libc("EINTR", Glibc.EINTR), libc("EIO", Glibc.EIO), libc("ENXIO", Glibc.ENXIO), libc("E2BIG", Glibc.E2BIG),
        libc("ENOEXEC", Glibc.ENOEXEC), libc("EBADF", Glibc.EBADF), libc("ECHILD", Glibc.ECHILD),
        libc("EAGAIN", Glibc.EAGAIN), libc("ENOMEM", Glibc.ENOMEM), libc("EACCES", Glibc.EACCES),
        libc("EFAULT", Glibc.EFAULT), libc("ENOTBLK", Glibc.ENOTBLK), libc("EBUSY", Glibc.EBUSY),
        libc("EEXIST", Glibc.EEXIST), libc("EXDEV", Glibc.EXDEV), libc("ENODEV", Glibc.ENODEV),
        libc("ENOTDIR", Glibc.ENOTDIR), libc("EISDIR", Glibc.EISDIR), libc("EINVAL", Glibc.EINVAL),
        libc("ENFILE", Glibc.ENFILE), libc("EMFILE", Glibc.EMFILE), libc("ENOTTY", Glibc.ENOTTY),
        libc("ETXTBSY", Glibc.ETXTBSY), libc("EFBIG", Glibc.EFBIG), libc("ENOSPC", Glibc.ENOSPC),
        libc("ESPIPE", Glibc.ESPIPE), libc("EROFS", Glibc.EROFS), libc("EMLINK", Glibc.EMLINK),
        libc("EPIPE", Glibc.EPIPE), libc("EDOM", Glibc.EDOM), libc("ERANGE", Glibc.ERANGE),
        // errno.h
        libc("EDEADLK", Glibc.EDEADLK), libc("ENAMETOOLONG", Glibc.ENAMETOOLONG), libc("ENOLCK", Glibc.ENOLCK),
        libc("ENOSYS", Glibc.ENOSYS), libc("ENOTEMPTY", Glibc.ENOTEMPTY), libc("ELOOP", Glibc.ELOOP),
        libc("EWOULDBLOCK", Glibc.EWOULDBLOCK), libc("ENOMSG", Glibc.ENOMSG), libc("EIDRM", Glibc.EIDRM),
        libc("ECHRNG", Glibc.ECHRNG), libc("EL2NSYNC", Glibc.EL2NSYNC), libc("EL3HLT", Glibc.EL3HLT),
        libc("EL3RST", Glibc.EL3RST), libc("ELNRNG", Glibc.ELNRNG), libc("EUNATCH", Glibc.EUNATCH),
        libc("ENOCSI", Glibc.ENOCSI), libc("EL2HLT", Glibc.EL2HLT), libc("EBADE", Glibc.EBADE),
        libc("EBADR", Glibc.EBADR), libc("EXFULL", Glibc.EXFULL), libc("ENOANO", Glibc.ENOANO),
        libc("EBADRQC", Glibc.EBADRQC), libc("EBADSLT", Glibc.EBADSLT), libc("EDEADLOCK", Glibc.EDEADLOCK),
        libc("EBFONT", Glibc.EBFONT), libc("ENOSTR", Glibc.ENOSTR), libc("ENODATA", Glibc.ENODATA),
        libc("ETIME", Glibc.ETIME), libc("ENOSR", Glibc.ENOSR), libc("ENONET", Glibc.ENONET),
        libc("ENOPKG", Glibc.ENOPKG), libc("EREMOTE", Glibc.EREMOTE), libc("ENOLINK", Glibc.ENOLINK),
        libc("EADV", Glibc.EADV), libc("ESRMNT", Glibc.ESRMNT), libc("ECOMM", Glibc.ECOMM),
        libc("EPROTO", Glibc.EPROTO), libc("EMULTIHOP", Glibc.EMULTIHOP), libc("EDOTDOT", Glibc.EDOTDOT),
        libc("EBADMSG", Glibc.EBADMSG), kernel("EFSBADCRC", Glibc.EBADMSG), libc("EOVERFLOW", Glibc.EOVERFLOW),
        libc("ENOTUNIQ", Glibc.ENOTUNIQ), libc("EBADFD", Glibc.EBADFD), libc("EREMCHG", Glibc.EREMCHG),
        libc("ELIBACC", Glibc.ELIBACC), libc("ELIBBAD", Glibc.ELIBBAD), libc("ELIBSCN", Glibc.ELIBSCN),
        libc("ELIBMAX", Glibc.ELIBMAX), libc("ELIBEXEC", Glibc.ELIBEXEC), libc("EILSEQ", Glibc.EILSEQ),
        libc("ERESTART", Glibc.ERESTART), libc("ESTRPIPE", Glibc.ESTRPIPE), libc("EUSERS", Glibc.EUSERS),
        libc("ENOTSOCK", Glibc.ENOTSOCK), libc("EDESTADDRREQ", Glibc.EDESTADDRREQ), libc("EMSGSIZE", Glibc.EMSGSIZE),
        libc("EPROTOTYPE", Glibc.EPROTOTYPE), libc("ENOPROTOOPT", Glibc.ENOPROTOOPT),
        libc("EPROTONOSUPPORT", Glibc.EPROTONOSUPPORT), libc("ESOCKTNOSUPPORT", Glibc.ESOCKTNOSUPPORT),
        libc("EOPNOTSUPP", Glibc.EOPNOTSUPP), libc("ENOTSUP", Glibc.ENOTSUP), libc("EPFNOSUPPORT", Glibc.EPFNOSUPPORT),
        libc("EAFNOSUPPORT", Glibc.EAFNOSUPPORT), libc("EADDRINUSE", Glibc.EADDRINUSE),
        libc("EADDRNOTAVAIL", Glibc.EADDRNOTAVAIL), libc("ENETDOWN", Glibc.ENETDOWN),
        libc("ENETUNREACH", Glibc.ENETUNREACH), libc("ENETRESET", Glibc.ENETRESET),
        libc("ECONNABORTED", Glibc.ECONNABORTED), libc("ECONNRESET", Glibc.ECONNRESET), libc("ENOBUFS", Glibc.ENOBUFS),
        libc("EISCONN", Glibc.EISCONN), libc("ENOTCONN", Glibc.ENOTCONN), libc("ESHUTDOWN", Glibc.ESHUTDOWN),
        libc("ETOOMANYREFS", Glibc.ETOOMANYREFS), libc("ETIMEDOUT", Glibc.ETIMEDOUT),
        libc("ECONNREFUSED", Glibc.ECONNREFUSED), libc("EHOSTDOWN", Glibc.EHOSTDOWN),
        libc("EHOSTUNREACH", Glibc.EHOSTUNREACH), libc("EALREADY", Glibc.EALREADY),
        libc("EINPROGRESS", Glibc.EINPROGRESS), libc("ESTALE", Glibc.ESTALE), libc("EUCLEAN", Glibc.EUCLEAN),
        kernel("EFSCORRUPTED", Glibc.EUCLEAN), libc("ENOTNAM", Glibc.ENOTNAM), libc("ENAVAIL", Glibc.ENAVAIL),
        libc("EISNAM", Glibc.EISNAM), libc("EREMOTEIO", Glibc.EREMOTEIO), libc("EDQUOT", Glibc.EDQUOT),
        libc("ENOMEDIUM", Glibc.ENOMEDIUM), libc("EMEDIUMTYPE", Glibc.EMEDIUMTYPE), libc("ECANCELED", Glibc.ECANCELED),
        libc("ENOKEY", Glibc.ENOKEY), libc("EKEYEXPIRED", Glibc.EKEYEXPIRED), libc("EKEYREVOKED", Glibc.EKEYREVOKED),
        libc("EKEYREJECTED", Glibc.EKEYREJECTED), libc("EOWNERDEAD", Glibc.EOWNERDEAD),
        libc("ENOTRECOVERABLE", Glibc.ENOTRECOVERABLE), libc("ERFKILL", Glibc.ERFKILL),
        libc("EHWPOISON", Glibc.EHWPOISON), kernel("EFTYPE", 134),
        // include/linux/errno.h: kernel-internal; seen by user space only when a driver leaks one.
        kernel("ERESTARTSYS", 512), kernel("ERESTARTNOINTR", 513), kernel("ERESTARTNOHAND", 514),
        kernel("ENOIOCTLCMD", 515), kernel("ERESTART_RESTARTBLOCK", 516), kernel("EPROBE_DEFER", 517),
        kernel("EOPENSTALE", 518), kernel("ENOPARAM", 519), kernel("EBADHANDLE", 521), kernel("ENOTSYNC", 522),
        kernel("EBADCOOKIE", 523), kernel("ENOTSUPP", 524), kernel("ETOOSMALL", 525), kernel("ESERVERFAULT", 526),
        kernel("EBADTYPE", 527), kernel("EJUKEBOX", 528), kernel("EIOCBQUEUED", 529), kernel("ERECALLCONFLICT", 530),
        kernel("ENOGRACE", 531),
    ]

    private static let byValue: [CInt: NameEntry] =
        Dictionary(nameTable.map { ($0.value, $0) }, uniquingKeysWith: { first, _ in first })
    private static let byName: [String: NameEntry] =
        Dictionary(nameTable.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

    /// `EINVAL`, `ETIME`, `ENOTSUPP`, …; `E<number>` only for a value no kernel header names.
    public var symbolicName: String {
        Self.byValue[rawValue]?.name ?? "E\(rawValue)"
    }

    /// Parses a symbolic name such as `EINVAL` (or an alias such as `EWOULDBLOCK`); nil when
    /// the name is unknown.
    public init?(symbolicName: String) {
        guard let entry = Self.byName[symbolicName] else { return nil }
        self.init(rawValue: entry.value)
    }

    /// True when glibc's <errno.h> defines `name`, so C source may spell it; false for the
    /// kernel-internal names (ENOTSUPP, ERESTARTSYS, …) and unknown ones.
    public static func isCHeaderName(_ name: String) -> Bool {
        byName[name]?.cHeader ?? false
    }
}
