import CAccelShim
import SystemPackage

/// The command-stream parser behind CMDSTREAM_BO_CREATE (ethosu-uapi.md §7): one row per
/// `return -E…` path of `ethosu_gem_cmdstream_copy_and_validate` and its helpers, each with the
/// valid stream next to it. Streams are the §7.13 reference with one step removed or changed.
enum EthosUCommandStreamTable {
    static let table = CaseTable(group: "ethosu.cmdstream", ioctl: "ETHOSU_CMDSTREAM_BO_CREATE",
                                 rows: encodingRows + convRows + otherOpRows + dmaRows + npuRows)

    typealias C = EthosUCmd
    typealias S = EthosUStreams

    enum NPU: Sendable { case any, u85, u65 }

    /// CMDSTREAM_BO_CREATE of `words` (as little-endian bytes; `extraBytes` appended) on a fresh fd.
    static func create(_ ctx: CaseContext, _ bytes: [UInt8], npu: NPU) throws {
        let file = try ctx.open()
        switch npu {
        case .any: break
        case .u85: try ctx.require(!(try ctx.ethosuIsU65(file)), "the rule is U85-only (ethosu-uapi.md §7.11) and this NPU is a U65")
        case .u65: try ctx.require(try ctx.ethosuIsU65(file), "the rule is U65-only (ethosu-uapi.md §7.11) and this NPU is a U85")
        }
        var args = EthosUStructs.cmdstream(size: UInt32(bytes.count), data: ctx.ethosuMemory(bytes))
        if try ctx.expectIoctl(file, EthosURequest.cmdstreamBOCreate, &args, "CMDSTREAM_BO_CREATE of \(bytes.count) bytes") {
            try ctx.assert(args.handle >= 1, "handle 0")
        }
    }

    static func row(_ name: String, _ stream: EthosUStream, extraBytes: [UInt8] = [], npu: NPU = .any, expect: Expected,
                    _ rationale: String, confidence: Confidence = .verified) -> EthosURow {
        let bytes = stream.bytes + extraBytes
        return EthosURow(name, expect: expect, rationale, confidence: confidence) { ctx in try create(ctx, bytes, npu: npu) }
    }

    static func words(_ words: [UInt32]...) -> EthosUStream {
        EthosUStream(words.enumerated().map { EthosUStream.step("w\($0.offset)", $0.element) }, terminated: false)
    }

    static let stop = C.word(C.stop)

