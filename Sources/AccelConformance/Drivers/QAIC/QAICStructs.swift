import CAccelShim

/// Typed builders for the qaic uapi structs (qaic-uapi.md §1.3). Every field has the value a
/// well-formed call uses by default, so a row spells out only the input it is about.
enum QAICStructs {
    /// `dir` values of ATTACH (kernel `enum dma_data_direction`, §1.2).
    static let toDevice: UInt32 = 1
    static let fromDevice: UInt32 = 2

    static func createBO(size: UInt64, handle: UInt32 = 0, pad: UInt32 = 0) -> ac_qaic_create_bo {
        ac_qaic_create_bo(size: size, handle: handle, pad: pad)
    }

    static func mmapBO(handle: UInt32, pad: UInt32 = 0, offset: UInt64 = 0) -> ac_qaic_mmap_bo {
        ac_qaic_mmap_bo(handle: handle, pad: pad, offset: offset)
    }

    static func sem(val: UInt16 = 0, index: UInt8 = 0, presync: UInt8 = 0, cmd: UInt8 = 0,
                    flags: UInt8 = 0, pad: UInt16 = 0) -> ac_qaic_sem {
        ac_qaic_sem(val: val, index: index, presync: presync, cmd: cmd, flags: flags, pad: pad)
    }

    /// One slice entry; the defaults describe a plain transfer slice without doorbell.
    static func slice(size: UInt64, offset: UInt64 = 0, devAddr: UInt64 = 0, dbAddr: UInt64 = 0,
                      dbData: UInt32 = 0, dbLen: UInt32 = 0, sem0: ac_qaic_sem = sem(), sem1: ac_qaic_sem = sem(),
                      sem2: ac_qaic_sem = sem(), sem3: ac_qaic_sem = sem()) -> ac_qaic_attach_slice_entry {
        ac_qaic_attach_slice_entry(size: size, sem0: sem0, sem1: sem1, sem2: sem2, sem3: sem3, dev_addr: devAddr,
                                   db_addr: dbAddr, db_data: dbData, db_len: dbLen, offset: offset)
    }

    static func attach(count: UInt32, dbcID: UInt32, handle: UInt32, dir: UInt32 = toDevice, size: UInt64,
                       data: UInt64) -> ac_qaic_attach_slice {
        ac_qaic_attach_slice(hdr: ac_qaic_attach_slice_hdr(count: count, dbc_id: dbcID, handle: handle, dir: dir, size: size),
                             data: data)
    }

    static func execute(count: UInt32, dbcID: UInt32, data: UInt64) -> ac_qaic_execute {
        ac_qaic_execute(hdr: ac_qaic_execute_hdr(count: count, dbc_id: dbcID), data: data)
    }

    static func executeEntry(handle: UInt32, dir: UInt32 = toDevice) -> ac_qaic_execute_entry {
        ac_qaic_execute_entry(handle: handle, dir: dir)
    }

    static func partialEntry(handle: UInt32, dir: UInt32 = toDevice, resize: UInt64) -> ac_qaic_partial_execute_entry {
        ac_qaic_partial_execute_entry(handle: handle, dir: dir, resize: resize)
    }

    static func wait(handle: UInt32, timeout: UInt32 = 0, dbcID: UInt32, pad: UInt32 = 0) -> ac_qaic_wait {
        ac_qaic_wait(handle: handle, timeout: timeout, dbc_id: dbcID, pad: pad)
    }

    static func perfStats(count: UInt16, pad: UInt16 = 0, dbcID: UInt32, data: UInt64) -> ac_qaic_perf_stats {
        ac_qaic_perf_stats(hdr: ac_qaic_perf_stats_hdr(count: count, pad: pad, dbc_id: dbcID), data: data)
    }

    static func perfEntry(handle: UInt32, pad: UInt32 = 0) -> ac_qaic_perf_stats_entry {
        ac_qaic_perf_stats_entry(handle: handle, queue_level_before: 0, num_queue_element: 0, submit_latency_us: 0,
                                 device_latency_us: 0, pad: pad)
    }

    static func detach(handle: UInt32, pad: UInt32 = 0) -> ac_qaic_detach_slice {
        ac_qaic_detach_slice(handle: handle, pad: pad)
    }

