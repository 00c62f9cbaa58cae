import CAccelShim
import Foundation

/// Trace names and decoders for the qaic uapi (qaic-uapi.md §1.1, §1.3). Fields appear under
/// their uapi names in struct order; nested structs are objects (`hdr`, `sem0`…); arrays
/// behind `data` pointers are lists of entries read defensively through ``UserMemory``: an
/// entry that cannot be read shows as `{"unreadable": "0x…"}` and ends the list. Every field is
/// a plain number, so a reproducer can paste it into a C initializer.
enum QAICCatalog {
    static let catalog = IoctlCatalog([
        IoctlDescriptor(name: "QAIC_MANAGE", request: QAICRequest.manage,
                        decodeIn: { manage($0) }, decodeOut: { manage($0) },
                        pointers: { raw in
                            let m: ac_qaic_manage_msg = load(raw)
                            return [PointerField("data", address: m.data, length: Int(m.len),
                                                 embedded: dmaTransfers(at: m.data, len: m.len, count: m.count))]
                        }),
        IoctlDescriptor(name: "QAIC_CREATE_BO", request: QAICRequest.createBO,
                        decodeIn: { createBO(load($0)) }, decodeOut: { createBO(load($0)) }),
        IoctlDescriptor(name: "QAIC_MMAP_BO", request: QAICRequest.mmapBO,
                        decodeIn: { mmapBO(load($0)) }, decodeOut: { mmapBO(load($0)) }, mmapOffsetFields: ["offset"]),
        IoctlDescriptor(name: "QAIC_ATTACH_SLICE_BO", request: QAICRequest.attachSliceBO,
                        decodeIn: { attach(load($0)) }, decodeOut: nil,
                        pointers: { raw in
                            let a: ac_qaic_attach_slice = load(raw)
                            return [array("data", a.data, Int(a.hdr.count), ac_qaic_attach_slice_entry.self)]
                        }),
        IoctlDescriptor(name: "QAIC_EXECUTE_BO", request: QAICRequest.executeBO,
                        decodeIn: { execute(load($0), partial: false) }, decodeOut: nil,
                        pointers: { raw in
                            let e: ac_qaic_execute = load(raw)
                            return [array("data", e.data, Int(e.hdr.count), ac_qaic_execute_entry.self)]
                        }),
        IoctlDescriptor(name: "QAIC_PARTIAL_EXECUTE_BO", request: QAICRequest.partialExecuteBO,
                        decodeIn: { execute(load($0), partial: true) }, decodeOut: nil,
                        pointers: { raw in
                            let e: ac_qaic_execute = load(raw)
                            return [array("data", e.data, Int(e.hdr.count), ac_qaic_partial_execute_entry.self)]
                        }),
        IoctlDescriptor(name: "QAIC_WAIT_BO", request: QAICRequest.waitBO,
                        decodeIn: { wait(load($0)) }, decodeOut: nil),
        IoctlDescriptor(name: "QAIC_PERF_STATS_BO", request: QAICRequest.perfStatsBO,
                        decodeIn: { perfStats(load($0)) }, decodeOut: { perfStats(load($0)) },
                        pointers: { raw in
                            let p: ac_qaic_perf_stats = load(raw)
                            return [array("data", p.data, Int(p.hdr.count), ac_qaic_perf_stats_entry.self)]
                        }),
        IoctlDescriptor(name: "QAIC_DETACH_SLICE_BO", request: QAICRequest.detachSliceBO,
                        decodeIn: { detach(load($0)) }, decodeOut: nil),
    ])

    /// At most this many array entries are decoded; a longer list ends with `{"more": n}`.
    static let maxEntries = 64

    private static func load<T>(_ raw: UnsafeRawPointer) -> T { raw.loadUnaligned(as: T.self) }

    /// The `data` pointer of an argument that declares `count` entries of `T` behind it.
    private static func array<T>(_ field: String, _ address: UInt64, _ count: Int, _: T.Type) -> PointerField {
        PointerField(field, address: address, length: count.multipliedReportingOverflow(by: MemoryLayout<T>.stride).overflow
                     ? Int.max : count * MemoryLayout<T>.stride)
    }
    private static func u(_ value: some BinaryInteger) -> JSONValue { .uint(UInt64(value)) }
    private static func hex(_ value: UInt64) -> JSONValue { .string("0x" + String(value, radix: 16)) }