    static let encodingRows: [EthosURow] = [
        row("stop_only", words(stop), expect: .success, "ethosu-uapi.md §7.2: a stream of one STOP word is valid → 0"),
        row("stop_with_param", words(C.word(C.stop, 0xFFFF)), expect: .success,
            "ethosu-uapi.md §7.1–7.2: cmd is bits 15:0; STOP with param 0xffff is still STOP → 0"),
        row("no_stop", words(C.word(0x0001)), expect: .EINVAL, "ethosu-uapi.md §7.2 rule 2: no STOP as the last word → EINVAL"),
        row("stop_not_last", words(stop, stop), expect: .EINVAL,
            "ethosu-uapi.md §7.2 rule 1: STOP at word 0 of 2 is not the last word → EINVAL"),
        row("stop_in_middle", words(C.word(0x0001), stop, C.word(0x0001), stop), expect: .EINVAL,
            "ethosu-uapi.md §7.2 rule 1: a STOP before the end → EINVAL even when the stream also ends with STOP"),
        row("size_3_no_word", EthosUStream([], terminated: false), extraBytes: [0, 0, 0], expect: .EINVAL,
            "ethosu-uapi.md §7.2 rule 2: 3 bytes hold no word, so no STOP → EINVAL"),
        row("trailing_bytes_ignored", words(stop), extraBytes: [0xFF, 0xFF], expect: .success,
            "ethosu-uapi.md §7.1: size 6 is one word plus 2 bytes nobody reads → 0", confidence: .derived),
        row("payload_zero_not_stop", words(C.address(C.ifmBase0, 0)), expect: .EINVAL,
            "ethosu-uapi.md §7.1: a 64-bit command's zero payload is not a STOP; no terminator → EINVAL"),
        row("payload_past_end", words(C.word(0x0001), stop, [UInt32(C.ifmBase0)]), expect: .EINVAL,
            "ethosu-uapi.md §7.1 rule 3 / §7.2: STOP not last, and the last word starts a 64-bit command → EINVAL"),
        row("truncated_64bit_command", words(C.word(0x0001), [UInt32(C.ifmBase0)]), expect: .EINVAL,
            "ethosu-uapi.md §7.1 rule 3: the stream ends inside a 64-bit command (payload readable beyond size) → EINVAL"),
        EthosURow("truncated_64bit_before_hole", expect: .EFAULT,
                  "ethosu-uapi.md §7.1 rule 2: the payload read beyond size faults before the length check → EFAULT",
                  confidence: .derived) { ctx in
            let file = try ctx.open()
            let bytes = words(C.word(0x0001), [UInt32(C.ifmBase0)]).bytes
            var args = EthosUStructs.cmdstream(size: UInt32(bytes.count), data: try ctx.ethosuMemoryBeforeHole(bytes))
            try ctx.expectIoctl(file, EthosURequest.cmdstreamBOCreate, &args, "CMDSTREAM_BO_CREATE ending at a PROT_NONE page")
        },
        row("unknown_32bit_ignored", words(C.word(0x0001, 0x1234), C.word(0x01FF), stop), expect: .success,
            "ethosu-uapi.md §7.3 rule 2: commands the parser does not name are ignored → 0"),
        row("unknown_64bit_ignored", words(C.address(0x4FFF, 0xFF_FFFF_FFFF), stop), expect: .success,
            "ethosu-uapi.md §7.3 rule 2: an unknown 64-bit command consumes its payload and is ignored → 0"),
        row("resize_rejected", words(C.word(C.resize), stop), expect: .EINVAL,
            "ethosu-uapi.md §7.3 rule 1: NPU_OP_RESIZE → EINVAL on every NPU"),
        row("registers_only", EthosUStream(S.conv().steps.dropLast()), expect: .success,
            "ethosu-uapi.md §7.3 rule 3: register commands without an operation validate nothing → 0"),
        row("op_without_setup_pool_mode4", words(C.word(C.ofmRegion, 1), C.word(C.ofmPrecision, 0x100),
                                                 C.address(C.ofmBase0, 0), C.word(C.pool, 4), stop), expect: .success,
            "ethosu-uapi.md §7.8: POOL param 4 uses no IFM and OFM precision bit 8 no scales; only the OFM must be set → 0"),
    ]

