import Foundation

/// `report.html`: one self-contained page (inline style and script, no fetches) for people.
/// Per device (driver, kernel, profile): counts by status with a bar, then every case; each
/// case that did not pass opens to expected vs actual, the rationale, the baseline's verdict,
/// the decoded trace, the kernel-log slice, the command that re-runs it and its C reproducer.
/// Filters by status, group and name. Optionally a comparison with another run on top.
public enum HTMLReport {
    public struct Input: Sendable {
        public var results: RunResults
        /// Shown above the devices, with the two folders' names.
        public var comparison: (RunComparison, before: String, after: String)?
        /// The C reproducer of a case that did not pass (nil: none offered).
        public var reproducer: @Sendable (CaseRecord) -> String?

        public init(results: RunResults, comparison: (RunComparison, before: String, after: String)? = nil,
                    reproducer: @escaping @Sendable (CaseRecord) -> String? = { _ in nil }) {
            self.results = results
            self.comparison = comparison
            self.reproducer = reproducer
        }
    }

    public static func document(_ input: Input) -> String {
        let results = input.results
        let layout = ReportLayout(results)
        let devices = results.metadata.devices.map(\.identity.name).joined(separator: ", ")
        var html: [String] = [
            "<!DOCTYPE html>",
            "<html lang=\"en\"><head><meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            // No fetch of any kind, even by mistake: the page carries all it shows.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
                + "script-src 'unsafe-inline'; img-src data:\">",
            HTMLText.element("title", "accel-conformance report: \(devices)"),
            "<style>\(ReportAssets.style)</style>",
            "</head><body>",
            "<h1>accel-conformance report</h1>",
        ]
        html += header(results)
        html += filters(layout)
        if let (comparison, before, after) = input.comparison {
            html += comparisonSection(comparison, before: before, after: after)
        }
        for section in layout.sections {
            html += deviceSection(section, input: input)
        }
        html.append("<script>\(ReportAssets.script)</script>")
        html.append("</body></html>")
        return html.joined(separator: "\n") + "\n"
    }

    private static func header(_ results: RunResults) -> [String] {
        let metadata = results.metadata
        var lines = [
            meta("tool", "accel-conformance \(metadata.toolVersion)"),
            meta("started", timestamp(metadata.startTime) + (results.endTime.map { ", ended " + timestamp($0) } ?? "")
                 + " on \(metadata.hostname)"),
            meta("seed", String(metadata.seed)),
            meta("command", metadata.commandLine.joined(separator: " "), code: true),
        ]
        if let reason = results.abortReason {
            lines.append("<p class=\"abort\"><b>Run aborted:</b> \(HTMLText.escape(reason))</p>")
        }
        return lines
    }

    private static func meta(_ title: String, _ value: String, code: Bool = false) -> String {
        let body = code ? "<code>\(HTMLText.escape(value))</code>" : HTMLText.escape(value)
        return "<p class=\"meta\"><b>\(HTMLText.escape(title)):</b> \(body)</p>"
    }

