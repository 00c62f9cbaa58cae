import CAccelShim
import SystemPackage

/// DRM_IOCTL_ETHOSU_SUBMIT (ethosu-uapi.md §8): the array, then each job's SRAM, command BO and
/// region BOs against the validated stream, in the driver's order. Jobs that are accepted run
/// on the NPU; tear-down waits for their output BO so no job outlives its case.
enum EthosUSubmitTable {
    static let table = CaseTable(group: "ethosu.submit", ioctl: "ETHOSU_SUBMIT", rows: arrayRows + jobRows + regionRows + orderRows)

    typealias S = EthosUStreams

    /// The reference CONV job on `file`, with tear-down waiting for its OFM BO.
    static func convJob(_ ctx: CaseContext, _ file: any DeviceFile, ifmBase: UInt64 = 0,
                        regionBytes: [Int: UInt64]? = nil) throws -> (ac_ethosu_job, [Int: UInt32]) {
        let cmd = try ctx.ethosuCmdstream(file, S.conv(ifmBase: ifmBase))
        let regions = try ctx.ethosuRegionBOs(file, regionBytes ?? S.convRegions(ifmBase: ifmBase))
        if let ofm = regions[1] { waitAtTeardown(ctx, file, ofm) }
        return (EthosUStructs.job(cmdBO: cmd, regions: regions), regions)
    }

    static func waitAtTeardown(_ ctx: CaseContext, _ file: any DeviceFile, _ handle: UInt32) {
        ctx.onTeardown {
            var args = EthosUStructs.wait(handle: handle, timeoutNs: CaseContext.ethosuMonotonicNs() + 10_000_000_000)
            _ = try? file.ioctl(EthosURequest.boWait, &args)
        }
    }

    /// A row that builds one or more jobs on a fresh fd and submits them as the operation under test.
    static func row(_ name: String, expect: Expected, _ rationale: String, confidence: Confidence = .verified,
                    perfmon: UInt32 = 0,
                    _ jobs: @escaping @Sendable (CaseContext, any DeviceFile) throws -> [ac_ethosu_job]) -> EthosURow {
        EthosURow(name, expect: expect, rationale, confidence: confidence, timeout: 30) { ctx in
            let file = try ctx.open()
            try ctx.ethosuExpectSubmit(file, try jobs(ctx, file), perfmonID: perfmon, "SUBMIT")
        }
    }

    /// The reference job with `change` applied to its region handles.
    static func conv(_ change: @escaping @Sendable (CaseContext, any DeviceFile, inout [Int: UInt32]) throws -> Void)
        -> @Sendable (CaseContext, any DeviceFile) throws -> [ac_ethosu_job] {
        { ctx, file in
            let (job, regions) = try convJob(ctx, file)
            var changed = regions
            try change(ctx, file, &changed)
            return [EthosUStructs.job(cmdBO: job.cmd_bo, sramSize: job.sram_size, regions: changed)]
        }
    }

