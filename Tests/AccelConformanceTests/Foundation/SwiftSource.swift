import Foundation

/// One Swift file of the repository, read for what it declares and what it names, without a
/// compiler: enough for the architecture rules and the citation check.
struct SwiftSource {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let library = repository.appendingPathComponent("Sources/AccelConformance")

    /// Path relative to the folder it was listed from (`Devices/Discovery/DeviceSelector.swift`).
    let path: String
    let text: String
    /// `text` with comments and the literal text of strings blanked to spaces (newlines kept,
    /// so offsets and line numbers still match); string interpolations stay code.
    let code: String

    init(path: String, text: String) {
        self.path = path
        self.text = text
        self.code = Self.codeOnly(text)
    }

    /// Every `.swift` file under `folder`, paths relative to it, sorted.
    static func files(under folder: URL) -> [SwiftSource] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            return []
        }
        let prefix = folder.standardizedFileURL.path + "/"
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }.compactMap { url in
            guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
            return SwiftSource(path: String(url.standardizedFileURL.path.dropFirst(prefix.count)), text: text)
        }.sorted { $0.path < $1.path }
    }

    /// The first path component: the layer (folder) of the library the file belongs to.
    var layer: String {
        path.contains("/") ? String(path.prefix { $0 != "/" }) : "(top)"
    }

    // MARK: - Lexing

    private enum Frame {
        case interpolation(depth: Int)
        case string(multiline: Bool, hashes: Int)
    }

    /// Blanks comments (line, nested block) and string literal text (plain, multi-line, raw),
    /// keeping `\( … )` interpolations as code.
    static func codeOnly(_ text: String) -> String {
        let s = Array(text.unicodeScalars)
        var out = s
        var stack: [Frame] = []
        var i = 0
        func at(_ j: Int) -> Unicode.Scalar? { j < s.count ? s[j] : nil }
        func blank(_ range: Range<Int>) {
            for j in range where j < s.count && s[j] != "\n" { out[j] = " " }
        }
        func hashes(from j: Int) -> Int {
            var k = j
            while at(k) == "#" { k += 1 }
            return k - j
        }
        func isTripleQuote(_ j: Int) -> Bool { at(j) == "\"" && at(j + 1) == "\"" && at(j + 2) == "\"" }

        while i < s.count {
            if case .string(let multiline, let count)? = stack.last {
                if s[i] == "\\" && hashes(from: i + 1) == count {
                    let after = i + 1 + count
                    if at(after) == "(" {
                        blank(i..<(after + 1))
                        stack.append(.interpolation(depth: 1))
                        i = after + 1
                    } else {
                        blank(i..<(after + 1))
                        i = after + 1
                    }
                    continue
                }
                let quoteLength = multiline ? 3 : 1
                if (multiline ? isTripleQuote(i) : s[i] == "\"") && hashes(from: i + quoteLength) >= count {
                    blank(i..<(i + quoteLength + count))
                    stack.removeLast()
                    i += quoteLength + count
                    continue
                }
                blank(i..<(i + 1))
                i += 1
                continue
            }
            if s[i] == "/" && at(i + 1) == "/" {
                var j = i
                while j < s.count && s[j] != "\n" { j += 1 }
                blank(i..<j)
                i = j
                continue
            }
            if s[i] == "/" && at(i + 1) == "*" {
                var depth = 0
                var j = i
                repeat {
                    if at(j) == "/" && at(j + 1) == "*" {
                        depth += 1
                        j += 2
                    } else if at(j) == "*" && at(j + 1) == "/" {
                        depth -= 1
                        j += 2
                    } else {
                        j += 1
                    }
                } while depth > 0 && j < s.count
                blank(i..<j)
                i = j
                continue
            }
            let count = hashes(from: i)
            if at(i + count) == "\"" {
                let multiline = isTripleQuote(i + count)
                let opening = count + (multiline ? 3 : 1)
                blank(i..<(i + opening))
                stack.append(.string(multiline: multiline, hashes: count))
                i += opening
                continue
            }
            if case .interpolation(let depth)? = stack.last {
                if s[i] == "(" {
                    stack[stack.count - 1] = .interpolation(depth: depth + 1)
                } else if s[i] == ")" {
                    if depth == 1 {
                        blank(i..<(i + 1))
                        stack.removeLast()
                        i += 1
                        continue
                    }
                    stack[stack.count - 1] = .interpolation(depth: depth - 1)
                }
            }
            i += count > 0 ? count : 1
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: out)
        return String(result)
    }

    // MARK: - Declarations and names

    /// A declaration the architecture rules track.
    struct Declaration: Hashable {
        enum Kind: Hashable {
            /// A type, free function, global or typealias at file scope: used by its bare name.
            case topLevel
            /// A member declared in an `extension` at file scope: used as `.name`.
            case extensionMember
            /// Any other member (nested in a type body): only makes extension members ambiguous.
            case member
        }

        let name: String
        let kind: Kind
        let line: Int
        /// `private`/`fileprivate`: invisible outside its file, so it cannot be a dependency.
        let isPrivate: Bool
    }

    private static let declarationPattern: NSRegularExpression = {
        let attributes = #"(?:@\w+(?:\([^)]*\))?\s+)*"#
        let modifiers = [
            "public", "internal", "fileprivate", "private", "package", "open", "final", "static", "class", "override",
            "mutating", "nonmutating", "indirect", "convenience", "required", "lazy", "weak", "unowned",
            #"nonisolated(?:\(unsafe\))?"#, "dynamic", #"(?:private|fileprivate|internal|public)\(set\)"#,
        ].joined(separator: "|")
        let keyword = "struct|enum|class|protocol|actor|typealias|func|let|var|extension|case"
        let name = #"\s+([A-Za-z_][A-Za-z0-9_]*)"#
        return try! NSRegularExpression(
            pattern: #"^\s*"# + attributes + "(?:(?:" + modifiers + #")\s+)*("# + keyword + ")" + name)
    }()

    /// Declarations with their scope, found by brace depth on the comment-free code.
    var declarations: [Declaration] {
        var found: [Declaration] = []
        var depth = 0
        var inExtension = false
        for (index, line) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = String(line)
            let range = NSRange(text.startIndex..., in: text)
            if let match = Self.declarationPattern.firstMatch(in: text, range: range),
               let kindRange = Range(match.range(at: 1), in: text),
               let nameRange = Range(match.range(at: 2), in: text) {
                let keyword = String(text[kindRange])
                let name = String(text[nameRange])
                let modifiers = text[..<kindRange.lowerBound].split(separator: " ")
                let isPrivate = modifiers.contains("private") || modifiers.contains("fileprivate")
                if depth == 0 {
                    if keyword == "extension" {
                        inExtension = true
                    } else {
                        inExtension = false
                        found.append(Declaration(name: name, kind: .topLevel, line: index + 1, isPrivate: isPrivate))
                    }
                } else if keyword != "extension" {
                    let kind: Declaration.Kind = depth == 1 && inExtension ? .extensionMember : .member
                    found.append(Declaration(name: name, kind: kind, line: index + 1, isPrivate: isPrivate))
                }
            }
            for character in text {
                if character == "{" { depth += 1 } else if character == "}" { depth -= 1 }
            }
            // Back at file scope after a closing brace: the extension (or one-line body) ended.
            if depth == 0 && text.contains("}") { inExtension = false }
        }
        return found
    }

    /// A name as the code uses it: the identifier, its line, and whether a `.` precedes it.
    struct Use: Hashable {
        let name: String
        let line: Int
        let afterDot: Bool
    }

    var uses: [Use] {
        var found: [Use] = []
        var line = 1
        var current = ""
        var start = 0
        let scalars = Array(code.unicodeScalars)
        func isIdentifier(_ c: Unicode.Scalar) -> Bool {
            CharacterSet.alphanumerics.contains(c) || c == "_"
        }
        func flush(at end: Int) {
            guard !current.isEmpty else { return }
            var j = start - 1
            while j >= 0 && (scalars[j] == " " || scalars[j] == "\n") { j -= 1 }
            let afterDot = j >= 0 && scalars[j] == "."
            if let first = current.unicodeScalars.first, !CharacterSet.decimalDigits.contains(first) {
                found.append(Use(name: current, line: line, afterDot: afterDot))
            }
            current = ""
        }
        for (index, c) in scalars.enumerated() {
            if isIdentifier(c) {
                if current.isEmpty { start = index }
                current.unicodeScalars.append(c)
            } else {
                flush(at: index)
                if c == "\n" { line += 1 }
            }
        }
        flush(at: scalars.count)
        return found
    }
}
