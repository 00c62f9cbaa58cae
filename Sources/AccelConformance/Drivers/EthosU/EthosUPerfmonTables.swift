import CAccelShim
import SystemPackage

/// DRM_IOCTL_ETHOSU_PERFMON_CREATE / DESTROY / GET_VALUES / SET_GLOBAL (ethosu-uapi.md §10–§13).
/// The global perfmon is device state: rows that set it clear it at tear-down (and closing the
/// fd clears it too, §13 rule 4).
enum EthosUPerfmonTables {
    static let create = CaseTable(group: "ethosu.perfmon_create", ioctl: "ETHOSU_PERFMON_CREATE", rows: createRows)
    static let destroy = CaseTable(group: "ethosu.perfmon_destroy", ioctl: "ETHOSU_PERFMON_DESTROY", rows: destroyRows)
    static let getValues = CaseTable(group: "ethosu.perfmon_get_values", ioctl: "ETHOSU_PERFMON_GET_VALUES", rows: getValuesRows)
    static let setGlobal = CaseTable(group: "ethosu.perfmon_set_global", ioctl: "ETHOSU_PERFMON_SET_GLOBAL", rows: setGlobalRows)

    /// The highest event number the NPU accepts (§10 rule 2).
    static func eventMax(_ ctx: CaseContext, _ file: any DeviceFile) throws -> UInt16 {
        try ctx.ethosuIsU65(file) ? 433 : 671
    }

    /// PERFMON_CREATE with `ncounters` (nil: the NPU's pmu_counters + `extra`) and `events`.
    private static func createRow(_ name: String, ncounters: UInt32? = nil, extra: UInt32 = 0,
                                  events: @escaping @Sendable (UInt16) -> [UInt16] = { _ in [] },
                                  expect: Expected, _ rationale: String) -> EthosURow {
        EthosURow(name, expect: expect, rationale) { ctx in
            let file = try ctx.open()
            let count = try ncounters ?? (ctx.ethosuNPUInfo(file).pmu_counters + extra)
            var args = EthosUStructs.perfmonCreate(ncounters: count, counters: events(try eventMax(ctx, file)), id: 0xDEAD)
            if try ctx.expectIoctl(file, EthosURequest.perfmonCreate, &args, "PERFMON_CREATE ncounters=\(count)") {
                try ctx.assert(args.id >= 1 && args.id != 0xDEAD, "id \(args.id) is 0 or the input echoed back (§10 rule 4)")
                try ctx.assertEqual(args.ncounters, count + 1, "ncounters after copy-back (§10 rule 3: + the cycle counter)")
            }
        }
    }

    static let createRows: [EthosURow] = [
        createRow("cycles_only", ncounters: 0, expect: .success,
                  "ethosu-uapi.md §10 rules 3–4: ncounters 0 → 0, id ≥ 1, ncounters reads 1 (the cycle counter)"),
        createRow("one_event", ncounters: 1, events: { _ in [0x11] }, expect: .success,
                  "ethosu-uapi.md §10: one event within the NPU's counters (needs pmu_counters ≥ 1) → 0"),
        createRow("all_hw_counters", extra: 0, events: { max in Array(repeating: max, count: 8) }, expect: .success,
                  "ethosu-uapi.md §10 rules 1–2: ncounters = pmu_counters, every event at the NPU's maximum → 0"),
        createRow("more_than_hw_counters", extra: 1, expect: .EINVAL,
                  "ethosu-uapi.md §10 rule 1: ncounters = pmu_counters + 1 → EINVAL"),
        createRow("ncounters_max", ncounters: UInt32.max, expect: .EINVAL, "ethosu-uapi.md §10 rule 1: ncounters 0xffffffff → EINVAL"),
        createRow("event_above_max", ncounters: 1, events: { max in [max + 1] }, expect: .EINVAL,
                  "ethosu-uapi.md §10 rule 2: event 672 on U85 (434 on U65) → EINVAL"),
        createRow("event_ffff", ncounters: 1, events: { _ in [0xFFFF] }, expect: .EINVAL, "ethosu-uapi.md §10 rule 2: event 0xffff → EINVAL"),
        createRow("unused_slots_ignored", ncounters: 1, events: { _ in [0x11] + Array(repeating: 0xFFFF, count: 7) }, expect: .success,
                  "ethosu-uapi.md §10 rule 2: counters past ncounters are not looked at; 0xffff there → 0"),
        EthosURow("ids_increase", expect: .success, "ethosu-uapi.md §10 rule 4: ids are allocated per fd from 1, each new") { ctx in
            let file = try ctx.open()
            let first = try ctx.ethosuPerfmon(file)
            try ctx.assertEqual(first, 1, "first perfmon id on a fresh fd")
            var args = EthosUStructs.perfmonCreate(ncounters: 0)
            if try ctx.expectIoctl(file, EthosURequest.perfmonCreate, &args, "second PERFMON_CREATE") {
                try ctx.assertEqual(args.id, 2, "second perfmon id")
            }
        },
    ]

