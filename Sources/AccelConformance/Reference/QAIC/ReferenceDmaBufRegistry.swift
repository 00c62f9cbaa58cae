import Foundation
import Glibc

/// Which open files are "dma-bufs" in the reference world: the backing files of BOs that
/// some reference device exported through PRIME, identified by inode. Process-wide, so a
/// dma-buf of one reference device can be imported into another, as across real drivers.
enum ReferenceDmaBufRegistry {
    private nonisolated(unsafe) static var inodes: Set<UInt64> = []
    private static let lock = NSLock()

    static func key(of fd: CInt) -> (inode: UInt64, size: UInt64)? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return (UInt64(info.st_ino) ^ (UInt64(info.st_dev) << 48), UInt64(info.st_size))
    }

    static func register(_ inode: UInt64) {
        lock.lock()
        defer { lock.unlock() }
        inodes.insert(inode)
    }

    static func isDmaBuf(_ inode: UInt64) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return inodes.contains(inode)
    }
}
