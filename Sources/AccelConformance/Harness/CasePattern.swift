import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A selection pattern over case names: a shell glob matched against the whole name
/// (`qaic.create_bo.*`), or with the `re:` prefix a regular expression searched anywhere in
/// the name (`re:^qaic\.(create|mmap)_bo\.`).
public struct CasePattern: Sendable, CustomStringConvertible {
    public let text: String
    /// Where the pattern came from (`--include`, `fails.txt:3`), for errors.
    public let origin: String
    private let regex: NSRegularExpression?

    /// Longest a regular expression may search one name. Nested repetition (`(a+)+$`)
    /// backtracks exponentially; ICU would search for hours, so a run would stall.
    public static let matchBudget: Duration = .milliseconds(250)

    public init(_ text: String, origin: String) throws(RunnerInputError) {
        self.text = text
        self.origin = origin
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

    /// Whether the pattern matches; false when a regular expression ran out of
    /// ``matchBudget`` (``check(against:)`` turns that into an error before a run).
    public func matches(_ name: String) -> Bool {
        (try? match(name)) ?? false
    }

    /// Whether the pattern matches, or an error naming the pattern's origin when a regular
    /// expression needs more than ``matchBudget`` on `name`.
    public func match(_ name: String) throws(RunnerInputError) -> Bool {
        guard let regex else { return fnmatch(text, name, 0) == 0 }
        var found = false
        var slow = false
        let start = ContinuousClock.now
        // reportProgress: ICU calls back now and then during a long search, so it can be stopped.
        regex.enumerateMatches(in: name, options: [.reportProgress], range: NSRange(name.startIndex..., in: name)) {
            result, _, stop in
            if result != nil {
                found = true
                stop.pointee = true
            } else if ContinuousClock.now - start > Self.matchBudget {
                slow = true
                stop.pointee = true
            }
        }
        if slow {
            throw RunnerInputError("\(origin): regular expression '\(regex.pattern)' needs more than "
                                   + "\(Self.matchBudget) to search '\(name.prefix(200))' (nested repetition?); simplify it")
        }
        return found
    }

    /// Tries the pattern on every name it will meet, so a pathological regular expression is
    /// bad input before the run rather than a stalled run.
    public func check(against names: [String]) throws(RunnerInputError) {
        for name in names { _ = try match(name) }
    }

    public var description: String { text }
}
