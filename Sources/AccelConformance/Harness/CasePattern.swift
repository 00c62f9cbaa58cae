import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A selection pattern over case names: a shell glob matched against the whole name
/// (`qaic.create_bo.*`), or with the `re:` prefix a regular expression searched anywhere in
/// the name (`re:^qaic\.(create|mmap)_bo\.`).
public struct CasePattern: Sendable, CustomStringConvertible {
    public let text: String
    private let regex: NSRegularExpression?

    public init(_ text: String, origin: String) throws(RunnerInputError) {
        self.text = text
        if text.hasPrefix("re:") {
            let source = String(text.dropFirst(3))
            do {
                regex = try NSRegularExpression(pattern: source)
            } catch {
                throw RunnerInputError("\(origin): invalid regular expression '\(source)'")
            }
        } else {
            guard !text.isEmpty else { throw RunnerInputError("\(origin): empty pattern") }
            regex = nil
        }
    }

    /// A regular expression without the `re:` prefix (the drm-ci baseline files).
    public init(regex source: String, origin: String) throws(RunnerInputError) {
        try self.init("re:" + source, origin: origin)
    }

    public func matches(_ name: String) -> Bool {
        if let regex {
            return regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
        }
        return fnmatch(text, name, 0) == 0
    }

    public var description: String { text }
}
