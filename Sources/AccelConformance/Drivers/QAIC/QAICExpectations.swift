/// Shorthands for the qaic tables' expectations: version drift spelled out as profile ranges
/// (qaic-uapi.md §0).
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

    /// A count whose array cannot be allocated (tens of GiB). 7.3 copies with memdup_user /
    /// memdup_array_user (`mm/util.c:memdup_user`: GFP_USER | __GFP_NOWARN) and fails quietly with
    /// ENOMEM. Up to 6.12 the handler allocates with plain GFP_KERNEL: the page allocator warns
    /// (order > MAX_PAGE_ORDER) and taints the kernel W, so the row is not run there.
    static func hugeCountOn7_3(_ handler: String) -> ProfileExpectation {
        ProfileExpectation([(.from(QAICProfile.v7_3), .expect(.ENOMEM)),
                            (.all, .notApplicable("\(handler) allocates the array with GFP_KERNEL before 7.3: a "
                                                  + "count this large prints a page-allocator warning and taints the "
                                                  + "kernel W (qaic-kernel-drift.md §3.1); not run"))])
    }

    /// Only the listed range has a stated expectation; elsewhere the spec leaves it open.
    static func only(_ range: ProfileExpectation.Range, _ expected: Expected, elsewhere reason: String) -> ProfileExpectation {
        ProfileExpectation([(range, .expect(expected)), (.all, .notApplicable(reason))])
    }
}