    /// `count` structs of `T` at `address`, one by one, so a partly readable array shows how far it goes.
    static func entries<T: BitwiseCopyable>(_ type: T.Type, at address: UInt64, count: Int, _ decode: (T) -> JSONValue) -> JSONValue {
        if address == 0 { return count == 0 ? .array([]) : .null }
        var list: [JSONValue] = []
        let stride = UInt64(MemoryLayout<T>.stride)
        for index in 0..<min(count, maxEntries) {
            let at = address &+ UInt64(index) &* stride
            guard let value = try? UserMemory.read(T.self, at: at) else {
                list.append(["unreadable": hex(at)])
                return .array(list)
            }
            list.append(decode(value))
        }
        if count > maxEntries { list.append(["more": u(count - maxEntries)]) }
        return .array(list)
    }

    static func createBO(_ a: ac_qaic_create_bo) -> JSONValue {
        ["size": u(a.size), "handle": u(a.handle), "pad": u(a.pad)]
    }

    static func mmapBO(_ a: ac_qaic_mmap_bo) -> JSONValue {
        ["handle": u(a.handle), "pad": u(a.pad), "offset": u(a.offset)]
    }

    static func sem(_ s: ac_qaic_sem) -> JSONValue {
        ["val": u(s.val), "index": u(s.index), "presync": u(s.presync), "cmd": u(s.cmd), "flags": u(s.flags), "pad": u(s.pad)]
    }

    static func slice(_ e: ac_qaic_attach_slice_entry) -> JSONValue {
        ["size": u(e.size), "sem0": sem(e.sem0), "sem1": sem(e.sem1), "sem2": sem(e.sem2), "sem3": sem(e.sem3),
         "dev_addr": u(e.dev_addr), "db_addr": u(e.db_addr), "db_data": u(e.db_data), "db_len": u(e.db_len),
         "offset": u(e.offset)]
    }

    static func attach(_ a: ac_qaic_attach_slice) -> JSONValue {
        ["hdr": ["count": u(a.hdr.count), "dbc_id": u(a.hdr.dbc_id), "handle": u(a.hdr.handle), "dir": u(a.hdr.dir), "size": u(a.hdr.size)],
         "data": entries(ac_qaic_attach_slice_entry.self, at: a.data, count: Int(a.hdr.count), slice)]
    }

    static func execute(_ a: ac_qaic_execute, partial: Bool) -> JSONValue {
        let list = partial
            ? entries(ac_qaic_partial_execute_entry.self, at: a.data, count: Int(a.hdr.count)) {
                ["handle": u($0.handle), "dir": u($0.dir), "resize": u($0.resize)]
            }
            : entries(ac_qaic_execute_entry.self, at: a.data, count: Int(a.hdr.count)) { ["handle": u($0.handle), "dir": u($0.dir)] }
        return ["hdr": ["count": u(a.hdr.count), "dbc_id": u(a.hdr.dbc_id)], "data": list]
    }

    static func wait(_ a: ac_qaic_wait) -> JSONValue {
        ["handle": u(a.handle), "timeout": u(a.timeout), "dbc_id": u(a.dbc_id), "pad": u(a.pad)]
    }

    static func perfStats(_ a: ac_qaic_perf_stats) -> JSONValue {
        ["hdr": ["count": u(a.hdr.count), "pad": u(a.hdr.pad), "dbc_id": u(a.hdr.dbc_id)],
         "data": entries(ac_qaic_perf_stats_entry.self, at: a.data, count: Int(a.hdr.count)) {
             ["handle": u($0.handle), "queue_level_before": u($0.queue_level_before), "num_queue_element": u($0.num_queue_element),
              "submit_latency_us": u($0.submit_latency_us), "device_latency_us": u($0.device_latency_us), "pad": u($0.pad)]
         }]
    }

    static func detach(_ a: ac_qaic_detach_slice) -> JSONValue {
        ["handle": u(a.handle), "pad": u(a.pad)]
    }

    /// MANAGE: the message header, and the transactions at `data` decoded by type: the
    /// request as userspace wrote it (in), or the reply the kernel copied back (out).
    static func manage(_ raw: UnsafeRawPointer) -> JSONValue {
        let m: ac_qaic_manage_msg = load(raw)
        return ["len": u(m.len), "count": u(m.count), "data": transactions(at: m.data, len: m.len, count: m.count)]
    }

