/// Shorthands for the qaic tables' expectations: version drift spelled out as profile ranges
/// (qaic-uapi.md §0).
typealias QAICRow = CaseTable.Row

enum QAICExpect {
    /// One expected result per profile range, first match wins.
    static func drift(_ entries: (ProfileExpectation.Range, Expected)...) -> ProfileExpectation {
        ProfileExpectation(entries.map { ($0.0, .expect($0.1)) })
    }

    /// DETACH_SLICE_BO exists from v6.7; before that nr 0x48 is past the 8-entry table and the
    /// DRM core answers EINVAL (§2.7, §2.0 rule 3).
    static func detach(_ expected: Expected) -> ProfileExpectation {
        ProfileExpectation([(.upTo(QAICProfile.v6_4), .expect(.EINVAL)), (.from(QAICProfile.v6_7), .expect(expected))])
    }

    /// Only the listed range has a stated expectation; elsewhere the spec leaves it open.
    static func only(_ range: ProfileExpectation.Range, _ expected: Expected, elsewhere reason: String) -> ProfileExpectation {
        ProfileExpectation([(range, .expect(expected)), (.all, .notApplicable(reason))])
    }
}
