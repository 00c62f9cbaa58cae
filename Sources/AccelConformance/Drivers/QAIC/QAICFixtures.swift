import CAccelShim
import Foundation
import Glibc
import SystemPackage

/// Fixtures the qaic tables share: user memory for `data` pointers, a BO of size N, an owned
/// DBC (MANAGE ACTIVATE), a sliced BO, a queued BO. Everything is released at tear-down.
/// A fixture step that fails ends the case as failed, naming the step; a DBC the firmware
/// will not grant ends it as a skip (qaic-uapi.md §3.12: firmware policy).
extension CaseContext {
    static let qaicPageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    var page: UInt64 { UInt64(Self.qaicPageSize) }
    /// DBCs per device (§1.2).
    static let qaicDBCCount: UInt32 = 16
    /// MANAGE buffer size the kernel may write back (§2.8 rule 10).
    static let qaicManageMax = 4096

    // MARK: user memory

    /// Copies `values` into memory that lives until tear-down; returns the address for a uapi
    /// `data` field.
    func qaicMemory<T>(_ values: [T], minimumBytes: Int = 0) -> UInt64 {
        let bytes = max(values.count * MemoryLayout<T>.stride, minimumBytes, 1)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
        values.withUnsafeBytes { if let base = $0.baseAddress { raw.copyMemory(from: base, byteCount: $0.count) } }
        onTeardown { raw.deallocate() }
        return UInt64(UInt(bitPattern: raw))
    }

    /// Reads `count` structs back from an address handed out by ``qaicMemory(_:minimumBytes:)``.
    func qaicRead<T: BitwiseCopyable>(_ type: T.Type, at address: UInt64, count: Int) throws -> [T] {
        try fixture("read back \(count) × \(T.self) at 0x\(String(address, radix: 16))") { () throws(Errno) in
            try UserMemory.readArray(T.self, at: address, count: count)
        }
    }

    /// An address no copy_from_user can read: a PROT_NONE page of our own.
    func qaicUnmappedAddress() throws -> UInt64 { try unmappedAddress() }

    /// `values` placed so that they end exactly where a PROT_NONE page starts: reading more
    /// than `values` faults.
    func qaicMemoryBeforeHole<T>(_ values: [T]) throws -> UInt64 {
        let bytes = values.count * MemoryLayout<T>.stride
        precondition(bytes <= Self.qaicPageSize)
        let base = try anonymousPages(2, protection: PROT_READ | PROT_WRITE)
        let hole = base + Self.qaicPageSize
        guard mprotect(hole, Self.qaicPageSize, PROT_NONE) == 0 else {
            throw CaseStop.fail(message: "fixture: mprotect(PROT_NONE) failed", expected: "0", actual: Errno(rawValue: errno).symbolicName)
        }
        let start = hole - bytes
        values.withUnsafeBytes { if let b = $0.baseAddress { start.copyMemory(from: b, byteCount: $0.count) } }
        return UInt64(UInt(bitPattern: start))
    }

    /// `pages` consecutive pages that all map one shared memfd page: no two neighbours are
    /// physically contiguous, so a DMA_XFER over them needs one address/size pair per page
    /// (qaic_control.c:find_and_map_user_pages merges only contiguous pages) while only one
    /// page of memory is used.
    func qaicSamePageRepeated(_ pages: Int) throws -> UInt64 {
        let fd = ac_memfd_create("accel-conformance")
        guard fd >= 0 else {
            throw CaseStop.fail(message: "fixture: memfd_create failed", expected: "0",
                                actual: Errno(rawValue: -fd).symbolicName)
        }
        onTeardown { _ = ac_close(fd) }
        guard ftruncate(fd, off_t(Self.qaicPageSize)) == 0 else {
            throw CaseStop.fail(message: "fixture: ftruncate of the memfd failed", expected: "0",
                                actual: Errno(rawValue: errno).symbolicName)
        }
        // The reservation's tear-down munmap removes the fixed mappings inside it too.
        let base = try anonymousPages(pages, protection: PROT_NONE)
        for index in 0..<pages {
            let address = Glibc.mmap(base + index * Self.qaicPageSize, Self.qaicPageSize, PROT_READ | PROT_WRITE,
                                     MAP_SHARED | MAP_FIXED, fd, 0)
            guard address != MAP_FAILED else {
                throw CaseStop.fail(message: "fixture: mmap of the memfd page at index \(index) failed",
                                    expected: "0", actual: Errno(rawValue: errno).symbolicName)
            }
        }
        return UInt64(UInt(bitPattern: base))
    }

