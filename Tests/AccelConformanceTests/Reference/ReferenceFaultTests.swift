import CAccelShim
import Glibc
import SystemPackage
import Testing
@testable import AccelConformance

/// Every injectable fault is observable: a probe that reads the spec's answer from an
/// unfaulted device reads something else from a device with that one fault.
@Suite struct ReferenceFaultTests {
    struct Probe: Sendable {
        /// What the spec says (and the unfaulted device answers).
        let expected: String
        var needsRoot = false
        let observe: @Sendable (any Device) throws -> String
    }

    static let probes: [String: Probe] = [
        "dispatch.wrong_type_einval": Probe(expected: "ENOTTY") { device in
            var args = ac_qaic_create_bo(size: 4096, handle: 0, pad: 0)
            return Ref.call(try device.open(.standard), IoctlRequest(direction: [.read, .write], type: 0x65, nr: 0x41, size: 16), &args)
        },
        "dispatch.past_table_enotty": Probe(expected: "EINVAL") { device in
            var args = ac_qaic_create_bo()
            return Ref.call(try device.open(.standard), IoctlRequest(direction: [.read, .write], type: 0x64, nr: 0x49, size: 16), &args)
        },
        "dispatch.short_struct_garbage": Probe(expected: "0") { device in
            var size = UInt64(4096)
            return Ref.call(try device.open(.standard), Ref.createBO.withSize(8), &size)
        },
        "open.exclusive_allowed": Probe(expected: "EBUSY") { device in
            do { _ = try device.open([.readWrite, .exclusive]); return "0" } catch let error as Errno { return error.symbolicName }
        },
        "version.nul_terminated": Probe(expected: "4") { device in
            var version = ac_drm_version()
            _ = Ref.call(try device.open(.standard), Ref.version, &version)
            return "\(version.name_len)"
        },
        "get_cap.prime_export_only": Probe(expected: "3") { device in
            var cap = ac_drm_get_cap(capability: UInt64(AC_DRM_CAP_PRIME), value: 0)
            _ = Ref.call(try device.open(.standard), Ref.getCap, &cap)
            return "\(cap.value)"
        },
        "set_client_cap.accepted": Probe(expected: "EOPNOTSUPP") { device in
            var cap = ac_drm_set_client_cap(capability: 1, value: 1)
            return Ref.call(try device.open(.standard), Ref.setClientCap, &cap)
        },
        "gem_close.double_close_ok": Probe(expected: "EINVAL") { device in
            let file = try device.open(.standard)
            var close = ac_drm_gem_close(handle: try Ref.createBO(file), pad: 0)
            _ = Ref.call(file, Ref.gemClose, &close)
            return Ref.call(file, Ref.gemClose, &close)
        },
        "gem_flink.no_auth_check": Probe(expected: "EACCES", needsRoot: true) { device in
            let file = try UnprivilegedCaller.run { try device.open(.standard) }
            var flink = ac_drm_gem_flink(handle: 1, name: 0)
            return Ref.call(file, Ref.gemFlink, &flink)
        },
        "set_master.root_succeeds": Probe(expected: "EINVAL", needsRoot: true) { device in
            try device.open(.standard).result(Ref.setMaster, nil).outcomeDescription
        },
        "prime.bad_fd_einval": Probe(expected: "EBADF") { device in
            var prime = ac_drm_prime_handle(handle: 0, flags: 0, fd: 9999)
            return Ref.call(try device.open(.standard), Ref.primeToHandle, &prime)
        },
        "syncobj.einval": Probe(expected: "EOPNOTSUPP") { device in
            var create = ac_drm_syncobj_create()
            return Ref.call(try device.open(.standard), Ref.syncobjCreate, &create)
        },
        "create_bo.skip_pad_check": Probe(expected: "EINVAL") { device in
            var args = ac_qaic_create_bo(size: 4096, handle: 0, pad: 1)
            return Ref.call(try device.open(.standard), Ref.createBO, &args)
        },
        "create_bo.handles_from_zero": Probe(expected: "1") { device in
            "\(try Ref.createBO(try device.open(.standard)))"
        },
        "create_bo.size_zero_accepted": Probe(expected: "EINVAL") { device in
            var args = ac_qaic_create_bo(size: 0, handle: 0, pad: 0)
            return Ref.call(try device.open(.standard), Ref.createBO, &args)
        },
        "bo.not_zeroed": Probe(expected: "0") { device in
            let file = try device.open(.standard)
            let offset = try Ref.mmapOffset(file, try Ref.createBO(file))
            let map = try file.mmap(length: 4096, protection: .read, flags: .shared, offset: Int64(offset))
            defer { try? file.munmap(map, length: 4096) }
            return "\(map.load(fromByteOffset: 100, as: UInt8.self))"
        },
        "mmap_bo.wrong_errno_unknown_handle": Probe(expected: "ENOENT") { device in
            var args = ac_qaic_mmap_bo(handle: 5, pad: 0, offset: 0)
            return Ref.call(try device.open(.standard), Ref.mmapBO, &args)
        },
        "mmap_bo.offset_not_stable": Probe(expected: "stable") { device in
            let file = try device.open(.standard)
            let handle = try Ref.createBO(file)
            return try Ref.mmapOffset(file, handle) == Ref.mmapOffset(file, handle) ? "stable" : "moved"
        },
        "mmap.no_permission_check": Probe(expected: "EACCES") { device in
            let a = try device.open(.standard)
            let b = try device.open(.standard)
            let offset = try Ref.mmapOffset(a, try Ref.createBO(a))
            do {
                let map = try b.mmap(length: 4096, protection: .read, flags: .shared, offset: Int64(offset))
                try b.munmap(map, length: 4096)
                return "0"
            } catch let error as Errno { return error.symbolicName }
        },
        "mmap.length_unchecked": Probe(expected: "EINVAL") { device in
            let file = try device.open(.standard)
            let offset = try Ref.mmapOffset(file, try Ref.createBO(file))
            do {
                let map = try file.mmap(length: 8192, protection: .read, flags: .shared, offset: Int64(offset))
                try file.munmap(map, length: 8192)
                return "0"
            } catch let error as Errno { return error.symbolicName }
        },
        "attach.ownership_eperm": Probe(expected: "EINVAL") { device in
            let file = try device.open(.standard)
            return Ref.attach(file, handle: try Ref.createBO(file), dbc: 3, entries: [Ref.sliceEntry()])
        },
        "attach.double_attach_ok": Probe(expected: "EINVAL") { device in
            let file = try device.open(.standard)
            let (dbc, handle) = try Ref.slicedBO(file)
            return Ref.attach(file, handle: handle, dbc: dbc, entries: [Ref.sliceEntry()], size: 8192)
        },
        "attach.sem_pad_unchecked": Probe(expected: "EINVAL") { device in
            let file = try device.open(.standard)
            let dbc = try Ref.activate(file)
            var entry = Ref.sliceEntry()
            entry.sem2.pad = 4
            return Ref.attach(file, handle: try Ref.createBO(file), dbc: dbc, entries: [entry])
        },
        "execute.handle_before_ownership": Probe(expected: "EPERM") { device in
            Ref.execute(try device.open(.standard), dbc: 2, handles: [42])
        },
        "execute.unsliced_accepted": Probe(expected: "EINVAL") { device in
            let file = try device.open(.standard)
            let dbc = try Ref.activate(file)
            return Ref.execute(file, dbc: dbc, handles: [try Ref.createBO(file)])
        },
        "partial.resize_unbounded": Probe(expected: "EINVAL") { device in
            let file = try device.open(.standard)
            let (dbc, handle) = try Ref.slicedBO(file)
            return Ref.partial(file, dbc: dbc, handle: handle, resize: 1 << 20)
        },
        "wait.handle_before_ownership": Probe(expected: "EPERM") { device in
            Ref.wait(try device.open(.standard), dbc: 2, handle: 42)
        },
        "wait.pad_unchecked": Probe(expected: "EINVAL") { device in
            let file = try device.open(.standard)
            let (dbc, handle) = try Ref.slicedBO(file)
            return Ref.wait(file, dbc: dbc, handle: handle, pad: 1)
        },
        "perf_stats.requires_ownership": Probe(expected: "0") { device in
            let file = try device.open(.standard)
            return Ref.perfStats(file, dbc: 5, handles: [try Ref.createBO(file)]).0
        },
        "detach.ignore_queued": Probe(expected: "EBUSY") { device in
            let file = try device.open(.standard)
            let (dbc, handle) = try Ref.slicedBO(file)
            _ = Ref.execute(file, dbc: dbc, handles: [handle])
            return Ref.detach(file, handle: handle)
        },
        "detach.pad_unchecked": Probe(expected: "EINVAL") { device in
            let file = try device.open(.standard)
            return Ref.detach(file, handle: try Ref.slicedBO(file).handle, pad: 9)
        },
        "manage.no_len_limit": Probe(expected: "EINVAL") { device in
            // One 4104-byte PASSTHROUGH: rejected for its length; without the limit the echo
            // overflows the 4 KiB response instead.
            var message = Ref.bytes(ac_qaic_manage_trans_hdr(type: 1, len: 4104)) + [UInt8](repeating: 0, count: 4096)
            let file = try device.open(.standard)
            return message.withUnsafeMutableBytes { raw in
                var msg = ac_qaic_manage_msg(len: 4104, count: 1, data: UInt64(UInt(bitPattern: raw.baseAddress)))
                return Ref.call(file, Ref.manage, &msg)
            }
        },
        "manage.deactivate_unowned_einval": Probe(expected: "EPERM") { device in
            Ref.manage(try device.open(.standard), Ref.deactivateTransaction(4), count: 1).0
        },
        "manage.activate_pad_unchecked": Probe(expected: "EINVAL") { device in
            Ref.manage(try device.open(.standard), Ref.activateTransaction(pad: 1), count: 1).0
        },
    ]

