import Foundation
import SystemPackage
import Testing
@testable import AccelConformance

/// Every errno an ioctl can hand back prints by name: a missing one printed as `E62` (ETIME,
/// from an ethosu BO wait) in a device-loss message.
@Suite struct ErrnoNameTests {
    /// Every value the kernel 7.3 headers define, numbered as in asm-generic (x86, arm64):
    /// include/uapi/asm-generic/errno-base.h, include/uapi/asm-generic/errno.h (aliases left
    /// out) and include/linux/errno.h. A fact list: a name dropped from the table fails here.
    static let kernelNames: [(String, CInt)] = [
        ("EPERM", 1), ("ENOENT", 2), ("ESRCH", 3), ("EINTR", 4), ("EIO", 5), ("ENXIO", 6), ("E2BIG", 7),
        ("ENOEXEC", 8), ("EBADF", 9), ("ECHILD", 10), ("EAGAIN", 11), ("ENOMEM", 12), ("EACCES", 13),
        ("EFAULT", 14), ("ENOTBLK", 15), ("EBUSY", 16), ("EEXIST", 17), ("EXDEV", 18), ("ENODEV", 19),
        ("ENOTDIR", 20), ("EISDIR", 21), ("EINVAL", 22), ("ENFILE", 23), ("EMFILE", 24), ("ENOTTY", 25),
        ("ETXTBSY", 26), ("EFBIG", 27), ("ENOSPC", 28), ("ESPIPE", 29), ("EROFS", 30), ("EMLINK", 31),
        ("EPIPE", 32), ("EDOM", 33), ("ERANGE", 34), ("EDEADLK", 35), ("ENAMETOOLONG", 36), ("ENOLCK", 37),
        ("ENOSYS", 38), ("ENOTEMPTY", 39), ("ELOOP", 40), ("ENOMSG", 42), ("EIDRM", 43), ("ECHRNG", 44),
        ("EL2NSYNC", 45), ("EL3HLT", 46), ("EL3RST", 47), ("ELNRNG", 48), ("EUNATCH", 49), ("ENOCSI", 50),
        ("EL2HLT", 51), ("EBADE", 52), ("EBADR", 53), ("EXFULL", 54), ("ENOANO", 55), ("EBADRQC", 56),
        ("EBADSLT", 57), ("EBFONT", 59), ("ENOSTR", 60), ("ENODATA", 61), ("ETIME", 62), ("ENOSR", 63),
        ("ENONET", 64), ("ENOPKG", 65), ("EREMOTE", 66), ("ENOLINK", 67), ("EADV", 68), ("ESRMNT", 69),
        ("ECOMM", 70), ("EPROTO", 71), ("EMULTIHOP", 72), ("EDOTDOT", 73), ("EBADMSG", 74), ("EOVERFLOW", 75),
        ("ENOTUNIQ", 76), ("EBADFD", 77), ("EREMCHG", 78), ("ELIBACC", 79), ("ELIBBAD", 80), ("ELIBSCN", 81),
        ("ELIBMAX", 82), ("ELIBEXEC", 83), ("EILSEQ", 84), ("ERESTART", 85), ("ESTRPIPE", 86), ("EUSERS", 87),
        ("ENOTSOCK", 88), ("EDESTADDRREQ", 89), ("EMSGSIZE", 90), ("EPROTOTYPE", 91), ("ENOPROTOOPT", 92),
        ("EPROTONOSUPPORT", 93), ("ESOCKTNOSUPPORT", 94), ("EOPNOTSUPP", 95), ("EPFNOSUPPORT", 96),
        ("EAFNOSUPPORT", 97), ("EADDRINUSE", 98), ("EADDRNOTAVAIL", 99), ("ENETDOWN", 100), ("ENETUNREACH",
        101), ("ENETRESET", 102), ("ECONNABORTED", 103), ("ECONNRESET", 104), ("ENOBUFS", 105), ("EISCONN",
        106), ("ENOTCONN", 107), ("ESHUTDOWN", 108), ("ETOOMANYREFS", 109), ("ETIMEDOUT", 110),
        ("ECONNREFUSED", 111), ("EHOSTDOWN", 112), ("EHOSTUNREACH", 113), ("EALREADY", 114), ("EINPROGRESS",
        115), ("ESTALE", 116), ("EUCLEAN", 117), ("ENOTNAM", 118), ("ENAVAIL", 119), ("EISNAM", 120),
        ("EREMOTEIO", 121), ("EDQUOT", 122), ("ENOMEDIUM", 123), ("EMEDIUMTYPE", 124), ("ECANCELED", 125),
        ("ENOKEY", 126), ("EKEYEXPIRED", 127), ("EKEYREVOKED", 128), ("EKEYREJECTED", 129), ("EOWNERDEAD",
        130), ("ENOTRECOVERABLE", 131), ("ERFKILL", 132), ("EHWPOISON", 133), ("EFTYPE", 134), ("ERESTARTSYS",
        512), ("ERESTARTNOINTR", 513), ("ERESTARTNOHAND", 514), ("ENOIOCTLCMD", 515), ("ERESTART_RESTARTBLOCK",
        516), ("EPROBE_DEFER", 517), ("EOPENSTALE", 518), ("ENOPARAM", 519), ("EBADHANDLE", 521), ("ENOTSYNC",
        522), ("EBADCOOKIE", 523), ("ENOTSUPP", 524), ("ETOOSMALL", 525), ("ESERVERFAULT", 526), ("EBADTYPE",
        527), ("EJUKEBOX", 528), ("EIOCBQUEUED", 529), ("ERECALLCONFLICT", 530), ("ENOGRACE", 531),
    ]