    static let convRows: [EthosURow] = [
        row("conv_reference", S.conv(), expect: .success, "ethosu-uapi.md §7.7 / §7.13: the reference CONV validates → 0"),
        row("depthwise_reference", S.conv(op: C.depthwise), expect: .success,
            "ethosu-uapi.md §7.7: DEPTHWISE follows the CONV rules; the reference validates → 0"),
        row("conv_stride_unset", S.conv().without("kernel_stride"), expect: .EINVAL,
            "ethosu-uapi.md §7.7 rule 1: KERNEL_STRIDE never set (U16_MAX) → EINVAL"),
        row("conv_pads_exceed_extent", S.conv().replacing("pad_top", C.word(C.ifmPadTop, 10)), expect: .EINVAL,
            "ethosu-uapi.md §7.7 rule 2: ifm_height = 7 + 0 − 10 < 0 → EINVAL"),
        row("conv_pads_unset", S.conv().replacing("ofm_height", C.word(C.ofmHeightM1, 0))
                .without("pad_top", "pad_bottom"), expect: .EINVAL,
            "ethosu-uapi.md §7.4 / §7.7 rule 2: unset pads are 0xff each; 0 + 0 − 510 < 0 → EINVAL"),
        row("conv_pads_equal_height", S.conv().replacing("pad_top", C.word(C.ifmPadTop, 7)), expect: .success,
            "ethosu-uapi.md §7.7 rule 2: ifm_height = 7 + 0 − 7 = 0 is not negative → 0"),
        row("conv_pads_equal_width", S.conv().replacing("pad_left", C.word(C.ifmPadLeft, 7)), expect: .success,
            "ethosu-uapi.md §7.7 rule 2: ifm_width = 7 + 0 − 7 = 0 is not negative → 0"),
        row("conv_pad_masked", S.conv().replacing("pad_top", C.word(C.ifmPadTop, 0x80)), expect: .success,
            "ethosu-uapi.md §7.5: PAD_TOP keeps param & 0x7f; 0x80 is pad 0 → 0"),
        row("conv_ifm_region_unset", S.conv().without("ifm_region"), expect: .EINVAL,
            "ethosu-uapi.md §7.6 rule 1 / §7.7 rule 3: IFM region −1 → EINVAL"),
        row("conv_ifm_base_unset", S.conv().without("ifm_base0"), expect: .EINVAL,
            "ethosu-uapi.md §7.6 rule 4 / §7.7 rule 3: IFM BASE0 never set → EINVAL"),
        row("conv_ifm_tile1_base_unset", S.conv().adding("ifm_width0", C.word(C.ifmWidth0M1, 3)), expect: .EINVAL,
            "ethosu-uapi.md §7.6 rules 3–4: x 7 ≥ WIDTH0+1 = 4 selects tile 1, whose BASE1 is unset → EINVAL"),
        row("conv_ifm_tile1_base_set", S.conv().adding("ifm_width0", C.word(C.ifmWidth0M1, 3))
                .adding("ifm_base1", C.address(C.ifmBase1, 0)), expect: .success,
            "ethosu-uapi.md §7.6 rules 3–4: tile 1 with BASE1 set → 0"),
        row("conv_region_masked", S.conv().replacing("ifm_region", C.word(C.ifmRegion, 0xFFF8)), expect: .success,
            "ethosu-uapi.md §7.5: REGION keeps param & 7; 0xfff8 is region 0 → 0"),
        row("conv_ofm_region_unset", S.conv().without("ofm_region"), expect: .EINVAL,
            "ethosu-uapi.md §7.6 rule 1 / §7.7 rule 7: OFM region −1 → EINVAL"),
        row("conv_ofm_base_unset", S.conv().without("ofm_base0"), expect: .EINVAL,
            "ethosu-uapi.md §7.6 rule 4 / §7.7 rule 7: OFM BASE0 never set → EINVAL"),
        row("conv_weight_region_unset", S.conv().without("weight_region"), expect: .EINVAL,
            "ethosu-uapi.md §7.7 rule 5: weight region −1 → EINVAL"),
        row("conv_weights_in_region_0", S.conv().replacing("weight_region", C.word(C.weightRegion, 0)), expect: .success,
            "ethosu-uapi.md §7.7 rule 5: only region −1 is refused; weights in region 0 (with the IFM) → 0"),
        row("conv_weight_base_unset", S.conv().without("weight_base"), expect: .EINVAL,
            "ethosu-uapi.md §7.7 rule 5: WEIGHT_BASE never set → EINVAL"),
        row("conv_weight_length_unset", S.conv().without("weight_length"), expect: .EINVAL,
            "ethosu-uapi.md §7.7 rule 5: WEIGHT_LENGTH never set (U32_MAX) → EINVAL"),
        row("conv_scale_region_unset", S.conv().without("scale_region"), expect: .EINVAL,
            "ethosu-uapi.md §7.7 rule 6: scales used (OFM precision bit 8 clear), region −1 → EINVAL"),
        row("conv_scales_in_region_0", S.conv().replacing("scale_region", C.word(C.scaleRegion, 0)), expect: .success,
            "ethosu-uapi.md §7.7 rule 6: only region −1 is refused; scales in region 0 (with the IFM) → 0"),
        row("conv_scale_base_unset", S.conv().without("scale_base"), expect: .EINVAL,
            "ethosu-uapi.md §7.7 rule 6: SCALE_BASE never set → EINVAL"),
        row("conv_scale_length_unset", S.conv().without("scale_length"), expect: .EINVAL,
            "ethosu-uapi.md §7.7 rule 6: SCALE_LENGTH never set → EINVAL"),
        row("conv_no_scales_precision_bit8", S.conv().without("scale_region", "scale_base", "scale_length")
                .replacing("ofm_precision", C.word(C.ofmPrecision, 0x100)), expect: .success,
            "ethosu-uapi.md §7.7: OFM precision bit 8 set → scales not used, none set → 0"),
        row("conv_weights_from_ifm2", S.conv(param: 1).without("weight_region", "weight_base", "weight_length")
                .adding("ifm2", S.ifm2.flatMap(\.words)), expect: .success,
            "ethosu-uapi.md §7.7 rule 4: param bit 0 takes weights from IFM2; IFM2 set, weights unset → 0"),
        row("conv_weights_from_ifm2_unset", S.conv(param: 1), expect: .EINVAL,
            "ethosu-uapi.md §7.7 rule 4: param bit 0 with IFM2 never set up (region −1) → EINVAL"),
        row("depthwise_weight_base_unset", S.conv(op: C.depthwise).without("weight_base"), expect: .EINVAL,
            "ethosu-uapi.md §7.7 rule 5: DEPTHWISE needs weights like CONV → EINVAL"),
        row("conv_ofm_format_3", S.conv().replacing("ofm_precision", C.word(C.ofmPrecision, 0xC0)), expect: .success,
            "ethosu-uapi.md §7.6 rule 5: formats 2–3 add nothing to the address but are accepted → 0", confidence: .derived),
    ]