    private static func timestamp(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    private static func filters(_ layout: ReportLayout) -> [String] {
        let present = Set(layout.sections.flatMap { $0.entries.map(\.status) })
        var lines = ["<nav id=\"filters\"><b>Show:</b>"]
        for status in Status.allCases where present.contains(status) {
            lines.append("<label><input type=\"checkbox\" class=\"status-filter\" value=\"\(status.rawValue)\" checked> "
                         + "<span class=\"badge \(HTMLText.statusClass(status))\">\(status.rawValue)</span></label>")
        }
        var groups: [String] = []
        for section in layout.sections {
            for group in section.groups where !groups.contains(group.caseGroup) { groups.append(group.caseGroup) }
        }
        lines.append("<label>group <select id=\"group-filter\"><option value=\"\">all</option>")
        for group in groups {
            lines.append("<option value=\"\(HTMLText.escape(group))\">\(HTMLText.escape(group))</option>")
        }
        lines.append("</select></label>")
        lines.append("<label>name <input type=\"search\" id=\"text-filter\" placeholder=\"part of a case name\"></label>")
        lines.append("<button type=\"button\" id=\"only-problems\">only problems</button>")
        lines.append("<button type=\"button\" id=\"show-all\">show all</button>")
        lines.append("<span id=\"shown\"></span></nav>")
        return lines
    }

    private static func deviceSection(_ section: ReportLayout.Section, input: Input) -> [String] {
        let entries = section.entries
        var lines = ["<section class=\"device\">",
                     HTMLText.element("h2", "\(section.driver) on \(section.deviceName)")]
        if let device = section.device {
            lines.append(meta("kernel", device.kernelRelease))
            if let version = device.drmVersion {
                lines.append(meta("driver", "\(version.name) \(version.major).\(version.minor).\(version.patchLevel) "
                                  + "(\(version.description))"))
            }
        }
        if let profile = section.profile { lines.append(meta("profile", "\(profile.id): \(profile.title)")) }
        lines += counts(entries.map(\.status))
        lines.append("<table class=\"cases\"><colgroup><col class=\"c-name\"><col class=\"c-status\"><col class=\"c-cls\">"
                     + "<col class=\"c-ioctl\"><col class=\"c-ms\"></colgroup><thead><tr><th>case</th><th>status</th>"
                     + "<th>baseline</th><th>ioctl</th><th>ms</th></tr></thead><tbody>")
        for group in section.groups {
            for entry in group.entries { lines += row(entry, group: group.caseGroup, input: input) }
        }
        lines.append("</tbody></table></section>")
        return lines
    }

    private static func counts(_ statuses: [Status]) -> [String] {
        let total = max(statuses.count, 1)
        let counted = Status.allCases.map { status in (status, statuses.filter { $0 == status }.count) }.filter { $0.1 > 0 }
        var lines = ["<table class=\"counts\"><tr><th>total</th><td>\(statuses.count)</td></tr>"]
        for (status, count) in counted {
            lines.append("<tr><th><span class=\"badge \(HTMLText.statusClass(status))\">\(status.rawValue)</span></th>"
                         + "<td>\(count)</td></tr>")
        }
        lines.append("</table>")
        var bar = "<div class=\"bar\" role=\"img\" aria-label=\"cases by status\">"
        for (status, count) in counted {
            let percent = String(format: "%.3f", Double(count) * 100 / Double(total))
            bar += "<span class=\"\(HTMLText.statusClass(status))\" style=\"width:\(percent)%\" "
                + "title=\"\(status.rawValue): \(count)\"></span>"
        }
        lines.append(bar + "</div>")
        return lines
    }

    private static func row(_ entry: ReportLayout.Entry, group: String, input: Input) -> [String] {
        let status = entry.status
        let name = entry.name.description
        let record = entry.record
        var cells = "<td class=\"name\">\(HTMLText.escape(name))"
        if status != .pass, let record {
            cells += details(record, input: input)
        } else if let record {
            cells += "<div class=\"cls\">\(HTMLText.escape(record.rationale))</div>"
        }
        cells += "</td><td><span class=\"badge \(HTMLText.statusClass(status))\">\(status.rawValue)</span></td>"
        cells += "<td>\(classification(record?.classification))</td>"
        cells += "<td>\(HTMLText.escape(record?.ioctl ?? ""))</td>"
        cells += "<td>\(record.map { String(format: "%.1f", $0.outcome.duration * 1000) } ?? "")</td>"
        return ["<tr class=\"case\" data-status=\"\(status.rawValue)\" data-group=\"\(HTMLText.escape(group))\" "
                + "data-name=\"\(HTMLText.escape(name))\">\(cells)</tr>"]
    }

    private static func classification(_ value: Classification?) -> String {
        guard let value else { return "<span class=\"cls\">no baseline</span>" }
        let bad = BaselineVerdict.isUnexpected(value)
        return "<span class=\"cls\(bad ? " cls-bad" : "")\">\(HTMLText.escape(value.rawValue))</span>"
    }

    private static func details(_ record: CaseRecord, input: Input) -> String {
        let outcome = record.outcome
        var items: [(String, String)] = []
        if let expected = outcome.expected { items.append(("expected", HTMLText.escape(expected))) }
        if let actual = outcome.actual { items.append(("actual", HTMLText.escape(actual))) }
        if let message = outcome.message, !message.isEmpty { items.append(("message", HTMLText.escape(message))) }
        items.append(("rationale", HTMLText.escape(record.rationale)))
        items.append(("confidence", HTMLText.escape(record.confidence.rawValue)))
        items.append(("baseline", classification(record.classification)))
        if let reruns = record.reruns, !reruns.isEmpty {
            items.append(("re-runs", HTMLText.escape(reruns.map(\.rawValue).joined(separator: ", "))))
        }
        items.append(("profile", HTMLText.escape(record.profile)))
        var html = "<details class=\"case\"><summary>\(HTMLText.escape(FailureText.summary(record)))</summary><dl>"
        for (title, value) in items { html += "<dt>\(HTMLText.escape(title))</dt><dd>\(value)</dd>" }
        html += "</dl><b>re-run:</b><pre>\(HTMLText.escape(record.reproducer))</pre>"
        let trace = TraceText.lines(outcome.trace)
        html += "<b>trace (\(trace.count) syscalls):</b><pre>\(HTMLText.escape(trace.joined(separator: "\n")))</pre>"
        let dmesg = record.dmesg ?? ""
        html += "<b>kernel log:</b><pre>\(HTMLText.escape(dmesg.isEmpty ? "(not captured)" : dmesg))</pre>"
        if let program = input.reproducer(record) {
            html += "<details><summary>C reproducer</summary><pre>\(HTMLText.escape(program))</pre></details>"
        }
        return html + "</details>"
    }

    private static func comparisonSection(_ comparison: RunComparison, before: String, after: String) -> [String] {
        var lines = ["<section class=\"compare\">",
                     HTMLText.element("h2", "Comparison: \(before) → \(after)"),
                     meta("regressions", String(comparison.regressionCount))]
        for device in comparison.devices {
            lines.append(HTMLText.element("h3", "\(device.label): \(device.regressions.count) regression(s), "
                                          + "\(device.fixes.count) fix(es), \(device.new.count) new, "
                                          + "\(device.removed.count) removed, \(device.other.count) other, "
                                          + "\(device.unchanged) unchanged"))
            for (title, list) in ComparisonText.sections(device) where !list.isEmpty {
                lines.append("<b>\(HTMLText.escape(title))</b><ul>")
                for change in list { lines.append("<li>\(HTMLText.escape(ComparisonText.line(change)))</li>") }
                lines.append("</ul>")
            }
        }
        lines.append("</section>")
        return lines
    }
}
