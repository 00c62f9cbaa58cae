import Foundation

/// The C statements that rebuild one traced ioctl's argument and issue it.
///
/// Fields come from the decoded `in`; what they refer to comes from the trace's provenance
/// (format 2): a pointer field gets a buffer of its own holding the recorded bytes (a
/// buffer that ran into unmapped memory ends at a guard page; a bad pointer stays bad), an
/// fd field the replay's descriptor, an mmap offset the replay driver's own. Format-1
/// traces have no provenance: an array there cannot be rebuilt (`#error`), and fds and
/// offsets are recognised by the field names `fd` and `offset`.
enum CReproducerArgument {
    /// Buffers up to this size are static arrays; larger declared lengths get their
    /// recorded bytes followed by a guard page (the recording could not have had more).
    static let staticBufferLimit = 1 << 24

    static func statements(_ event: TraceEvent, number: Int) -> [String] {
        let request = event.request.flatMap(CReproducer.parseHex) ?? 0
        let requestLiteral = "0x\(String(request, radix: 16, uppercase: true))UL"
        let size = Int((request >> 16) & 0x3FFF)
        let name = event.ioctl ?? "UNKNOWN"
        let call = event.result == .string("EAGAIN") ? "replay_ioctl_once" : "replay_ioctl"
        let fd = "map_fd(\(event.fd ?? -1))"
        guard let input = event.in, input != .null else {
            return ["\tint got = \(call)(\(fd), \(requestLiteral), NULL);"]
        }
        if let raw = input["raw"]?.stringValue {
            let bytes = CReproducer.hexBytes(raw)
            var lines = ["\tstatic unsigned char arg[\(max(bytes.count, size, 1))] __attribute__((aligned(8)));"]
            lines += byteArray("bytes", bytes, qualifier: "static const")
            lines.append("\tmemcpy(arg, bytes, \(bytes.count));")
            lines.append("\tint got = \(call)(\(fd), \(requestLiteral), arg);")
            return lines
        }
        if let unreadable = input["unreadable"]?.stringValue, let address = CReproducer.parseHex(unreadable) {
            return ["\tint got = \(call)(\(fd), \(requestLiteral), bad_pointer(0x\(String(address, radix: 16))ULL));"]
        }
        let macro = "AC_DRM_IOCTL_" + name
        guard CReproducer.isIdentifier(name), name != "UNKNOWN", case .object(let fields) = input else {
            return ["#error \"\(CReproducer.comment(name)) \(requestLiteral): unknown argument struct and no raw bytes "
                    + "in the trace; rebuild it by hand\"", "\tint got = -1;"]
        }
        var lines = [
            "#ifndef \(macro)",
            "#error \"\(name): no \(macro) in the included ABI headers; add the driver's accel_*_uapi.h\"",
            "#endif",
            // The request may be deliberately larger than the struct (size-mismatch cases).
            "\tunion {",
            "\t\t\(macro) arg;",
            "\t\tunsigned char bytes[\(max(size, 1))];",
            "\t} u;",
            "\tmemset(&u, 0, sizeof(u));",
        ]
        let provenance = Provenance(event)
        lines += assignments(fields, path: "u.arg", field: "", provenance: provenance)
        lines.append("\tint got = \(call)(\(fd), \(requestLiteral), &u);")
        lines += handedOut(event, provenance: provenance)
        return lines
    }

    /// The trace's provenance by field, or the format-1 guesses by field name.
    struct Provenance {
        var buffers: [String: TraceProvenance] = [:]
        /// `pages` entries by the field whose buffer stores their address.
        var embedded: [String: [TraceProvenance]] = [:]
        var descriptors: Set<String>
        var offsets: Set<String>

        init(_ event: TraceEvent) {
            guard let entries = event.provenance else {
                descriptors = ["fd"]
                offsets = ["offset"]
                return
            }
            descriptors = Set(entries.filter { $0.kind == .fd }.map(\.field))
            offsets = Set(entries.filter { $0.kind == .mmapOffset }.map(\.field))
            for entry in entries where entry.kind == .buffer { buffers[entry.field] = entry }
            for entry in entries where entry.kind == .pages { embedded[entry.field, default: []].append(entry) }
        }
    }

