import Testing
@testable import AccelConformance

/// The command-stream builder writes what ethosu-uapi.md §7.1 says the parser reads.
@Suite struct EthosUStreamTests {
    @Test func wordEncoding() {
        #expect(EthosUCmd.word(EthosUCmd.ifmRegion, 3) == [0x0003_010F])
        #expect(EthosUCmd.address(EthosUCmd.ifmBase0, 0x12_3456_789A) == [0x0012_4000, 0x3456_789A])
        #expect(EthosUCmd.length(EthosUCmd.weightLength, 256) == [0x4021, 256])
        #expect(EthosUCmd.stride40(EthosUCmd.dmaSrcStride0, -2) == [0x00FF_4033, 0xFFFF_FFFE])
    }

    @Test func streamsEndWithOneStop() {
        let conv = EthosUStreams.conv().words
        #expect(conv.last == 0)
        // Walk commands as §7.1 does: a 64-bit command's payload is skipped, so only real commands count.
        var index = 0
        var stops: [Int] = []
        while index < conv.count {
            let cmd = conv[index] & 0xFFFF
            if cmd == 0 { stops.append(index) }
            index += cmd & 0x4000 != 0 ? 2 : 1
        }
        #expect(stops == [conv.count - 1], "STOP commands at \(stops) in a stream of \(conv.count) words")
        #expect(EthosUStream([]).bytes == [0, 0, 0, 0])
        #expect(EthosUStreams.conv().unterminated().words.last == EthosUCmd.word(EthosUCmd.conv)[0])
    }

    @Test func withoutAndReplacingKeepOrder() {
        let base = EthosUStreams.conv()
        let dropped = base.without("weight_base")
        #expect(dropped.words.count == base.words.count - 2)
        let changed = base.replacing("pad_top", EthosUCmd.word(EthosUCmd.ifmPadTop, 10))
        #expect(changed.steps.map(\.key) == base.steps.map(\.key))
        let added = base.adding("x", [0x1])
        #expect(added.steps[added.steps.count - 2].key == "x" && added.steps.last?.key == "op")
    }

    @Test func referenceRegionsMatchTheWorkedExample() {
        // ethosu-uapi.md §7.13: b + 7·128 + 7·16 + 15 + 1 for the IFM, 1024 for the OFM.
        #expect(EthosUStreams.convRegions(ifmBase: 100) == [0: 1124, 1: 1024, 3: 256, 4: 160])
    }
}
