/// The explanation of one case's result that JUnit bodies, KCIDB log excerpts and KTAP
/// diagnostics quote: expected vs actual, the message, the end of the trace and of the
/// kernel log slice, and the command that re-runs the case.
public enum FailureText {
    /// `expected EINVAL, got 0`, or the message when the case compared nothing.
    public static func summary(_ record: CaseRecord) -> String {
        let outcome = record.outcome
        if let expected = outcome.expected, let actual = outcome.actual {
            let base = "expected \(expected), got \(actual)"
            if let message = outcome.message, !message.isEmpty { return base + ": " + message }
            return base
        }
        if let message = outcome.message, !message.isEmpty { return message }
        return record.outcome.status.rawValue
    }

    /// A multi-line report, at most `limit` Unicode scalars (KCIDB counts code points). The
    /// trace and kernel log are cut from the front: their last lines explain the result.
    public static func excerpt(_ record: CaseRecord, limit: Int = 16384, traceLines: Int = 40) -> String {
        let outcome = record.outcome
        var head: [String] = ["\(outcome.name): \(outcome.status.rawValue)"]
        if let expected = outcome.expected { head.append("expected: \(expected)") }
        if let actual = outcome.actual { head.append("actual: \(actual)") }
        if let message = outcome.message, !message.isEmpty { head.append("message: \(message)") }
        if let classification = record.classification { head.append("baseline: \(classification.rawValue)") }
        head.append("profile: \(record.profile)")
        head.append("reproducer: \(record.reproducer)")
        var text = clip(head.joined(separator: "\n"), limit: limit)

        let trace = TraceText.lines(outcome.trace)
        if !trace.isEmpty {
            let shown = trace.suffix(traceLines)
            let title = shown.count < trace.count ? "trace (last \(shown.count) of \(trace.count) syscalls):" : "trace:"
            text = append(text, section: title, body: shown.map { "  " + $0 }.joined(separator: "\n"), limit: limit)
        }
        if let dmesg = record.dmesg, !dmesg.isEmpty {
            text = append(text, section: "kernel log:", body: dmesg, limit: limit)
        }
        return text
    }

    /// Adds a titled section, keeping its tail when space runs short.
    private static func append(_ text: String, section title: String, body: String, limit: Int) -> String {
        let room = limit - text.unicodeScalars.count - title.unicodeScalars.count - 2
        guard room > 32 else { return text }
        let scalars = Array(body.unicodeScalars)
        let marker = "[…]\n"
        var shown = body
        if scalars.count > room {
            var tail = String(String.UnicodeScalarView(scalars.suffix(room - marker.unicodeScalars.count)))
            // Start at a line boundary so the cut reads as a cut.
            if let newline = tail.firstIndex(of: "\n") { tail = String(tail[tail.index(after: newline)...]) }
            shown = marker + tail
        }
        return text + "\n" + title + "\n" + shown
    }

    public static func clip(_ text: String, limit: Int) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > limit else { return text }
        return String(String.UnicodeScalarView(scalars.prefix(limit)))
    }
}
