import AccelConformance

/// The trees under Fixtures/sysfs (see its README).
enum FixtureTrees {
    static let base: String = {
        // Tests/AccelConformanceTests/Discovery/FixtureTrees.swift → repository root
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(4)
        return parts.joined(separator: "/") + "/Fixtures/sysfs"
    }()

    static func roots(_ tree: String) -> SystemRoots {
        SystemRoots(sysfs: "\(base)/\(tree)/sys", dev: "\(base)/\(tree)/dev", proc: "\(base)/\(tree)/proc")
    }
}
