import Foundation
import Testing

/// The directions of design.md, checked on the sources over every declaration a layer can be
/// reached through: types, free functions, globals and typealiases at file scope by their
/// names, and members added in extensions (to any type, including other layers' and the
/// standard library's) by their `.member` uses. A layer may only name the layers below it.
@Suite struct ArchitectureTests {
    /// Which layers (folders of Sources/AccelConformance) each layer may name. The table is
    /// the architecture: a new folder must be placed in it, and it must stay acyclic.
    static let allowed: [String: Set<String>] = [
        "Support": [],
        "Devices": ["Support"],
        "Harness": ["Support", "Devices"],
        // Reference never reads the tables or the harness: a row must not pass by construction.
        "Reference": ["Support", "Devices"],
        // Tables never know the backend (no Reference) nor how they are run or reported.
        "Drivers": ["Support", "Devices", "Harness"],
        "Baselines": ["Support", "Harness"],
        // Results read the result model, identity and the vocabulary, never driver internals.
        "Results": ["Support", "Devices", "Harness", "Baselines"],
        // The composition point: selection with reference devices, planning, isolation.
        "Runner": ["Support", "Devices", "Harness", "Reference", "Drivers", "Baselines", "Results"],
    ]

    /// One use of a name declared in another layer.
    struct Dependency: Hashable, CustomStringConvertible {
        let file: String
        let line: Int
        let name: String
        let layer: String
        var description: String { "\(file):\(line) names \(name) (\(layer))" }
    }

    /// Every use of another layer's declaration in `sources` (first use per file and name).
    /// A member added in an extension
    /// counts only when its name is declared once in all of `sources` (without type checking,
    /// `.name` cannot be told apart from another type's `name`).
    static func dependencies(in sources: [SwiftSource]) -> [Dependency] {
        var topLevel: [String: Set<String>] = [:]
        var extensionMember: [String: String] = [:]
        var declarationCount: [String: Int] = [:]
        for source in sources {
            for declaration in source.declarations {
                declarationCount[declaration.name, default: 0] += 1
                switch declaration.kind {
                case .topLevel where !declaration.isPrivate:
                    topLevel[declaration.name, default: []].insert(source.layer)
                case .extensionMember where !declaration.isPrivate:
                    extensionMember[declaration.name] = source.layer
                default:
                    break
                }
            }
        }
        var found: [Dependency] = []
        for source in sources {
            // A name the file declares itself shadows any other layer's.
            var seen = Set(source.declarations.map(\.name))
            for use in source.uses where !seen.contains(use.name) {
                var owner: String?
                if !use.afterDot, let layers = topLevel[use.name], !layers.contains(source.layer) {
                    owner = layers.sorted().first
                } else if use.afterDot, let layer = extensionMember[use.name], declarationCount[use.name] == 1,
                          layer != source.layer {
                    owner = layer
                }
                if let owner {
                    seen.insert(use.name)
                    found.append(Dependency(file: source.path, line: use.line, name: use.name, layer: owner))
                }
            }
        }
        return found
    }

    static let sources = SwiftSource.files(under: SwiftSource.library)

    /// Uses that go against ``allowed``.
    static func violations(in sources: [SwiftSource]) -> [String] {
        let layerOf = Dictionary(sources.map { ($0.path, $0.layer) }, uniquingKeysWith: { first, _ in first })
        return dependencies(in: sources).filter { dependency in
            guard let from = layerOf[dependency.file] else { return false }
            return !(allowed[from]?.contains(dependency.layer) ?? false)
        }.map(\.description)
    }

    @Test func everyFileLivesInAPlacedLayer() {
        #expect(Self.sources.count > 50)
        let layers = Set(Self.sources.map(\.layer))
        #expect(layers.subtracting(Self.allowed.keys).sorted() == [], "place new folders in ArchitectureTests.allowed")
        #expect(Set(Self.allowed.keys).subtracting(layers).sorted() == [])
    }

    @Test func allowedDirectionsAreAcyclic() {
        var remaining = Self.allowed
        while let free = remaining.first(where: { $0.value.isDisjoint(with: remaining.keys) })?.key {
            remaining[free] = nil
        }
        #expect(remaining.keys.sorted() == [], "these layers reach each other")
    }

    @Test func everyDependencyPointsDown() {
        #expect(Self.violations(in: Self.sources) == [])
    }

    @Test func tablesNeverKnowTheBackend() {
        let forbidden: Set = ["KernelDevice", "KernelDeviceFile", "isReference"]
        let found = Self.sources.filter { $0.layer == "Drivers" }.flatMap { source in
            source.uses.filter { forbidden.contains($0.name) }.map { "\(source.path):\($0.line) \($0.name)" }
        }
        #expect(found == [])
    }

    /// The checker itself: each kind of declaration is seen, in code and in string
    /// interpolations, and nothing is seen in comments or string text.
    @Test func checkerSeesFunctionsGlobalsAndExtensionMembers() {
        let low = SwiftSource(path: "Devices/Low.swift", text: #"""
            public struct LowType {}
            public func lowFunction() -> Int { 1 }
            public let lowGlobal = 2
            extension String {
                public var lowMember: Int { 3 }
            }
            private func lowPrivate() {}
            """#)
        let high = SwiftSource(path: "Support/High.swift", text: ##"""
            // LowType lowFunction in a comment
            /* lowGlobal /* nested */ lowMember */
            let text = "LowType lowFunction() \(lowGlobal) \("x".lowMember)"
            let raw = #"lowFunction \#(LowType.self)"#
            func lowPrivate() {}
            """##)
        let found = Self.dependencies(in: [low, high]).map { "\($0.name)@\($0.line)" }
        #expect(found.sorted() == ["LowType@4", "lowGlobal@3", "lowMember@3"])
        #expect(Self.violations(in: [low, high]).count == 3)
        let upward = SwiftSource(path: "Support/Up.swift", text: "let n = lowFunction()\nlet m = \"\".lowMember\n")
        #expect(Self.violations(in: [low, upward]) == ["Support/Up.swift:1 names lowFunction (Devices)",
                                                       "Support/Up.swift:2 names lowMember (Devices)"])
        #expect(Self.violations(in: [high]) == [])
    }
}
