/// A command stream as a list of named steps, so a row reads as "the reference stream without
/// the weight base" or "with pad_top 1" (ethosu-uapi.md §7.13). STOP is not a step: `words`
/// appends it unless the row asks for a stream without terminator.
struct EthosUStream: Sendable {
    struct Step: Sendable {
        let key: String
        let words: [UInt32]
    }

    var steps: [Step]
    var terminated = true

    init(_ steps: [Step], terminated: Bool = true) {
        self.steps = steps
        self.terminated = terminated
    }

    static func step(_ key: String, _ words: [UInt32]) -> Step { Step(key: key, words: words) }

    var words: [UInt32] { steps.flatMap(\.words) + (terminated ? EthosUCmd.word(EthosUCmd.stop) : []) }

    var bytes: [UInt8] { words.flatMap { withUnsafeBytes(of: $0.littleEndian, Array.init) } }

    func without(_ keys: String...) -> EthosUStream {
        precondition(keys.allSatisfy { key in steps.contains { $0.key == key } }, "unknown step in \(keys)")
        return EthosUStream(steps.filter { !keys.contains($0.key) }, terminated: terminated)
    }

    /// The step `key` replaced by `words` (kept in place, so the order of the stream is unchanged).
    func replacing(_ key: String, _ words: [UInt32]) -> EthosUStream {
        precondition(steps.contains { $0.key == key }, "unknown step \(key)")
        return EthosUStream(steps.map { $0.key == key ? Step(key: key, words: words) : $0 }, terminated: terminated)
    }

    /// `words` inserted before the operation (the last step), or at the end when `beforeOp` is false.
    func adding(_ key: String, _ words: [UInt32], beforeOp: Bool = true) -> EthosUStream {
        var copy = steps
        copy.insert(Step(key: key, words: words), at: beforeOp && !copy.isEmpty ? copy.count - 1 : copy.count)
        return EthosUStream(copy, terminated: terminated)
    }

    func unterminated() -> EthosUStream { EthosUStream(steps, terminated: false) }
}

/// The reference streams of the tables (ethosu-uapi.md §7.13). Regions: 0 IFM, 1 OFM (written),
/// 3 weights, 4 scales, 5 IFM2. Every extent is ≤ 1024 bytes past its base, so one-page BOs fit.
enum EthosUStreams {
    typealias C = EthosUCmd
    private static func s(_ key: String, _ words: [UInt32]) -> EthosUStream.Step { EthosUStream.step(key, words) }

    /// Bytes a reference feature map occupies past its base: 7·128 + 7·16 + 15 + 1 (§7.13).
    static let featureMapExtent: UInt64 = 1024
    static let weightLength: UInt32 = 256
    static let scaleLength: UInt32 = 160

    static func ifm(base: UInt64 = 0) -> [EthosUStream.Step] {
        [s("ifm_region", C.word(C.ifmRegion, 0)), s("ifm_precision", C.word(C.ifmPrecision, 0)),
         s("ifm_depth", C.word(C.ifmDepthM1, 15)), s("ifm_broadcast", C.word(C.ifmBroadcast, 0)),
         s("ifm_base0", C.address(C.ifmBase0, base)), s("ifm_stride_x", C.address(C.ifmStrideX, 16)),
         s("ifm_stride_y", C.address(C.ifmStrideY, 128)), s("ifm_stride_c", C.address(C.ifmStrideC, 1))]
    }

    static let kernel: [EthosUStream.Step] = [
        s("kernel_stride", C.word(C.kernelStride, 0)), s("kernel_width", C.word(C.kernelWidthM1, 0)),
        s("kernel_height", C.word(C.kernelHeightM1, 0)), s("pad_top", C.word(C.ifmPadTop, 0)),
        s("pad_left", C.word(C.ifmPadLeft, 0)), s("pad_right", C.word(C.ifmPadRight, 0)),
        s("pad_bottom", C.word(C.ifmPadBottom, 0)),
    ]

    static func ofm(precision: UInt16 = 0) -> [EthosUStream.Step] {
        [s("ofm_region", C.word(C.ofmRegion, 1)), s("ofm_precision", C.word(C.ofmPrecision, precision)),
         s("ofm_width", C.word(C.ofmWidthM1, 7)), s("ofm_height", C.word(C.ofmHeightM1, 7)),
         s("ofm_depth", C.word(C.ofmDepthM1, 15)), s("ofm_base0", C.address(C.ofmBase0, 0)),
         s("ofm_stride_x", C.address(C.ofmStrideX, 16)), s("ofm_stride_y", C.address(C.ofmStrideY, 128)),
         s("ofm_stride_c", C.address(C.ofmStrideC, 1))]
    }

    static let weights: [EthosUStream.Step] = [
        s("weight_region", C.word(C.weightRegion, 3)), s("weight_base", C.address(C.weightBase, 0)),
        s("weight_length", C.length(C.weightLength, weightLength)),
    ]

    static let scales: [EthosUStream.Step] = [
        s("scale_region", C.word(C.scaleRegion, 4)), s("scale_base", C.address(C.scaleBase, 0)),
        s("scale_length", C.length(C.scaleLength, scaleLength)),
    ]

    static let ifm2: [EthosUStream.Step] = [
        s("ifm2_region", C.word(C.ifm2Region, 5)), s("ifm2_precision", C.word(C.ifm2Precision, 0)),
        s("ifm2_broadcast", C.word(C.ifm2Broadcast, 0)), s("ifm2_base0", C.address(C.ifm2Base0, 0)),
        s("ifm2_stride_x", C.address(C.ifm2StrideX, 16)), s("ifm2_stride_y", C.address(C.ifm2StrideY, 128)),
        s("ifm2_stride_c", C.address(C.ifm2StrideC, 1)),
    ]

    /// CONV with IFM (region 0, at `ifmBase`), OFM (region 1), weights (3) and scales (4).
    static func conv(ifmBase: UInt64 = 0, op: UInt16 = EthosUCmd.conv, param: UInt16 = 0) -> EthosUStream {
        EthosUStream(kernel + ifm(base: ifmBase) + ofm() + weights + scales + [s("op", C.word(op, param))])
    }

    /// POOL (param 0: IFM used) with IFM, OFM and scales.
    static func pool(param: UInt16 = 0) -> EthosUStream {
        EthosUStream(kernel + ifm() + ofm() + scales + [s("op", C.word(C.pool, param))])
    }

    /// ELEMENTWISE (param 0: binary) with IFM, IFM2 (region 5) and OFM.
    static func elementwise(param: UInt16 = 0) -> EthosUStream {
        EthosUStream(ifm() + ifm2 + ofm() + [s("op", C.word(C.elementwise, param))])
    }

    /// DMA of `length` bytes from region 0 to region 1 (mode 0).
    static func dma(length: UInt64 = 256, srcParam: UInt16 = 0) -> EthosUStream {
        EthosUStream([s("dma_src_region", C.word(C.dmaSrcRegion, srcParam)), s("dma_dst_region", C.word(C.dmaDstRegion, 1)),
                      s("dma_src", C.address(C.dmaSrc, 0)), s("dma_dst", C.address(C.dmaDst, 0)),
                      s("dma_len", C.address(C.dmaLen, length)), s("op", C.word(C.dmaStart))])
    }

    /// Regions a reference stream uses, with the bytes each needs (§7.13).
    static func convRegions(ifmBase: UInt64 = 0) -> [Int: UInt64] {
        [0: ifmBase + featureMapExtent, 1: featureMapExtent, 3: UInt64(weightLength), 4: UInt64(scaleLength)]
    }
}
