import Foundation
import Testing
@testable import AccelConformance

/// Every `<doc>.md §N` that the sources and the case rationales cite resolves to a heading
/// of docs/<doc>.md numbered N (docs/design.md §6 states the rule). A renamed or renumbered
/// section fails here, as does a citation of a document that is not in docs/.
@Suite struct CitationTests {
    static let docs = SwiftSource.repository.appendingPathComponent("docs")

    /// docs/*.md by file name (not docs/findings/: those are run reports, not cited specs).
    static var documents: [String: String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: docs.path)) ?? []
        return Dictionary(uniqueKeysWithValues: names.filter { $0.hasSuffix(".md") }.compactMap { name in
            (try? String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8)).map { (name, $0) }
        })
    }

    /// Swift and C files under Sources/, paths relative to the repository.
    static var sourceFiles: [(path: String, text: String)] {
        let root = SwiftSource.repository.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        let prefix = SwiftSource.repository.standardizedFileURL.path + "/"
        let urls = walker.compactMap { $0 as? URL }.filter { ["swift", "c", "h"].contains($0.pathExtension) }
        return urls.compactMap { url in
            let path = String(url.standardizedFileURL.path.dropFirst(prefix.count))
            return (try? String(contentsOf: url, encoding: .utf8)).map { (path, $0) }
        }.sorted { $0.path < $1.path }
    }

    /// The document a case's rationale cites without naming one: DRM-core rows cite
    /// accel-core.md, a driver's rows its own `<driver>-uapi.md`.
    static func home(ofCase name: CaseName) -> String {
        let driver = name.description.prefix { $0 != "." }
        return driver == "core" ? "accel-core.md" : "\(driver)-uapi.md"
    }

    @Test func everyCitationInTheSourcesResolves() {
        var citations: [Citation] = []
        var unattributed: [Citation.Unattributed] = []
        for file in Self.sourceFiles {
            let scan = Citation.scan(file.text, home: Citation.homeDocument(of: file.text)) { "\(file.path):\($0)" }
            citations += scan.found
            unattributed += scan.unattributed
        }
        #expect(citations.count > 500, "the scan found too few citations to be reading the sources")
        #expect(unattributed.map(\.description) == [])
        #expect(Citation.unresolved(citations, documents: Self.documents) == [])
    }

    /// The rationales as the tables build them (interpolated text included), on every
    /// profile of every registered driver.
    @Test func everyRationaleResolves() {
        var citations: [Citation] = []
        for suite in DriverRegistry.suites {
            for profile in suite.profiles {
                for testCase in DriverRegistry.cases(for: suite, profile: profile) {
                    let place = "\(testCase.name) [\(profile.id)]"
                    let home = Self.home(ofCase: testCase.name)
                    citations += Citation.scan(testCase.rationale, home: home) { _ in place }.found
                }
            }
        }
        #expect(citations.count > 300)
        #expect(Set(Citation.unresolved(citations, documents: Self.documents)).sorted() == [])
    }

    /// Cross-references inside the documents themselves resolve too; a bare `§` there means
    /// the same document.
    @Test func documentsCrossReferencesResolve() {
        var citations: [Citation] = []
        for (name, text) in Self.documents {
            citations += Citation.scan(text, home: name) { "docs/\(name):\($0)" }.found
        }
        #expect(Citation.unresolved(citations, documents: Self.documents) == [])
    }

    /// The checker on a small document: a renamed section, a missing document, ranges, and a
    /// bare `§` that follows a named document on its line.
    @Test func checkerFailsOnARenamedSection() {
        let document = "# Doc\n## 1. First\n### 1.1 One\n### 1.2 Two\n## 2. Second\n"
        let renamed = document.replacingOccurrences(of: "### 1.2 Two", with: "### 1.3 Two")
        let text = "x // doc.md §1.1–1.2, §2\n\"§1 rule 3\"\nother.md §4\n"
        let scan = Citation.scan(text, home: "doc.md") { "f:\($0)" }
        #expect(scan.found.map(\.description) == ["f:1: doc.md §1.1", "f:1: doc.md §1.2", "f:1: doc.md §2",
                                                  "f:2: doc.md §1", "f:3: other.md §4"])
        #expect(Citation.unresolved(scan.found, documents: ["doc.md": document])
                == ["f:3: other.md §4: no docs/other.md"])
        #expect(Citation.unresolved(scan.found, documents: ["doc.md": renamed, "other.md": "## 4. Four"])
                == ["f:1: doc.md §1.2: no heading numbered 1.2"])
        #expect(Citation.scan("§3 alone", home: nil) { "g:\($0)" }.unattributed.map(\.description)
                == ["g:1: §3 names no document"])
        #expect(Citation.homeDocument(of: "see README.md\n/// (b.md §2) and a.md §1") == "b.md")
    }
}