    @Test func everyFaultHasAProbe() {
        let names = Set(ReferenceDevices.faults(for: "qaic").map(\.name))
        #expect(names == Set(Self.probes.keys))
        for fault in ReferenceDevices.faults(for: "qaic") {
            #expect(!fault.summary.isEmpty && fault.summary.contains("§"), "\(fault.name) cites the spec")
        }
    }

    /// Faults whose probe runs as any user, and those that need root (skipped, not passed,
    /// without it).
    static let faultNames = ReferenceDevices.faults(for: "qaic").map(\.name)
    static let unprivilegedFaults = faultNames.filter { probes[$0]?.needsRoot != true }
    static let rootFaults = faultNames.filter { probes[$0]?.needsRoot == true }

    @Test(arguments: ReferenceFaultTests.unprivilegedFaults)
    func faultIsObservable(fault: String) throws {
        try Self.observe(fault)
    }

    @Test(.enabled(if: geteuid() == 0, "needs root: the probe opens as CAP_SYS_ADMIN"),
          arguments: ReferenceFaultTests.rootFaults)
    func rootFaultIsObservable(fault: String) throws {
        try Self.observe(fault)
    }

    static func observe(_ fault: String) throws {
        let probe = try #require(Self.probes[fault])
        let clean = try probe.observe(Ref.device(latency: .seconds(2)))
        let faulty = try probe.observe(Ref.device(faults: [fault], latency: .seconds(2)))
        #expect(clean == probe.expected, "unfaulted device answers the spec for \(fault)")
        #expect(faulty != probe.expected, "\(fault) changes the answer (got \(faulty))")
    }
}
