import Glibc

/// A buffer object of the reference device: page-aligned, backed by an unlinked tmpfs file so
/// that mmap(2) maps real, shared memory and PRIME can hand out a real fd for it.
final class ReferenceBO {
    let id: Int
    /// Page-aligned size.
    let size: UInt64
    /// Backing file (owned: closed when the BO is freed).
    let backing: CInt
    /// Made by PRIME import; qaic cannot mmap those (qaic-uapi.md §3.3).
    let imported: Bool
    var mmapOffset: UInt64?
    var flinkName: UInt32?
    /// Handles in all files.
    var handleCount = 0
    /// Exported through PRIME: the dma-buf keeps the object alive (we cannot see when the
    /// caller closes the dma-buf fd, so an exported BO lives as long as the device).
    var exported = false
    /// Live mmap(2) mappings: a mapping keeps the object (and its offset) alive, as the VMA's
    /// reference does in the kernel.
    var mappings = 0
    var freed = false

    // Slicing (ATTACH)
    var slices: [Slice] = []
    var attachedDBC: Int?
    var sliced: Bool { attachedDBC != nil }
    /// Ring entries this BO needs: one per slice in this model.
    var totalSliceEntries: Int { slices.count }

    // Queueing (EXECUTE/PARTIAL)
    var queuedOn: Int?
    var queuedEntries = 0
    var receiptNanos: UInt64 = 0
    var submitNanos: UInt64 = 0
    var completionNanos: UInt64 = 0
    var completed = true
    var queueLevelBefore: UInt32 = 0

    struct Slice {
        var offset: UInt64
        var size: UInt64
    }

    init(id: Int, size: UInt64, backing: CInt, imported: Bool) {
        self.id = id
        self.size = size
        self.backing = backing
        self.imported = imported
    }

    /// Queued = submitted and not yet completed. The simulated device completes a BO a fixed
    /// latency after submission; completion is evaluated lazily against the clock.
    func isQueued(now: UInt64) -> Bool {
        if queuedOn == nil { return false }
        if now >= completionNanos {
            completed = true
            queuedOn = nil
            queuedEntries = 0
            return false
        }
        return true
    }

    /// Completes a queued BO at once (DBC released, detach by the kernel).
    func abortQueue(now: UInt64) {
        if queuedOn != nil {
            queuedOn = nil
            queuedEntries = 0
            completionNanos = now
            completed = true
        }
    }
}

/// One DMA Bridge Channel (§3.11).
struct ReferenceDBC {
    /// Opaque id of the owning file, nil when free.
    var owner: Int?
    /// A DEACTIVATE is on its way to the firmware: EXECUTE/WAIT are refused already.
    var disabled = false
    var queueSize: UInt32 = 0
    var options: UInt32 = 0
}

/// What the device keeps per open file.
final class ReferenceFileState {
    let id: Int
    /// The opener had CAP_SYS_ADMIN (approximated as euid 0 at open time).
    let authenticated: Bool
    var handles: [UInt32: ReferenceBO] = [:]
    /// dma-buf (backing inode) → handle in this file, as DRM's per-file prime lookup keeps it.
    var primeHandles: [UInt64: UInt32] = [:]
    var closed = false

    init(id: Int, authenticated: Bool) {
        self.id = id
        self.authenticated = authenticated
    }
}

enum ReferenceClock {
    static func nowNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }
}
