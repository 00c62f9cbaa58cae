import CAccelShim
import Glibc
import Testing
@testable import AccelConformance

/// The qaic trace catalogue: every ioctl named, fields under their uapi names, arrays behind
/// pointers decoded as lists, unreadable memory shown as such.
@Suite struct QAICCatalogTests {
    let catalog = QAICCatalog.catalog

    @Test func everyQAICIoctlIsNamed() {
        let names = Set(catalog.descriptors.map(\.name))
        #expect(names == ["QAIC_MANAGE", "QAIC_CREATE_BO", "QAIC_MMAP_BO", "QAIC_ATTACH_SLICE_BO", "QAIC_EXECUTE_BO",
                          "QAIC_PARTIAL_EXECUTE_BO", "QAIC_WAIT_BO", "QAIC_PERF_STATS_BO", "QAIC_DETACH_SLICE_BO"])
        for descriptor in catalog.descriptors {
            // IOW ioctls write nothing back (§1.1), IOWR ones do.
            #expect((descriptor.decodeOut != nil) == descriptor.request.direction.contains(.read), "\(descriptor.name)")
        }
    }

    private func decodeIn<T>(_ request: IoctlRequest, _ value: T) -> JSONValue {
        var copy = value
        return withUnsafeBytes(of: &copy) { catalog.descriptor(for: request)!.decodeIn($0.baseAddress!) }
    }

    @Test func attachDecodesHeaderSemsAndEntries() {
        var entries = [QAICStructs.slice(size: 4096, dbAddr: 0x1000, dbLen: 32, sem0: QAICStructs.sem(val: 7, index: 3)),
                       QAICStructs.slice(size: 4096, offset: 4096)]
        let json = entries.withUnsafeMutableBytes { raw in
            decodeIn(QAICRequest.attachSliceBO, QAICStructs.attach(count: 2, dbcID: 3, handle: 1, size: 8192,
                                                                  data: UInt64(UInt(bitPattern: raw.baseAddress!))))
        }
        #expect(json["hdr"]?["dbc_id"] == 3)
        #expect(json["hdr"]?["size"] == 8192)
        guard case .array(let list)? = json["data"] else { Issue.record("data is not a list: \(json)"); return }
        #expect(list.count == 2)
        #expect(list[0]["sem0"]?["val"] == 7)
        #expect(list[0]["sem0"]?["index"] == 3)
        #expect(list[0]["db_len"] == 32)
        #expect(list[1]["offset"] == 4096)
    }

    @Test func unreadableArraysShowAsSuch() {
        let hole = mmap(nil, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)!
        defer { munmap(hole, 4096) }
        let address = UInt64(UInt(bitPattern: hole))
        let json = decodeIn(QAICRequest.executeBO, QAICStructs.execute(count: 3, dbcID: 0, data: address))
        #expect(json["data"] == .array([["unreadable": .string("0x" + String(address, radix: 16))]]))
        let null = decodeIn(QAICRequest.perfStatsBO, QAICStructs.perfStats(count: 1, dbcID: 0, data: 0))
        #expect(null["data"] == .null)
        // A huge count is not read in full.
        var entry = QAICStructs.executeEntry(handle: 1)
        let many = withUnsafeMutableBytes(of: &entry) { raw in
            decodeIn(QAICRequest.executeBO, QAICStructs.execute(count: 0xFFFF_FFFF, dbcID: 0, data: UInt64(UInt(bitPattern: raw.baseAddress!))))
        }
        guard case .array(let list)? = many["data"] else { Issue.record("\(many)"); return }
        #expect(list.count <= QAICCatalog.maxEntries + 1)
    }

    @Test func manageTransactionsAreDecodedByType() {
        var transactions = QAICTransactions()
        transactions.activate(queueSize: 16, pad: 1)
        transactions.deactivate(dbcID: 5)
        transactions.status()
        transactions.dmaXfer(tag: 9, addr: 0x1000, size: 64)
        var bytes = transactions.bytes
        let json = bytes.withUnsafeMutableBytes { raw in
            decodeIn(QAICRequest.manage, QAICStructs.manage(len: transactions.length, count: transactions.count,
                                                            data: UInt64(UInt(bitPattern: raw.baseAddress!))))
        }
        #expect(json["len"] == .uint(UInt64(transactions.length)))
        guard case .array(let list)? = json["data"] else { Issue.record("\(json)"); return }
        #expect(list.count == 4)
        #expect(list[0]["hdr"]?["type"] == 7)
        #expect(list[0]["queue_size"] == 16)
        #expect(list[0]["pad"] == 1)
        #expect(list[1]["dbc_id"] == 5)
        #expect(list[2]["hdr"]?["type"] == 12)
        #expect(list[3]["tag"] == 9)
        #expect(list[3]["size"] == 64)
    }

    @Test func malformedManageDoesNotCrash() {
        var bytes: [UInt8] = [12, 0, 0, 0, 200, 0, 0, 0]  // hdr.len 200 beyond the message
        let json = bytes.withUnsafeMutableBytes { raw in
            decodeIn(QAICRequest.manage, QAICStructs.manage(len: 8, count: 1, data: UInt64(UInt(bitPattern: raw.baseAddress!))))
        }
        guard case .array(let list)? = json["data"] else { Issue.record("\(json)"); return }
        #expect(list.first?["malformed"] != nil)
    }
}
