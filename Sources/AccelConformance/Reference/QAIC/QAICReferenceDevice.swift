import Foundation
import Glibc
import SystemPackage

/// `reference:qaic`: an in-process qaic device on a kernel of one profile. It receives the
/// raw structs and request numbers a kernel fd would, implements DRM-core dispatch and the
/// qaic handlers from the spec, and answers MANAGE through a simulated firmware.
///
/// All device state sits behind one lock; WAIT is the only call that sleeps, and it does so
/// without holding the lock.
///
/// Where the spec is silent this device decides, and says so here:
/// - MANAGE uses the "break" loop exit up to 6.12 (verified for 6.12, the v6.4 code it descends
///   from) and the "goto" exit on 7.3 (7.3's encode_message); where it changed in between is
///   open (qaic-uapi.md §6).
/// - DMA_XFER of size 0 before 6.12 is accepted with nothing pinned; DMA_XFER gets no reply
///   transaction; STATUS answers major 5, minor 0, status 0, no CRC; PASSTHROUGH is echoed.
/// - The firmware grants ACTIVATE whenever a DBC is free (lowest number first) and refuses with
///   status 1 (ECANCELED) when all 16 are owned. Encoding failures after a DEACTIVATE was
///   encoded re-enable that DBC.
/// - Wire sizes for the 4 KiB/64 KiB encoder limits are assumed (header 32, ACTIVATE 40, …).
/// - One ring entry per slice; a DBC ring holds queue_size − 1 entries in flight.
/// - Allocations above 4 MiB fail (kmalloc's limit on x86-64); CREATE_BO beyond RAM → ENOMEM.
/// - Handles are the lowest free number ≥ 1 (idr_alloc); flink names likewise.
/// - Completion is simulated: a queued BO completes `completionLatency` after EXECUTE.
/// - A PRIME-exported BO lives as long as the device (the dma-buf fd's lifetime is not visible).
/// - GET_UNIQUE/GET_MAGIC return EOPNOTSUPP instead of oopsing.
final class QAICReferenceDevice: Device, @unchecked Sendable {
    static let pageSize: UInt64 = 4096
    static let dbcCount = 16
    /// First DRM fake offset on 64-bit kernels (DRM_FILE_PAGE_OFFSET_START pages × 4 KiB).
    static let firstFakeOffset: UInt64 = 0x1_0000_0000
    /// Largest slab/page allocation the simulated kernel can satisfy (kmalloc limit on x86-64:
    /// order-10 pages). Arrays and DMA buffers beyond it fail like the kernel's allocators do.
    static let allocationLimit: UInt64 = 4 << 20

    let identity: DeviceIdentity
    let profile: QAICReferenceProfile
    let faults: Set<QAICReferenceFault>
    /// Time from EXECUTE to completion on the simulated device.
    let completionLatencyNanos: UInt64

    let lock = NSLock()
    var dbcs = [ReferenceDBC](repeating: ReferenceDBC(), count: dbcCount)
    var nextFileID = 1
    var nextBOID = 1
    var nextFakeOffset = firstFakeOffset
    /// fake offset → BO (device-wide, §3.3).
    var offsets: [UInt64: ReferenceBO] = [:]
    /// flink name → BO.
    var flinkNames: [UInt32: ReferenceBO] = [:]
    var liveBOs: [Int: ReferenceBO] = [:]
    /// mmap(2) mappings made through any file: address → (BO, length).
    var mappings: [UInt: (bo: ReferenceBO, length: Int)] = [:]

    init(profile: QAICReferenceProfile, faults: Set<QAICReferenceFault>, completionLatency: Duration) {
        self.profile = profile
        self.faults = faults
        let parts = completionLatency.components
        self.completionLatencyNanos = UInt64(parts.seconds) * 1_000_000_000 + UInt64(parts.attoseconds / 1_000_000_000)
        var notes = ["in-process reference implementation of qaic-uapi.md; cannot oops, has no real firmware"]
        if !faults.isEmpty {
            notes.append("injected faults: " + faults.map(\.rawValue).sorted().joined(separator: ", "))
        }
        identity = DeviceIdentity(
            name: "reference:qaic", kernelDriver: "qaic",
            drmVersion: DeviceIdentity.DRMVersion(name: "qaic", description: "Qualcomm Cloud AI Accelerators",
                                                  date: profile.versionDate, major: 0, minor: 0, patchLevel: 0),
            kernelRelease: "reference (\(profile.id))", isReference: true, notes: notes)
    }

    deinit {
        for bo in liveBOs.values { Glibc.close(bo.backing) }
    }

    func has(_ fault: QAICReferenceFault) -> Bool { faults.contains(fault) }

    func withLock<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: open

