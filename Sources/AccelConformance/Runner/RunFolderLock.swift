import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One run at a time per results folder: `run` and `resume` hold an exclusive flock on
/// `<folder>/run.lock` for as long as they write there. Two runners appending to one journal
/// would interleave slots and both rewrite the reports. The kernel drops the lock when the
/// holder dies however it dies (SIGKILL included), so a stale lock file never blocks a resume.
public final class RunFolderLock: @unchecked Sendable {
    public static let fileName = "run.lock"
    public let path: String
    private let descriptor: CInt

    /// Takes the lock or throws naming the folder (and the holder's pid when it wrote one).
    /// The folder is created when missing.
    public init(folder: URL) throws(RunnerInputError) {
        path = folder.appendingPathComponent(Self.fileName).path
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RunnerInputError("\(folder.path): cannot create the results folder: \(error.localizedDescription)")
        }
        // Close-on-exec: a worker must not keep the folder locked after its runner died.
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw RunnerInputError("\(path): cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            let holder = Self.holder(fd)
            close(fd)
            if reason == EWOULDBLOCK { throw Self.busy(folder, path: path, holder: holder) }
            throw RunnerInputError("\(path): cannot lock: \(String(cString: strerror(reason)))")
        }
        descriptor = fd
        // The pid is only for the message a second runner prints; the lock is the flock.
        let text = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
    }

    deinit { close(descriptor) }

    /// The message a run gets for a folder another run holds, or nil when nobody holds it.
    /// Creates nothing (bad input must leave no trace).
    public static func inUse(_ folder: URL) -> RunnerInputError? {
        let path = folder.appendingPathComponent(fileName).path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard flock(fd, LOCK_SH | LOCK_NB) != 0, errno == EWOULDBLOCK else { return nil }
        return busy(folder, path: path, holder: holder(fd))
    }

    private static func busy(_ folder: URL, path: String, holder: Int?) -> RunnerInputError {
        RunnerInputError("\(folder.path): in use by another run\(holder.map { " (pid \($0))" } ?? "") "
                         + "holding \(path); wait for it to end or choose another --results folder")
    }

    private static func holder(_ fd: CInt) -> Int? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