    @Test func everyKernelErrnoHasItsName() {
        for (name, value) in Self.kernelNames {
            #expect(Errno(rawValue: value).symbolicName == name, "errno \(value) should print as \(name)")
            #expect(Errno(symbolicName: name)?.rawValue == value, "\(name) should parse as \(value)")
        }
        // The ones the issue names, spelled out.
        #expect(Errno(rawValue: 62).symbolicName == "ETIME")
        #expect(Errno(rawValue: 524).symbolicName == "ENOTSUPP")
        #expect(Errno(rawValue: 512).symbolicName == "ERESTARTSYS")
        #expect(Errno(rawValue: 520).symbolicName == "E520", "no header defines 520")
    }

    @Test func aliasesParseAndPrintTheirCanonicalName() {
        for (alias, canonical) in [("EWOULDBLOCK", "EAGAIN"), ("EDEADLOCK", "EDEADLK"), ("ENOTSUP", "EOPNOTSUPP"),
                                   ("EFSBADCRC", "EBADMSG"), ("EFSCORRUPTED", "EUCLEAN")] {
            #expect(Errno(symbolicName: alias)?.symbolicName == canonical)
        }
    }

    /// The C library's headers on this machine (linux-libc-dev), when installed: every value they
    /// define must be known by the same name, so a newer kernel's addition shows up here.
    @Test func installedUapiHeadersAreCovered() {
        for path in ["/usr/include/asm-generic/errno-base.h", "/usr/include/asm-generic/errno.h"] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { continue }
            for line in text.split(separator: "\n") {
                let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
                guard words.count >= 3, words[0] == "#define", words[1].hasPrefix("E"),
                      let value = CInt(words[2]) else { continue }
                #expect(Errno(symbolicName: String(words[1]))?.rawValue == value, "\(path): \(words[1]) \(value)")
                let printed = Errno(rawValue: value).symbolicName
                #expect(printed != "E\(value)", "\(path): \(value) prints as \(printed)")
            }
        }
    }

    /// A C reproducer spells names <errno.h> defines and writes the kernel-internal ones as numbers
    /// (`ENOTSUPP` would not compile).
    @Test func reproducersSpellOnlyNamesTheCLibraryDefines() {
        for (name, spelled) in [("ETIME", "ETIME"), ("ENOTSUPP", "524"), ("ERESTARTSYS", "512"), ("EFTYPE", "134"),
                                ("E520", "520"), ("EINVAL", "EINVAL")] {
            let (expression, shown) = CReproducer.expectedResult(.string(name))
            #expect(expression == spelled && shown == name, "\(name): C expression \(expression)")
        }
    }
}
