/// The command codes of the Ethos-U command stream the 7.3 parser knows (ethosu-uapi.md §7.5),
/// by the names of `ethosu_device.h`. Codes with bit 14 set are 64-bit commands (§7.1).
enum EthosUCmd {
    static let stop: UInt16 = 0x0000
    static let conv: UInt16 = 0x0002
    static let depthwise: UInt16 = 0x0003
    static let pool: UInt16 = 0x0005
    static let elementwise: UInt16 = 0x0006
    static let resize: UInt16 = 0x0007
    static let dmaStart: UInt16 = 0x0010

    static let ifmPadTop: UInt16 = 0x100
    static let ifmPadLeft: UInt16 = 0x101
    static let ifmPadRight: UInt16 = 0x102
    static let ifmPadBottom: UInt16 = 0x103
    static let ifmDepthM1: UInt16 = 0x104
    static let ifmPrecision: UInt16 = 0x105
    static let ifmBroadcast: UInt16 = 0x108
    static let ifmWidth0M1: UInt16 = 0x10a
    static let ifmHeight0M1: UInt16 = 0x10b
    static let ifmHeight1M1: UInt16 = 0x10c
    static let ifmRegion: UInt16 = 0x10f
    static let ofmWidthM1: UInt16 = 0x111
    static let ofmHeightM1: UInt16 = 0x112
    static let ofmDepthM1: UInt16 = 0x113
    static let ofmPrecision: UInt16 = 0x114
    static let ofmRegion: UInt16 = 0x11f
    static let kernelWidthM1: UInt16 = 0x120
    static let kernelHeightM1: UInt16 = 0x121
    static let kernelStride: UInt16 = 0x122
    static let weightRegion: UInt16 = 0x128
    static let scaleRegion: UInt16 = 0x129
    static let dmaSrcRegion: UInt16 = 0x130
    static let dmaDstRegion: UInt16 = 0x131
    static let dmaSize0: UInt16 = 0x132
    static let dmaSize1: UInt16 = 0x133
    static let ifm2Broadcast: UInt16 = 0x180
    static let ifm2Precision: UInt16 = 0x185
    static let ifm2Region: UInt16 = 0x18f

    static let ifmBase0: UInt16 = 0x4000
    static let ifmBase1: UInt16 = 0x4001
    static let ifmBase2: UInt16 = 0x4002
    static let ifmStrideX: UInt16 = 0x4004
    static let ifmStrideY: UInt16 = 0x4005
    static let ifmStrideC: UInt16 = 0x4006
    static let ofmBase0: UInt16 = 0x4010
    static let ofmStrideX: UInt16 = 0x4014
    static let ofmStrideY: UInt16 = 0x4015
    static let ofmStrideC: UInt16 = 0x4016
    static let weightBase: UInt16 = 0x4020
    static let weightLength: UInt16 = 0x4021
    static let scaleBase: UInt16 = 0x4022
    static let scaleLength: UInt16 = 0x4023
    static let dmaSrc: UInt16 = 0x4030
    static let dmaDst: UInt16 = 0x4031
    static let dmaLen: UInt16 = 0x4032
    static let dmaSrcStride0: UInt16 = 0x4033
    static let dmaSrcStride1: UInt16 = 0x4034
    static let ifm2Base0: UInt16 = 0x4080
    static let ifm2StrideX: UInt16 = 0x4084
    static let ifm2StrideY: UInt16 = 0x4085
    static let ifm2StrideC: UInt16 = 0x4086

    /// One 32-bit command word: `cmd` in bits 15:0, `param` in bits 31:16 (§7.1).
    static func word(_ cmd: UInt16, _ param: UInt16 = 0) -> [UInt32] {
        [UInt32(param) << 16 | UInt32(cmd)]
    }

    /// A 64-bit command carrying a 40-bit address: bits 39:32 in word 0's param, 31:0 in word 1.
    static func address(_ cmd: UInt16, _ value: UInt64) -> [UInt32] {
        [UInt32((value >> 32) & 0xff) << 16 | UInt32(cmd), UInt32(truncatingIfNeeded: value)]
    }

    /// A 64-bit command whose payload word is a length (WEIGHT_LENGTH, SCALE_LENGTH).
    static func length(_ cmd: UInt16, _ value: UInt32) -> [UInt32] {
        [UInt32(cmd), value]
    }

    /// A signed 40-bit stride as the DMA stride commands carry it (§7.5: sign-extended from bit 39).
    static func stride40(_ cmd: UInt16, _ value: Int64) -> [UInt32] {
        address(cmd, UInt64(bitPattern: value) & 0xff_ffff_ffff)
    }
}
