/// The `KEY=VALUE` lines of a sysfs `uevent` attribute.
struct Uevent: Equatable {
    let values: [String: String]

    init(values: [String: String]) { self.values = values }

    /// Lines without `=` are ignored: the kernel never writes them, and a stray one in a
    /// hand-made tree should not hide the rest.
    init(parsing text: String) {
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        self.values = values
    }

    subscript(key: String) -> String? { values[key] }
}