    /// `values` on a read-only page: copy-in works, copy-back faults.
    func qaicReadOnlyMemory<T>(_ values: [T]) throws -> UInt64 {
        let base = try anonymousPages(1, protection: PROT_READ | PROT_WRITE)
        values.withUnsafeBytes { if let b = $0.baseAddress { base.copyMemory(from: b, byteCount: $0.count) } }
        guard mprotect(base, Self.qaicPageSize, PROT_READ) == 0 else {
            throw CaseStop.fail(message: "fixture: mprotect(PROT_READ) failed", expected: "0", actual: Errno(rawValue: errno).symbolicName)
        }
        return UInt64(UInt(bitPattern: base))
    }

    // MARK: buffer objects

    /// CREATE_BO of `size` bytes (§2.1); returns the handle.
    func qaicBO(_ file: any DeviceFile, size: UInt64 = 4096) throws -> UInt32 {
        var args = QAICStructs.createBO(size: size)
        try fixture("CREATE_BO size=\(size)") { () throws(Errno) in try file.ioctl(QAICRequest.createBO, &args) }
        try assert(args.handle >= 1, "fixture: CREATE_BO returned handle 0")
        return args.handle
    }

    /// MMAP_BO (§2.2); returns the fake offset.
    func qaicOffset(_ file: any DeviceFile, handle: UInt32) throws -> UInt64 {
        var args = QAICStructs.mmapBO(handle: handle)
        try fixture("MMAP_BO handle=\(handle)") { () throws(Errno) in try file.ioctl(QAICRequest.mmapBO, &args) }
        return args.offset
    }

    /// GEM_CLOSE of `handle` (DRM core).
    func qaicGEMClose(_ file: any DeviceFile, handle: UInt32) throws {
        var args = ac_drm_gem_close(handle: handle, pad: 0)
        try fixture("GEM_CLOSE handle=\(handle)") { () throws(Errno) in try file.ioctl(DRMCoreRequest.gemClose, &args) }
    }

    /// Maps `length` bytes at `offset`; unmapped at tear-down.
    func qaicMap(_ file: any DeviceFile, offset: UInt64, length: Int) throws -> UnsafeMutableRawPointer {
        let address = try fixture("mmap offset=0x\(String(offset, radix: 16)) length=\(length)") { () throws(Errno) in
            try file.mmap(length: length, protection: [.read, .write], flags: .shared, offset: Int64(bitPattern: offset))
        }
        onTeardown { _ = try? file.munmap(address, length: length) }
        return address
    }

    // MARK: DBCs

    /// MANAGE with `transactions`, the response buffer writable for 4096 bytes (§2.8 rule 10).
    /// Returns the raw result, the updated message and the response transactions.
    func qaicManage(_ file: any DeviceFile, _ transactions: QAICTransactions)
        -> (result: Result<Void, Errno>, message: ac_qaic_manage_msg, response: [QAICResponseTransaction]) {
        let data = qaicMemory(transactions.bytes, minimumBytes: Self.qaicManageMax)
        var message = QAICStructs.manage(len: transactions.length, count: transactions.count, data: data)
        let result: Result<Void, Errno> = withUnsafeMutableBytes(of: &message) { file.result(QAICRequest.manage, $0.baseAddress) }
        var response: [QAICResponseTransaction] = []
        // §2.8 rule 10: the response is written back on 0 and on ECANCELED.
        let copiedBack: Bool
        switch result {
        case .success, .failure(.canceled): copiedBack = true
        default: copiedBack = false
        }
        if copiedBack, Int(message.len) <= Self.qaicManageMax,
           let bytes = try? UserMemory.read(data, count: Int(message.len)) {
            response = QAICResponseTransaction.parse(bytes, count: message.count) ?? []
        }
        return (result, message, response)
    }