    func open(_ flags: OpenFlags) throws(Errno) -> any DeviceFile {
        // drm_open_helper: O_EXCL → EBUSY for every DRM/accel node.
        if flags.contains(.exclusive) && !has(.openExclusiveAllowed) { throw Errno.resourceBusy }
        // A real descriptor per file, so `descriptor` is unique and close frees it.
        let reserved = Glibc.open("/dev/null", O_RDWR | O_CLOEXEC)
        guard reserved >= 0 else { throw Errno(rawValue: errno) }
        let state: ReferenceFileState = withLock {
            let state = ReferenceFileState(id: nextFileID, authenticated: geteuid() == 0)
            nextFileID += 1
            return state
        }
        return QAICReferenceFile(device: self, state: state, descriptor: reserved)
    }

    // MARK: BO bookkeeping (lock held)

    /// Allocates a zero-filled backing of `size` bytes.
    func makeBacking(size: UInt64) throws(Errno) -> CInt {
        for directory in ["/dev/shm", NSTemporaryDirectory(), "/tmp"] {
            var template = Array((directory.hasSuffix("/") ? directory : directory + "/").utf8CString.dropLast())
            template += Array("accel-reference-XXXXXX".utf8CString)
            let fd = mkstemp(&template)
            guard fd >= 0 else { continue }
            unlink(template)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            guard ftruncate(fd, off_t(size)) == 0 else {
                Glibc.close(fd)
                throw Errno.noMemory
            }
            return fd
        }
        throw Errno.noMemory
    }

    func newBO(size: UInt64, backing: CInt, imported: Bool) -> ReferenceBO {
        let bo = ReferenceBO(id: nextBOID, size: size, backing: backing, imported: imported)
        nextBOID += 1
        liveBOs[bo.id] = bo
        return bo
    }

    func ensureMmapOffset(_ bo: ReferenceBO) -> UInt64 {
        if let offset = bo.mmapOffset, !has(.mmapBOOffsetNotStable) { return offset }
        let offset = nextFakeOffset
        nextFakeOffset += max(bo.size, Self.pageSize)
        if let old = bo.mmapOffset { offsets[old] = nil }
        bo.mmapOffset = offset
        offsets[offset] = bo
        return offset
    }

    /// Lowest free handle ≥ 1 in the file (idr_alloc from 1, drm_gem_handle_create_tail).
    func addHandle(_ bo: ReferenceBO, to file: ReferenceFileState) -> UInt32 {
        var handle: UInt32 = has(.createBOHandlesFromZero) ? 0 : 1
        while file.handles[handle] != nil { handle += 1 }
        file.handles[handle] = bo
        bo.handleCount += 1
        return handle
    }

    /// drm_gem_handle_delete; the object goes when nothing references it any more.
    func removeHandle(_ handle: UInt32, from file: ReferenceFileState) {
        guard let bo = file.handles.removeValue(forKey: handle) else { return }
        for (key, value) in file.primeHandles where value == handle { file.primeHandles[key] = nil }
        bo.handleCount -= 1
        if bo.handleCount == 0 {
            // The flink name goes with the last handle (drm_gem_object_handle_free).
            if let name = bo.flinkName { flinkNames[name] = nil; bo.flinkName = nil }
            releaseIfUnused(bo)
        }
    }

    func releaseIfUnused(_ bo: ReferenceBO) {
        guard bo.handleCount == 0, !bo.exported, !bo.sliced, bo.mappings == 0, !bo.freed else { return }
        bo.freed = true
        if let offset = bo.mmapOffset { offsets[offset] = nil }
        liveBOs[bo.id] = nil
        Glibc.close(bo.backing)
    }

    // MARK: DBCs (lock held)

    func owns(_ file: ReferenceFileState, dbc: Int) -> Bool {
        dbcs[dbc].owner == file.id && !dbcs[dbc].disabled
    }

    /// Releases a DBC: every BO attached to it is detached and anything queued on it is
    /// dropped (DEACTIVATE reply, close).
    func releaseDBC(_ index: Int) {
        let now = ReferenceClock.nowNanos()
        dbcs[index] = ReferenceDBC()
        for bo in liveBOs.values {
            if bo.queuedOn == index { bo.abortQueue(now: now) }
            if bo.attachedDBC == index {
                bo.abortQueue(now: now)
                bo.attachedDBC = nil
                bo.slices = []
                releaseIfUnused(bo)
            }
        }
    }

    /// Ring entries still in flight on a DBC.
    func entriesInFlight(dbc: Int, now: UInt64) -> Int {
        liveBOs.values.reduce(0) { sum, bo in
            bo.isQueued(now: now) && bo.queuedOn == dbc ? sum + bo.queuedEntries : sum
        }
    }

    // MARK: close

    func close(_ file: ReferenceFileState) {
        withLock {
            file.closed = true
            // qaic_postclose: TERMINATE to the firmware and every owned DBC released.
            for index in dbcs.indices where dbcs[index].owner == file.id { releaseDBC(index) }
            for handle in Array(file.handles.keys) { removeHandle(handle, from: file) }
        }
    }
}