    /// Fds and mmap offsets a successful ioctl handed out in `out`, noted so later steps
    /// that use the recorded numbers get the replay's.
    private static func handedOut(_ event: TraceEvent, provenance: Provenance) -> [String] {
        guard case .object(let fields) = event.out ?? .null, CReproducer.expectedResult(event.result).0 == "0" else {
            return []
        }
        var lines: [String] = []
        for (key, value) in fields {
            guard let recorded = integer(value) else { continue }
            if provenance.descriptors.contains(key) {
                lines += ["\tif (got == 0)", "\t\tnote_fd(\(recorded), (int)u.arg.\(key));"]
            } else if provenance.offsets.contains(key), recorded != 0 {
                lines += ["\tif (got == 0)",
                          "\t\tnote_offset(0x\(String(UInt64(bitPattern: recorded), radix: 16))ULL, (uint64_t)u.arg.\(key));"]
            }
        }
        return lines
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        switch value {
        case .int(let v): return v
        case .uint(let v): return Int64(bitPattern: v)
        default: return nil
        }
    }

    private static func assignments(_ fields: [(String, JSONValue)], path: String, field prefix: String,
                                    provenance: Provenance) -> [String] {
        var lines: [String] = []
        for (key, value) in fields {
            let target = "\(path).\(key)"
            let field = prefix.isEmpty ? key : "\(prefix).\(key)"
            guard CReproducer.isIdentifier(key) else {
                lines.append("#error \"field '\(CReproducer.comment(key))' of \(path) is not a C identifier; rebuild it by hand\"")
                continue
            }
            if let buffer = provenance.buffers[field] {
                lines += pointer(buffer, target: target, embedded: provenance.embedded[field] ?? [])
                continue
            }
            // A descriptor inside the argument (PRIME_FD_TO_HANDLE) is the trace's number.
            if provenance.descriptors.contains(field), let recorded = integer(value), recorded >= 0,
               recorded <= Int64(Int32.max) {
                lines.append("\t\(target) = map_fd(\(recorded));")
                continue
            }
            switch value {
            case .null:
                continue
            case .bool(let b):
                lines.append("\t\(target) = \(b ? 1 : 0);")
            case .int(let v):
                lines.append("\t\(target) = \(v == Int64.min ? "(-9223372036854775807LL - 1)" : "\(v)LL");")
            case .uint(let v):
                lines.append("\t\(target) = 0x\(String(v, radix: 16))ULL;")
            case .double(let v):
                lines.append("\t\(target) = \(v);")
            case .string(let s):
                if let number = CReproducer.parseHex(s) {
                    lines.append("\t\(target) = 0x\(String(number, radix: 16))ULL;")
                } else {
                    lines.append("\t\(target) = (uintptr_t)\(CReproducer.cString(s));")
                }
            case .object(let nested):
                lines += assignments(nested, path: target, field: field, provenance: provenance)
            case .array(let items):
                if items.isEmpty { continue }
                lines.append("#error \"field '\(CReproducer.comment(key))' of \(path) holds \(items.count) elements and the trace "
                             + "(format 1) has no provenance for it: rebuild it by hand, or re-record with this version\"")
            }
        }
        return lines
    }

