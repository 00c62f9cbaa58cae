/// deqp-runner's CSV files (conventions.md §4). `results.csv` is every result,
/// `name,Status,duration`; `failures.csv` is `name,Status` for the unexpected results only,
/// in the same form as a drm-ci `*-fails.txt` line, so a first run's failures.csv is the
/// next run's `fails` baseline.
///
/// With baselines applied, results.csv shows deqp's verdict words (ExpectedFail,
/// UnexpectedImprovement(Pass), Flake, KnownFlake); failures.csv then holds only what the
/// baseline did not expect: unexpected failures with their actual status word, and
/// unexpected passes as `UnexpectedImprovement(<status>)`. Without baselines every failing
/// status is unexpected. Names are the dotted case names, which never contain a comma.
public enum CSVWriter {
    public static func results(_ results: RunResults) -> String {
        var lines: [String] = []
        for entry in ReportLayout(results).sections.flatMap(\.entries) {
            let duration = entry.record?.outcome.duration ?? 0
            lines.append("\(entry.name),\(resultWord(entry)),\(JUnitWriter.seconds(duration))")
        }
        return lines.map { $0 + "\n" }.joined()
    }

    public static func failures(_ results: RunResults) -> String {
        var lines: [String] = []
        for entry in ReportLayout(results).sections.flatMap(\.entries) {
            guard let word = unexpectedWord(entry) else { continue }
            lines.append("\(entry.name),\(word)")
        }
        return lines.map { $0 + "\n" }.joined()
    }

    private static func resultWord(_ entry: ReportLayout.Entry) -> String {
        let word = StatusMapping.csv(entry.status)
        switch entry.record?.classification {
        case .expectedFail?: return "ExpectedFail"
        case .unexpectedPass?: return "UnexpectedImprovement(\(word))"
        case .flake?: return "Flake"
        case .knownFlake?: return "KnownFlake"
        case .unexpectedFail?, .expected?, nil: return word
        }
    }

    /// The failures.csv word, or nil when the result was expected.
    private static func unexpectedWord(_ entry: ReportLayout.Entry) -> String? {
        let word = StatusMapping.csv(entry.status)
        switch entry.record?.classification {
        case .unexpectedFail?: return word
        case .unexpectedPass?: return "UnexpectedImprovement(\(word))"
        case .expected?, .expectedFail?, .flake?, .knownFlake?: return nil
        case nil: return entry.status.isFailure || entry.notRun && entry.record == nil ? word : nil
        }
    }
}
