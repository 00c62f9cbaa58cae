import Foundation

/// KTAP v1 (conventions.md §1): one subtest per device section, one per ioctl group inside
/// it, one result line per case. Names are case parts only; numbers live in the result
/// position, never in a name. Diagnostics explaining a failure come before its result line.
/// A planned case that never ran prints no result line, so its level's plan is short, which
/// is how KTAP says "not run".
public enum KTAPWriter {
    public static func document(_ results: RunResults) -> String {
        let layout = ReportLayout(results)
        var out: [String] = ["KTAP version 1"]
        out.append("# accel-conformance \(results.metadata.toolVersion) seed=\(results.metadata.seed)")
        for line in totalsLine(layout) { out.append(line) }
        if let reason = results.abortReason { out.append("# run aborted: " + oneLine(reason)) }
        out.append("1..\(layout.sections.count)")
        for (index, section) in layout.sections.enumerated() {
            var lines: [String] = ["KTAP version 1"]
            lines.append("# device \(oneLine(section.deviceName)) driver \(oneLine(section.driver))"
                         + (section.profile.map { " profile \($0.id)" } ?? ""))
            lines.append("1..\(section.groups.count)")
            for (groupIndex, group) in section.groups.enumerated() {
                var caseLines: [String] = ["KTAP version 1", "1..\(group.entries.count)"]
                var number = 0
                for entry in group.entries {
                    // An unrun case takes no number: KTAP numbers have no gaps, the short
                    // plan alone says something did not run.
                    guard let record = entry.record, !entry.notRun else {
                        caseLines.append("# not run: \(entry.name)")
                        continue
                    }
                    number += 1
                    caseLines += caseResult(record, number: number)
                }
                lines += caseLines.map { "  " + $0 }
                lines.append(parentLine(entries: group.entries, number: groupIndex + 1, name: group.name))
            }
            out += lines.map { "  " + $0 }
            out.append(parentLine(entries: section.entries, number: index + 1, name: section.name))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Lines for one case: diagnostics, then the result line.
    static func caseResult(_ record: CaseRecord, number: Int) -> [String] {
        let outcome = record.outcome
        let name = outcome.name.leaf
        var lines: [String] = []
        if outcome.status.isFailure {
            if let expected = outcome.expected { lines.append("# expected: " + oneLine(expected)) }
            if let actual = outcome.actual { lines.append("# actual: " + oneLine(actual)) }
            if let message = outcome.message, !message.isEmpty {
                lines += message.split(separator: "\n", omittingEmptySubsequences: true).map { "# " + String($0) }
            }
            if let last = outcome.trace.last { lines.append("# last syscall: " + TraceText.line(last)) }
            if let dmesg = record.dmesg {
                let logLines = dmesg.split(whereSeparator: { $0.isNewline }).suffix(5)
                lines += logLines.map { "# kernel log: " + String($0) }
            }
            lines.append("# reproduce: " + oneLine(record.reproducer))
        }
        let reason = oneLine(outcome.message ?? "")
        switch outcome.status {
        case .pass:
            lines.append("ok \(number) \(name)")
        case .skip:
            lines.append("ok \(number) \(name) # SKIP" + (reason.isEmpty ? "" : " " + reason))
        case .fail:
            lines.append("not ok \(number) \(name)")
        case .timeout:
            lines.append("not ok \(number) \(name) # TIMEOUT \(timeoutSeconds(record)) seconds")
        case .crash, .abort:
            lines.append("not ok \(number) \(name) # ERROR \(outcome.status.rawValue)" + (reason.isEmpty ? "" : ": " + reason))
        case .incomplete, .dmesgWarn, .dmesgFail:
            lines.append("not ok \(number) \(name) # ERROR \(outcome.status.rawValue)")
        case .notrun:
            break
        }
        return lines
    }

    /// The limit the runner applied; the duration rounded up for records without one.
    static func timeoutSeconds(_ record: CaseRecord) -> String {
        guard let limit = record.timeoutSeconds, limit > 0 else {
            return "\(max(1, Int(record.outcome.duration.rounded(.up))))"
        }
        return limit == limit.rounded() ? "\(Int(limit))" : "\(limit)"
    }

    /// A group or section passes unless a child failed; it is skipped when every child that
    /// ran was skipped; planned children that never ran make it an error.
    private static func parentLine(entries: [ReportLayout.Entry], number: Int, name: String) -> String {
        let ran = entries.filter { !$0.notRun }
        let missing = entries.count - ran.count
        if ran.contains(where: { !StatusMapping.ktapOK($0.status) }) { return "not ok \(number) \(name)" }
        if missing > 0 { return "not ok \(number) \(name) # ERROR \(missing) of \(entries.count) cases not run" }
        if !ran.isEmpty, ran.allSatisfy({ $0.status == .skip }) { return "ok \(number) \(name) # SKIP every case skipped" }
        return "ok \(number) \(name)"
    }

    private static func totalsLine(_ layout: ReportLayout) -> [String] {
        let statuses = layout.sections.flatMap(\.entries).map(\.status)
        let counts = Status.allCases.compactMap { status -> String? in
            let n = statuses.filter { $0 == status }.count
            return n > 0 ? "\(status.rawValue):\(n)" : nil
        }
        return counts.isEmpty ? [] : ["# totals: " + counts.joined(separator: " ")]
    }

    /// One line without `#` (KTAP descriptions and directive text cannot carry it).
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isNewline }).joined(separator: " ").replacingOccurrences(of: "#", with: "")
    }
}
