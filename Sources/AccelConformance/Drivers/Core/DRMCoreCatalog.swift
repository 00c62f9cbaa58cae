import CAccelShim

/// Trace names and decoders for the DRM core ioctls the suite issues on accel fds. Fields
/// carry their uapi names; user pointers appear as hex strings, and the strings VERSION
/// copies out are read defensively at the lengths the kernel reported.
enum DRMCoreCatalog {
    static let catalog = IoctlCatalog([
        IoctlDescriptor(name: "VERSION", request: DRMCoreRequest.version,
                        decodeIn: { raw in versionFields(raw.loadUnaligned(as: ac_drm_version.self), strings: false) },
                        decodeOut: { raw in versionFields(raw.loadUnaligned(as: ac_drm_version.self), strings: true) },
                        pointers: { raw in
                            let v = raw.loadUnaligned(as: ac_drm_version.self)
                            return [buffer("name", v.name, v.name_len), buffer("date", v.date, v.date_len),
                                    buffer("desc", v.desc, v.desc_len)]
                        }),
        IoctlDescriptor(name: "GET_UNIQUE", request: DRMCoreRequest.getUnique,
                        decodeIn: { raw in uniqueFields(raw.loadUnaligned(as: ac_drm_unique.self)) },
                        decodeOut: { raw in uniqueFields(raw.loadUnaligned(as: ac_drm_unique.self)) },
                        pointers: { raw in
                            let u = raw.loadUnaligned(as: ac_drm_unique.self)
                            return [buffer("unique", u.unique, u.unique_len)]
                        }),
        IoctlDescriptor(name: "GET_MAGIC", request: DRMCoreRequest.getMagic,
                        decodeIn: { raw in ["magic": .uint(UInt64(raw.loadUnaligned(as: ac_drm_auth.self).magic))] },
                        decodeOut: { raw in ["magic": .uint(UInt64(raw.loadUnaligned(as: ac_drm_auth.self).magic))] }),
        IoctlDescriptor(name: "GET_CLIENT", request: DRMCoreRequest.getClient,
                        decodeIn: { raw in clientFields(raw.loadUnaligned(as: ac_drm_client.self)) },
                        decodeOut: { raw in clientFields(raw.loadUnaligned(as: ac_drm_client.self)) }),
        IoctlDescriptor(name: "GET_STATS", request: DRMCoreRequest.getStats,
                        decodeIn: { raw in ["count": .uint(raw.loadUnaligned(as: ac_drm_stats.self).count)] },
                        decodeOut: { raw in statsFields(raw) }),
        IoctlDescriptor(name: "SET_VERSION", request: DRMCoreRequest.setVersion,
                        decodeIn: { raw in setVersionFields(raw.loadUnaligned(as: ac_drm_set_version.self)) },
                        decodeOut: { raw in setVersionFields(raw.loadUnaligned(as: ac_drm_set_version.self)) }),
        IoctlDescriptor(name: "GEM_CLOSE", request: DRMCoreRequest.gemClose,
                        decodeIn: { raw in
                            let args = raw.loadUnaligned(as: ac_drm_gem_close.self)
                            return ["handle": .uint(UInt64(args.handle)), "pad": .uint(UInt64(args.pad))]
                        },
                        decodeOut: nil),
        IoctlDescriptor(name: "GEM_FLINK", request: DRMCoreRequest.gemFlink,
                        decodeIn: { raw in flinkFields(raw.loadUnaligned(as: ac_drm_gem_flink.self)) },
                        decodeOut: { raw in flinkFields(raw.loadUnaligned(as: ac_drm_gem_flink.self)) }),
        IoctlDescriptor(name: "GEM_OPEN", request: DRMCoreRequest.gemOpen,
                        decodeIn: { raw in gemOpenFields(raw.loadUnaligned(as: ac_drm_gem_open.self)) },
                        decodeOut: { raw in gemOpenFields(raw.loadUnaligned(as: ac_drm_gem_open.self)) }),
        IoctlDescriptor(name: "GET_CAP", request: DRMCoreRequest.getCap,
                        decodeIn: { raw in capFields(raw.loadUnaligned(as: ac_drm_get_cap.self)) },
                        decodeOut: { raw in capFields(raw.loadUnaligned(as: ac_drm_get_cap.self)) }),
        IoctlDescriptor(name: "SET_CLIENT_CAP", request: DRMCoreRequest.setClientCap,
                        decodeIn: { raw in
                            let args = raw.loadUnaligned(as: ac_drm_set_client_cap.self)
                            return ["capability": .uint(args.capability), "value": .uint(args.value)]
                        },
                        decodeOut: nil),
        IoctlDescriptor(name: "AUTH_MAGIC", request: DRMCoreRequest.authMagic,
                        decodeIn: { raw in ["magic": .uint(UInt64(raw.loadUnaligned(as: ac_drm_auth.self).magic))] },
                        decodeOut: nil),
        IoctlDescriptor(name: "SET_MASTER", request: DRMCoreRequest.setMaster,
                        decodeIn: { _ in .object([]) }, decodeOut: nil),
        IoctlDescriptor(name: "DROP_MASTER", request: DRMCoreRequest.dropMaster,
                        decodeIn: { _ in .object([]) }, decodeOut: nil),
        IoctlDescriptor(name: "PRIME_HANDLE_TO_FD", request: DRMCoreRequest.primeHandleToFD,
                        decodeIn: { raw in primeFields(raw.loadUnaligned(as: ac_drm_prime_handle.self)) },
                        decodeOut: { raw in primeFields(raw.loadUnaligned(as: ac_drm_prime_handle.self)) },
                        descriptorFields: ["fd"]),
        IoctlDescriptor(name: "PRIME_FD_TO_HANDLE", request: DRMCoreRequest.primeFDToHandle,
                        decodeIn: { raw in primeFields(raw.loadUnaligned(as: ac_drm_prime_handle.self)) },
                        decodeOut: { raw in primeFields(raw.loadUnaligned(as: ac_drm_prime_handle.self)) },
                        descriptorFields: ["fd"]),
        IoctlDescriptor(name: "MODE_GETRESOURCES", request: DRMCoreRequest.modeGetResources,
                        decodeIn: { raw in cardResFields(raw.loadUnaligned(as: ac_drm_mode_card_res.self)) },
                        decodeOut: { raw in cardResFields(raw.loadUnaligned(as: ac_drm_mode_card_res.self)) },
                        pointers: { raw in
                            let r = raw.loadUnaligned(as: ac_drm_mode_card_res.self)
                            return [buffer("fb_id_ptr", r.fb_id_ptr, UInt64(r.count_fbs) * 4),
                                    buffer("crtc_id_ptr", r.crtc_id_ptr, UInt64(r.count_crtcs) * 4),
                                    buffer("connector_id_ptr", r.connector_id_ptr, UInt64(r.count_connectors) * 4),
                                    buffer("encoder_id_ptr", r.encoder_id_ptr, UInt64(r.count_encoders) * 4)]
                        }),
        IoctlDescriptor(name: "SYNCOBJ_CREATE", request: DRMCoreRequest.syncobjCreate,
                        decodeIn: { raw in syncobjFields(raw.loadUnaligned(as: ac_drm_syncobj_create.self)) },
                        decodeOut: { raw in syncobjFields(raw.loadUnaligned(as: ac_drm_syncobj_create.self)) }),
        IoctlDescriptor(name: "SET_CLIENT_NAME", request: DRMCoreRequest.setClientName,
                        decodeIn: { raw in clientNameFields(raw) }, decodeOut: { raw in clientNameFields(raw) },
                        pointers: { raw in
                            [buffer("name", raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                                    raw.loadUnaligned(as: UInt64.self))]
                        }),
    ])