    /// A DBC owned by `file`: MANAGE ACTIVATE (§3.12). Refusals that say "no DBC here" rather
    /// than "the driver is broken" skip the case.
    func qaicOwnedDBC(_ file: any DeviceFile, queueSize: UInt32 = 16) throws -> UInt32 {
        var transactions = QAICTransactions()
        transactions.activate(queueSize: queueSize)
        let (result, _, response) = qaicManage(file, transactions)
        if case .failure(let error) = result {
            // Only the firmware's refusal is a reason to skip (§2.8 rule 9: ACTIVATE reply status
            // ≠ 0 → ECANCELED; §3.12: firmware policy). Any other errno is a broken control path
            // and fails here, so it cannot turn every row that needs a DBC into a skip.
            if error == .canceled {
                try skip("firmware refused MANAGE ACTIVATE queue_size=\(queueSize) (ECANCELED): "
                         + "firmware policy, §3.12 / §6")
            }
            throw CaseStop.fail(message: "fixture: MANAGE ACTIVATE queue_size=\(queueSize) failed with "
                                    + "\(error.symbolicName) (only the firmware's refusal, ECANCELED, may skip)",
                                expected: "0", actual: error.symbolicName)
        }
        let activateFromDev = UInt32(AC_QAIC_TRANS_ACTIVATE_FROM_DEV.rawValue)
        guard let reply = response.first(where: { $0.type == activateFromDev }),
              let dbcID = reply.field(UInt32.self, at: 12) else {
            throw CaseStop.fail(message: "fixture: MANAGE ACTIVATE succeeded without an ACTIVATE reply (type 8)",
                                expected: "ACTIVATE_FROM_DEV", actual: response.map { "\($0.type)" }.joined(separator: ","))
        }
        try assert(dbcID < Self.qaicDBCCount, "fixture: ACTIVATE reply dbc_id \(dbcID) ≥ 16")
        return dbcID
    }

    /// MANAGE DEACTIVATE of an owned DBC.
    func qaicDeactivate(_ file: any DeviceFile, dbcID: UInt32) throws {
        var transactions = QAICTransactions()
        transactions.deactivate(dbcID: dbcID)
        let (result, _, _) = qaicManage(file, transactions)
        try fixture("MANAGE DEACTIVATE dbc_id=\(dbcID)") { () throws(Errno) in try result.get() }
    }

    /// A DBC number this fd does not own: one that is not `owned` (there are 16, §1.2).
    func qaicUnownedDBC(besides owned: UInt32? = nil) -> UInt32 {
        owned.map { ($0 + 1) % Self.qaicDBCCount } ?? 0
    }

    // MARK: slices and submissions

    /// ATTACH_SLICE_BO with `entries` (default: one page-sized slice at offset 0) to `dbcID`.
    func qaicAttach(_ file: any DeviceFile, handle: UInt32, dbcID: UInt32, boSize: UInt64,
                    entries: [ac_qaic_attach_slice_entry]? = nil, dir: UInt32 = QAICStructs.toDevice) throws {
        let slices = entries ?? [QAICStructs.slice(size: page)]
        var args = QAICStructs.attach(count: UInt32(slices.count), dbcID: dbcID, handle: handle, dir: dir,
                                      size: boSize, data: qaicMemory(slices))
        try fixture("ATTACH_SLICE_BO handle=\(handle) dbc_id=\(dbcID)") { () throws(Errno) in
            try file.ioctl(QAICRequest.attachSliceBO, &args)
        }
    }

    /// An fd with an owned DBC and a BO of `size` sliced onto it (one page slice at 0).
    func qaicSlicedBO(size: UInt64 = 8192) throws -> (file: any DeviceFile, dbcID: UInt32, handle: UInt32) {
        let file = try open()
        let dbcID = try qaicOwnedDBC(file)
        let handle = try qaicBO(file, size: size)
        try qaicAttach(file, handle: handle, dbcID: dbcID, boSize: size)
        return (file, dbcID, handle)
    }

    /// EXECUTE_BO of `handles` on `dbcID` as a fixture step.
    func qaicExecute(_ file: any DeviceFile, dbcID: UInt32, handles: [UInt32]) throws {
        var args = QAICStructs.execute(count: UInt32(handles.count), dbcID: dbcID,
                                       data: qaicMemory(handles.map { QAICStructs.executeEntry(handle: $0) }))
        try fixture("EXECUTE_BO dbc_id=\(dbcID) handles=\(handles)") { () throws(Errno) in
            try file.ioctl(QAICRequest.executeBO, &args)
        }
    }

    /// WAIT_BO as a fixture step (must complete).
    func qaicWait(_ file: any DeviceFile, dbcID: UInt32, handle: UInt32, timeout: UInt32) throws {
        var args = QAICStructs.wait(handle: handle, timeout: timeout, dbcID: dbcID)
        try fixture("WAIT_BO handle=\(handle) timeout=\(timeout)") { () throws(Errno) in try file.ioctl(QAICRequest.waitBO, &args) }
    }

    /// Bytes of a trivially-copyable value, for "IOW structs are not written back" checks.
    func qaicBytes<T>(_ value: T) -> [UInt8] {
        var copy = value
        return withUnsafeBytes(of: &copy) { Array($0) }
    }
}
