import CAccelShim

/// Typed builders for the ethosu uapi structs (ethosu-uapi.md §1.2). Every field has the value a
/// well-formed call uses by default, so a row spells out only the input it is about.
enum EthosUStructs {
    static func devQuery(type: UInt32 = UInt32(AC_ETHOSU_DEV_QUERY_NPU_INFO), size: UInt32 = 0,
                         pointer: UInt64 = 0) -> ac_ethosu_dev_query {
        ac_ethosu_dev_query(type: type, size: size, pointer: pointer)
    }

    static func boCreate(size: UInt64, flags: UInt32 = 0, handle: UInt32 = 0) -> ac_ethosu_bo_create {
        ac_ethosu_bo_create(size: size, flags: flags, handle: handle)
    }

    static func mmapOffset(handle: UInt32, pad: UInt32 = 0) -> ac_ethosu_bo_mmap_offset {
        ac_ethosu_bo_mmap_offset(handle: handle, pad: pad, offset: 0)
    }

    static func wait(handle: UInt32, pad: UInt32 = 0, timeoutNs: Int64 = 0) -> ac_ethosu_bo_wait {
        ac_ethosu_bo_wait(handle: handle, pad: pad, timeout_ns: timeoutNs)
    }

    static func cmdstream(size: UInt32, data: UInt64, flags: UInt32 = 0, handle: UInt32 = 0,
                          pad: UInt32 = 0) -> ac_ethosu_cmdstream_bo_create {
        ac_ethosu_cmdstream_bo_create(size: size, flags: flags, data: data, handle: handle, pad: pad)
    }

    /// A job whose region `i` uses `regions[i]` (0 = no BO).
    static func job(cmdBO: UInt32, sramSize: UInt32 = 0, regions: [Int: UInt32] = [:]) -> ac_ethosu_job {
        var job = ac_ethosu_job()
        job.cmd_bo = cmdBO
        job.sram_size = sramSize
        withUnsafeMutableBytes(of: &job.region_bo_handles) { raw in
            let slots = raw.bindMemory(to: UInt32.self)
            for (region, handle) in regions where region >= 0 && region < slots.count { slots[region] = handle }
        }
        return job
    }

    static func submit(jobs: UInt64, count: UInt32, perfmonID: UInt32 = 0) -> ac_ethosu_submit {
        ac_ethosu_submit(jobs: jobs, job_count: count, perfmon_id: perfmonID)
    }

    static func perfmonCreate(ncounters: UInt32, counters: [UInt16] = [], id: UInt32 = 0) -> ac_ethosu_perfmon_create {
        var args = ac_ethosu_perfmon_create()
        args.id = id
        args.ncounters = ncounters
        withUnsafeMutableBytes(of: &args.counters) { raw in
            let slots = raw.bindMemory(to: UInt16.self)
            for (index, event) in counters.prefix(slots.count).enumerated() { slots[index] = event }
        }
        return args
    }

    static func perfmonDestroy(id: UInt32, pad: UInt32 = 0) -> ac_ethosu_perfmon_destroy {
        ac_ethosu_perfmon_destroy(id: id, pad: pad)
    }

    static func perfmonGetValues(id: UInt32, pad: UInt32 = 0, values: UInt64) -> ac_ethosu_perfmon_get_values {
        ac_ethosu_perfmon_get_values(id: id, pad: pad, values_ptr: values)
    }

    static func perfmonSetGlobal(id: UInt32, flags: UInt32 = 0) -> ac_ethosu_perfmon_set_global {
        ac_ethosu_perfmon_set_global(flags: flags, id: id)
    }

    /// The region handles of a job, as an array of 8.
    static func regions(of job: ac_ethosu_job) -> [UInt32] {
        withUnsafeBytes(of: job.region_bo_handles) { Array($0.bindMemory(to: UInt32.self)) }
    }

    static func counters(of args: ac_ethosu_perfmon_create) -> [UInt16] {
        withUnsafeBytes(of: args.counters) { Array($0.bindMemory(to: UInt16.self)) }
    }
}