    static let arrayRows: [EthosURow] = [
        row("reference_conv", expect: .success, "ethosu-uapi.md §8 rules 4–16: the reference CONV with fitting BOs → 0") { ctx, file in
            [try convJob(ctx, file).0]
        },
        row("reference_dma", expect: .success, "ethosu-uapi.md §7.10 / §8: a DMA job from region 0 to region 1 → 0") { ctx, file in
            let cmd = try ctx.ethosuCmdstream(file, S.dma())
            let regions = try ctx.ethosuRegionBOs(file, [0: 256, 1: 256])
            waitAtTeardown(ctx, file, regions[1]!)
            return [EthosUStructs.job(cmdBO: cmd, regions: regions)]
        },
        EthosURow("dma_copies_data", expect: .success,
                  "ethosu-uapi.md §9 / §7.10: a mode-0 DMA job copies 256 bytes of region 0 into region 1, seen after BO_WAIT",
                  confidence: .derived, timeout: 30) { ctx in
            let file = try ctx.open()
            let cmd = try ctx.ethosuCmdstream(file, S.dma(length: 256))
            let regions = try ctx.ethosuRegionBOs(file, [0: 256, 1: 256])
            let page = ctx.pageSize
            let source = try ctx.mapWhole(file, length: page, offset: try ctx.mmapOffset(on: file, handle: regions[0]!))
            let pattern = (0..<256).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
            pattern.withUnsafeBytes { source.copyMemory(from: $0.baseAddress!, byteCount: 256) }
            guard try ctx.ethosuExpectSubmit(file, [EthosUStructs.job(cmdBO: cmd, regions: regions)], "SUBMIT of the DMA job") else { return }
            try ctx.ethosuWaitIdle(file, handle: regions[1]!)
            let target = try ctx.mapWhole(file, length: page, offset: try ctx.mmapOffset(on: file, handle: regions[1]!))
            let copied = Array(UnsafeRawBufferPointer(start: target, count: 256))
            try ctx.assert(copied == pattern, "region 1 does not hold region 0's 256 bytes after the DMA job")
        },
        row("two_jobs", expect: .success, "ethosu-uapi.md §8 rule 3: two valid jobs in one array are both submitted → 0") { ctx, file in
            [try convJob(ctx, file).0, try convJob(ctx, file).0]
        },
        row("dma_without_regions", expect: .success,
            "ethosu-uapi.md §7.10 rule 4 / §8 rule 10: a DMA between non-region memory uses no region; no BO → 0",
            confidence: .derived) { ctx, file in
            let stream = EthosUStream([EthosUStream.step("dma_len", EthosUCmd.address(EthosUCmd.dmaLen, 64)),
                                       EthosUStream.step("op", EthosUCmd.word(EthosUCmd.dmaStart))])
            let cmd = try ctx.ethosuCmdstream(file, stream)
            return [EthosUStructs.job(cmdBO: cmd)]
        },
        EthosURow("job_count_zero", expect: .success,
                  "ethosu-uapi.md §8 rule 1: job_count 0 allocates nothing and reads nothing; jobs 0 → 0", confidence: .derived) { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.submit(jobs: 0, count: 0)
            try ctx.expectIoctl(file, EthosURequest.submit, &args, "SUBMIT of no jobs")
        },
        EthosURow("jobs_null", expect: .EFAULT, "ethosu-uapi.md §8 rule 2: job_count 1 with jobs 0 → EFAULT") { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.submit(jobs: 0, count: 1)
            try ctx.expectIoctl(file, EthosURequest.submit, &args, "SUBMIT with jobs = 0")
        },
        EthosURow("jobs_unmapped", expect: .EFAULT, "ethosu-uapi.md §8 rule 2: an unreadable job array → EFAULT") { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.submit(jobs: try ctx.ethosuUnmappedAddress(), count: 1)
            try ctx.expectIoctl(file, EthosURequest.submit, &args, "SUBMIT of an unmapped array")
        },
        EthosURow("jobs_truncated", expect: .EFAULT,
                  "ethosu-uapi.md §8 rules 2–3: job_count 2 with one readable job: the whole array is copied first → EFAULT") { ctx in
            let file = try ctx.open()
            let (job, _) = try convJob(ctx, file)
            let bytes = withUnsafeBytes(of: job) { Array($0) }
            var args = EthosUStructs.submit(jobs: try ctx.ethosuMemoryBeforeHole(bytes), count: 2)
            try ctx.expectIoctl(file, EthosURequest.submit, &args, "SUBMIT of 2 jobs with 1 readable")
        },
        EthosURow("job_count_large", expect: .EFAULT,
                  "ethosu-uapi.md §8 rules 1–2: 1,000,000 jobs (40 MB) are allocated, the copy faults after the first job → EFAULT",
                  confidence: .derived) { ctx in
            let file = try ctx.open()
            let (job, _) = try convJob(ctx, file)
            let bytes = withUnsafeBytes(of: job) { Array($0) }
            var args = EthosUStructs.submit(jobs: try ctx.ethosuMemoryBeforeHole(bytes), count: 1_000_000)
            try ctx.expectIoctl(file, EthosURequest.submit, &args, "SUBMIT with job_count 1000000")
        },
        EthosURow("job_count_above_ram", expect: .ENOMEM,
                  "ethosu-uapi.md §8 rule 1: 53,687,091 jobs (2 GiB − 8 ≤ INT_MAX) is more than the machine's RAM → vmalloc refuses → ENOMEM",
                  tier: .hazard, confidence: .derived) { ctx in
            let file = try ctx.open()
            let bytes: UInt64 = 53_687_091 * 40
            // mm/vmalloc.c:__vmalloc_node_range_noprof refuses (size >> PAGE_SHIFT) > totalram_pages()
            try ctx.require(bytes >> 12 > (try ctx.ethosuTotalRAM()) >> 12,
                            "the machine has 2 GiB of RAM or more: vmalloc may give the 2 GiB (§8 rule 1)")
            var args = EthosUStructs.submit(jobs: try ctx.ethosuUnmappedAddress(), count: 53_687_091)
            try ctx.expectIoctl(file, EthosURequest.submit, &args, "SUBMIT with job_count 53687091")
        },
        EthosURow("job_count_huge", expect: .ENOMEM,
                  "ethosu-uapi.md §8 rule 1 / §15: job_count 0x7fffffff asks kvmalloc for 80 GiB > INT_MAX → ENOMEM with a WARN splat",
                  tier: .hazard, confidence: .derived) { ctx in
            let file = try ctx.open()
            var args = EthosUStructs.submit(jobs: try ctx.ethosuUnmappedAddress(), count: 0x7FFF_FFFF)
            try ctx.expectIoctl(file, EthosURequest.submit, &args, "SUBMIT with job_count 0x7fffffff")
        },
    ]

