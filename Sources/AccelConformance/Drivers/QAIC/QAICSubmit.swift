import CAccelShim
import SystemPackage

/// What an EXECUTE_BO or PARTIAL_EXECUTE_BO row varies (qaic-uapi.md §2.4: one shared handler).
/// The defaults are a valid submission of one sliced BO on an owned DBC.
struct QAICSubmitInput: Sendable {
    /// The BO behind each entry.
    enum BO: Sendable {
        /// 8 KiB BO with one page slice on the fd's owned DBC.
        case sliced
        /// 8 KiB BO never attached.
        case unsliced
        /// A number the fd never handed out.
        case unknown
        /// Handle 0.
        case zero
        /// The same handle as the first entry.
        case first
    }

    var dbc: QAICDBC = .owned
    var bos: [BO] = [.sliced]
    /// nil: the number of entries.
    var count: UInt32? = nil
    var data: QAICPointer = .entries
    /// PARTIAL only: `resize` per entry (default: the whole 8 KiB BO).
    var resize: [UInt64]? = nil
    /// Never read by the kernel (§1.4).
    var dir: UInt32 = QAICStructs.toDevice
    /// `queue_size` of the owned DBC's ACTIVATE (its request ring has one slot fewer free).
    var queueSize: UInt32 = 16
    /// One attempt of the ioctl, for rows that expect EAGAIN (drmIoctl would restart it).
    var once = false
}

/// Which of the two ioctls a submission row issues.
enum QAICSubmitKind: Sendable {
    case execute
    case partial

    var request: IoctlRequest { self == .execute ? QAICRequest.executeBO : QAICRequest.partialExecuteBO }
    var name: String { self == .execute ? "EXECUTE_BO" : "PARTIAL_EXECUTE_BO" }
}

extension CaseContext {
    /// Builds and issues a submission from `input`; on success the IOW struct must be unchanged.
    func qaicSubmit(_ kind: QAICSubmitKind, _ input: QAICSubmitInput) throws {
        let file = try open()
        var owned: UInt32?
        func ownedDBC() throws -> UInt32 {
            if let owned { return owned }
            let id = try qaicOwnedDBC(file, queueSize: input.queueSize)
            owned = id
            return id
        }
        var handles: [UInt32] = []
        for bo in input.bos {
            switch bo {
            case .sliced:
                let handle = try qaicBO(file, size: 8192)
                try qaicAttach(file, handle: handle, dbcID: try ownedDBC(), boSize: 8192)
                handles.append(handle)
            case .unsliced: handles.append(try qaicBO(file, size: 8192))
            case .unknown: handles.append(1000 + UInt32(handles.count))
            case .zero: handles.append(0)
            case .first: handles.append(handles.first ?? 0)
            }
        }
        let dbcID: UInt32
        switch input.dbc {
        case .owned: dbcID = try ownedDBC()
        case .unowned: dbcID = qaicUnownedDBC(besides: owned)
        case .id(let id): dbcID = id
        }
        let data: UInt64
        switch kind {
        case .execute:
            data = try qaicResolve(input.data, handles.map { QAICStructs.executeEntry(handle: $0, dir: input.dir) })
        case .partial:
            let resize = input.resize ?? Array(repeating: 8192, count: handles.count)
            data = try qaicResolve(input.data, zip(handles, resize).map {
                QAICStructs.partialEntry(handle: $0.0, dir: input.dir, resize: $0.1)
            })
        }
        var args = QAICStructs.execute(count: input.count ?? UInt32(handles.count), dbcID: dbcID, data: data)
        let before = qaicBytes(args)
        if try expectIoctl(file, kind.request, &args, kind.name, once: input.once) {
            try assert(qaicBytes(args) == before, "\(kind.name) (IOW) changed its argument struct (§1.1)")
        }
    }

    /// Submits the workload BO with `kind` (PARTIAL with `resize`), then waits for completion.
    func qaicSubmitWorkload(_ kind: QAICSubmitKind, resize: (QAICWorkload) -> UInt64 = { $0.boSize }, dir: UInt32 = 1) throws {
        let setup = try qaicWorkload()
        let data: UInt64
        switch kind {
        case .execute: data = qaicMemory([QAICStructs.executeEntry(handle: setup.handle, dir: dir)])
        case .partial: data = qaicMemory([QAICStructs.partialEntry(handle: setup.handle, dir: dir, resize: resize(setup.workload))])
        }
        var args = QAICStructs.execute(count: 1, dbcID: setup.dbcID, data: data)
        let before = qaicBytes(args)
        guard try expectIoctl(setup.file, kind.request, &args, "\(kind.name) of the workload") else { return }
        try assert(qaicBytes(args) == before, "\(kind.name) (IOW) changed its argument struct (§1.1)")
        try qaicWait(setup.file, dbcID: setup.dbcID, handle: setup.handle, timeout: setup.workload.waitTimeoutMs)
    }
}
