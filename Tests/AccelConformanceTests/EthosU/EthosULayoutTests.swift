import CAccelShim
import Testing
@testable import AccelConformance

/// Our ethosu ABI as Swift sees it (ethosu-uapi.md §1.1–1.2); the C side _Static_asserts the
/// same facts and, with the kernel header at hand, compares them (abi_check_kernel_ethosu.c).
@Suite struct EthosULayoutTests {
    @Test func structSizes() {
        #expect(MemoryLayout<ac_ethosu_npu_info>.size == 16)
        #expect(MemoryLayout<ac_ethosu_dev_query>.size == 16)
        #expect(MemoryLayout<ac_ethosu_bo_create>.size == 16)
        #expect(MemoryLayout<ac_ethosu_bo_mmap_offset>.size == 16)
        #expect(MemoryLayout<ac_ethosu_bo_wait>.size == 16)
        #expect(MemoryLayout<ac_ethosu_cmdstream_bo_create>.size == 24)
        #expect(MemoryLayout<ac_ethosu_job>.size == 40)
        #expect(MemoryLayout<ac_ethosu_submit>.size == 16)
        #expect(MemoryLayout<ac_ethosu_perfmon_create>.size == 24)
        #expect(MemoryLayout<ac_ethosu_perfmon_destroy>.size == 8)
        #expect(MemoryLayout<ac_ethosu_perfmon_get_values>.size == 16)
        #expect(MemoryLayout<ac_ethosu_perfmon_set_global>.size == 8)
    }

    @Test func requestNumbers() {
        #expect(EthosURequest.devQuery.rawValue == 0xC010_6440)
        #expect(EthosURequest.cmdstreamBOCreate.rawValue == 0xC018_6444)
        #expect(EthosURequest.submit.rawValue == 0xC010_6445)
        #expect(EthosURequest.perfmonSetGlobal.rawValue == 0xC008_6449)
    }

    @Test func buildersFillArrays() {
        let job = EthosUStructs.job(cmdBO: 5, sramSize: 7, regions: [0: 1, 7: 8, 9: 99])
        #expect(EthosUStructs.regions(of: job) == [1, 0, 0, 0, 0, 0, 0, 8])
        let create = EthosUStructs.perfmonCreate(ncounters: 2, counters: [1, 2, 3, 4, 5, 6, 7, 8, 9])
        #expect(EthosUStructs.counters(of: create) == [1, 2, 3, 4, 5, 6, 7, 8])
    }

    @Test func kernelHeaderFlagIsBinary() {
        #expect(ac_abi_kernel_ethosu_header_checked == 0 || ac_abi_kernel_ethosu_header_checked == 1)
    }
}
