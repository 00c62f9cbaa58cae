import CAccelShim

/// How a row picks the fd-relative inputs that need fixtures, so the row itself reads as
/// "which input is wrong" (qaic-uapi.md §3.4: handles are per file; §3.12: DBCs are owned).
enum QAICHandle: Sendable {
    /// A BO this fd created.
    case own
    /// A number this fd never handed out.
    case unknown
    /// 0, never a valid handle (§2.1).
    case zero
}

enum QAICDBC: Sendable {
    /// A DBC this fd activated (the case skips if the firmware refuses, §3.12).
    case owned
    /// A DBC this fd does not own (the fd activated nothing).
    case unowned
    /// This number, owned or not.
    case id(UInt32)
}

enum QAICPointer: Sendable {
    /// The row's entries, in ordinary memory.
    case entries
    /// `data` = 0.
    case null
    /// An address whose first byte faults.
    case unmapped
    /// Only the first `n` entries are readable; the rest of the array lies in a PROT_NONE page.
    case truncatedAfter(Int)
}

extension CaseContext {
    func qaicResolve(_ handle: QAICHandle, on file: any DeviceFile, size: UInt64) throws -> UInt32 {
        switch handle {
        case .own: return try qaicBO(file, size: size)
        case .unknown:
            // A real BO exists, so the unknown number is not simply "the table is empty".
            return try qaicBO(file, size: size) + 1000
        case .zero:
            _ = try qaicBO(file, size: size)
            return 0
        }
    }

    func qaicResolve(_ dbc: QAICDBC, on file: any DeviceFile) throws -> UInt32 {
        switch dbc {
        case .owned: return try qaicOwnedDBC(file)
        case .unowned: return 0
        case .id(let id): return id
        }
    }

    func qaicResolve<T>(_ pointer: QAICPointer, _ entries: [T]) throws -> UInt64 {
        switch pointer {
        case .entries: return qaicMemory(entries)
        case .null: return 0
        case .unmapped: return try qaicUnmappedAddress()
        case .truncatedAfter(let n): return try qaicMemoryBeforeHole(Array(entries.prefix(n)))
        }
    }
}
