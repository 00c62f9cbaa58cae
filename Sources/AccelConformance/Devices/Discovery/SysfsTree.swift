import SystemPackage
#if canImport(Glibc)
import Glibc
#endif

/// Failure-tolerant reads of sysfs and procfs attributes.
///
/// Discovery must describe whatever it finds, including half-registered devices and fixture
/// trees, so every read returns nil instead of throwing; callers turn a nil into a note.
enum SysfsTree {
    /// An attribute's contents without the trailing newline the kernel appends.
    static func read(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count > 0 { bytes.append(contentsOf: buffer[0..<count]) }
            if count < buffer.count { break }
        }
        if ferror(file) != 0 { return nil }
        return trimmed(String(decoding: bytes, as: UTF8.self))
    }

    /// Why ``read(_:)`` failed, as a symbolic errno (`EACCES`, `ENOENT`, …).
    static func readFailure(_ path: String) -> String {
        guard let file = fopen(path, "r") else { return Errno(rawValue: errno).symbolicName }
        fclose(file)
        return "read error"
    }

    /// The target a symlink stores (relative, as sysfs writes it).
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The basename of a symlink's target (`device/driver` → `qaic`).
    static func linkBasename(_ path: String) -> String? {
        linkTarget(path).map(basename)
    }

    /// The path with every symlink resolved, like the kernel's view of a class entry.
    static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Directory entries without `.` and `..`, sorted; nil when the directory cannot be read.
    static func entries(_ path: String) -> [String]? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// True when `path` is a character device; false for placeholders, missing nodes, ….
    static func isCharacterDevice(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR
    }

    static func basename(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? trimmed
    }

    static func join(_ base: String, _ parts: String...) -> String {
        var result = base
        for part in parts {
            if result.hasSuffix("/") { result += part } else { result += "/" + part }
        }
        return result
    }

    /// Drops the trailing newline (and blanks) sysfs attributes end with.
    static func trimmed(_ text: String) -> String {
        var rest = Substring(text)
        while let last = rest.last, last == "\n" || last == " " || last == "\t" || last == "\r" {
            rest = rest.dropLast()
        }
        return String(rest)
    }
}
