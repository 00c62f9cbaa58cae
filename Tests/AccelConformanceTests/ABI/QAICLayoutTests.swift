import CAccelShim
import Foundation
import Testing

/// The qaic and DRM structs as Swift sees them through the shim. The C side already has
/// _Static_asserts; these catch an importer or padding difference on the Swift side, with the
/// numbers taken from qaic-uapi.md §1.3 and accel-core.md §2.
@Suite struct QAICLayoutTests {
    struct Layout: Sendable, CustomTestStringConvertible {
        let name: String
        let size: Int
        let expectedSize: Int
        /// (field, offset Swift reports, offset the spec gives)
        let offsets: [Field]
        var testDescription: String { name }

        struct Field: Sendable {
            let name: String
            let actual: Int?
            let expected: Int
        }

        init<T>(_ type: T.Type, _ name: String, size expected: Int, _ offsets: [(String, PartialKeyPath<T>, Int)] = []) {
            self.name = name
            self.size = MemoryLayout<T>.size
            self.expectedSize = expected
            self.offsets = offsets.map { Field(name: $0.0, actual: MemoryLayout<T>.offset(of: $0.1), expected: $0.2) }
        }
    }

    static let layouts: [Layout] = [
        Layout(ac_qaic_manage_trans_hdr.self, "qaic_manage_trans_hdr", size: 8, [("type", \.type, 0), ("len", \.len, 4)]),
        Layout(ac_qaic_manage_trans_passthrough.self, "qaic_manage_trans_passthrough", size: 8, [("hdr", \.hdr, 0)]),
        Layout(ac_qaic_manage_trans_dma_xfer.self, "qaic_manage_trans_dma_xfer", size: 32,
               [("tag", \.tag, 8), ("pad", \.pad, 12), ("addr", \.addr, 16), ("size", \.size, 24)]),
        Layout(ac_qaic_manage_trans_activate_to_dev.self, "qaic_manage_trans_activate_to_dev", size: 24,
               [("queue_size", \.queue_size, 8), ("eventfd", \.eventfd, 12), ("options", \.options, 16), ("pad", \.pad, 20)]),
        Layout(ac_qaic_manage_trans_activate_from_dev.self, "qaic_manage_trans_activate_from_dev", size: 24,
               [("status", \.status, 8), ("dbc_id", \.dbc_id, 12), ("options", \.options, 16)]),
        Layout(ac_qaic_manage_trans_deactivate.self, "qaic_manage_trans_deactivate", size: 16,
               [("dbc_id", \.dbc_id, 8), ("pad", \.pad, 12)]),
        Layout(ac_qaic_manage_trans_status_to_dev.self, "qaic_manage_trans_status_to_dev", size: 8),
        Layout(ac_qaic_manage_trans_status_from_dev.self, "qaic_manage_trans_status_from_dev", size: 24,
               [("major", \.major, 8), ("minor", \.minor, 10), ("status", \.status, 12), ("status_flags", \.status_flags, 16)]),
        Layout(ac_qaic_manage_msg.self, "qaic_manage_msg", size: 16, [("len", \.len, 0), ("count", \.count, 4), ("data", \.data, 8)]),
        Layout(ac_qaic_create_bo.self, "qaic_create_bo", size: 16, [("size", \.size, 0), ("handle", \.handle, 8), ("pad", \.pad, 12)]),
        Layout(ac_qaic_mmap_bo.self, "qaic_mmap_bo", size: 16, [("handle", \.handle, 0), ("pad", \.pad, 4), ("offset", \.offset, 8)]),
        Layout(ac_qaic_sem.self, "qaic_sem", size: 8,
               [("val", \.val, 0), ("index", \.index, 2), ("presync", \.presync, 3), ("cmd", \.cmd, 4), ("flags", \.flags, 5), ("pad", \.pad, 6)]),
        Layout(ac_qaic_attach_slice_entry.self, "qaic_attach_slice_entry", size: 72,
               [("size", \.size, 0), ("sem0", \.sem0, 8), ("sem1", \.sem1, 16), ("sem2", \.sem2, 24), ("sem3", \.sem3, 32),
                ("dev_addr", \.dev_addr, 40), ("db_addr", \.db_addr, 48), ("db_data", \.db_data, 56), ("db_len", \.db_len, 60),
                ("offset", \.offset, 64)]),
        Layout(ac_qaic_attach_slice_hdr.self, "qaic_attach_slice_hdr", size: 24,
               [("count", \.count, 0), ("dbc_id", \.dbc_id, 4), ("handle", \.handle, 8), ("dir", \.dir, 12), ("size", \.size, 16)]),
        Layout(ac_qaic_attach_slice.self, "qaic_attach_slice", size: 32, [("hdr", \.hdr, 0), ("data", \.data, 24)]),
        Layout(ac_qaic_execute_entry.self, "qaic_execute_entry", size: 8, [("handle", \.handle, 0), ("dir", \.dir, 4)]),
        Layout(ac_qaic_partial_execute_entry.self, "qaic_partial_execute_entry", size: 16,
               [("handle", \.handle, 0), ("dir", \.dir, 4), ("resize", \.resize, 8)]),
        Layout(ac_qaic_execute_hdr.self, "qaic_execute_hdr", size: 8, [("count", \.count, 0), ("dbc_id", \.dbc_id, 4)]),
        Layout(ac_qaic_execute.self, "qaic_execute", size: 16, [("hdr", \.hdr, 0), ("data", \.data, 8)]),
        Layout(ac_qaic_wait.self, "qaic_wait", size: 16,
               [("handle", \.handle, 0), ("timeout", \.timeout, 4), ("dbc_id", \.dbc_id, 8), ("pad", \.pad, 12)]),
        Layout(ac_qaic_perf_stats_hdr.self, "qaic_perf_stats_hdr", size: 8, [("count", \.count, 0), ("pad", \.pad, 2), ("dbc_id", \.dbc_id, 4)]),
        Layout(ac_qaic_perf_stats.self, "qaic_perf_stats", size: 16, [("hdr", \.hdr, 0), ("data", \.data, 8)]),
        Layout(ac_qaic_perf_stats_entry.self, "qaic_perf_stats_entry", size: 24,
               [("handle", \.handle, 0), ("queue_level_before", \.queue_level_before, 4), ("num_queue_element", \.num_queue_element, 8),
                ("submit_latency_us", \.submit_latency_us, 12), ("device_latency_us", \.device_latency_us, 16), ("pad", \.pad, 20)]),
        Layout(ac_qaic_detach_slice.self, "qaic_detach_slice", size: 8, [("handle", \.handle, 0), ("pad", \.pad, 4)]),
        Layout(ac_drm_version.self, "drm_version", size: 64,
               [("name_len", \.name_len, 16), ("name", \.name, 24), ("date_len", \.date_len, 32), ("desc", \.desc, 56)]),
    ]

