import Foundation
import Testing

/// The directions of design.md, checked on the sources: a layer may not name the types
/// another layer declares when the design says it must not know that layer.
@Suite struct ArchitectureTests {
    static let library = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/AccelConformance")

    static func swiftFiles(under folder: String) -> [URL] {
        let root = library.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" }
    }

    /// Top-level type names declared in a layer (struct/enum/class/protocol/actor/typealias).
    /// Nested types (`Input`, `Slice`) are private vocabulary of their enclosing type and may
    /// repeat across layers.
    static func declaredTypes(in folder: String) -> Set<String> {
        let pattern = try! NSRegularExpression(
            pattern: #"(?m)^(?:(?:public|internal|fileprivate|private|final|package|indirect)\s+)*(?:struct|enum|class|protocol|actor|typealias)\s+([A-Z][A-Za-z0-9_]*)"#)
        var names = Set<String>()
        for file in swiftFiles(under: folder) {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            let range = NSRange(text.startIndex..., in: text)
            for match in pattern.matches(in: text, range: range) {
                if let r = Range(match.range(at: 1), in: text) { names.insert(String(text[r])) }
            }
        }
        return names
    }

    /// `file: name` for every use of a forbidden name outside comments.
    static func uses(of names: Set<String>, in folder: String) -> [String] {
        var found: [String] = []
        for file in swiftFiles(under: folder) {
            let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
            let code = text.split(separator: "\n").map { line -> Substring in
                if let comment = line.range(of: "//") { return line[..<comment.lowerBound] }
                return line
            }.joined(separator: "\n")
            let tokens = Set(code.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
            for name in names.intersection(tokens).sorted() {
                found.append("\(file.lastPathComponent): \(name)")
            }
        }
        return found
    }

    @Test func layersExist() {
        #expect(!Self.swiftFiles(under: "Reference").isEmpty)
        #expect(!Self.declaredTypes(in: "Harness").isEmpty)
        #expect(!Self.declaredTypes(in: "Drivers").isEmpty)
    }

    @Test func referenceNeverReadsTablesOrHarness() {
        let forbidden = Self.declaredTypes(in: "Drivers").union(Self.declaredTypes(in: "Harness"))
        #expect(Self.uses(of: forbidden, in: "Reference") == [])
    }

    @Test func tablesNeverKnowTheBackend() {
        let forbidden = Self.declaredTypes(in: "Reference").union(["KernelDevice", "KernelDeviceFile", "isReference"])
        #expect(Self.uses(of: forbidden, in: "Drivers") == [])
    }

    @Test func driversKnowNothingOfRunnerOrResults() {
        let forbidden = Self.declaredTypes(in: "Runner").union(Self.declaredTypes(in: "Results"))
            .union(Self.declaredTypes(in: "Baselines"))
        #expect(Self.uses(of: forbidden, in: "Drivers") == [])
    }

    @Test func resultsReadOnlyTheResultModel() {
        let forbidden = Self.declaredTypes(in: "Drivers").union(Self.declaredTypes(in: "Reference"))
        #expect(Self.uses(of: forbidden, in: "Results") == [])
    }
}