    static let otherOpRows: [EthosURow] = [
        row("pool_reference", S.pool(), expect: .success, "ethosu-uapi.md §7.8: POOL with IFM, OFM and scales → 0"),
        row("pool_ifm_unset", S.pool().without("ifm_region"), expect: .EINVAL, "ethosu-uapi.md §7.8: POOL param 0 uses the IFM; region −1 → EINVAL"),
        row("pool_mode4_ifm_unset", S.pool(param: 4).without("ifm_region", "ifm_base0"), expect: .success,
            "ethosu-uapi.md §7.8: POOL param 4 uses no IFM → 0 without one"),
        row("pool_needs_no_weights", S.pool().adding("weight_region", C.word(C.weightRegion, 3)), expect: .success,
            "ethosu-uapi.md §7.8: POOL never checks weights; a region without base/length is fine → 0"),
        row("pool_stride_unset", S.pool().without("kernel_stride"), expect: .EINVAL,
            "ethosu-uapi.md §7.8 / §7.7 rule 1: POOL with an IFM needs KERNEL_STRIDE → EINVAL"),
        row("elementwise_reference", S.elementwise(), expect: .success,
            "ethosu-uapi.md §7.9: binary ELEMENTWISE with IFM, IFM2 and OFM → 0"),
        row("elementwise_ifm2_unset", S.elementwise().without("ifm2_region"), expect: .EINVAL,
            "ethosu-uapi.md §7.9 rule 3: a binary operation uses IFM2; region −1 → EINVAL"),
        row("elementwise_ifm_unset", S.elementwise().without("ifm_base0"), expect: .EINVAL,
            "ethosu-uapi.md §7.9 rule 2: IFM broadcast ≠ 8 uses the IFM; BASE0 unset → EINVAL"),
        row("elementwise_ofm_unset", S.elementwise().without("ofm_base0"), expect: .EINVAL,
            "ethosu-uapi.md §7.9 rule 4 / §7.6 rule 4: the OFM's BASE0 never set → EINVAL"),
        row("elementwise_unary_no_ifm2", S.elementwise(param: 5).without("ifm2_region", "ifm2_base0"), expect: .success,
            "ethosu-uapi.md §7.9 rule 1: param 5 is unary; IFM2 unused → 0 without one"),
        row("elementwise_unary_0x24", S.elementwise(param: 0x24).without("ifm2_region"), expect: .success,
            "ethosu-uapi.md §7.9 rule 1: param 0x24 is in the unary list → 0 without IFM2"),
        row("elementwise_ifm_scalar", S.elementwise().replacing("ifm_broadcast", C.word(C.ifmBroadcast, 8))
                .without("ifm_region", "ifm_base0"), expect: .success,
            "ethosu-uapi.md §7.9 rule 1: IFM broadcast 8 (scalar) → IFM unused → 0 without one"),
        row("elementwise_broadcast_shrinks", S.elementwise().replacing("ifm2_broadcast", C.word(C.ifm2Broadcast, 0x7))
                .replacing("ifm2_base0", C.address(C.ifm2Base0, 0xFFFF_FFFF)), expect: .success,
            "ethosu-uapi.md §7.9 rule 3: broadcast bits 0–2 zero every dimension; only base + 1 counts → 0"),
        row("elementwise_ignores_scales", S.elementwise().adding("scale_region", C.word(C.scaleRegion, 4)), expect: .success,
            "ethosu-uapi.md §7.9 rule 4: ELEMENTWISE never checks scales or weights → 0"),
    ]

