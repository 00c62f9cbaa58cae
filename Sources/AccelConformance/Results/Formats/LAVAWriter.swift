/// LAVA result signals (conventions.md §6.2), as `lava-test-case NAME --result R` prints
/// them: one short ASCII line per case. The test case id is the dotted case name (already
/// `[a-z0-9_.-]`, unique, without numbering); results map through ``StatusMapping``, so
/// dmesg-warn and dmesg-fail are `fail` rather than a dropped signal.
public enum LAVAWriter {
    public static func signal(for record: CaseRecord) -> String {
        let id = String(record.outcome.name.description.unicodeScalars.map { scalar -> Character in
            let v = scalar.value
            let ok = (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39)
                || v == 0x5F || v == 0x2E || v == 0x2D
            return ok ? Character(scalar) : "_"
        })
        return "<LAVA_SIGNAL_TESTCASE TEST_CASE_ID=\(id) RESULT=\(StatusMapping.lava(record.outcome.status))>"
    }
}