    /// Longest string the trace reads behind a VERSION pointer.
    static let stringLimit = 4096

    /// A user pointer and the byte length its argument declares (trace provenance).
    static func buffer(_ field: String, _ address: UInt64, _ length: UInt64) -> PointerField {
        PointerField(field, address: address, length: Int(clamping: length))
    }

    /// A user pointer as the trace shows it.
    static func pointer(_ address: UInt64) -> JSONValue {
        address == 0 ? .null : .string("0x" + String(address, radix: 16))
    }

    /// A string the kernel copied out: `length` bytes at `address` (capped), read without
    /// trusting the pointer. An unreadable buffer shows as its address.
    static func copiedString(_ address: UInt64, length: UInt64) -> JSONValue {
        guard address != 0 else { return .null }
        let count = Int(min(length, UInt64(stringLimit)))
        guard let bytes = try? UserMemory.read(address, count: count) else {
            return ["unreadable": pointer(address)]
        }
        return .string(String(decoding: bytes, as: UTF8.self))
    }

    static func versionFields(_ v: ac_drm_version, strings: Bool) -> JSONValue {
        func text(_ address: UInt64, _ length: UInt64) -> JSONValue {
            strings ? copiedString(address, length: length) : pointer(address)
        }
        return .object([
            ("version_major", .int(Int64(v.version_major))),
            ("version_minor", .int(Int64(v.version_minor))),
            ("version_patchlevel", .int(Int64(v.version_patchlevel))),
            ("name_len", .uint(v.name_len)), ("name", text(v.name, v.name_len)),
            ("date_len", .uint(v.date_len)), ("date", text(v.date, v.date_len)),
            ("desc_len", .uint(v.desc_len)), ("desc", text(v.desc, v.desc_len)),
        ])
    }

