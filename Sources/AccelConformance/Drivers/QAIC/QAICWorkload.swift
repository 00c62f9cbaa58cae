import CAccelShim
import Foundation
import SystemPackage

/// A workload the device really runs, read from the optional `--workload` fixture: what the
/// rows that need completions (EXECUTE success, WAIT completion and ETIMEDOUT, EBUSY on
/// detach, meaningful perf stats, PARTIAL truncation) attach and submit. Its values are
/// checked against the kernel's limits (qaic-uapi.md §1.3, §2.3, §2.8) before any row uses it.
///
/// JSON, snake_case keys:
/// ```
/// { "queue_size": 64, "bo_size": 16384, "dir": 1, "wait_timeout_ms": 5000,
///   "slices": [ { "size": 8192, "offset": 0, "dev_addr": 0, "db_addr": 0, "db_len": 0, "db_data": 0 } ] }
/// ```
/// `queue_size` goes to MANAGE ACTIVATE, `bo_size`/`dir`/`slices` to CREATE_BO and
/// ATTACH_SLICE_BO; the values must be ones the device accepts (only the one who wrote the
/// workload knows the device addresses). `wait_timeout_ms` bounds the WAIT that expects
/// completion.
struct QAICWorkload: Decodable, Sendable {
    struct Slice: Decodable, Sendable {
        var size: UInt64
        var offset: UInt64
        var devAddr: UInt64
        var dbAddr: UInt64
        var dbLen: UInt32
        var dbData: UInt32

        enum CodingKeys: String, CodingKey {
            case size, offset
            case devAddr = "dev_addr", dbAddr = "db_addr", dbLen = "db_len", dbData = "db_data"
        }
    }

    var queueSize: UInt32
    var boSize: UInt64
    var dir: UInt32
    var waitTimeoutMs: UInt32
    var slices: [Slice]

    enum CodingKeys: String, CodingKey {
        case queueSize = "queue_size", boSize = "bo_size", dir, waitTimeoutMs = "wait_timeout_ms", slices
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        queueSize = try c.decode(UInt32.self, forKey: .queueSize)
        boSize = try c.decode(UInt64.self, forKey: .boSize)
        dir = try c.decode(UInt32.self, forKey: .dir)
        waitTimeoutMs = try c.decodeIfPresent(UInt32.self, forKey: .waitTimeoutMs) ?? 5000
        slices = try c.decode([Slice].self, forKey: .slices)
    }

    struct Invalid: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "workload \(path): \(reason)" }
    }

    /// Loads and checks a workload file; errors name the file and the bad field.
    static func load(path: String) throws(Invalid) -> QAICWorkload {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw Invalid(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        let workload: QAICWorkload
        do { workload = try JSONDecoder().decode(QAICWorkload.self, from: data) } catch {
            throw Invalid(path: path, reason: JSONFilePlace.describe(error, in: data))
        }
        guard workload.queueSize > 0 else { throw Invalid(path: path, reason: "queue_size must be > 0 (§2.8 rule 7)") }
        guard workload.boSize > 0 else { throw Invalid(path: path, reason: "bo_size must be > 0 (§2.1 rule 2)") }
        guard workload.dir == 1 || workload.dir == 2 else { throw Invalid(path: path, reason: "dir must be 1 or 2 (§1.2)") }
        guard !workload.slices.isEmpty else { throw Invalid(path: path, reason: "slices must not be empty (§2.3 rule 1)") }
        for (index, slice) in workload.slices.enumerated() {
            guard [0, 8, 16, 32].contains(slice.dbLen) else {
                throw Invalid(path: path, reason: "slices[\(index)].db_len must be 0, 8, 16 or 32 (§1.3)")
            }
            let (end, overflow) = slice.offset.addingReportingOverflow(slice.size)
            guard !overflow, end <= workload.boSize else {
                throw Invalid(path: path, reason: "slices[\(index)] offset + size exceeds bo_size (§2.3 rule 10)")
            }
        }
        return workload
    }

    var entries: [ac_qaic_attach_slice_entry] {
        slices.map {
            QAICStructs.slice(size: $0.size, offset: $0.offset, devAddr: $0.devAddr, dbAddr: $0.dbAddr, dbData: $0.dbData, dbLen: $0.dbLen)
        }
    }
}

/// A workload set up on one fd: owned DBC, BO created and sliced, ready to submit.
struct QAICWorkloadSetup {
    let workload: QAICWorkload
    let file: any DeviceFile
    let dbcID: UInt32
    let handle: UInt32
}

extension CaseContext {
    /// The workload fixture: loaded from `environment.workloadPath`, attached on a fresh fd.
    func qaicWorkload() throws -> QAICWorkloadSetup {
        guard let path = environment.workloadPath else { try skip("no workload fixture given (--workload)") }
        let workload: QAICWorkload
        do { workload = try QAICWorkload.load(path: path) } catch {
            throw CaseStop.fail(message: "fixture: \(error)", expected: nil, actual: nil)
        }
        let file = try open()
        let dbcID = try qaicOwnedDBC(file, queueSize: workload.queueSize)
        let handle = try qaicBO(file, size: workload.boSize)
        try qaicAttach(file, handle: handle, dbcID: dbcID, boSize: workload.boSize, entries: workload.entries, dir: workload.dir)
        return QAICWorkloadSetup(workload: workload, file: file, dbcID: dbcID, handle: handle)
    }

    /// The workload submitted once with EXECUTE_BO: the BO is queued.
    func qaicQueuedWorkload() throws -> QAICWorkloadSetup {
        let setup = try qaicWorkload()
        try qaicExecute(setup.file, dbcID: setup.dbcID, handles: [setup.handle])
        return setup
    }
}
