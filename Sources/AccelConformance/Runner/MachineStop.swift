import Foundation

/// Why the machine under an earlier attempt of a run was stopped from outside: a VM host or lab
/// that saw the kernel lock up on the console (soft lockup, hung task, RCU stall) and powered the
/// machine off. The runner could not record anything itself, so `resume --machine-stopped FILE`
/// hands the report over: the case in flight is recorded `crash` with the report's first line.
public struct MachineStop: Sendable, Equatable {
    /// The report's first non-empty line, without the kernel's `[ seconds]` prefix.
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    /// Reads the report; an unreadable, empty or non-UTF-8 file is bad input naming it.
    public static func read(path: String, option: String = "--machine-stopped") throws(RunnerInputError) -> MachineStop {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunnerInputError("\(option) \(path): cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RunnerInputError("\(option) \(path): not UTF-8 text")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = lines.first(where: { !$0.isEmpty }) else {
            throw RunnerInputError("\(option) \(path): empty (expected the reason the machine was stopped)")
        }
        return MachineStop(reason: String(strippingKernelTime(first).prefix(400)))
    }

    /// `[  123.456789] watchdog: …` → `watchdog: …`.
    static func strippingKernelTime(_ line: String) -> String {
        guard line.hasPrefix("["), let close = line.firstIndex(of: "]") else { return line }
        let stamp = line[line.index(after: line.startIndex)..<close].trimmingCharacters(in: .whitespaces)
        guard !stamp.isEmpty, stamp.allSatisfy({ $0.isNumber || $0 == "." }) else { return line }
        return line[line.index(after: close)...].trimmingCharacters(in: .whitespaces)
    }

    /// The message of a case that was in flight when the machine was stopped.
    public var caseMessage: String {
        "the machine was stopped while this case ran: \(reason); not re-run"
    }

    /// The journal's record of the stop, written before `resumed`.
    public var journalReason: String {
        "the machine was stopped from outside: \(reason)"
    }
}
