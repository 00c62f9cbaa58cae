import CAccelShim
import SystemPackage

/// DRM_IOCTL_QAIC_CREATE_BO (qaic-uapi.md §2.1, §3.1–3.4).
enum QAICCreateBOTable {
    static let table = CaseTable(group: "qaic.create_bo", ioctl: "QAIC_CREATE_BO",
                                 rows: sizeRows + padRows + outputRows + callerSizeRows)

    /// CREATE_BO with `args` on a fresh fd; on success the handle must be a real one.
    private static func create(_ ctx: CaseContext, _ args: ac_qaic_create_bo, _ what: String) throws {
        let file = try ctx.open()
        var args = args
        if try ctx.expectIoctl(file, QAICRequest.createBO, &args, "CREATE_BO \(what)") {
            try ctx.assert(args.handle >= 1, "CREATE_BO returned handle 0 (§2.1: handles start at 1)")
        }
    }

    private static func row(_ name: String, size: UInt64, pad: UInt32 = 0, expect: Expected, _ rationale: String,
                            confidence: Confidence = .verified) -> CaseTable.Row {
        .init(name, expect: expect, rationale, confidence: confidence) { ctx in
            try create(ctx, QAICStructs.createBO(size: size, pad: pad), "size=\(size) pad=\(pad)")
        }
    }

    static let sizeRows: [CaseTable.Row] = [
        row("size_one", size: 1, expect: .success, "§2.1 rule 2 / §3.1: size 1 rounds up to one page → 0"),
        row("size_page", size: 4096, expect: .success, "§2.1: size 4096 is one page → 0, handle ≥ 1"),
        row("size_page_plus_one", size: 4097, expect: .success, "§3.1: size rounds up to two pages → 0"),
        row("size_64k", size: 65536, expect: .success, "§2.1: a 64 KiB BO is an ordinary allocation → 0"),
        row("size_1m", size: 1 << 20, expect: .success, "§2.1: a 1 MiB BO is an ordinary allocation → 0"),
        row("size_odd", size: 12345, expect: .success, "§3.1: any size is rounded up to the page size → 0"),
        row("size_zero", size: 0, expect: .EINVAL, "§2.1 rule 2: S = 0 → EINVAL"),
        row("size_max", size: UInt64.max, expect: .EINVAL,
            "§2.1 rule 2: size 2^64−1 rounds up past 2^64, S wraps to 0 → EINVAL"),
        row("size_wraps_just", size: UInt64.max - 4095 + 1, expect: .EINVAL,
            "§2.1 rule 2: size 2^64−4095 (above 2^64 − PAGE_SIZE on 4 KiB pages) wraps to S = 0 → EINVAL"),
    ]

    static let padRows: [CaseTable.Row] = [
        row("pad_one", size: 4096, pad: 1, expect: .EINVAL, "§2.1 rule 1: pad ≠ 0 → EINVAL"),
        row("pad_high_bit", size: 4096, pad: 0x8000_0000, expect: .EINVAL, "§2.1 rule 1: pad ≠ 0 (bit 31) → EINVAL"),
        row("pad_all_ones", size: 4096, pad: UInt32.max, expect: .EINVAL,
            "§1.4 left column: qaic_create_bo.pad is validated → EINVAL"),
        row("pad_and_size_zero", size: 0, pad: 1, expect: .EINVAL,
            "§2.1 rules 1–2: pad is checked first; both faults → EINVAL"),
        row("pad_and_size_max", size: UInt64.max, pad: 7, expect: .EINVAL,
            "§2.1 rule 1 precedes rule 2: pad ≠ 0 with a wrapping size → EINVAL"),
    ]