    static let jobRows: [EthosURow] = [
        row("cmd_bo_unknown", expect: .ENOENT, "ethosu-uapi.md §8 rule 8: an unknown cmd_bo → ENOENT") { ctx, file in
            let (job, regions) = try convJob(ctx, file)
            return [EthosUStructs.job(cmdBO: job.cmd_bo + 1000, regions: regions)]
        },
        row("cmd_bo_zero", expect: .ENOENT, "ethosu-uapi.md §8 rule 8: cmd_bo 0 → ENOENT") { ctx, file in
            let (_, regions) = try convJob(ctx, file)
            return [EthosUStructs.job(cmdBO: 0, regions: regions)]
        },
        row("cmd_bo_of_other_fd", expect: .ENOENT, "ethosu-uapi.md §8 rule 8: handles are per file; another fd's command BO → ENOENT") { ctx, file in
            let (_, regions) = try convJob(ctx, file)
            let other = try ctx.open()
            for _ in 0..<20 { _ = try ctx.ethosuBO(other) }
            let foreign = try ctx.ethosuCmdstream(other, S.conv())
            try ctx.assert(!ctx.handleIsValidWithoutClosing(file, foreign), "fixture: the other fd's handle \(foreign) is also valid here")
            return [EthosUStructs.job(cmdBO: foreign, regions: regions)]
        },
        row("cmd_bo_plain_bo", expect: .EINVAL, "ethosu-uapi.md §8 rule 9: a BO_CREATE BO has no validated stream → EINVAL") { ctx, file in
            let (_, regions) = try convJob(ctx, file)
            return [EthosUStructs.job(cmdBO: try ctx.ethosuBO(file), regions: regions)]
        },
        row("sram_with_region2_handle", expect: .EINVAL,
            "ethosu-uapi.md §8 rule 4: sram_size ≠ 0 and a region 2 handle → EINVAL") { ctx, file in
            let (job, regions) = try convJob(ctx, file)
            var changed = regions
            changed[2] = try ctx.ethosuBO(file)
            return [EthosUStructs.job(cmdBO: job.cmd_bo, sramSize: 1, regions: changed)]
        },
        row("sram_size_exceeds_device", expect: .EINVAL,
            "ethosu-uapi.md §8 rule 5: sram_size larger than the NPU's SRAM (DEV_QUERY sram_size) → EINVAL") { ctx, file in
            let info = try ctx.ethosuNPUInfo(file)
            try ctx.require(info.sram_size < UInt32.max, "the NPU reports 4 GiB of SRAM")
            let (job, regions) = try convJob(ctx, file)
            return [EthosUStructs.job(cmdBO: job.cmd_bo, sramSize: info.sram_size + 1, regions: regions)]
        },
        row("perfmon_unknown_ignored", expect: .success,
            "ethosu-uapi.md §8 rule 6: an unknown perfmon_id is silently ignored → 0", perfmon: 4242) { ctx, file in
            [try convJob(ctx, file).0]
        },
        EthosURow("perfmon_own", expect: .success, "ethosu-uapi.md §8 rule 6 / §10: a job with this fd's perfmon → 0", timeout: 30) { ctx in
            let file = try ctx.open()
            let id = try ctx.ethosuPerfmon(file)
            let (job, _) = try convJob(ctx, file)
            try ctx.ethosuExpectSubmit(file, [job], perfmonID: id, "SUBMIT with perfmon \(id)")
        },
        row("second_job_bad", expect: .ENOENT,
            "ethosu-uapi.md §8 rule 3: jobs are submitted in order; job 2's unknown cmd_bo → ENOENT (job 1 stays queued)") { ctx, file in
            let (job, regions) = try convJob(ctx, file)
            return [job, EthosUStructs.job(cmdBO: job.cmd_bo + 1000, regions: regions)]
        },
    ]