    private static func destroyRow(_ name: String, id: @escaping @Sendable (CaseContext, any DeviceFile) throws -> UInt32,
                                   pad: UInt32 = 0, expect: Expected, _ rationale: String) -> EthosURow {
        EthosURow(name, expect: expect, rationale) { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.perfmonDestroy(id: try id(ctx, file), pad: pad)
            try ctx.expectIoctl(file, EthosURequest.perfmonDestroy, &args, "PERFMON_DESTROY")
        }
    }

    static let destroyRows: [EthosURow] = [
        destroyRow("own", id: { ctx, file in try ctx.ethosuPerfmon(file) }, expect: .success,
                   "ethosu-uapi.md §11 rule 3: destroying an own perfmon → 0"),
        destroyRow("unknown", id: { ctx, file in try ctx.ethosuPerfmon(file) + 100 }, expect: .EINVAL,
                   "ethosu-uapi.md §11 rule 1: an unknown id → EINVAL"),
        destroyRow("id_zero", id: { _, _ in 0 }, expect: .EINVAL, "ethosu-uapi.md §11 rule 1: id 0 (ids start at 1) → EINVAL"),
        destroyRow("pad_not_checked", id: { ctx, file in try ctx.ethosuPerfmon(file) }, pad: 0xFFFF_FFFF, expect: .success,
                   "ethosu-uapi.md §11 rule 2: pad is never checked; pad 0xffffffff → 0"),
        destroyRow("twice", id: { ctx, file in
            let id = try ctx.ethosuPerfmon(file)
            var first = EthosUStructs.perfmonDestroy(id: id)
            try ctx.fixture("first PERFMON_DESTROY") { () throws(Errno) in try file.ioctl(EthosURequest.perfmonDestroy, &first) }
            return id
        }, expect: .EINVAL, "ethosu-uapi.md §11 rule 1: a destroyed id is gone → EINVAL"),
        destroyRow("of_other_fd", id: { ctx, _ in
            let other = try ctx.open()
            _ = try ctx.ethosuPerfmon(other)
            return try ctx.ethosuPerfmon(other)
        }, expect: .EINVAL, "ethosu-uapi.md §11 rule 1: perfmons are per fd; another fd's id 2 → EINVAL"),
        destroyRow("global", id: { ctx, file in
            let id = try ctx.ethosuPerfmon(file)
            try ctx.ethosuSetGlobal(file, id: id)
            return id
        }, expect: .success, "ethosu-uapi.md §11 rule 3: destroying the global perfmon clears the global → 0"),
    ]