    static func transactions(at address: UInt64, len: UInt32, count: UInt32) -> JSONValue {
        if address == 0 { return len == 0 ? .array([]) : .null }
        let length = min(Int(len), 4096)
        guard let bytes = try? UserMemory.read(address, count: length) else { return .array([["unreadable": hex(address)]]) }
        var list: [JSONValue] = []
        var offset = 0
        for _ in 0..<min(Int(count), maxEntries) {
            guard offset + 8 <= bytes.count else { break }
            let type = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
            let tlen = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self) }
            let end = offset + Int(tlen)
            guard tlen >= 8, end <= bytes.count else {
                list.append(["hdr": ["type": u(type), "len": u(tlen)], "malformed": "len outside the message"])
                break
            }
            list.append(transaction(type: type, len: tlen, Array(bytes[offset..<end])))
            offset = end
        }
        return .array(list)
    }

    /// The user ranges the message's DMA_XFER transactions (type 5) hand the driver to pin
    /// (qaic-uapi.md §2.8 rule 7, qaic_control.c:find_and_map_user_pages), `addr` and `size`
    /// of `struct qaic_manage_trans_dma_xfer`. Walked like ``transactions(at:len:count:)``.
    private typealias DMAXfer = ac_qaic_manage_trans_dma_xfer

    static func dmaTransfers(at address: UInt64, len: UInt32, count: UInt32) -> [EmbeddedPointer] {
        guard address != 0, let bytes = try? UserMemory.read(address, count: min(Int(len), 4096)) else { return [] }
        var found: [EmbeddedPointer] = []
        var offset = 0
        for _ in 0..<min(Int(count), maxEntries) {
            guard offset + 8 <= bytes.count else { break }
            let (type, tlen) = bytes.withUnsafeBytes {
                ($0.loadUnaligned(fromByteOffset: offset, as: UInt32.self),
                 Int($0.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)))
            }
            guard tlen >= 8, offset + tlen <= bytes.count else { break }
            if type == UInt32(AC_QAIC_TRANS_DMA_XFER_FROM_USR.rawValue), tlen >= MemoryLayout<DMAXfer>.size,
               let addrAt = MemoryLayout<DMAXfer>.offset(of: \DMAXfer.addr),
               let sizeAt = MemoryLayout<DMAXfer>.offset(of: \DMAXfer.size) {
                let (addr, size) = bytes.withUnsafeBytes {
                    ($0.loadUnaligned(fromByteOffset: offset + addrAt, as: UInt64.self),
                     $0.loadUnaligned(fromByteOffset: offset + sizeAt, as: UInt64.self))
                }
                found.append(EmbeddedPointer(offset: offset + addrAt, address: addr, length: size))
            }
            offset += tlen
        }
        return found
    }

    private static func transaction(type: UInt32, len: UInt32, _ bytes: [UInt8]) -> JSONValue {
        func field<T>(_ t: T.Type, _ at: Int) -> JSONValue {
            guard at + MemoryLayout<T>.size <= bytes.count else { return .null }
            return bytes.withUnsafeBytes { raw -> JSONValue in
                let value = raw.loadUnaligned(fromByteOffset: at, as: T.self)
                if let v = value as? UInt64 { return .uint(v) }
                if let v = value as? UInt32 { return .uint(UInt64(v)) }
                if let v = value as? UInt16 { return .uint(UInt64(v)) }
                return .null
            }
        }
        let hdr: JSONValue = ["type": u(type), "len": u(len)]
        let payload = JSONValue.string(bytes.dropFirst(8).map { String(format: "%02x", $0) }.joined())
        switch type {
        case 1, 3:
            return ["hdr": hdr, "data": payload]
        case 5:
            return ["hdr": hdr, "tag": field(UInt32.self, 8), "pad": field(UInt32.self, 12), "addr": field(UInt64.self, 16),
                    "size": field(UInt64.self, 24)]
        case 7:
            return ["hdr": hdr, "queue_size": field(UInt32.self, 8), "eventfd": field(UInt32.self, 12),
                    "options": field(UInt32.self, 16), "pad": field(UInt32.self, 20)]
        case 8:
            return ["hdr": hdr, "status": field(UInt32.self, 8), "dbc_id": field(UInt32.self, 12), "options": field(UInt64.self, 16)]
        case 10:
            return ["hdr": hdr, "dbc_id": field(UInt32.self, 8), "pad": field(UInt32.self, 12)]
        case 12:
            return ["hdr": hdr]
        case 14:
            return ["hdr": hdr, "major": field(UInt16.self, 8), "minor": field(UInt16.self, 10), "status": field(UInt32.self, 12),
                    "status_flags": field(UInt64.self, 16)]
        default:
            return ["hdr": hdr, "raw": payload]
        }
    }
}