    static let regionRows: [EthosURow] = [
        row("region_handle_missing", expect: .ENOENT,
            "ethosu-uapi.md §8 rule 12: a used region (0) without a handle is looked up as handle 0 → ENOENT",
            conv { _, _, regions in regions[0] = nil }),
        row("region_handle_for_unused_region", expect: .EINVAL,
            "ethosu-uapi.md §8 rule 11: a handle for region 6, which the stream never uses → EINVAL",
            conv { ctx, file, regions in regions[6] = try ctx.ethosuBO(file) }),
        row("region_handle_unknown", expect: .ENOENT, "ethosu-uapi.md §8 rule 12: an unknown region handle → ENOENT",
            conv { _, _, regions in regions[0] = regions[0]! + 1000 }),
        row("region_handle_of_other_fd", expect: .ENOENT,
            "ethosu-uapi.md §8 rule 12: another fd's BO as a region handle → ENOENT",
            conv { ctx, file, regions in
                let other = try ctx.open()
                var foreign: UInt32 = 0
                for _ in 0..<20 { foreign = try ctx.ethosuBO(other) }
                try ctx.assert(!ctx.handleIsValidWithoutClosing(file, foreign), "fixture: handle \(foreign) is also valid here")
                regions[0] = foreign
            }),
        row("region_is_cmdstream_bo", expect: .EINVAL, "ethosu-uapi.md §8 rule 13: a command-stream BO as a region BO → EINVAL",
            conv { ctx, file, regions in regions[0] = try ctx.ethosuCmdstream(file, EthosUStream([])) }),
        row("region_bo_too_small", expect: .errno(.overflow),
            "ethosu-uapi.md §8 rule 14: the IFM needs one page + 1024 bytes, its BO is one page → EOVERFLOW") { ctx, file in
            let page = UInt64(ctx.pageSize)
            var bytes = S.convRegions(ifmBase: page)
            bytes[0] = page
            return [try convJob(ctx, file, ifmBase: page, regionBytes: bytes).0]
        },
        row("region_bo_exact_fit", expect: .success,
            "ethosu-uapi.md §8 rule 14: IFM at page − 1024 needs exactly one page; a one-page BO fits → 0") { ctx, file in
            [try convJob(ctx, file, ifmBase: UInt64(ctx.pageSize) - S.featureMapExtent).0]
        },
        row("region_bo_no_mmap", expect: .success, "ethosu-uapi.md §8 / §3: NO_MMAP BOs serve as region BOs → 0",
            conv { ctx, file, regions in regions[1] = try ctx.ethosuBO(file, flags: UInt32(AC_ETHOSU_BO_NO_MMAP)) }),
        row("same_bo_two_regions", expect: .errno(.alreadyInProcess),
            "ethosu-uapi.md §8 rule 15: one BO for regions 0 and 3 is locked twice in one ww context → EALREADY",
            confidence: .derived, conv { _, _, regions in regions[3] = regions[0] }),
        row("region2_without_bo_or_sram", expect: .EINVAL,
            "ethosu-uapi.md §8 rule 10: region 2 used, no handle and sram_size 0 < its 256 bytes → EINVAL") { ctx, file in
            let stream = S.conv().replacing("weight_region", EthosUCmd.word(EthosUCmd.weightRegion, 2))
            let cmd = try ctx.ethosuCmdstream(file, stream)
            let regions = try ctx.ethosuRegionBOs(file, [0: 1024, 1: 1024, 4: 160])
            return [EthosUStructs.job(cmdBO: cmd, regions: regions)]
        },
        row("region2_in_sram", expect: .success,
            "ethosu-uapi.md §8 rule 10: region 2 without a handle fits sram_size 256 → 0 (needs ≥ 256 bytes of SRAM, §15)") { ctx, file in
            try ctx.require(try ctx.ethosuNPUInfo(file).sram_size >= 256,
                            "the NPU has less than 256 bytes of SRAM (a platform device without an OF sram pool has none, §15)")
            let stream = S.conv().replacing("weight_region", EthosUCmd.word(EthosUCmd.weightRegion, 2))
            let cmd = try ctx.ethosuCmdstream(file, stream)
            let regions = try ctx.ethosuRegionBOs(file, [0: 1024, 1: 1024, 4: 160])
            waitAtTeardown(ctx, file, regions[1]!)
            return [EthosUStructs.job(cmdBO: cmd, sramSize: 256, regions: regions)]
        },
    ]

