import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads the kernel log from `/dev/kmsg` (or, in tests, a fixture file other code appends
/// to) and writes the runner's markers. Each reader has its own read position, so one per
/// device session.
public final class KernelLogReader: @unchecked Sendable {
    public let path: String
    private let readFD: CInt
    private var pending = Data()

    /// nil and a reason when the log cannot be read (no privileges, no such file).
    public static func open(path: String) -> (KernelLogReader?, String?) {
        let fd = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            return (nil, "kernel log not captured: cannot read \(path) (\(String(cString: strerror(errno))))")
        }
        return (KernelLogReader(path: path, fd: fd), nil)
    }

    private init(path: String, fd: CInt) {
        self.path = path
        self.readFD = fd
        // Only what happens from now on belongs to this run.
        lseek(fd, 0, SEEK_END)
    }

    deinit {
        close(readFD)
        if writeFD >= 0 { close(writeFD) }
    }

    /// Opened at the first marker and kept: every open(2) of /dev/kmsg walks the kernel's
    /// ring buffer to find its first record (devkmsg_open → prb_first_valid_seq), which cost
    /// about 0.1 ms per marker, two markers per case. -1 before the first marker, -2 when it
    /// could not be opened (writing needs privileges reading does not): markers are then skipped.
    private var writeFD: CInt = -1

    /// Writes a marker at level info (a bare write would get the default level, a warning).
    /// Best effort. Each write(2) to /dev/kmsg is one record.
    public func mark(_ text: String) {
        if writeFD == -1 {
            let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
            writeFD = fd >= 0 ? fd : -2
        }
        guard writeFD >= 0 else { return }
        let isDevice = path.hasPrefix("/dev/")
        let line = isDevice ? "<6>\(DmesgPolicy.markerPrefix)\(text)\n" : "6,0,0,-;\(DmesgPolicy.markerPrefix)\(text)\n"
        _ = line.withCString { write(writeFD, $0, strlen($0)) }
    }

    /// Everything logged since the last call.
    public func drain() -> [KernelLogLine] {
        var buffer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = read(readFD, &buffer, buffer.count)
            if count > 0 {
                pending.append(contentsOf: buffer[0..<count])
                continue
            }
            // /dev/kmsg: EPIPE means records were overwritten before we read them; go on.
            if count < 0 && errno == EPIPE { continue }
            break
        }
        var lines: [KernelLogLine] = []
        while let newline = pending.firstIndex(of: 0x0A) {
            let raw = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
            pending.removeSubrange(pending.startIndex...newline)
            if let line = KernelLogLine(parsing: raw) { lines.append(line) }
        }
        return lines
    }
}
