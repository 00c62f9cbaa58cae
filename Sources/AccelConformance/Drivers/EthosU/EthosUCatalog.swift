import CAccelShim

/// Trace names and decoders for the ethosu uapi (ethosu-uapi.md §1.1, §1.2). Fields appear under
/// their uapi names in struct order; fixed arrays (`region_bo_handles`, `counters`) are lists;
/// the command-stream words and the job array behind pointers are read defensively: what cannot
/// be read shows as `{"unreadable": "0x…"}` and ends the list.
enum EthosUCatalog {
    static let catalog = IoctlCatalog([
        IoctlDescriptor(name: "ETHOSU_DEV_QUERY", request: EthosURequest.devQuery,
                        decodeIn: { devQuery(load($0)) }, decodeOut: { devQuery(load($0)) }),
        IoctlDescriptor(name: "ETHOSU_BO_CREATE", request: EthosURequest.boCreate,
                        decodeIn: { boCreate(load($0)) }, decodeOut: { boCreate(load($0)) }),
        IoctlDescriptor(name: "ETHOSU_BO_WAIT", request: EthosURequest.boWait,
                        decodeIn: { wait(load($0)) }, decodeOut: { wait(load($0)) }),
        IoctlDescriptor(name: "ETHOSU_BO_MMAP_OFFSET", request: EthosURequest.boMmapOffset,
                        decodeIn: { mmapOffset(load($0)) }, decodeOut: { mmapOffset(load($0)) }),
        IoctlDescriptor(name: "ETHOSU_CMDSTREAM_BO_CREATE", request: EthosURequest.cmdstreamBOCreate,
                        decodeIn: { cmdstream(load($0), words: true) }, decodeOut: { cmdstream(load($0), words: false) }),
        IoctlDescriptor(name: "ETHOSU_SUBMIT", request: EthosURequest.submit,
                        decodeIn: { submit(load($0)) }, decodeOut: nil),
        IoctlDescriptor(name: "ETHOSU_PERFMON_CREATE", request: EthosURequest.perfmonCreate,
                        decodeIn: { perfmonCreate(load($0)) }, decodeOut: { perfmonCreate(load($0)) }),
        IoctlDescriptor(name: "ETHOSU_PERFMON_DESTROY", request: EthosURequest.perfmonDestroy,
                        decodeIn: { perfmonDestroy(load($0)) }, decodeOut: nil),
        IoctlDescriptor(name: "ETHOSU_PERFMON_GET_VALUES", request: EthosURequest.perfmonGetValues,
                        decodeIn: { perfmonGetValues(load($0)) }, decodeOut: nil),
        IoctlDescriptor(name: "ETHOSU_PERFMON_SET_GLOBAL", request: EthosURequest.perfmonSetGlobal,
                        decodeIn: { perfmonSetGlobal(load($0)) }, decodeOut: nil),
    ])

    /// At most this many array entries (jobs, stream words) are decoded.
    static let maxEntries = 64

    private static func load<T>(_ raw: UnsafeRawPointer) -> T { raw.loadUnaligned(as: T.self) }
    private static func u(_ value: some BinaryInteger) -> JSONValue { .uint(UInt64(value)) }
    private static func hex(_ value: UInt64) -> JSONValue { .string("0x" + String(value, radix: 16)) }

    static func devQuery(_ a: ac_ethosu_dev_query) -> JSONValue {
        ["type": u(a.type), "size": u(a.size), "pointer": u(a.pointer)]
    }

    static func boCreate(_ a: ac_ethosu_bo_create) -> JSONValue {
        ["size": u(a.size), "flags": u(a.flags), "handle": u(a.handle)]
    }

    static func wait(_ a: ac_ethosu_bo_wait) -> JSONValue {
        ["handle": u(a.handle), "pad": u(a.pad), "timeout_ns": .int(a.timeout_ns)]
    }

    static func mmapOffset(_ a: ac_ethosu_bo_mmap_offset) -> JSONValue {
        ["handle": u(a.handle), "pad": u(a.pad), "offset": u(a.offset)]
    }

    /// CMDSTREAM_BO_CREATE; on the way in, the stream's words (what the parser reads).
    static func cmdstream(_ a: ac_ethosu_cmdstream_bo_create, words: Bool) -> JSONValue {
        var fields: [(String, JSONValue)] = [("size", u(a.size)), ("flags", u(a.flags)), ("data", u(a.data)),
                                             ("handle", u(a.handle)), ("pad", u(a.pad))]
        if words && a.data != 0 {
            fields.append(("words", entries(UInt32.self, at: a.data, count: Int(a.size / 4)) { hex(UInt64($0)) }))
        }
        return .object(fields)
    }

    static func job(_ j: ac_ethosu_job) -> JSONValue {
        ["cmd_bo": u(j.cmd_bo), "sram_size": u(j.sram_size),
         "region_bo_handles": .array(EthosUStructs.regions(of: j).map { u($0) })]
    }

    static func submit(_ a: ac_ethosu_submit) -> JSONValue {
        ["jobs": u(a.jobs), "job_count": u(a.job_count), "perfmon_id": u(a.perfmon_id),
         "job_list": entries(ac_ethosu_job.self, at: a.jobs, count: Int(a.job_count), job)]
    }

    static func perfmonCreate(_ a: ac_ethosu_perfmon_create) -> JSONValue {
        ["id": u(a.id), "ncounters": u(a.ncounters), "counters": .array(EthosUStructs.counters(of: a).map { u($0) })]
    }

    static func perfmonDestroy(_ a: ac_ethosu_perfmon_destroy) -> JSONValue {
        ["id": u(a.id), "pad": u(a.pad)]
    }

    static func perfmonGetValues(_ a: ac_ethosu_perfmon_get_values) -> JSONValue {
        ["id": u(a.id), "pad": u(a.pad), "values_ptr": u(a.values_ptr)]
    }

    static func perfmonSetGlobal(_ a: ac_ethosu_perfmon_set_global) -> JSONValue {
        ["flags": u(a.flags), "id": u(a.id)]
    }

    /// `count` values of `T` at `address`, one by one, so a partly readable array shows how far it goes.
    static func entries<T: BitwiseCopyable>(_ type: T.Type, at address: UInt64, count: Int,
                                            _ decode: (T) -> JSONValue) -> JSONValue {
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
}