    static let outputRows: [CaseTable.Row] = [
        .init("handle_input_ignored", expect: .success,
              "§1.3: qaic_create_bo.handle is output only; garbage input → 0, real handle out") { ctx in
            let file = try ctx.open()
            var args = QAICStructs.createBO(size: 4096, handle: 0xDEAD_BEEF)
            if try ctx.expectIoctl(file, QAICRequest.createBO, &args, "CREATE_BO handle=0xdeadbeef in") {
                try ctx.assert(args.handle >= 1 && args.handle != 0xDEAD_BEEF,
                               "handle \(args.handle) is the input echoed back")
            }
        },
        .init("first_handle_is_one", expect: .success,
              "§2.1 output: handles are allocated per file starting at 1") { ctx in
            let file = try ctx.open()
            var args = QAICStructs.createBO(size: 4096)
            if try ctx.expectIoctl(file, QAICRequest.createBO, &args, "first CREATE_BO on a fresh fd") {
                try ctx.assertEqual(args.handle, 1, "first handle")
            }
        },
        .init("handles_distinct", expect: .success,
              "§2.1 output: every CREATE_BO on one fd yields a new handle ≥ 1") { ctx in
            let file = try ctx.open()
            var seen: Set<UInt32> = []
            for index in 0..<8 {
                var args = QAICStructs.createBO(size: 4096)
                guard try ctx.expectIoctl(file, QAICRequest.createBO, &args, "CREATE_BO #\(index)") else { return }
                try ctx.assert(args.handle >= 1 && seen.insert(args.handle).inserted,
                               "handle \(args.handle) repeated or 0")
            }
        },
        .init("handles_per_file", expect: .success, "§3.4: numbering starts at 1 in every file") { ctx in
            let first = try ctx.open()
            _ = try ctx.qaicBO(first)
            let second = try ctx.open()
            var args = QAICStructs.createBO(size: 4096)
            if try ctx.expectIoctl(second, QAICRequest.createBO, &args, "CREATE_BO on a second fd") {
                try ctx.assertEqual(args.handle, 1, "first handle on the second fd")
            }
        },
        .init("size_not_rewritten", expect: .success,
              "§1.1 IOWR copy-back / §3.1: no ioctl reports the rounded size; size 5000 stays 5000, pad "
              + "stays 0") { ctx in
            let file = try ctx.open()
            var args = QAICStructs.createBO(size: 5000)
            if try ctx.expectIoctl(file, QAICRequest.createBO, &args, "CREATE_BO size=5000") {
                try ctx.assertEqual(args.size, 5000, "size after copy-back")
                try ctx.assertEqual(args.pad, 0, "pad after copy-back")
            }
        },
        .init("reads_zero", expect: .success, "§3.2: a new BO reads as all zeros (full-size mapping, §3.3)") { ctx in
            try zeroFill(ctx, size: 4096)
        },
        .init("reads_zero_64k", expect: .success,
              "§3.2 / §2.1 rule 5: pages are allocated zeroed; 64 KiB BO reads as zeros") { ctx in
            try zeroFill(ctx, size: 65536)
        },
        .init("reads_zero_after_reuse", expect: .success,
              "§3.2: a BO created after another was written and closed still reads zeros") { ctx in
            let file = try ctx.open()
            let old = try ctx.qaicBO(file, size: 8192)
            let mapping = try ctx.qaicMap(file, offset: try ctx.qaicOffset(file, handle: old), length: 8192)
            mapping.initializeMemory(as: UInt8.self, repeating: 0xA5, count: 8192)
            try zeroFill(ctx, size: 8192, on: file)
        },
        .init("handle_reused_after_close", expect: .success,
              "§3.4 / §2.1 rule 7: after GEM_CLOSE a new CREATE_BO still returns a valid handle ≥ 1") { ctx in
            let file = try ctx.open()
            let handle = try ctx.qaicBO(file)
            try ctx.qaicGEMClose(file, handle: handle)
            var args = QAICStructs.createBO(size: 4096)
            if try ctx.expectIoctl(file, QAICRequest.createBO, &args, "CREATE_BO after GEM_CLOSE") {
                try ctx.assert(args.handle >= 1, "handle 0 after GEM_CLOSE")
            }
        },
    ]

    /// Creates a BO of `size` (checked against the row), maps it whole and checks it reads zeros.
    private static func zeroFill(_ ctx: CaseContext, size: UInt64, on existing: (any DeviceFile)? = nil) throws {
        let file = try existing ?? ctx.open()
        var args = QAICStructs.createBO(size: size)
        guard try ctx.expectIoctl(file, QAICRequest.createBO, &args, "CREATE_BO size=\(size)") else { return }
        let mapping = try ctx.qaicMap(file, offset: try ctx.qaicOffset(file, handle: args.handle), length: Int(size))
        let bytes = UnsafeRawBufferPointer(start: mapping, count: Int(size))
        if let index = bytes.firstIndex(where: { $0 != 0 }) {
            try ctx.assert(false,
                           "byte \(index) of a new \(size)-byte BO is 0x\(String(bytes[index], radix: 16)), not 0 "
                           + "(§3.2)")
        }
    }

    static let callerSizeRows: [CaseTable.Row] = [
        .init("cmd_size_8_pad_not_copied", expect: .success,
              "§1.1: a caller cmd of 8 bytes copies only size; the missing tail (handle, pad) is "
              + "zero-filled, so pad=1 in memory is unseen → 0") { ctx in
            let file = try ctx.open()
            var args = QAICStructs.createBO(size: 4096, pad: 1)
            try ctx.expectIoctl(file, QAICRequest.createBO.withSize(8), &args, "CREATE_BO with an 8-byte cmd")
        },
        .init("cmd_size_32_extra_ignored", expect: .success,
              "§1.1: a caller cmd of 32 bytes: the 16 extra bytes are ignored by the handler → 0") { ctx in
            let file = try ctx.open()
            var args = (QAICStructs.createBO(size: 4096), UInt64(0xFFFF_FFFF_FFFF_FFFF), UInt64(0xFFFF_FFFF_FFFF_FFFF))
            if try ctx.expectIoctl(file, QAICRequest.createBO.withSize(32), &args, "CREATE_BO with a 32-byte cmd") {
                try ctx.assert(args.0.handle >= 1, "handle 0")
                try ctx.assertEqual(args.1, UInt64.max, "extra bytes after copy-back")
            }
        },
    ]
}
