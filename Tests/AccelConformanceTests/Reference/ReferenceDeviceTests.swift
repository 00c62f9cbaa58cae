import CAccelShim
import Glibc
import SystemPackage
import Testing
@testable import AccelConformance

/// reference:qaic driven through DeviceFile.ioctl with raw structs, as a kernel fd would be.
@Suite struct ReferenceDeviceTests {
    // MARK: construction and identity

    @Test func identityDescribesTheEmulatedProfile() throws {
        let device = try Ref.device("v6.7")
        #expect(device.identity.name == "reference:qaic")
        #expect(device.identity.isReference)
        #expect(device.identity.driverName == "qaic")
        #expect(device.identity.kernelRelease == "reference (v6.7)")
        #expect(device.identity.drmVersion?.date == "20190618")
        #expect(try Ref.device(nil).identity.kernelRelease == "reference (6.12-debian)")
    }

    @Test func unknownProfileAndFaultNamesAreClearErrors() throws {
        #expect { try ReferenceDevices.make(driver: "qaic", profileID: "v5.0") } throws: { error in
            "\(error)".contains("v5.0") && "\(error)".contains("6.12-debian") && "\(error)".contains("7.3")
        }
        #expect { try ReferenceDevices.make(driver: "qaic", profileID: nil, faults: ["create_bo.nope"]) } throws: { error in
            "\(error)".contains("create_bo.nope") && "\(error)".contains("create_bo.skip_pad_check")
        }
        #expect { try ReferenceDevices.make(driver: "ivpu", profileID: nil) } throws: { error in "\(error)".contains("ivpu") }
        #expect(ReferenceDevices.faults(for: "qaic").count >= 15)
        #expect(ReferenceDevices.profileIDs(for: "qaic") == ["v6.4-6.6", "v6.7", "v6.8", "v6.9+", "6.12-debian", "7.3"])
        #expect(try Ref.device("newest").identity.kernelRelease == "reference (7.3)", "old id kept as an alias")
    }

    @Test func filesHaveRealDistinctDescriptorsFreedByClose() throws {
        let device = try Ref.device()
        let a = try device.open(.standard)
        let b = try device.open(.standard)
        #expect(a.descriptor != b.descriptor)
        #expect(fcntl(a.descriptor, F_GETFD) >= 0)
        let number = a.descriptor
        try a.close()
        #expect(fcntl(number, F_GETFD) == -1)
        #expect(throws: Errno.badFileDescriptor) { try a.close() }
        var args = ac_qaic_create_bo(size: 4096, handle: 0, pad: 0)
        #expect(Ref.call(a, Ref.createBO, &args) == "EBADF")
        try b.close()
    }

    @Test func exclusiveOpenIsBusy() throws {
        #expect(throws: Errno.resourceBusy) { _ = try Ref.device().open([.readWrite, .exclusive]) }
    }

    // MARK: DRM core

    @Test(arguments: ["v6.7", "6.12-debian"])
    func versionTwoCallProtocol(profile: String) throws {
        let file = try Ref.device(profile).open(.standard)
        var version = ac_drm_version()
        #expect(Ref.call(file, Ref.version, &version) == "0")
        #expect(version.name_len == 4)
        #expect(version.desc_len == UInt64("Qualcomm Cloud AI Accelerators".utf8.count))
        let date = profile == "v6.7" ? "20190618" : "0"
        #expect(version.date_len == UInt64(date.utf8.count))
        var name = [UInt8](repeating: 0xEE, count: 8)
        var desc = [UInt8](repeating: 0xEE, count: 64)
        var dateBuffer = [UInt8](repeating: 0xEE, count: 16)
        name.withUnsafeMutableBytes { n in
            desc.withUnsafeMutableBytes { d in
                dateBuffer.withUnsafeMutableBytes { t in
                    version.name = UInt64(UInt(bitPattern: n.baseAddress))
                    version.desc = UInt64(UInt(bitPattern: d.baseAddress))
                    version.date = UInt64(UInt(bitPattern: t.baseAddress))
                    version.name_len = 2  // short buffer: 2 bytes copied, full length reported
                    version.desc_len = 64
                    version.date_len = 16
                    #expect(Ref.call(file, Ref.version, &version) == "0")
                }
            }
        }
        #expect(Array(name[0..<3]) == [UInt8(ascii: "q"), UInt8(ascii: "a"), 0xEE])
        #expect(version.name_len == 4)
        #expect(String(decoding: desc.prefix(Int(version.desc_len)), as: UTF8.self) == "Qualcomm Cloud AI Accelerators")
        #expect(desc[Int(version.desc_len)] == 0xEE, "no NUL terminator")
        #expect(String(decoding: dateBuffer.prefix(Int(version.date_len)), as: UTF8.self) == date)
        #expect(version.version_major == 0 && version.version_minor == 0 && version.version_patchlevel == 0)
    }

    @Test func dispatchRules() throws {
        let old = try Ref.device("v6.4-6.6").open(.standard)
        let new = try Ref.device("v6.7").open(.standard)
        var detach = ac_qaic_detach_slice(handle: 1, pad: 0)
        #expect(Ref.call(old, Ref.detach, &detach) == "EINVAL")  // nr 0x48 past an 8-entry table
        #expect(Ref.call(new, Ref.detach, &detach) == "ENOENT")
        var bo = ac_qaic_create_bo(size: 4096, handle: 0, pad: 0)
        let wrongType = IoctlRequest(direction: [.read, .write], type: UInt8(ascii: "e"), nr: 0x41, size: 16)
        #expect(Ref.call(new, wrongType, &bo) == "ENOTTY")
        let past = IoctlRequest(direction: [.read, .write], type: UInt8(ascii: "d"), nr: 0x49, size: 16)
        #expect(Ref.call(new, past, &bo) == "EINVAL")
        let hole = IoctlRequest(direction: [.read, .write], type: UInt8(ascii: "d"), nr: 0x03, size: 16)
        #expect(Ref.call(new, hole, &bo) == "EINVAL")
        // A short caller struct is zero-extended: 8 bytes of CREATE_BO (size only) still work,
        // and only those 8 bytes are copied back.
        var short = (size: UInt64(4096), guardWord: UInt64(0xDEAD_BEEF))
        let shortRequest = Ref.createBO.withSize(8)
        #expect(Ref.call(new, shortRequest, &short) == "0")
        #expect(short.guardWord == 0xDEAD_BEEF)
        // IOW ioctls never write back.
        var wait = ac_qaic_wait(handle: 99, timeout: 7, dbc_id: 99, pad: 0)
        #expect(Ref.call(new, Ref.wait, &wait) == "EINVAL")
        #expect(wait.handle == 99 && wait.timeout == 7)
    }

    @Test func coreIoctls() throws {
        let file = try Ref.device().open(.standard)
        var cap = ac_drm_get_cap(capability: UInt64(AC_DRM_CAP_PRIME), value: 0)
        #expect(Ref.call(file, Ref.getCap, &cap) == "0" && cap.value == 3)
        cap = ac_drm_get_cap(capability: UInt64(AC_DRM_CAP_TIMESTAMP_MONOTONIC), value: 0)
        #expect(Ref.call(file, Ref.getCap, &cap) == "0" && cap.value == 1)
        cap = ac_drm_get_cap(capability: UInt64(AC_DRM_CAP_SYNCOBJ), value: 9)
        #expect(Ref.call(file, Ref.getCap, &cap) == "0" && cap.value == 0)
        cap = ac_drm_get_cap(capability: UInt64(AC_DRM_CAP_DUMB_BUFFER), value: 9)
        #expect(Ref.call(file, Ref.getCap, &cap) == "EOPNOTSUPP" && cap.value == 0)
        var clientCap = ac_drm_set_client_cap(capability: UInt64(AC_DRM_CLIENT_CAP_ATOMIC), value: 1)
        #expect(Ref.call(file, Ref.setClientCap, &clientCap) == "EOPNOTSUPP")
        var client = ac_drm_client()
        #expect(Ref.call(file, Ref.getClient, &client) == "0" && client.pid == UInt64(getpid()))
        client.idx = 1
        #expect(Ref.call(file, Ref.getClient, &client) == "EINVAL")
        var syncobj = ac_drm_syncobj_create()
        #expect(Ref.call(file, Ref.syncobjCreate, &syncobj) == "EOPNOTSUPP")
        var resources = ac_drm_mode_card_res()
        #expect(Ref.call(file, Ref.modeGetResources, &resources) == "EOPNOTSUPP")
        let expectedMaster = geteuid() == 0 ? "EINVAL" : "EACCES"
        #expect(file.result(Ref.setMaster, nil).outcomeDescription == expectedMaster)
        #expect(file.result(Ref.dropMaster, nil).outcomeDescription == expectedMaster)
        // The hazard ioctls answer benignly instead of oopsing.
        var unique = ac_drm_unique()
        #expect(Ref.call(file, IoctlRequest(rawValue: ac_drm_ioctl_get_unique), &unique) == "EOPNOTSUPP")
        var auth = ac_drm_auth()
        #expect(Ref.call(file, IoctlRequest(rawValue: ac_drm_ioctl_get_magic), &auth) == "EOPNOTSUPP")
        #expect(Ref.call(file, IoctlRequest(rawValue: ac_drm_ioctl_auth_magic), &auth) == "EACCES")
    }

    @Test func gemHandlesArePerFileAndCloseTwiceIsEinval() throws {
        let device = try Ref.device()
        let a = try device.open(.standard)
        let b = try device.open(.standard)
        #expect(try Ref.createBO(a) == 1)
        #expect(try Ref.createBO(a) == 2)
        #expect(try Ref.createBO(b) == 1)
        var close = ac_drm_gem_close(handle: 2, pad: 0xFFFF)  // pad unchecked
        #expect(Ref.call(a, Ref.gemClose, &close) == "0")
        #expect(Ref.call(a, Ref.gemClose, &close) == "EINVAL")
        var mmap = ac_qaic_mmap_bo(handle: 2, pad: 0, offset: 0)
        #expect(Ref.call(a, Ref.mmapBO, &mmap) == "ENOENT")
    }

    @Test(.enabled(if: geteuid() == 0, "needs root")) func flinkAndOpenAsRoot() throws {
        let device = try Ref.device()
        let a = try device.open(.standard)
        let b = try device.open(.standard)
        let handle = try Ref.createBO(a, size: 5000)
        var flink = ac_drm_gem_flink(handle: handle, name: 0)
        #expect(Ref.call(a, Ref.gemFlink, &flink) == "0" && flink.name >= 1)
        var open = ac_drm_gem_open(name: flink.name, handle: 0, size: 0)
        #expect(Ref.call(b, Ref.gemOpen, &open) == "0")
        #expect(open.handle == 1 && open.size == 8192)
        open.name = 999
        #expect(Ref.call(b, Ref.gemOpen, &open) == "ENOENT")
    }

    // MARK: BOs and mmap

    @Test(arguments: ["v6.4-6.6", "v6.9+"])
    func bosAreZeroedMappableAndOffsetsStable(profile: String) throws {
        let device = try Ref.device(profile)
        let a = try device.open(.standard)
        let b = try device.open(.standard)
        let handle = try Ref.createBO(a, size: 100)
        let offset = try Ref.mmapOffset(a, handle)
        #expect(offset != 0 && offset % 4096 == 0)
        #expect(try Ref.mmapOffset(a, handle) == offset)
        let other = try Ref.mmapOffset(a, try Ref.createBO(a))
        #expect(other != offset)
        let map = try a.mmap(length: 4096, protection: [.read, .write], flags: .shared, offset: Int64(offset))
        #expect(UnsafeRawBufferPointer(start: map, count: 4096).allSatisfy { $0 == 0 })
        map.storeBytes(of: 0x5A, as: UInt8.self)
        let again = try a.mmap(length: 4096, protection: .read, flags: .shared, offset: Int64(offset))
        #expect(again.load(as: UInt8.self) == 0x5A, "MAP_SHARED of the same BO shares memory")
        try a.munmap(again, length: 4096)
        try a.munmap(map, length: 4096)
        #expect(throws: Errno.invalidArgument) { _ = try a.mmap(length: 8192, protection: .read, flags: .shared, offset: Int64(offset)) }
        #expect(throws: Errno.invalidArgument) { _ = try a.mmap(length: 4096, protection: .read, flags: .shared, offset: Int64(offset + 4096 * 1000)) }
        #expect(throws: Errno.permissionDenied) { _ = try b.mmap(length: 4096, protection: .read, flags: .shared, offset: Int64(offset)) }
        var close = ac_drm_gem_close(handle: handle, pad: 0)
        #expect(Ref.call(a, Ref.gemClose, &close) == "0")
        #expect(throws: Errno.invalidArgument) { _ = try a.mmap(length: 4096, protection: .read, flags: .shared, offset: Int64(offset)) }
    }

    @Test func aMappingKeepsTheObjectAlive() throws {
        let file = try Ref.device().open(.standard)
        let handle = try Ref.createBO(file)
        let offset = try Ref.mmapOffset(file, handle)
        let map = try file.mmap(length: 4096, protection: [.read, .write], flags: .shared, offset: Int64(offset))
        var close = ac_drm_gem_close(handle: handle, pad: 0)
        #expect(Ref.call(file, Ref.gemClose, &close) == "0")
        map.storeBytes(of: 1, as: UInt8.self)  // still backed
        // The object lives on through the mapping, but this file holds no handle any more.
        #expect(throws: Errno.permissionDenied) { _ = try file.mmap(length: 4096, protection: .read, flags: .shared, offset: Int64(offset)) }
        try file.munmap(map, length: 4096)
        #expect(throws: Errno.invalidArgument) { _ = try file.mmap(length: 4096, protection: .read, flags: .shared, offset: Int64(offset)) }
    }

    @Test func createBOValidation() throws {
        let file = try Ref.device().open(.standard)
        var args = ac_qaic_create_bo(size: 4096, handle: 0, pad: 1)
        #expect(Ref.call(file, Ref.createBO, &args) == "EINVAL")
        args = ac_qaic_create_bo(size: 0, handle: 0, pad: 0)
        #expect(Ref.call(file, Ref.createBO, &args) == "EINVAL")
        args = ac_qaic_create_bo(size: UInt64.max - 100, handle: 0, pad: 0)
        #expect(Ref.call(file, Ref.createBO, &args) == "EINVAL")  // rounding wraps to 0
        args = ac_qaic_create_bo(size: 1 << 60, handle: 0, pad: 0)
        #expect(Ref.call(file, Ref.createBO, &args) == "ENOMEM")
    }

    @Test func primeRoundTrip() throws {
        let device = try Ref.device()
        let a = try device.open(.standard)
        let b = try device.open(.standard)
        let handle = try Ref.createBO(a)
        var export = ac_drm_prime_handle(handle: handle, flags: UInt32(O_CLOEXEC), fd: -1)
        #expect(Ref.call(a, Ref.primeToFD, &export) == "0" && export.fd >= 0)
        defer { Glibc.close(export.fd) }
        var selfImport = ac_drm_prime_handle(handle: 0, flags: 0, fd: export.fd)
        #expect(Ref.call(a, Ref.primeToHandle, &selfImport) == "0" && selfImport.handle == handle)
        var importB = ac_drm_prime_handle(handle: 0, flags: 0, fd: export.fd)
        #expect(Ref.call(b, Ref.primeToHandle, &importB) == "0" && importB.handle == 1)
        let offset = try Ref.mmapOffset(b, importB.handle)
        #expect(offset == 0, "v6.9+: an imported BO reports offset 0")
        var bad = ac_drm_prime_handle(handle: 0, flags: 0, fd: 9999)
        #expect(Ref.call(b, Ref.primeToHandle, &bad) == "EBADF")
        let null = Glibc.open("/dev/null", O_RDONLY)
        defer { Glibc.close(null) }
        bad.fd = null
        #expect(Ref.call(b, Ref.primeToHandle, &bad) == "EINVAL")
        var badFlags = ac_drm_prime_handle(handle: handle, flags: 0x1, fd: -1)
        #expect(Ref.call(a, Ref.primeToFD, &badFlags) == "EINVAL")
    }

    @Test func importedBOsCannotBeMapped() throws {
        let device = try Ref.device("v6.8")
        let a = try device.open(.standard)
        let b = try device.open(.standard)
        var export = ac_drm_prime_handle(handle: try Ref.createBO(a), flags: 0, fd: -1)
        #expect(Ref.call(a, Ref.primeToFD, &export) == "0")
        defer { Glibc.close(export.fd) }
        var imported = ac_drm_prime_handle(handle: 0, flags: 0, fd: export.fd)
        #expect(Ref.call(b, Ref.primeToHandle, &imported) == "0")
        let offset = try Ref.mmapOffset(b, imported.handle)  // v6.8 creates one on first use
        #expect(offset != 0)
        #expect(throws: Errno.invalidArgument) { _ = try b.mmap(length: 4096, protection: .read, flags: .shared, offset: Int64(offset)) }
    }

    // MARK: bad pointers

    @Test func badPointersGiveEfaultWithoutCrashing() throws {
        let file = try Ref.device().open(.standard)
        #expect(file.result(Ref.createBO, Ref.unmapped).outcomeDescription == "EFAULT")
        #expect(file.result(Ref.createBO, nil).outcomeDescription == "EFAULT")
        var version = ac_drm_version()
        version.name_len = 4
        version.name = 0x10
        #expect(Ref.call(file, Ref.version, &version) == "EFAULT")
        var msg = ac_qaic_manage_msg(len: 8, count: 1, data: 0x10)
        #expect(Ref.call(file, Ref.manage, &msg) == "EFAULT")
        msg = ac_qaic_manage_msg(len: 0, count: 1, data: 0x10)
        #expect(Ref.call(file, Ref.manage, &msg) == "EINVAL", "len 0 never faults; the encoder rejects it")
        let dbc = try Ref.activate(file)
        var attach = ac_qaic_attach_slice(hdr: ac_qaic_attach_slice_hdr(count: 1, dbc_id: dbc, handle: 1, dir: 1, size: 4096), data: 0x10)
        #expect(Ref.call(file, Ref.attach, &attach) == "EFAULT")
        var execute = ac_qaic_execute(hdr: ac_qaic_execute_hdr(count: 1, dbc_id: 99), data: 0x10)
        #expect(Ref.call(file, Ref.execute, &execute) == "EFAULT", "copied before dbc_id is looked at")
        var perf = ac_qaic_perf_stats(hdr: ac_qaic_perf_stats_hdr(count: 1, pad: 0, dbc_id: 0), data: 0x10)
        #expect(Ref.call(file, Ref.perfStats, &perf) == "EFAULT")
        perf.hdr.count = 0
        #expect(Ref.call(file, Ref.perfStats, &perf) == "0")
    }

    // MARK: MANAGE

    @Test func manageStatusPassthroughActivateDeactivate() throws {
        let device = try Ref.device()
        let a = try device.open(.standard)
        let b = try device.open(.standard)
        let status = Ref.bytes(ac_qaic_manage_trans_hdr(type: 12, len: 8))
        let (result, reply, msg) = Ref.manage(a, status, count: 1)
        #expect(result == "0" && msg.len == 24 && msg.count == 1)
        let answer = reply.withUnsafeBytes { $0.loadUnaligned(as: ac_qaic_manage_trans_status_from_dev.self) }
        #expect(answer.hdr.type == 14 && answer.major == 5 && answer.minor == 0 && answer.status == 0)

        let passthrough = Ref.bytes(ac_qaic_manage_trans_hdr(type: 1, len: 16)) + [1, 2, 3, 4, 5, 6, 7, 8]
        let echo = Ref.manage(a, passthrough, count: 1)
        #expect(echo.0 == "0" && echo.2.len == 16 && echo.1[0] == 3 && Array(echo.1[8..<16]) == [1, 2, 3, 4, 5, 6, 7, 8])
        #expect(Ref.manage(a, Ref.bytes(ac_qaic_manage_trans_hdr(type: 1, len: 12)) + [0, 0, 0, 0], count: 1).0 == "EINVAL")

        let dbc = try Ref.activate(a)
        #expect(dbc < 16)
        #expect(Ref.manage(b, Ref.deactivateTransaction(dbc), count: 1).0 == "EPERM")
        #expect(Ref.manage(a, Ref.deactivateTransaction(dbc), count: 1).0 == "0")
        #expect(Ref.manage(a, Ref.deactivateTransaction(dbc), count: 1).0 == "EPERM")
        #expect(Ref.manage(a, Ref.activateTransaction(queueSize: 0), count: 1).0 == "EINVAL")
        #expect(Ref.manage(a, Ref.activateTransaction(pad: 1), count: 1).0 == "EINVAL")

        var tooLong = ac_qaic_manage_msg(len: 4097, count: 1, data: 0x10)
        #expect(Ref.call(a, Ref.manage, &tooLong) == "EINVAL")
        #expect(Ref.manage(a, status, count: 513).0 == "EINVAL")
        #expect(Ref.manage(a, status, count: 2).0 == "EINVAL", "count larger than the transactions present")
        #expect(Ref.manage(a, status + [0, 0, 0, 0, 0, 0, 0, 0], count: 1).0 == "EINVAL", "U ≠ len after the loop")
    }

    @Test(arguments: ["6.12-debian", "v6.7"])
    func manageBreakVariantTurnsEncoderErrorsIntoEinval(profile: String) throws {
        let file = try Ref.device(profile).open(.standard)
        // 68 × 100000 + 256 bytes of DMA memory cannot be allocated → ENOMEM from the encoder,
        // replaced by EINVAL because U ≠ len after the break.
        #expect(Ref.manage(file, Ref.activateTransaction(queueSize: 100_000), count: 1).0 == "EINVAL")
        // DEACTIVATE's EPERM survives when it is the last transaction (U reached len).
        let status = Ref.bytes(ac_qaic_manage_trans_hdr(type: 12, len: 8))
        #expect(Ref.manage(file, status + Ref.deactivateTransaction(3), count: 2).0 == "EPERM")
        #expect(Ref.manage(file, Ref.deactivateTransaction(3) + status, count: 2).0 == "EINVAL")
    }

    @Test func manageDmaTransfer() throws {
        let debian = try Ref.device("6.12-debian").open(.standard)
        let old = try Ref.device("v6.8").open(.standard)
        var payload = [UInt8](repeating: 7, count: 8192)
        try payload.withUnsafeMutableBytes { raw in
            let address = UInt64(UInt(bitPattern: raw.baseAddress))
            func transfer(_ addr: UInt64, _ size: UInt64) -> [UInt8] {
                Ref.bytes(ac_qaic_manage_trans_dma_xfer(hdr: ac_qaic_manage_trans_hdr(type: 5, len: 32), tag: 1, pad: 0xFFFF,
                                                        addr: addr, size: size))
            }
            #expect(Ref.manage(debian, transfer(address, 8192), count: 1).0 == "0")
            #expect(Ref.manage(debian, transfer(address, 0), count: 1).0 == "EINVAL")
            #expect(Ref.manage(old, transfer(address, 0), count: 1).0 == "0")
            #expect(Ref.manage(debian, transfer(UInt64.max - 10, 100), count: 1).0 == "EINVAL")
            // Unmapped pages: EFAULT from pinning, then EINVAL from the break variant.
            #expect(Ref.manage(debian, transfer(0x10000, 4096), count: 1).0 == "EINVAL")
            _ = try #require(raw.baseAddress)
        }
    }

    @Test func closeReleasesDBCs() throws {
        let device = try Ref.device()
        let a = try device.open(.standard)
        let b = try device.open(.standard)
        for _ in 0..<16 { _ = try Ref.activate(a) }
        #expect(Ref.manage(b, Ref.activateTransaction(), count: 1).0 == "ECANCELED")
        try a.close()
        #expect(try Ref.activate(b) < 16)
    }

    // MARK: datapath

    @Test(arguments: ["v6.8", "6.12-debian"])
    func attachChecksAndDetach(profile: String) throws {
        let device = try Ref.device(profile)
        let a = try device.open(.standard)
        let b = try device.open(.standard)
        let dbc = try Ref.activate(a)
        let handle = try Ref.createBO(a, size: 8192)
        let foreign = try Ref.createBO(b, size: 8192)
        #expect(Ref.attach(b, handle: foreign, dbc: dbc, entries: [Ref.sliceEntry()]) == "EINVAL", "not owned → EINVAL")
        #expect(Ref.attach(a, handle: handle, dbc: 16, entries: [Ref.sliceEntry()]) == "EINVAL")
        #expect(Ref.attach(a, handle: handle, dbc: dbc, entries: [Ref.sliceEntry()], dir: 0) == "EINVAL")
        var badSem = Ref.sliceEntry()
        badSem.sem1.pad = 1
        #expect(Ref.attach(a, handle: handle, dbc: dbc, entries: [badSem]) == "EINVAL")
        // An invalid entry together with an unknown handle: v6.4–v6.8 report the entry,
        // v6.9+ the handle.
        #expect(Ref.attach(a, handle: 77, dbc: dbc, entries: [badSem]) == (profile == "v6.8" ? "EINVAL" : "ENOENT"))
        // hdr.size = 0: rejected before v6.9, ignored after.
        let sizeZero = Ref.attach(a, handle: handle, dbc: dbc, entries: [Ref.sliceEntry()], size: 0)
        #expect(sizeZero == (profile == "v6.8" ? "EINVAL" : "0"))
        if sizeZero == "0" { #expect(Ref.detach(a, handle: handle) == "0") }
        #expect(Ref.attach(a, handle: handle, dbc: dbc, entries: [Ref.sliceEntry()], size: 8192) == "0")
        #expect(Ref.attach(a, handle: handle, dbc: dbc, entries: [Ref.sliceEntry()], size: 8192) == "EINVAL", "double attach")
        #expect(Ref.detach(a, handle: handle, pad: 1) == "EINVAL")
        #expect(Ref.detach(a, handle: handle) == "0")
        #expect(Ref.detach(a, handle: handle) == "EINVAL", "no longer sliced")
        // Too many slices for the DBC's queue → ENOSPC.
        let small = try Ref.activate(a, queueSize: 1)
        #expect(Ref.attach(a, handle: handle, dbc: small, entries: [Ref.sliceEntry(), Ref.sliceEntry(offset: 4096)], size: 8192) == "ENOSPC")
    }

    @Test func executeWaitDetachInFlight() throws {
        let device = try Ref.device("6.12-debian", latency: .seconds(1))
        let file = try device.open(.standard)
        let other = try device.open(.standard)
        let (dbc, handle) = try Ref.slicedBO(file)
        let unsliced = try Ref.createBO(file)
        #expect(Ref.execute(other, dbc: dbc, handles: [1]) == "EPERM")
        #expect(Ref.wait(other, dbc: dbc, handle: 1) == "EPERM")
        #expect(Ref.execute(file, dbc: dbc, handles: [99]) == "ENOENT")
        #expect(Ref.execute(file, dbc: dbc, handles: [unsliced]) == "EINVAL")
        #expect(Ref.wait(file, dbc: dbc, handle: handle) == "0", "never queued → 0 at once")
        #expect(Ref.execute(file, dbc: dbc, handles: [handle]) == "0")
        #expect(Ref.execute(file, dbc: dbc, handles: [handle]) == "EINVAL", "already in flight")
        #expect(Ref.detach(file, handle: handle) == "EBUSY")
        #expect(Ref.wait(file, dbc: dbc, handle: handle, timeout: 10) == "ETIMEDOUT")
        let (perfResult, stats) = Ref.perfStats(file, dbc: 9, handles: [handle])
        #expect(perfResult == "0" && stats[0].device_latency_us == 0, "no ownership needed; nothing completed yet")
        #expect(Ref.perfStats(other, dbc: 0, handles: [try Ref.createBO(other)]).0 == "0")
        #expect(Ref.wait(file, dbc: dbc, handle: handle, timeout: 0) == "0")
        let (after, done) = Ref.perfStats(file, dbc: dbc, handles: [handle])
        #expect(after == "0" && done[0].device_latency_us >= 900_000 && done[0].num_queue_element == 1)
        #expect(Ref.detach(file, handle: handle) == "0")
        #expect(Ref.wait(file, dbc: dbc, handle: handle, pad: 1) == "EINVAL")
    }

    @Test func executeBatchRollsBackOnFailure() throws {
        let device = try Ref.device(nil, latency: .seconds(5))
        let file = try device.open(.standard)
        let (dbc, handle) = try Ref.slicedBO(file)
        #expect(Ref.execute(file, dbc: dbc, handles: [handle, 42]) == "ENOENT")
        #expect(Ref.detach(file, handle: handle) == "0", "the first BO was taken off the queue again")
    }

    @Test func deactivateDetachesAndWaitersSeeEperm() throws {
        let device = try Ref.device(nil, latency: .seconds(5))
        let file = try device.open(.standard)
        let (dbc, handle) = try Ref.slicedBO(file)
        #expect(Ref.execute(file, dbc: dbc, handles: [handle]) == "0")
        #expect(Ref.manage(file, Ref.deactivateTransaction(dbc), count: 1).0 == "0")
        #expect(Ref.detach(file, handle: handle) == "EINVAL", "the kernel detached it on release")
        #expect(Ref.wait(file, dbc: dbc, handle: handle) == "EPERM")
    }

    @Test(arguments: ["v6.7", "v6.8"])
    func partialExecuteResize(profile: String) throws {
        let file = try Ref.device(profile, latency: .milliseconds(1)).open(.standard)
        let (dbc, handle) = try Ref.slicedBO(file)
        #expect(Ref.partial(file, dbc: dbc, handle: handle, resize: 8193) == "EINVAL")
        #expect(Ref.partial(file, dbc: dbc, handle: handle, resize: 0) == "0")
        #expect(Ref.wait(file, dbc: dbc, handle: handle) == "0")
        #expect(Ref.partial(file, dbc: dbc, handle: handle, resize: 8192) == "0")
    }

    @Test func perfStats73NeedsASlicedBOOnTheDBC() throws {
        let newest = try Ref.device("7.3").open(.standard)
        let debian = try Ref.device("6.12-debian").open(.standard)
        let plainNewest = try Ref.createBO(newest)
        let plainDebian = try Ref.createBO(debian)
        #expect(Ref.perfStats(newest, dbc: 0, handles: [plainNewest]).0 == "EINVAL")
        #expect(Ref.perfStats(debian, dbc: 0, handles: [plainDebian]).0 == "0")
        #expect(Ref.perfStats(debian, dbc: 0, handles: [77]).0 == "ENOENT")
        #expect(Ref.perfStats(debian, dbc: 16, handles: [plainDebian]).0 == "EINVAL")
        let (dbc, sliced) = try Ref.slicedBO(newest)
        #expect(Ref.perfStats(newest, dbc: dbc, handles: [sliced]).0 == "0")
        #expect(Ref.perfStats(newest, dbc: (dbc + 1) % 16, handles: [sliced]).0 == "EINVAL")
    }

    // MARK: behaviours measured on the real driver (spec silent), switchable per profile

    static func measuredDevice(prime: Bool, wait: Bool) throws -> QAICReferenceDevice {
        var profile = try #require(QAICReferenceProfile.named("6.12-debian"))
        profile.primeImportAttachFails = prime
        profile.waitTimeoutTruncates = wait
        return QAICReferenceDevice(profile: profile, faults: [], completionLatency: .milliseconds(50))
    }

    @Test func primeImportAcrossFilesFailsLikeTheRealDriverWhenEnabled() throws {
        let device = try Self.measuredDevice(prime: true, wait: false)
        let a = try device.open(.standard)
        let b = try device.open(.standard)
        let handle = try Ref.createBO(a)
        var export = ac_drm_prime_handle(handle: handle, flags: 0, fd: -1)
        #expect(Ref.call(a, Ref.primeToFD, &export) == "0")
        defer { Glibc.close(export.fd) }
        var same = ac_drm_prime_handle(handle: 0, flags: 0, fd: export.fd)
        #expect(Ref.call(a, Ref.primeToHandle, &same) == "0" && same.handle == handle, "prime cache hit")
        var other = ac_drm_prime_handle(handle: 0, flags: 0, fd: export.fd)
        #expect(Ref.call(b, Ref.primeToHandle, &other) == "ENOSYS")
    }

    @Test func hugeWaitTimeoutTruncatesLikeTheRealDriverWhenEnabled() throws {
        let device = try Self.measuredDevice(prime: false, wait: true)
        let file = try device.open(.standard)
        let (dbc, handle) = try Ref.slicedBO(file)
        #expect(Ref.wait(file, dbc: dbc, handle: handle, timeout: UInt32.max) == "ENOENT")
        #expect(Ref.wait(file, dbc: dbc, handle: handle, timeout: (1 << 31) - 1) == "0")
        #expect(Ref.execute(file, dbc: dbc, handles: [handle]) == "0")
        let late = Ref.wait(file, dbc: dbc, handle: handle, timeout: 1 << 31)
        #expect(late != "0" && late != "ETIMEDOUT", "−(2 + elapsed jiffies) after a 50 ms completion, got \(late)")
    }
}