    /// A pointer field rebuilt from its recorded buffer, with the addresses stored inside it
    /// patched to pages of the replay's own (``embeddedAddresses(_:into:readable:)``).
    private static func pointer(_ buffer: TraceProvenance, target: String, embedded: [TraceProvenance]) -> [String] {
        let address = buffer.address.flatMap(CReproducer.parseHex) ?? 0
        let length = max(buffer.length ?? 0, 0)
        let bytes = CReproducer.hexBytes(buffer.bytes ?? "")
        let readable = min(buffer.readable ?? bytes.count, bytes.count)
        let name = "buf_" + String(buffer.field.map { $0 == "." ? "_" : $0 })
        if address == 0 { return ["\t\(target) = 0;"] }
        if length == 0 {
            // Nothing was read behind it: any valid address replays it.
            return ["\tstatic unsigned char \(name)[8] __attribute__((aligned(8)));", "\t\(target) = (uintptr_t)\(name);"]
        }
        if readable == 0 {
            return ["\t\(target) = (uintptr_t)bad_pointer(0x\(String(address, radix: 16))ULL);"]
        }
        let complete = readable >= min(length, TraceProvenance.byteLimit)
        let plain = buffer.guarded != true && buffer.writable != false
        if complete && plain && length <= staticBufferLimit {
            var lines = ["\tstatic unsigned char \(name)[\(length)] __attribute__((aligned(8))) = {"]
            lines += byteRows(bytes)
            lines.append("\t};")
            lines += embeddedAddresses(embedded, into: name, readable: readable)
            lines.append("\t\(target) = (uintptr_t)\(name);")
            return lines
        }
        // The recording's buffer ended in unmapped memory after `readable` bytes (or right
        // after its declared length, or was longer than anything recorded): the replay's ends
        // at a guard page too, and is read-only where the recording's was.
        let patches = embeddedAddresses(embedded, into: name, readable: readable)
        // Patched before guarded_buffer copies them (its copy may be read-only).
        let qualifier = patches.isEmpty ? "static const" : "static"
        var lines = byteArray(name, Array(bytes.prefix(readable)), qualifier: qualifier)
        lines += patches
        lines.append("\t\(target) = (uintptr_t)guarded_buffer(\(name), \(readable), \(buffer.writable == false ? 0 : 1));")
        return lines
    }

    /// The pages behind each address stored in buffer `name` (trace provenance `pages`), mapped
    /// as the recording had them, and the replay's address written over the recorded one. An
    /// address outside the recorded bytes stays as it is.
    private static func embeddedAddresses(_ entries: [TraceProvenance], into name: String, readable: Int) -> [String] {
        var lines: [String] = []
        for entry in entries {
            guard let at = entry.at, at >= 0, at + 8 <= readable, let layout = entry.layout, !layout.isEmpty,
                  let address = entry.address.flatMap(CReproducer.parseHex) else { continue }
            let runs = "\(name)_pages_\(at)"
            lines.append("\tstatic const struct page_run \(runs)[] = {")
            for run in layout { lines.append("\t\t" + pageRun(run) + ",") }
            lines.append("\t};")
            let recorded = "0x\(String(address, radix: 16))ULL"
            lines.append("\tuint64_t \(runs)_addr = replay_pages(\(recorded), \(runs), \(layout.count));")
            lines.append("\tmemcpy(\(name) + \(at), &\(runs)_addr, 8);")
        }
        return lines
    }

    /// One `struct page_run` initializer.
    private static func pageRun(_ run: PageRun) -> String {
        let map: Character
        switch run.mapping {
        case .private: map = "p"
        case .shared: map = "s"
        case .none, .unmapped: map = "n"
        }
        let prot = [("r", "PROT_READ"), ("w", "PROT_WRITE"), ("x", "PROT_EXEC")].filter { run.prot.contains($0.0) }
            .map(\.1).joined(separator: " | ")
        let file = run.file.map { CReproducer.cString($0) } ?? "NULL"
        return "{ \(run.pages), '\(map)', \(prot.isEmpty ? "PROT_NONE" : prot), \(file), \(run.offset ?? 0), "
            + "\(run.step ?? 0) }"
    }

    private static func byteArray(_ name: String, _ bytes: [UInt8], qualifier: String) -> [String] {
        var lines = ["\t\(qualifier) unsigned char \(name)[\(max(bytes.count, 1))] = {"]
        lines += bytes.isEmpty ? ["\t\t0,"] : byteRows(bytes)
        lines.append("\t};")
        return lines
    }

    private static func byteRows(_ bytes: [UInt8]) -> [String] {
        let digits = Array("0123456789abcdef")
        let list = bytes.map { "0x" + String([digits[Int($0 >> 4)], digits[Int($0 & 0xF)]]) }
        return stride(from: 0, to: list.count, by: 12).map {
            "\t\t" + list[$0..<min($0 + 12, list.count)].joined(separator: ", ") + ","
        }
    }
}