    static func uniqueFields(_ u: ac_drm_unique) -> JSONValue {
        .object([("unique_len", .uint(u.unique_len)), ("unique", pointer(u.unique))])
    }

    static func clientFields(_ c: ac_drm_client) -> JSONValue {
        .object([
            ("idx", .int(Int64(c.idx))), ("auth", .int(Int64(c.auth))), ("pid", .uint(c.pid)),
            ("uid", .uint(c.uid)), ("magic", .uint(c.magic)), ("iocs", .uint(c.iocs)),
        ])
    }

    static func statsFields(_ raw: UnsafeRawPointer) -> JSONValue {
        let stats = raw.loadUnaligned(as: ac_drm_stats.self)
        let capacity = MemoryLayout.size(ofValue: stats.data) / MemoryLayout<ac_drm_stats_entry>.stride
        let count = Int(min(stats.count, UInt64(capacity)))
        let entryOffset = MemoryLayout<ac_drm_stats>.offset(of: \.data)!
        let entries: [JSONValue] = (0..<count).map { index in
            let entry = raw.loadUnaligned(fromByteOffset: entryOffset + index * MemoryLayout<ac_drm_stats_entry>.stride,
                                          as: ac_drm_stats_entry.self)
            return ["value": .uint(entry.value), "type": .uint(UInt64(entry.type))]
        }
        return .object([("count", .uint(stats.count)), ("data", .array(entries))])
    }

    static func setVersionFields(_ s: ac_drm_set_version) -> JSONValue {
        .object([
            ("di_major", .int(Int64(s.di_major))), ("di_minor", .int(Int64(s.di_minor))),
            ("dd_major", .int(Int64(s.dd_major))), ("dd_minor", .int(Int64(s.dd_minor))),
        ])
    }

    static func flinkFields(_ f: ac_drm_gem_flink) -> JSONValue {
        .object([("handle", .uint(UInt64(f.handle))), ("name", .uint(UInt64(f.name)))])
    }

    static func gemOpenFields(_ o: ac_drm_gem_open) -> JSONValue {
        .object([("name", .uint(UInt64(o.name))), ("handle", .uint(UInt64(o.handle))), ("size", .uint(o.size))])
    }

    static func capFields(_ c: ac_drm_get_cap) -> JSONValue {
        .object([("capability", .uint(c.capability)), ("value", .uint(c.value))])
    }

    static func primeFields(_ p: ac_drm_prime_handle) -> JSONValue {
        .object([("handle", .uint(UInt64(p.handle))), ("flags", .uint(UInt64(p.flags))), ("fd", .int(Int64(p.fd)))])
    }

    static func cardResFields(_ r: ac_drm_mode_card_res) -> JSONValue {
        .object([
            ("fb_id_ptr", pointer(r.fb_id_ptr)), ("crtc_id_ptr", pointer(r.crtc_id_ptr)),
            ("connector_id_ptr", pointer(r.connector_id_ptr)), ("encoder_id_ptr", pointer(r.encoder_id_ptr)),
            ("count_fbs", .uint(UInt64(r.count_fbs))), ("count_crtcs", .uint(UInt64(r.count_crtcs))),
            ("count_connectors", .uint(UInt64(r.count_connectors))), ("count_encoders", .uint(UInt64(r.count_encoders))),
            ("min_width", .uint(UInt64(r.min_width))), ("max_width", .uint(UInt64(r.max_width))),
            ("min_height", .uint(UInt64(r.min_height))), ("max_height", .uint(UInt64(r.max_height))),
        ])
    }

    /// struct drm_set_client_name: the name as the caller passed it (it is input only).
    static func clientNameFields(_ raw: UnsafeRawPointer) -> JSONValue {
        let length = raw.loadUnaligned(as: UInt64.self)
        let name = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        return .object([("name_len", .uint(length)), ("name", copiedString(name, length: length))])
    }

    static func syncobjFields(_ s: ac_drm_syncobj_create) -> JSONValue {
        .object([("handle", .uint(UInt64(s.handle))), ("flags", .uint(UInt64(s.flags)))])
    }
}
