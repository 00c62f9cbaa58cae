import Foundation

/// JUnit XML as GitLab and Jenkins read it (conventions.md §7): one `<testsuite>` per case
/// group, one `<testcase>` per case with classname = the case group (`qaic.create_bo`) and
/// name = the leaf. Assertion failures are `<failure>`, cases that could not finish are
/// `<error>`, skipped and unrun cases `<skipped>`; times are seconds.
public enum JUnitWriter {
    public static func document(_ results: RunResults) -> String {
        let layout = ReportLayout(results)
        let prefixSections = layout.sections.count > 1
        var suites: [String] = []
        var totals = Counts()
        for section in layout.sections {
            for group in section.groups {
                let classname = prefixSections ? section.name + "." + group.caseGroup : group.caseGroup
                var counts = Counts()
                var cases: [String] = []
                for entry in group.entries {
                    counts.add(entry.status, duration: entry.record?.outcome.duration ?? 0)
                    cases.append(testcase(entry, classname: classname, abortReason: results.abortReason))
                }
                totals.merge(counts)
                let start = group.entries.compactMap { $0.record?.outcome.startTime }.min() ?? results.metadata.startTime
                suites.append("  <testsuite name=\"\(escape(classname))\" \(counts.attributes)"
                              + " timestamp=\"\(timestamp(start))\" hostname=\"\(escape(results.metadata.hostname))\">\n"
                              + cases.joined() + "  </testsuite>\n")
            }
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"accel-conformance\" \(totals.attributes)>\n"
            + suites.joined() + "</testsuites>\n"
    }

    private static func testcase(_ entry: ReportLayout.Entry, classname: String, abortReason: String?) -> String {
        let duration = entry.record?.outcome.duration ?? 0
        let open = "    <testcase classname=\"\(escape(classname))\" name=\"\(escape(entry.name.leaf))\" time=\"\(seconds(duration))\""
        guard let record = entry.record, !entry.notRun else {
            let reason = "not run" + (abortReason.map { ": " + $0 } ?? "")
            return open + ">\n      <skipped message=\"\(escape(reason))\"/>\n    </testcase>\n"
        }
        let status = record.outcome.status
        var children = ""
        switch StatusMapping.junit(status) {
        case .none:
            break
        case .skipped:
            children += "      <skipped message=\"\(escape(record.outcome.message ?? "skipped"))\"/>\n"
        case .failure, .error:
            let tag = StatusMapping.junit(status) == .failure ? "failure" : "error"
            let summary = FailureText.summary(record)
            let message = status == .fail || summary == status.rawValue ? summary : status.rawValue + ": " + summary
            children += "      <\(tag) message=\"\(escape(message))\" type=\"\(status.rawValue)\">"
                + escape(FailureText.excerpt(record, limit: 16384)) + "</\(tag)>\n"
        }
        if let dmesg = record.dmesg, !dmesg.isEmpty {
            children += "      <system-out>" + escape(dmesg) + "</system-out>\n"
        }
        if children.isEmpty { return open + "/>\n" }
        return open + ">\n" + children + "    </testcase>\n"
    }

    private struct Counts {
        var tests = 0, failures = 0, errors = 0, skipped = 0
        var time = 0.0
        mutating func add(_ status: Status, duration: Double) {
            tests += 1
            time += duration
            switch StatusMapping.junit(status) {
            case .none: break
            case .failure: failures += 1
            case .error: errors += 1
            case .skipped: skipped += 1
            }
        }
        mutating func merge(_ other: Counts) {
            tests += other.tests; failures += other.failures; errors += other.errors
            skipped += other.skipped; time += other.time
        }
        var attributes: String {
            "tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"\(JUnitWriter.seconds(time))\""
        }
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f", max(0, value)) }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Escapes for both text and attributes. Characters XML 1.0 forbids (C0 controls, U+FFFE/U+FFFF)
    /// cannot be escaped at all, so they become `\xNN` text; newlines in attributes are kept
    /// as character references so parsers do not normalise them to spaces.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0xFFFE || v == 0xFFFF {
                    out += String(format: "\\x%02X", v)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