    @Test(arguments: layouts)
    func layoutMatchesSpec(_ layout: Layout) {
        #expect(layout.size == layout.expectedSize, "sizeof(\(layout.name))")
        for field in layout.offsets {
            #expect(field.actual == field.expected, "offsetof(\(layout.name), \(field.name))")
        }
    }

    /// Every qaic struct of qaic-uapi.md §1.3 is in the table above (24), plus drm_version.
    @Test func everySpecStructIsCovered() {
        #expect(Self.layouts.filter { $0.name.hasPrefix("qaic_") }.count == 24)
    }

    /// cmd values from qaic-uapi.md §1.1 and accel-core.md §5 (asm-generic _IOC).
    @Test func ioctlNumbersMatchSpec() {
        #expect(ac_qaic_ioctl_manage == 0xC010_6440)
        #expect(ac_qaic_ioctl_create_bo == 0xC010_6441)
        #expect(ac_qaic_ioctl_mmap_bo == 0xC010_6442)
        #expect(ac_qaic_ioctl_attach_slice_bo == 0x4020_6443)
        #expect(ac_qaic_ioctl_execute_bo == 0x4010_6444)
        #expect(ac_qaic_ioctl_partial_execute_bo == 0x4010_6445)
        #expect(ac_qaic_ioctl_wait_bo == 0x4010_6446)
        #expect(ac_qaic_ioctl_perf_stats_bo == 0xC010_6447)
        #expect(ac_qaic_ioctl_detach_slice_bo == 0x4008_6448)
        #expect(ac_drm_ioctl_version == 0xC040_6400)
    }
}

/// The build-time comparisons in CAccelShim: against libdrm's drm.h (always possible) and
/// against the kernel's <drm/qaic_accel.h> (only when the build machine has it).
@Suite struct ABIBuildChecks {
    @Test func libdrmComparisonWasCompiled() {
        #expect(ac_abi_libdrm_checked == 1)
    }

    /// The flag must tell the truth about the header the shim could see. /usr/include is where
    /// linux-libc-dev puts it; a build with -I elsewhere would also set the flag, which is fine.
    @Test func kernelHeaderFlagIsHonest() {
        let headerPresent = FileManager.default.fileExists(atPath: "/usr/include/drm/qaic_accel.h")
        if headerPresent {
            #expect(ac_abi_kernel_header_checked == 1, "the kernel header exists but the shim did not compare against it")
        }
        #expect(ac_abi_kernel_header_checked == 0 || ac_abi_kernel_header_checked == 1)
    }

    /// Reported as skipped (with the reason) when the kernel header was absent at build time:
    /// the comparison did not happen, so this must not show as a pass.
    @Test(.enabled(if: ac_abi_kernel_header_checked == 1,
                   "kernel <drm/qaic_accel.h> absent at build time: our qaic definitions were not compared against it"))
    func kernelHeaderComparison() {
        #expect(ac_abi_kernel_header_checked == 1)
    }
}
