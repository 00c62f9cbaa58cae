import CAccelShim
import Glibc
import SystemPackage

/// CREATE_BO and MMAP_BO (qaic-uapi.md §2.1, §2.2). Called with the device lock held.
extension QAICReferenceFile {
    func createBO(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        var args = kdata.load(ac_qaic_create_bo.self)
        // 1. pad ≠ 0 → EINVAL.
        if args.pad != 0 && !has(.createBOSkipPadCheck) { throw Errno.invalidArgument }
        // 2. size rounded up to the page size in 64 bits; 0 (also by wrapping) → EINVAL.
        let page = QAICReferenceDevice.pageSize
        var size = (args.size &+ (page - 1)) & ~(page - 1)
        if size == 0 {
            guard args.size == 0 && has(.createBOSizeZeroAccepted) else { throw Errno.invalidArgument }
            size = page
        }
        // 4–5. Allocation: the page count lives in a 32-bit int (a count that truncates to 0
        // fails the scatterlist allocation), and more than the machine's RAM cannot be had.
        let pages = size / page
        let physicalBytes = UInt64(max(sysconf(Int32(_SC_PHYS_PAGES)), 0)) * UInt64(max(sysconf(Int32(_SC_PAGESIZE)), 0))
        if pages > UInt64(Int32.max) || UInt32(truncatingIfNeeded: pages) == 0 || size > physicalBytes {
            throw Errno.noMemory
        }
        let backing = try device.makeBacking(size: size)
        if has(.boNotZeroed) { Self.fill(backing, size: size, with: 0xA5) }
        let bo = device.newBO(size: size, backing: backing, imported: false)
        // 6. v6.9+: the mmap offset is created with the BO.
        if profile.mmapOffsetAtCreate { _ = device.ensureMmapOffset(bo) }
        // 7. handle.
        args.handle = device.addHandle(bo, to: state)
        kdata.store(args)
    }

    func mmapBO(_ kdata: inout ReferenceKernelArgument) throws(Errno) {
        var args = kdata.load(ac_qaic_mmap_bo.self)
        // 1. pad is not checked. 3. handle lookup.
        guard let bo = state.handles[args.handle] else {
            throw has(.mmapBOWrongErrnoUnknownHandle) ? Errno.invalidArgument : Errno.noSuchFileOrDirectory
        }
        if bo.imported && profile.mmapOffsetAtCreate && !has(.mmapBOOffsetNotStable) {
            // v6.9+: an imported BO has no offset; the ioctl reports 0 (§2.2, derived).
            args.offset = 0
        } else {
            // 4. v6.4–v6.8: created on first use, idempotent; v6.9+: only reported.
            args.offset = device.ensureMmapOffset(bo)
        }
        kdata.store(args)
    }

    private static func fill(_ fd: CInt, size: UInt64, with byte: UInt8) {
        let chunk = [UInt8](repeating: byte, count: 1 << 16)
        var offset: UInt64 = 0
        // Enough of the BO to be seen by any reasonable check, without touching gigabytes.
        let limit = min(size, 64 << 20)
        while offset < limit {
            let count = Int(min(UInt64(chunk.count), limit - offset))
            _ = chunk.withUnsafeBytes { pwrite(fd, $0.baseAddress, count, off_t(offset)) }
            offset += UInt64(count)
        }
    }
}
