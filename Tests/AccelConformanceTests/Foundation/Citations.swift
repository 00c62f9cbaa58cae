import Foundation

/// A reference to a numbered section of one of the team's documents under docs/, as rationales
/// and comments write it: `qaic-uapi.md §2.1`, `accel-core.md §4 step 3`, `§3.1–3.4`.
struct Citation: Hashable, CustomStringConvertible {
    let document: String
    let section: String
    /// `file:line`, or the case name for a rationale read at run time.
    let place: String

    var description: String { "\(place): \(document) §\(section)" }

    /// A `§` with no document named before it on its line and no document anywhere else to
    /// fall back on.
    struct Unattributed: Hashable, CustomStringConvertible {
        let place: String
        let section: String
        var description: String { "\(place): §\(section) names no document" }
    }

    private static let token = try! NSRegularExpression(
        pattern: #"([a-z][a-z0-9-]*\.md)(?=\s*§)|§\s?([0-9]+(?:\.[0-9]+)*)(?:\s?[–-]\s?§?([0-9]+(?:\.[0-9]+)*))?"#)

    /// The citations in `text`, line by line. A `§` belongs to the last `<doc>.md` named on its
    /// line; a `§` before any document on its line belongs to `home` (the document of the file
    /// or table it is written in). A range cites both of its ends.
    static func scan(_ text: String, home: String?,
                     place: (Int) -> String) -> (found: [Citation], unattributed: [Unattributed]) {
        var found: [Citation] = []
        var unattributed: [Unattributed] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(line)
            var document: String?
            for match in token.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                if let range = Range(match.range(at: 1), in: line) {
                    document = String(line[range])
                }
                for group in [2, 3] {
                    guard let range = Range(match.range(at: group), in: line) else { continue }
                    let section = String(line[range])
                    if let owner = document ?? home {
                        found.append(Citation(document: owner, section: section, place: place(index + 1)))
                    } else {
                        unattributed.append(Unattributed(place: place(index + 1), section: section))
                    }
                }
            }
        }
        return (found, unattributed)
    }

    /// The document a file's bare `§` refer to: the first one it cites by name.
    static func homeDocument(of text: String) -> String? {
        let range = NSRange(text.startIndex..., in: text)
        let named = token.matches(in: text, range: range).first { $0.range(at: 1).location != NSNotFound }
        guard let match = named,
              let name = Range(match.range(at: 1), in: text) else { return nil }
        return String(text[name])
    }

    /// Section numbers of a document's headings: `## 2. Title` → 2, `### 2.1 Title` → 2.1.
    static func sections(ofDocument text: String) -> Set<String> {
        let heading = try! NSRegularExpression(pattern: #"(?m)^#{1,6}\s+([0-9]+(?:\.[0-9]+)*)\.?(?:\s|$)"#)
        let range = NSRange(text.startIndex..., in: text)
        return Set(heading.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { String(text[$0]) }
        })
    }

    /// Citations whose document or section does not exist, given the documents by file name.
    static func unresolved(_ citations: [Citation], documents: [String: String]) -> [String] {
        var sectionsByDocument: [String: Set<String>] = [:]
        return citations.compactMap { citation in
            guard let text = documents[citation.document] else { return "\(citation): no docs/\(citation.document)" }
            let sections = sectionsByDocument[citation.document] ?? Self.sections(ofDocument: text)
            sectionsByDocument[citation.document] = sections
            return sections.contains(citation.section) ? nil : "\(citation): no heading numbered \(citation.section)"
        }
    }
}