    static let orderRows: [EthosURow] = [
        row("order_sram_before_cmd_lookup", expect: .EINVAL,
            "ethosu-uapi.md §8 rule 4 before rule 8: SRAM + region 2 handle with an unknown cmd_bo → EINVAL, not ENOENT") { ctx, file in
            [EthosUStructs.job(cmdBO: 999, sramSize: 1, regions: [2: 999])]
        },
        row("order_cmd_info_before_regions", expect: .EINVAL,
            "ethosu-uapi.md §8 rule 9 before rule 12: a plain cmd_bo with an unknown region handle → EINVAL") { ctx, file in
            [EthosUStructs.job(cmdBO: try ctx.ethosuBO(file), regions: [0: 999])]
        },
        row("order_unused_before_lookup", expect: .EINVAL,
            "ethosu-uapi.md §8 rule 11 before rule 12: an unknown handle in an unused region → EINVAL, not ENOENT",
            conv { _, _, regions in regions[7] = 999 }),
        row("order_regions_by_index", expect: .errno(.overflow),
            "ethosu-uapi.md §8 rules 10–14 run per region from 0: region 0 too small, region 1 unknown → EOVERFLOW") { ctx, file in
            let page = UInt64(ctx.pageSize)
            var bytes = S.convRegions(ifmBase: page)
            bytes[0] = page
            let (job, regions) = try convJob(ctx, file, ifmBase: page, regionBytes: bytes)
            var changed = regions
            changed[1] = 999
            return [EthosUStructs.job(cmdBO: job.cmd_bo, regions: changed)]
        },
    ]
}