    static let getValuesRows: [EthosURow] = [
        EthosURow("fresh_zeros", expect: .success,
                  "ethosu-uapi.md §12 rule 3: a fresh perfmon with 1 event gives 2 u64 zeros, nothing past them") { ctx in
            let file = try ctx.open()
            try ctx.require(try ctx.ethosuNPUInfo(file).pmu_counters >= 1, "the NPU reports no event counters")
            let id = try ctx.ethosuPerfmon(file, ncounters: 1)
            let buffer = ctx.ethosuMemory(Array(repeating: 0xA5, count: 32))
            var args = EthosUStructs.perfmonGetValues(id: id, values: buffer)
            guard try ctx.expectIoctl(file, EthosURequest.perfmonGetValues, &args, "PERFMON_GET_VALUES") else { return }
            let bytes = try ctx.fixture("read back") { () throws(Errno) in try UserMemory.read(buffer, count: 32) }
            try ctx.assert(bytes[..<16].allSatisfy { $0 == 0 }, "values of a fresh perfmon are not 0")
            try ctx.assert(bytes[16...].allSatisfy { $0 == 0xA5 }, "bytes past (ncounters + 1) × 8 were written")
        },
        EthosURow("pad_one", expect: .EINVAL, "ethosu-uapi.md §12 rule 1: pad ≠ 0 → EINVAL") { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.perfmonGetValues(id: try ctx.ethosuPerfmon(file), pad: 1, values: ctx.ethosuMemory([], minimumBytes: 72))
            try ctx.expectIoctl(file, EthosURequest.perfmonGetValues, &args, "PERFMON_GET_VALUES pad=1")
        },
        EthosURow("pad_and_unknown", expect: .EINVAL, "ethosu-uapi.md §12 rule 1 precedes rule 2: both faults → EINVAL") { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.perfmonGetValues(id: 77, pad: 1, values: ctx.ethosuMemory([], minimumBytes: 72))
            try ctx.expectIoctl(file, EthosURequest.perfmonGetValues, &args, "PERFMON_GET_VALUES pad=1 id=77")
        },
        EthosURow("unknown_id", expect: .EINVAL, "ethosu-uapi.md §12 rule 2: an unknown id → EINVAL") { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.perfmonGetValues(id: try ctx.ethosuPerfmon(file) + 5, values: ctx.ethosuMemory([], minimumBytes: 72))
            try ctx.expectIoctl(file, EthosURequest.perfmonGetValues, &args, "PERFMON_GET_VALUES of an unknown id")
        },
        EthosURow("after_destroy", expect: .EINVAL, "ethosu-uapi.md §12 rule 2 / §11: a destroyed perfmon is unknown → EINVAL") { ctx in
            let file = try ctx.open()
            let id = try ctx.ethosuPerfmon(file)
            var destroy = EthosUStructs.perfmonDestroy(id: id)
            try ctx.fixture("PERFMON_DESTROY") { () throws(Errno) in try file.ioctl(EthosURequest.perfmonDestroy, &destroy) }
            var args = EthosUStructs.perfmonGetValues(id: id, values: ctx.ethosuMemory([], minimumBytes: 72))
            try ctx.expectIoctl(file, EthosURequest.perfmonGetValues, &args, "PERFMON_GET_VALUES after DESTROY")
        },
        EthosURow("values_null", expect: .EFAULT, "ethosu-uapi.md §12 rule 3: values_ptr 0 → EFAULT") { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.perfmonGetValues(id: try ctx.ethosuPerfmon(file), values: 0)
            try ctx.expectIoctl(file, EthosURequest.perfmonGetValues, &args, "PERFMON_GET_VALUES into NULL")
        },
        EthosURow("values_unmapped", expect: .EFAULT, "ethosu-uapi.md §12 rule 3: an unwritable values_ptr → EFAULT") { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.perfmonGetValues(id: try ctx.ethosuPerfmon(file), values: try ctx.ethosuUnmappedAddress())
            try ctx.expectIoctl(file, EthosURequest.perfmonGetValues, &args, "PERFMON_GET_VALUES into a PROT_NONE page")
        },
        EthosURow("after_job", expect: .success,
                  "ethosu-uapi.md §12 rule 3 / §9: after a job ran with the perfmon, GET_VALUES stops it and copies → 0",
                  confidence: .derived, timeout: 30) { ctx in
            let file = try ctx.open()
            let id = try ctx.ethosuPerfmon(file)
            let (job, regions) = try EthosUSubmitTable.convJob(ctx, file)
            try ctx.ethosuSubmit(file, [job], perfmonID: id)
            try ctx.ethosuWaitIdle(file, handle: regions[1]!)
            var args = EthosUStructs.perfmonGetValues(id: id, values: ctx.ethosuMemory([], minimumBytes: 8))
            try ctx.expectIoctl(file, EthosURequest.perfmonGetValues, &args, "PERFMON_GET_VALUES after a job")
        },
    ]

    private static func setRow(_ name: String, flags: UInt32 = 0, expect: Expected, _ rationale: String,
                               _ id: @escaping @Sendable (CaseContext, any DeviceFile) throws -> UInt32) -> EthosURow {
        EthosURow(name, expect: expect, rationale) { ctx in
            let file = try ctx.open()
            let perfmon = try id(ctx, file)
            var args = EthosUStructs.perfmonSetGlobal(id: perfmon, flags: flags)
            if try ctx.expectIoctl(file, EthosURequest.perfmonSetGlobal, &args, "PERFMON_SET_GLOBAL flags=\(flags)"), flags == 0 {
                ctx.onTeardown {
                    var clear = EthosUStructs.perfmonSetGlobal(id: perfmon, flags: UInt32(AC_ETHOSU_PERFMON_CLEAR_GLOBAL))
                    _ = try? file.ioctl(EthosURequest.perfmonSetGlobal, &clear)
                }
            }
        }
    }

