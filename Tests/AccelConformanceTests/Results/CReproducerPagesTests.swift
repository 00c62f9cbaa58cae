import AccelConformance
import CAccelShim
import Foundation
import Glibc
import Testing

/// Trace provenance `pages`: user addresses stored inside a message (qaic MANAGE DMA_XFER
/// `addr`), recorded with how their pages were mapped, and rebuilt by the C reproducer.
@Suite("C reproducer: addresses inside a message")
struct CReproducerPagesTests {
    private static let manage = "0xC0106440"
    private static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// The bytes of one MANAGE message holding a DMA_XFER of `size` bytes at `addr`.
    private static func dmaXfer(addr: UInt64, size: UInt64) -> String {
        var bytes: [UInt8] = []
        for word: UInt32 in [5, 32, 0, 0] { withUnsafeBytes(of: word.littleEndian) { bytes += $0 } }
        for word in [addr, size] { withUnsafeBytes(of: word.littleEndian) { bytes += $0 } }
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// open, MANAGE with one DMA_XFER whose pages are `layout` (recorded as ENOTTY, what
    /// /dev/null answers), close.
    private static func events(addr: UInt64, size: UInt64, layout: [PageRun]) -> [TraceEvent] {
        let bytes = dmaXfer(addr: addr, size: size)
        let provenance = [
            TraceProvenance(field: "data", kind: .buffer, address: "0x55aa00001000", length: 32, readable: 32,
                            bytes: bytes, writable: true, guarded: false),
            TraceProvenance(field: "data", kind: .pages, address: "0x" + String(addr, radix: 16), length: Int(size),
                            at: 16, pageSize: page, layout: layout),
        ]
        return [
            TraceEvent(syscall: .open, fd: 5, path: "/dev/null", flags: 0o2, result: 0),
            TraceEvent(syscall: .ioctl, fd: 5, ioctl: "QAIC_MANAGE", request: manage,
                       in: ["len": 32, "count": 1, "data": [["hdr": ["type": 5, "len": 32], "tag": 0, "pad": 0,
                                                               "addr": .uint(addr), "size": .uint(size)]]],
                       result: "ENOTTY", provenance: provenance),
            TraceEvent(syscall: .close, fd: 5, result: 0),
        ]
    }

    private static let wireLayout = [PageRun(pages: 4028, mapping: .shared, prot: "rw", file: "00:01 20301", offset: 0,
                                             step: 0)]

    /// A DMA_XFER over 4028 mappings of one memfd page (the wire_* rows): the program maps that
    /// layout, writes its own address over the recorded one, compiles with -Wall -Werror and
    /// runs (against /dev/null, which answers ENOTTY as recorded).
    @Test func aDMATransferGetsItsPagesAndThePatchedAddress() throws {
        let input = CReproducer.Input(caseName: "qaic.manage.wire_passthrough_fills_64k",
                                      events: Self.events(addr: 0x7f272f043000, size: 4028 * 4096,
                                                          layout: Self.wireLayout))
        let program = CReproducer.program(input)
        #expect(program.contains("static unsigned char buf_data[32] __attribute__((aligned(8))) = {"))
        #expect(program.contains("static const struct page_run buf_data_pages_16[] = {"))
        #expect(program.contains("{ 4028, 's', PROT_READ | PROT_WRITE, \"00:01 20301\", 0, 0 },"))
        #expect(program.contains(
            "uint64_t buf_data_pages_16_addr = replay_pages(0x7f272f043000ULL, buf_data_pages_16, 1);"))
        #expect(program.contains("memcpy(buf_data + 16, &buf_data_pages_16_addr, 8);"))
        // The patch comes before the buffer is handed to the ioctl.
        let patch = try #require(program.range(of: "memcpy(buf_data + 16,"))
        let call = try #require(program.range(of: "int got = replay_ioctl(map_fd(5), 0xC0106440UL, &u);"))
        #expect(patch.upperBound < call.lowerBound)
        let result = try ReproducerProgram.run(input, label: "pages-wire")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("pages at 0x7f272f043000: 4028 page(s) in 1 run(s) at 0x"), "\(result.stdout)")
        #expect(!result.stdout.contains("some could not be mapped") && !result.stderr.contains("pages at"))
    }

    /// A row that wants EFAULT or EINVAL from the address itself keeps what makes it bad: an
    /// address bad in every process stays as recorded; a page of its own without access becomes
    /// one of the replay's own; a page followed by an inaccessible one stays so.
    @Test func badAddressesStayBad() throws {
        let kept = CReproducer.program(.init(caseName: "qaic.manage.dma_xfer_addr_wraps",
                                             events: Self.events(addr: UInt64.max - 4095, size: 8192,
                                                                 layout: [PageRun(pages: 1, mapping: .unmapped)])))
        #expect(kept.contains("replay_pages(0xfffffffffffff000ULL, buf_data_pages_16, 1)"))
        #expect(kept.contains("{ 1, 'n', PROT_NONE, NULL, 0, 0 },"))
        let partly = CReproducer.Input(caseName: "qaic.manage.dma_xfer_partly_unmapped",
                                       events: Self.events(addr: 0x7f273ab22010, size: 8192,
                                                           layout: [PageRun(pages: 1, mapping: .private, prot: "rw"),
                                                                    PageRun(pages: 1, mapping: .none)]))
        #expect(CReproducer.program(partly).contains("{ 1, 'p', PROT_READ | PROT_WRITE, NULL, 0, 0 },"))
        let result = try ReproducerProgram.run(partly, label: "pages-partly")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("pages at 0x7f273ab22010: 2 page(s) in 2 run(s) at 0x"))
        let unmapped = [PageRun(pages: 1, mapping: .unmapped)]
        let wraps = try ReproducerProgram.run(.init(caseName: "qaic.manage.dma_xfer_addr_wraps",
                                                    events: Self.events(addr: UInt64.max - 4095, size: 8192,
                                                                        layout: unmapped)),
                                              label: "pages-wraps")
        #expect(wraps.stdout.contains("pages at 0xfffffffffffff000: none mapped, kept as recorded"), "\(wraps.stdout)")
    }

    /// The capture reads the process's own mappings: one memfd page mapped three times, then a
    /// page without access, and nothing after it is recorded.
    @Test func captureSeesSharedPagesAndStopsAtTheFirstUnreadable() throws {
        let fd = ac_memfd_create("pages-test")
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(ftruncate(fd, off_t(2 * Self.page)) == 0)
        let mapped = mmap(nil, 6 * Self.page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        let base = try #require(mapped == MAP_FAILED ? nil : mapped)
        defer { munmap(base, 6 * Self.page) }
        for index in 0..<3 {
            try #require(mmap(base + index * Self.page, Self.page, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
                              fd, 0) != MAP_FAILED)
        }
        // Pages 3-4 an ordinary mapping of file pages 0-1, page 5 stays PROT_NONE.
        try #require(mmap(base + 3 * Self.page, 2 * Self.page, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0) != MAP_FAILED)
        let address = UInt64(UInt(bitPattern: base)) + 8
        let runs = PageLayout.capture(address: address, length: UInt64(6 * Self.page + 4096))
        let file = try #require(runs.first?.file)
        #expect(runs == [PageRun(pages: 3, mapping: .shared, prot: "rw", file: file, offset: 0, step: 0),
                         PageRun(pages: 2, mapping: .shared, prot: "r", file: file, offset: 0, step: 1),
                         PageRun(pages: 1, mapping: .none)], "\(runs)")
        // A zero-length transfer still records its own page; an address nothing is mapped at, one run.
        #expect(PageLayout.capture(address: address, length: 0).map(\.pages) == [1])
        #expect(PageLayout.capture(address: UInt64.max - 4095, length: 8192) == [PageRun(pages: 1, mapping: .unmapped)])
    }

    @Test func pagesEntriesRoundTripAndAreChecked() throws {
        let event = Self.events(addr: 0x7f272f043000, size: 4096, layout: Self.wireLayout)[1]
        let line = try event.jsonLine()
        #expect(line.contains(#"{"field":"data","kind":"pages","at":16,"address":"0x7f272f043000","length":4096,"#
                              + #""page":\#(Self.page),"layout":[{"pages":4028,"map":"shared","prot":"rw","#))
        #expect(try TraceEvent.parse(jsonLine: line) == event)
        #expect(throws: TraceEvent.FormatError.self) {
            try TraceEvent.parse(jsonLine: #"{"syscall":"ioctl","result":0,"provenance":[{"field":"data","#
                                 + #""kind":"pages","at":16,"address":"0x1000"}]}"#)
        }
        #expect(throws: TraceEvent.FormatError.self) {
            try TraceEvent.parse(jsonLine: #"{"syscall":"ioctl","result":0,"provenance":[{"field":"data","#
                                 + #""kind":"pages","at":16,"address":"0x1000","#
                                 + #""layout":[{"pages":1,"map":"elsewhere"}]}]}"#)
        }
    }

    /// qaic's catalog names the DMA_XFER addresses of a MANAGE message: the reference run of
    /// the wire and DMA_XFER rows records their pages, and their reproducers patch them and
    /// compile. Without the catalog's embedded pointers this fails.
    @Test func referenceRunRecordsDMATransferPages() throws {
        let folder = RunnerBinary.temporaryFolder("pages")
        let run = try RunnerBinary.run(["run", "--device", "reference:qaic", "--kernel-profile", "7.3", "--results",
                                        folder.path, "--seed", "3", "--kmsg", "/nonexistent/kmsg",
                                        "--include", "qaic.manage.wire_passthrough_fills_64k",
                                        "--include", "qaic.manage.wire_second_dma_xfer_no_room",
                                        "--include", "qaic.manage.dma_xfer_partly_unmapped",
                                        "--include", "qaic.manage.dma_xfer_second_range_wraps"])
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let results = try RunnerBinary.results(in: folder)
        func pages(_ name: String) throws -> [TraceProvenance] {
            let record = try #require(results.record("qaic.manage." + name))
            let event = try #require(record.outcome.trace.first { $0.ioctl == "QAIC_MANAGE" })
            return (event.provenance ?? []).filter { $0.kind == .pages }
        }
        let fills = try pages("wire_passthrough_fills_64k")
        #expect(fills.map(\.at) == [16])
        let wire = try #require(fills.first?.layout?.first)
        #expect(fills.first?.layout?.count == 1 && wire.pages == 4028 && wire.mapping == .shared && wire.step == 0)
        let noRoom = try pages("wire_second_dma_xfer_no_room")
        #expect(noRoom.map(\.at) == [16, 1048])
        #expect(noRoom.compactMap { $0.layout?.first?.file }.count == 2)
        #expect(Set(noRoom.compactMap { $0.layout?.first?.file }).count == 1, "both transfers map the same memfd")
        #expect(try pages("dma_xfer_partly_unmapped").first?.layout?.map(\.mapping) == [.private, .none])
        let wraps = try pages("dma_xfer_second_range_wraps")
        #expect(wraps.map(\.at) == [16, 48])
        #expect(wraps.last?.address == "0xfffffffffffff000" && wraps.last?.layout?.first?.mapping == .unmapped)
        for record in results.records {
            let program = CReproducer.program(.init(record: record, headers: []))
            #expect(program.contains("memcpy(buf_data + 16, &buf_data_pages_16_addr, 8);"), "\(record.outcome.name)")
            let compiled = try ReproducerProgram.compile(.init(record: record, headers: []), label: record.outcome.name.leaf)
            #expect(compiled.status == 0, "\(record.outcome.name): \(compiled.stderr)")
        }
        #expect(results.records.count == 4)
    }
}
