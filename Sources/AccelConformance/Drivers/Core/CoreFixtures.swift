import CAccelShim
import Glibc
import SystemPackage

/// Fixtures the DRM-core tables share. Everything driver-specific comes through
/// `driver.core`; a driver without GEM (no `createBuffer`) makes buffer rows skip.
extension CaseContext {
    /// The system page size: BO sizes are whole pages and mmap offsets are page numbers.
    var pageSize: Int { Int(sysconf(Int32(_SC_PAGESIZE))) }

    /// Creates a buffer object of `size` bytes on `file`, or skips when the driver has no GEM.
    func buffer(on file: any DeviceFile, size: UInt64) throws -> UInt32 {
        guard let create = driver.core.createBuffer else {
            try skip("driver has no GEM buffer objects (accel-core.md §10.6)")
        }
        return try fixture("create a \(size)-byte buffer object") { () throws(Errno) -> UInt32 in
            try create(file, size)
        }
    }

    /// The fake mmap offset of `handle` on `file`, or a skip when the driver cannot give one.
    func mmapOffset(on file: any DeviceFile, handle: UInt32) throws -> UInt64 {
        guard let offset = driver.core.mmapOffset else {
            try skip("driver exposes no mmap offset for buffer objects")
        }
        return try fixture("get the mmap offset of handle \(handle)") { () throws(Errno) -> UInt64 in
            try offset(file, handle)
        }
    }

    /// mmap(2) as the operation under test: checked against the row's expectation; a mapping
    /// that was made is unmapped at tear-down whatever the outcome.
    @discardableResult
    func expectMmap(_ file: any DeviceFile, length: Int, offset: UInt64, _ what: String,
                    protection: MemoryProtection = [.read, .write]) throws -> UnsafeMutableRawPointer? {
        let result: Result<UnsafeMutableRawPointer, Errno>
        do throws(Errno) {
            result = .success(try file.mmap(length: length, protection: protection, flags: .shared,
                                             offset: Int64(bitPattern: offset)))
        } catch {
            result = .failure(error)
        }
        if case .success(let address) = result {
            onTeardown { _ = try? file.munmap(address, length: length) }
        }
        try expectResult(result.map { _ in () }, what)
        return try? result.get()
    }

    /// mmap(2) of a whole buffer as a fixture step (it must succeed); unmapped at tear-down.
    func mapWhole(_ file: any DeviceFile, length: Int, offset: UInt64) throws -> UnsafeMutableRawPointer {
        let address = try fixture("mmap \(length) bytes at offset 0x\(String(offset, radix: 16))") {
            () throws(Errno) -> UnsafeMutableRawPointer in
            try file.mmap(length: length, protection: [.read, .write], flags: .shared, offset: Int64(bitPattern: offset))
        }
        onTeardown { _ = try? file.munmap(address, length: length) }
        return address
    }

    /// Anonymous pages with `protection`, unmapped at tear-down.
    func anonymousPages(_ count: Int, protection: CInt) throws -> UnsafeMutableRawPointer {
        let length = count * pageSize
        guard let address = Glibc.mmap(nil, length, protection, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              address != MAP_FAILED else {
            throw CaseStop.fail(message: "fixture: anonymous mmap of \(count) pages failed", expected: "0",
                                actual: Errno(rawValue: errno).symbolicName)
        }
        onTeardown { _ = Glibc.munmap(address, length) }
        return address
    }

    /// An address no copy_from_user can read: a PROT_NONE page of our own.
    func unmappedAddress() throws -> UInt64 {
        UInt64(UInt(bitPattern: try anonymousPages(1, protection: PROT_NONE)))
    }

    /// GEM_CLOSE as a fixture step.
    func closeHandle(_ file: any DeviceFile, _ handle: UInt32) throws {
        var args = ac_drm_gem_close(handle: handle, pad: 0)
        try fixture("GEM_CLOSE handle \(handle)") { () throws(Errno) in
            try file.ioctl(DRMCoreRequest.gemClose, &args)
        }
    }

    /// Whether GEM_CLOSE of `handle` on `file` succeeds: how the tables test that a handle is
    /// valid without any driver ioctl.
    func handleIsValid(_ file: any DeviceFile, _ handle: UInt32) -> Bool {
        var args = ac_drm_gem_close(handle: handle, pad: 0)
        return (try? file.ioctl(DRMCoreRequest.gemClose, &args)) != nil
    }
}
