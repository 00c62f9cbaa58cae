import CAccelShim
import SystemPackage

/// DRM_IOCTL_ETHOSU_DEV_QUERY (ethosu-uapi.md §2).
enum EthosUDevQueryTable {
    static let table = CaseTable(group: "ethosu.dev_query", ioctl: "ETHOSU_DEV_QUERY", rows: rows)

    /// Bytes of a 64-byte buffer filled with this before the query, to see what was written.
    static let sentinel: UInt8 = 0xA5

    /// DEV_QUERY with `size` into a 64-byte sentinel buffer; returns the args and the buffer after.
    private static func query(_ ctx: CaseContext, type: UInt32 = 0, size: UInt32,
                              pointer: EthosUPointer = .buffer) throws -> (ac_ethosu_dev_query, [UInt8])? {
        let file = try ctx.open()
        let buffer = ctx.ethosuMemory(Array(repeating: sentinel, count: 64))
        let address: UInt64
        switch pointer {
        case .buffer: address = buffer
        case .null: address = 0
        case .unmapped: address = try ctx.ethosuUnmappedAddress()
        case .beforeHole: address = try ctx.ethosuMemoryBeforeHole(Array(repeating: sentinel, count: 64))
        }
        var args = EthosUStructs.devQuery(type: type, size: size, pointer: address)
        guard try ctx.expectIoctl(file, EthosURequest.devQuery, &args, "DEV_QUERY type=\(type) size=\(size)") else { return nil }
        let after = try ctx.fixture("read back the buffer") { () throws(Errno) in try UserMemory.read(buffer, count: 64) }
        return (args, after)
    }

    private static func row(_ name: String, type: UInt32 = 0, size: UInt32, pointer: EthosUPointer = .buffer,
                            expect: Expected, _ rationale: String, confidence: Confidence = .verified,
                            check: (@Sendable (CaseContext, ac_ethosu_dev_query, [UInt8]) throws -> Void)? = nil) -> EthosURow {
        EthosURow(name, expect: expect, rationale, confidence: confidence) { ctx in
            guard let (args, bytes) = try query(ctx, type: type, size: size, pointer: pointer) else { return }
            try check?(ctx, args, bytes)
        }
    }

    static let rows: [EthosURow] = [
        row("size_probe", size: 0, pointer: .null, expect: .success,
            "ethosu-uapi.md §2 rule 1: pointer 0 and type NPU_INFO → 0 and size = sizeof(npu_info) = 16") { ctx, args, _ in
            try ctx.assertEqual(args.size, 16, "size reported for NPU_INFO")
        },
        row("size_probe_ignores_size", size: 0xFFFF_FFFF, pointer: .null, expect: .success,
            "ethosu-uapi.md §2 rule 1: with pointer 0 the input size is not looked at; it is overwritten with 16") { ctx, args, _ in
            try ctx.assertEqual(args.size, 16, "size reported for NPU_INFO")
        },
        row("size_probe_bad_type", type: 1, size: 0, pointer: .null, expect: .EINVAL,
            "ethosu-uapi.md §2 rule 1: pointer 0 with a type other than NPU_INFO → EINVAL"),
        row("size_probe_type_max", type: UInt32.max, size: 0, pointer: .null, expect: .EINVAL,
            "ethosu-uapi.md §2 rule 1: pointer 0 with type 0xffffffff → EINVAL"),
        row("bad_type", type: 1, size: 16, expect: .EINVAL,
            "ethosu-uapi.md §2 rule 2: a pointer with an unknown type → EINVAL") { ctx, _, bytes in
            try ctx.assert(bytes.allSatisfy { $0 == sentinel }, "the buffer was written although the query failed")
        },
        row("full_struct", size: 16, expect: .success,
            "ethosu-uapi.md §2 rule 4: size 16 copies the whole npu_info; size is not rewritten (§2 rule 5)") { ctx, args, bytes in
            try ctx.assertEqual(args.size, 16, "size after the query")
            try ctx.assert(bytes[16...].allSatisfy { $0 == sentinel }, "bytes past 16 were written")
            let pmu = bytes[12..<16].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            try ctx.assert(pmu <= 31, "pmu_counters \(pmu) is more than PMCR's 5-bit field can hold (§1.4)")
        },
        row("size_12_prefix", size: 12, expect: .success,
            "ethosu-uapi.md §2 rules 3–4: size 12 (offsetofend sram_size) copies 12 bytes, no error for the unseen tail") { ctx, args, bytes in
            try ctx.assertEqual(args.size, 12, "size after the query")
            try ctx.assert(bytes[12...].allSatisfy { $0 == sentinel }, "bytes past 12 were written")
        },
        row("size_11", size: 11, expect: .EINVAL, "ethosu-uapi.md §2 rule 3: size < 12 → EINVAL"),
        row("size_zero", size: 0, expect: .EINVAL, "ethosu-uapi.md §2 rule 3: size 0 with a pointer → EINVAL"),
        row("size_32_zero_fills", size: 32, expect: .success,
            "ethosu-uapi.md §2 rule 4: size 32 zeroes bytes 16..31 (copy_struct_to_user) and leaves size at 32 (§2 rule 5)") { ctx, args, bytes in
            try ctx.assertEqual(args.size, 32, "size after the query (not rewritten to 16)")
            try ctx.assert(bytes[16..<32].allSatisfy { $0 == 0 }, "bytes 16..31 were not zeroed")
            try ctx.assert(bytes[32...].allSatisfy { $0 == sentinel }, "bytes past 32 were written")
        },
        row("pointer_unmapped", size: 16, pointer: .unmapped, expect: .EFAULT,
            "ethosu-uapi.md §2 rule 4: copying to an unmapped pointer → EFAULT"),
        row("size_huge", size: 0xFFFF_FFFF, pointer: .beforeHole, expect: .EFAULT,
            "ethosu-uapi.md §2 rule 4: size 0xffffffff makes clear_user run into the unmapped page after a 64-byte buffer → EFAULT",
            confidence: .derived),
        EthosURow("same_answer_twice", expect: .success,
                  "ethosu-uapi.md §1.4: npu_info is read once at probe; two queries return the same 16 bytes") { ctx in
            let file = try ctx.open()
            let first = try ctx.ethosuNPUInfo(file)
            let buffer = ctx.ethosuMemory([], minimumBytes: 16)
            var args = EthosUStructs.devQuery(size: 16, pointer: buffer)
            guard try ctx.expectIoctl(file, EthosURequest.devQuery, &args, "second DEV_QUERY") else { return }
            let second = try ctx.fixture("read back") { () throws(Errno) in try UserMemory.read(ac_ethosu_npu_info.self, at: buffer) }
            try ctx.assert(first.id == second.id && first.config == second.config && first.sram_size == second.sram_size
                           && first.pmu_counters == second.pmu_counters, "two DEV_QUERY answers differ")
        },
    ]
}

/// Where a row points a uapi pointer.
enum EthosUPointer: Sendable {
    case buffer
    case null
    case unmapped
    /// 64 bytes that end where a PROT_NONE page starts.
    case beforeHole
}