    static let dmaRows: [EthosURow] = [
        row("dma_reference", S.dma(), expect: .success, "ethosu-uapi.md §7.10: 256 bytes region 0 → region 1 → 0"),
        row("dma_len_unset", S.dma().without("dma_len"), expect: .EINVAL, "ethosu-uapi.md §7.10 rule 1: LEN never set → EINVAL"),
        row("dma_len_only", words(C.address(C.dmaLen, 64), C.word(C.dmaStart), stop), expect: .success,
            "ethosu-uapi.md §7.10 rule 4: regions never set are −1 and use no region → 0", confidence: .derived),
        row("dma_src_offset_unset", S.dma().without("dma_src"), expect: .EINVAL,
            "ethosu-uapi.md §7.10 rule 4: region 0 with offset U64_MAX: offset + length overflows → EINVAL"),
        row("dma_src_not_region", S.dma(srcParam: 0x100).without("dma_src"), expect: .success,
            "ethosu-uapi.md §7.10 rule 4: SRC_REGION param bit 8 → region −1, no offset needed → 0"),
        row("dma_mode1", S.dma(length: 16, srcParam: 1 << 9).adding("size0", C.word(C.dmaSize0, 4))
                .adding("stride0", C.stride40(C.dmaSrcStride0, 16)).adding("dst_stride0", C.stride40(0x4035, 16)), expect: .success,
            "ethosu-uapi.md §7.10 rule 2: mode 1: (16 + 16) · 4 = 128 bytes per side → 0"),
        row("dma_mode1_negative_stride", S.dma(length: 1, srcParam: 1 << 9).adding("size0", C.word(C.dmaSize0, 4))
                .adding("stride0", C.stride40(C.dmaSrcStride0, -2)).adding("dst_stride0", C.stride40(0x4035, 0)), expect: .EINVAL,
            "ethosu-uapi.md §7.10 rule 2: a negative stride0 (−2) larger than the length (1) → EINVAL"),
        row("dma_mode1_stride_unset", S.dma(length: 0, srcParam: 1 << 9).adding("size0", C.word(C.dmaSize0, 4)), expect: .EINVAL,
            "ethosu-uapi.md §7.4 / §7.10 rule 2: unset strides are −1, more than length 0 → EINVAL"),
        row("dma_mode2_overflow", S.dma(length: 0xFF_FFFF_FFFF, srcParam: 2 << 9)
                .adding("size0", C.word(C.dmaSize0, 0xFFFF)).adding("size1", C.word(C.dmaSize1, 0xFFFF))
                .adding("strides", C.stride40(C.dmaSrcStride0, 0) + C.stride40(C.dmaSrcStride1, 0)
                        + C.stride40(0x4035, 0) + C.stride40(0x4036, 0)), expect: .EINVAL,
            "ethosu-uapi.md §7.10 rule 3: (2^40−1) · 65535 · 65535 overflows 64 bits → EINVAL"),
    ]

    static let npuRows: [EthosURow] = [
        row("u85_ofm_chained_needs_no_base", S.conv().without("ofm_base0")
                .replacing("ofm_precision", C.word(C.ofmPrecision, 0x8000)), npu: .u85, expect: .success,
            "ethosu-uapi.md §7.6 rule 2 / §7.11: on U85 storage 2 (chained) OFM has no extent, no base needed → 0"),
        row("u85_chained_still_needs_region", S.conv().without("ofm_base0", "ofm_region")
                .replacing("ofm_precision", C.word(C.ofmPrecision, 0x8000)), npu: .u85, expect: .EINVAL,
            "ethosu-uapi.md §7.6 rule 1 before rule 2: a chained OFM with region −1 → EINVAL"),
        row("u85_ifm_storage_3", S.conv().replacing("ifm_precision", C.word(C.ifmPrecision, 0xC000)), npu: .u85, expect: .EINVAL,
            "ethosu-uapi.md §7.6 rule 3 / §7.11: U85 storage 3 is no layout → EINVAL"),
        row("u85_ifm_storage_1", S.conv().replacing("ifm_precision", C.word(C.ifmPrecision, 0x4000)), npu: .u85, expect: .success,
            "ethosu-uapi.md §7.6 rule 3: U85 storage 1 tiles by height; y 7 < HEIGHT0+1 (unset 0xffff) → tile 0 → 0"),
        row("u85_elementwise_scalar_ifm2", S.elementwise().replacing("ifm2_broadcast", C.word(C.ifm2Broadcast, 8))
                .without("ifm2_region"), npu: .u85, expect: .success,
            "ethosu-uapi.md §7.9 rule 1: on U85 IFM2 broadcast 8 is a scalar; IFM2 unused → 0 without one"),
        row("u65_ofm_storage_ignored", S.conv().without("ofm_base0")
                .replacing("ofm_precision", C.word(C.ofmPrecision, 0x8000)), npu: .u65, expect: .EINVAL,
            "ethosu-uapi.md §7.11: U65 ignores storage bits; the OFM needs its base → EINVAL"),
    ]
}