    static func manage(len: UInt32, count: UInt32, data: UInt64) -> ac_qaic_manage_msg {
        ac_qaic_manage_msg(len: len, count: count, data: data)
    }
}

/// The bytes of a MANAGE transaction buffer (§1.3, §2.8): transactions packed back to back,
/// each starting with `{type, len}`. `len` overrides let rows build malformed messages.
struct QAICTransactions {
    private(set) var bytes: [UInt8] = []
    private(set) var count: UInt32 = 0

    var length: UInt32 { UInt32(bytes.count) }

    private mutating func append<T>(_ value: T) {
        var copy = value
        withUnsafeBytes(of: &copy) { bytes.append(contentsOf: $0) }
        count += 1
    }

    private static func hdr(_ type: ac_qaic_manage_transaction_type, _ len: UInt32) -> ac_qaic_manage_trans_hdr {
        ac_qaic_manage_trans_hdr(type: UInt32(type.rawValue), len: len)
    }

    mutating func activate(queueSize: UInt32, eventfd: UInt32 = 0, options: UInt32 = 0, pad: UInt32 = 0) {
        append(ac_qaic_manage_trans_activate_to_dev(hdr: Self.hdr(AC_QAIC_TRANS_ACTIVATE_FROM_USR, 24),
                                                    queue_size: queueSize, eventfd: eventfd, options: options, pad: pad))
    }

    /// `declaredLength`: the transaction's `hdr.len` (16 unless a row lies about it).
    mutating func deactivate(dbcID: UInt32, pad: UInt32 = 0, declaredLength: UInt32 = 16) {
        append(ac_qaic_manage_trans_deactivate(hdr: Self.hdr(AC_QAIC_TRANS_DEACTIVATE_FROM_USR, declaredLength),
                                               dbc_id: dbcID, pad: pad))
    }

    mutating func status() {
        append(ac_qaic_manage_trans_status_to_dev(hdr: Self.hdr(AC_QAIC_TRANS_STATUS_FROM_USR, 8)))
    }

    mutating func dmaXfer(tag: UInt32 = 0, pad: UInt32 = 0, addr: UInt64, size: UInt64) {
        append(ac_qaic_manage_trans_dma_xfer(hdr: Self.hdr(AC_QAIC_TRANS_DMA_XFER_FROM_USR, 32),
                                             tag: tag, pad: pad, addr: addr, size: size))
    }

    /// A passthrough transaction: header with `len` (default 8 + payload) followed by `payload`.
    mutating func passthrough(payload: [UInt8], len: UInt32? = nil) {
        append(Self.hdr(AC_QAIC_TRANS_PASSTHROUGH_FROM_USR, len ?? UInt32(8 + payload.count)))
        bytes.append(contentsOf: payload)
    }

    /// A bare header of any type and length, followed by `len - 8` zero bytes when that is
    /// positive: for the dispatch and length rules of the encoder.
    mutating func raw(type: UInt32, len: UInt32, body: Int? = nil) {
        append(ac_qaic_manage_trans_hdr(type: type, len: len))
        bytes.append(contentsOf: [UInt8](repeating: 0, count: body ?? max(Int(len) - 8, 0)))
    }
}

/// One transaction of a MANAGE response, as the kernel wrote it back to `data` (§2.8 rule 10).
struct QAICResponseTransaction {
    let type: UInt32
    let len: UInt32
    /// The whole transaction, header included.
    let bytes: [UInt8]

    func field<T>(_ type: T.Type, at offset: Int) -> T? {
        guard offset + MemoryLayout<T>.size <= bytes.count else { return nil }
        return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: T.self) }
    }

    /// Splits `len` bytes of response into transactions; nil when a header is malformed.
    static func parse(_ bytes: [UInt8], count: UInt32) -> [QAICResponseTransaction]? {
        var result: [QAICResponseTransaction] = []
        var offset = 0
        for _ in 0..<count {
            guard offset + 8 <= bytes.count else { return nil }
            let header = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: ac_qaic_manage_trans_hdr.self) }
            let len = Int(header.len)
            guard len >= 8, offset + len <= bytes.count else { return nil }
            result.append(QAICResponseTransaction(type: header.type, len: header.len, bytes: Array(bytes[offset..<offset + len])))
            offset += len
        }
        return result
    }
}