    static let clear = UInt32(AC_ETHOSU_PERFMON_CLEAR_GLOBAL)

    static let setGlobalRows: [EthosURow] = [
        setRow("set", expect: .success, "ethosu-uapi.md §13 rule 4: no global, nothing active → the perfmon becomes global → 0") { ctx, file in
            try ctx.ethosuPerfmon(file)
        },
        setRow("set_twice", expect: .EBUSY, "ethosu-uapi.md §13 rule 4: a global is already set → EBUSY") { ctx, file in
            try ctx.ethosuSetGlobal(file, id: try ctx.ethosuPerfmon(file))
            return try ctx.ethosuPerfmon(file)
        },
        setRow("set_while_other_fd_global", expect: .EBUSY,
               "ethosu-uapi.md §13 rule 4: the global is device-wide; another fd's global → EBUSY") { ctx, file in
            let other = try ctx.open()
            try ctx.ethosuSetGlobal(other, id: try ctx.ethosuPerfmon(other))
            return try ctx.ethosuPerfmon(file)
        },
        setRow("clear", flags: clear, expect: .success, "ethosu-uapi.md §13 rule 3: clearing a set global → 0") { ctx, file in
            let id = try ctx.ethosuPerfmon(file)
            try ctx.ethosuSetGlobal(file, id: id)
            return id
        },
        setRow("clear_without_global", flags: clear, expect: .EINVAL,
               "ethosu-uapi.md §13 rule 3: CLEAR_GLOBAL with no global set → EINVAL") { ctx, file in
            try ctx.ethosuPerfmon(file)
        },
        setRow("clear_unknown_id", flags: clear, expect: .EINVAL,
               "ethosu-uapi.md §13 rule 2: the id is looked up even when clearing; unknown → EINVAL") { ctx, file in
            try ctx.ethosuSetGlobal(file, id: try ctx.ethosuPerfmon(file))
            return 99
        },
        setRow("flag_two", flags: 2, expect: .EINVAL, "ethosu-uapi.md §13 rule 1: an undefined flag → EINVAL") { ctx, file in
            try ctx.ethosuPerfmon(file)
        },
        setRow("flags_all_ones", flags: UInt32.max, expect: .EINVAL, "ethosu-uapi.md §13 rule 1: flags 0xffffffff → EINVAL") { ctx, file in
            try ctx.ethosuPerfmon(file)
        },
        setRow("unknown_id", expect: .EINVAL, "ethosu-uapi.md §13 rule 2: an unknown id → EINVAL") { ctx, file in
            try ctx.ethosuPerfmon(file) + 9
        },
        setRow("id_of_other_fd", expect: .EINVAL, "ethosu-uapi.md §13 rule 2: perfmons are per fd; another fd's id → EINVAL") { ctx, _ in
            let other = try ctx.open()
            _ = try ctx.ethosuPerfmon(other)
            return try ctx.ethosuPerfmon(other)
        },
        EthosURow("cleared_by_close", expect: .success,
                  "ethosu-uapi.md §13 rule 4: closing the fd that owns the global clears it; another fd can set one → 0") { ctx in
            let owner = try ctx.open()
            try ctx.ethosuSetGlobal(owner, id: try ctx.ethosuPerfmon(owner))
            try ctx.fixture("close the owner") { () throws(Errno) in try owner.close() }
            let file = try ctx.open()
            let id = try ctx.ethosuPerfmon(file)
            var args = EthosUStructs.perfmonSetGlobal(id: id)
            if try ctx.expectIoctl(file, EthosURequest.perfmonSetGlobal, &args, "PERFMON_SET_GLOBAL after the owner closed") {
                ctx.onTeardown {
                    var clear = EthosUStructs.perfmonSetGlobal(id: id, flags: UInt32(AC_ETHOSU_PERFMON_CLEAR_GLOBAL))
                    _ = try? file.ioctl(EthosURequest.perfmonSetGlobal, &clear)
                }
            }
        },
    ]
}
