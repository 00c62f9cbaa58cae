import CAccelShim
import Glibc
import SystemPackage

/// Fixtures the ethosu tables share: user memory for pointers, BOs, command-stream BOs, a
/// submitted reference job, perfmons and the NPU's identity (DEV_QUERY). Everything is released
/// at tear-down; a fixture step that fails ends the case as failed, naming the step.
extension CaseContext {
    // MARK: user memory

    /// `bytes` copied into memory that lives until tear-down; the address for a uapi pointer.
    func ethosuMemory(_ bytes: [UInt8], minimumBytes: Int = 0) -> UInt64 {
        let count = max(bytes.count, minimumBytes, 1)
        let raw = UnsafeMutableRawPointer.allocate(byteCount: count, alignment: 16)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: count)
        bytes.withUnsafeBytes { if let base = $0.baseAddress { raw.copyMemory(from: base, byteCount: $0.count) } }
        onTeardown { raw.deallocate() }
        return UInt64(UInt(bitPattern: raw))
    }

    func ethosuMemory<T>(of values: [T]) -> UInt64 {
        ethosuMemory(values.withUnsafeBytes { Array($0) })
    }

    /// Two anonymous pages, the second PROT_NONE; returns the address of the hole. Unmapped at
    /// tear-down.
    private func ethosuHole() throws -> UnsafeMutableRawPointer {
        let page = pageSize
        guard let base = Glibc.mmap(nil, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              base != MAP_FAILED else {
            throw CaseStop.fail(message: "fixture: anonymous mmap failed", expected: "0", actual: Errno(rawValue: errno).symbolicName)
        }
        onTeardown { _ = Glibc.munmap(base, 2 * page) }
        guard mprotect(base + page, page, PROT_NONE) == 0 else {
            throw CaseStop.fail(message: "fixture: mprotect(PROT_NONE) failed", expected: "0", actual: Errno(rawValue: errno).symbolicName)
        }
        return base + page
    }

    /// An address whose first byte faults (a PROT_NONE page of our own).
    func ethosuUnmappedAddress() throws -> UInt64 {
        UInt64(UInt(bitPattern: try ethosuHole()))
    }

    /// `bytes` placed so that they end exactly where a PROT_NONE page starts.
    func ethosuMemoryBeforeHole(_ bytes: [UInt8]) throws -> UInt64 {
        precondition(bytes.count <= pageSize)
        let start = try ethosuHole() - bytes.count
        bytes.withUnsafeBytes { if let b = $0.baseAddress { start.copyMemory(from: b, byteCount: $0.count) } }
        return UInt64(UInt(bitPattern: start))
    }

    /// The machine's RAM as the kernel counts it: glibc's _SC_PHYS_PAGES is sysinfo's totalram
    /// (totalram_pages() × PAGE_SIZE, what vmalloc compares a request with) over the page size.
    func ethosuTotalRAM() throws -> UInt64 {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else {
            throw CaseStop.fail(message: "fixture: sysconf(_SC_PHYS_PAGES) failed", expected: "> 0", actual: "\(pages)")
        }
        return UInt64(pages) * UInt64(size)
    }

    // MARK: the NPU

    /// DEV_QUERY NPU_INFO as a fixture step.
    func ethosuNPUInfo(_ file: any DeviceFile) throws -> ac_ethosu_npu_info {
        let size = MemoryLayout<ac_ethosu_npu_info>.size
        let address = ethosuMemory([], minimumBytes: size)
        var query = EthosUStructs.devQuery(size: UInt32(size), pointer: address)
        try fixture("DEV_QUERY NPU_INFO") { () throws(Errno) in try file.ioctl(EthosURequest.devQuery, &query) }
        return try fixture("read back npu_info") { () throws(Errno) in try UserMemory.read(ac_ethosu_npu_info.self, at: address) }
    }

    /// ethosu-uapi.md §1.4: a U65 has arch major 1, anything else is treated as a U85.
    func ethosuIsU65(_ file: any DeviceFile) throws -> Bool {
        try ethosuNPUInfo(file).id >> 28 == 1
    }

    // MARK: buffer objects

    /// BO_CREATE as a fixture step.
    func ethosuBO(_ file: any DeviceFile, size: UInt64? = nil, flags: UInt32 = 0) throws -> UInt32 {
        var args = EthosUStructs.boCreate(size: size ?? UInt64(pageSize), flags: flags)
        try fixture("BO_CREATE size=\(args.size) flags=\(flags)") { () throws(Errno) in
            try file.ioctl(EthosURequest.boCreate, &args)
        }
        return args.handle
    }

    /// CMDSTREAM_BO_CREATE of a stream that must validate, as a fixture step.
    func ethosuCmdstream(_ file: any DeviceFile, _ stream: EthosUStream) throws -> UInt32 {
        let bytes = stream.bytes
        var args = EthosUStructs.cmdstream(size: UInt32(bytes.count), data: ethosuMemory(bytes))
        try fixture("CMDSTREAM_BO_CREATE of a \(bytes.count)-byte stream") { () throws(Errno) in
            try file.ioctl(EthosURequest.cmdstreamBOCreate, &args)
        }
        return args.handle
    }

    /// One BO per region of `regions` (bytes needed per region), each big enough.
    func ethosuRegionBOs(_ file: any DeviceFile, _ regions: [Int: UInt64]) throws -> [Int: UInt32] {
        var handles: [Int: UInt32] = [:]
        for (region, bytes) in regions.sorted(by: { $0.key < $1.key }) {
            let pages = max(1, (Int(bytes) + pageSize - 1) / pageSize)
            handles[region] = try ethosuBO(file, size: UInt64(pages * pageSize))
        }
        return handles
    }

    /// The reference CONV as a job: its command BO and a fitting BO per region (§7.13).
    func ethosuConvJob(_ file: any DeviceFile) throws -> (job: ac_ethosu_job, regions: [Int: UInt32]) {
        let cmd = try ethosuCmdstream(file, EthosUStreams.conv())
        let regions = try ethosuRegionBOs(file, EthosUStreams.convRegions())
        return (EthosUStructs.job(cmdBO: cmd, regions: regions), regions)
    }

    /// SUBMIT of `jobs` as the operation under test.
    @discardableResult
    func ethosuExpectSubmit(_ file: any DeviceFile, _ jobs: [ac_ethosu_job], perfmonID: UInt32 = 0,
                            _ what: String) throws -> Bool {
        var args = EthosUStructs.submit(jobs: ethosuMemory(of: jobs), count: UInt32(jobs.count), perfmonID: perfmonID)
        return try expectIoctl(file, EthosURequest.submit, &args, what)
    }

    /// SUBMIT as a fixture step.
    func ethosuSubmit(_ file: any DeviceFile, _ jobs: [ac_ethosu_job], perfmonID: UInt32 = 0) throws {
        var args = EthosUStructs.submit(jobs: ethosuMemory(of: jobs), count: UInt32(jobs.count), perfmonID: perfmonID)
        try fixture("SUBMIT of \(jobs.count) job(s)") { () throws(Errno) in try file.ioctl(EthosURequest.submit, &args) }
    }

    /// BO_WAIT until `seconds` from now, as a fixture step; lets a submitted job finish before
    /// tear-down closes the fd.
    func ethosuWaitIdle(_ file: any DeviceFile, handle: UInt32, seconds: Int64 = 10) throws {
        var args = EthosUStructs.wait(handle: handle, timeoutNs: Self.ethosuMonotonicNs() + seconds * 1_000_000_000)
        try fixture("BO_WAIT for the job to finish") { () throws(Errno) in try file.ioctl(EthosURequest.boWait, &args) }
    }

    /// CLOCK_MONOTONIC now in ns: BO_WAIT's timeout is absolute on that clock (§5 rule 1).
    static func ethosuMonotonicNs() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    // MARK: perfmons

    /// PERFMON_CREATE with `ncounters` cycle-only events, as a fixture step.
    func ethosuPerfmon(_ file: any DeviceFile, ncounters: UInt32 = 0) throws -> UInt32 {
        var args = EthosUStructs.perfmonCreate(ncounters: ncounters, counters: Array(repeating: 0x11, count: Int(ncounters)))
        try fixture("PERFMON_CREATE ncounters=\(ncounters)") { () throws(Errno) in
            try file.ioctl(EthosURequest.perfmonCreate, &args)
        }
        return args.id
    }

    /// PERFMON_SET_GLOBAL as a fixture step; the global is cleared again at tear-down (it is
    /// device state, §13 rule 4).
    func ethosuSetGlobal(_ file: any DeviceFile, id: UInt32) throws {
        var args = EthosUStructs.perfmonSetGlobal(id: id)
        try fixture("PERFMON_SET_GLOBAL id=\(id)") { () throws(Errno) in try file.ioctl(EthosURequest.perfmonSetGlobal, &args) }
        onTeardown {
            var clear = EthosUStructs.perfmonSetGlobal(id: id, flags: UInt32(AC_ETHOSU_PERFMON_CLEAR_GLOBAL))
            _ = try? file.ioctl(EthosURequest.perfmonSetGlobal, &clear)
        }
    }
}

extension CaseContext {
    /// Whether `handle` names an object on `file`, asked through BO_MMAP_OFFSET (which changes
    /// nothing), so a fixture can check that a number really is foreign to this fd.
    func handleIsValidWithoutClosing(_ file: any DeviceFile, _ handle: UInt32) -> Bool {
        var args = EthosUStructs.mmapOffset(handle: handle)
        return (try? file.ioctl(EthosURequest.boMmapOffset, &args)) != nil
    }
}
