/// How `compare` prints a ``RunComparison``: lines for people, or one JSON document
/// (`--json`) whose keys are fixed so scripts can rely on them.
public enum ComparisonText {
    /// One block per device: counts, then each change as `name: before -> after`.
    public static func text(_ comparison: RunComparison, before: String, after: String) -> String {
        var lines = ["compare \(before) -> \(after)"]
        for device in comparison.devices {
            lines.append("")
            lines.append("device \(device.label): \(device.regressions.count) regression(s), \(device.fixes.count) fix(es), "
                         + "\(device.new.count) new, \(device.removed.count) removed, \(device.other.count) other change(s), "
                         + "\(device.unchanged) unchanged")
            for (title, list) in sections(device) where !list.isEmpty {
                lines.append("  \(title):")
                for change in list { lines.append("    " + line(change)) }
            }
        }
        lines.append("")
        let total = comparison.regressionCount
        lines.append(total == 0 ? "no regressions" : "\(total) regression(s)")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ comparison: RunComparison, before: String, after: String) -> String {
        let devices: [JSONValue] = comparison.devices.map { device in
            var fields: [(String, JSONValue)] = [("device", .string(device.label))]
            fields.append(("before", device.before.map(JSONValue.string) ?? .null))
            fields.append(("after", device.after.map(JSONValue.string) ?? .null))
            for (title, list) in sections(device) { fields.append((title, .array(list.map(json)))) }
            fields.append(("unchanged", .int(Int64(device.unchanged))))
            return .object(fields)
        }
        return JSONValue.object([
            ("before", .string(before)), ("after", .string(after)),
            ("regressions", .int(Int64(comparison.regressionCount))),
            ("devices", .array(devices)),
        ]).serialized(pretty: true) + "\n"
    }

    static func sections(_ device: RunComparison.DeviceChanges) -> [(String, [RunComparison.Change])] {
        [("regressions", device.regressions), ("fixes", device.fixes), ("new", device.new),
         ("removed", device.removed), ("other", device.other)]
    }

    static func line(_ change: RunComparison.Change) -> String {
        var text = "\(change.name): \(change.before?.rawValue ?? "absent") -> \(change.after?.rawValue ?? "absent")"
        if let classification = change.classification, classification != .expected { text += " [\(classification.rawValue)]" }
        if let detail = change.detail { text += " (\(detail))" }
        return text
    }

    private static func json(_ change: RunComparison.Change) -> JSONValue {
        var fields: [(String, JSONValue)] = [("name", .string(change.name.description))]
        fields.append(("before", change.before.map { .string($0.rawValue) } ?? .null))
        fields.append(("after", change.after.map { .string($0.rawValue) } ?? .null))
        if let classification = change.classification { fields.append(("classification", .string(classification.rawValue))) }
        if let detail = change.detail { fields.append(("detail", .string(detail))) }
        return .object(fields)
    }
}
