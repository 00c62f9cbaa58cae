import AccelConformance
import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("JUnit writer")
struct JUnitWriterTests {
    let xml = JUnitWriter.document(ResultFixtures.results())

    @Test func isWellFormedXMLWithOneTestcasePerCase() throws {
        let document = try XMLDocument(data: Data(xml.utf8))
        let cases = try document.nodes(forXPath: "//testcase")
        #expect(cases.count == 13, "12 records + 1 planned case without a record")
        let root = try #require(document.rootElement())
        #expect(root.attribute(forName: "tests")?.stringValue == "13")
        #expect(root.attribute(forName: "failures")?.stringValue == "4")
        #expect(root.attribute(forName: "errors")?.stringValue == "4")
        #expect(root.attribute(forName: "skipped")?.stringValue == "3")
    }

    @Test func classnameIsTheGroupAndNameTheLeaf() throws {
        let document = try XMLDocument(data: Data(xml.utf8))
        let node = try #require(try document.nodes(forXPath: "//testcase[@name='size_zero']").first as? XMLElement)
        #expect(node.attribute(forName: "classname")?.stringValue == "qaic.create_bo")
        let failure = try #require(node.elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue?.hasPrefix("expected EINVAL, got 0") == true)
        #expect(failure.stringValue?.contains("QAIC_CREATE_BO") == true, "the body quotes the trace")
        let core = try #require(try document.nodes(forXPath: "//testcase[@name='basic']").first as? XMLElement)
        #expect(core.attribute(forName: "classname")?.stringValue == "core.version")
    }

    @Test func kindsFollowTheStatusMapping() throws {
        let document = try XMLDocument(data: Data(xml.utf8))
        func child(_ name: String) throws -> String? {
            let node = try #require(try document.nodes(forXPath: "//testcase[@name='\(name)']").first as? XMLElement)
            return node.children?.compactMap { ($0 as? XMLElement)?.name }.first { $0 != "system-out" }
        }
        #expect(try child("valid") == nil)
        #expect(try child("huge") == "skipped")
        #expect(try child("bad_handle") == "error")
        #expect(try child("forever") == "error")
        #expect(try child("in_flight") == "error")
        #expect(try child("warn") == "failure")
        #expect(try child("not_reached") == "skipped")
        #expect(try child("unrun_planned") == "skipped")
        #expect(try child("aborted") == "error")
        let forever = try #require(try document.nodes(forXPath: "//testcase[@name='forever']").first as? XMLElement)
        #expect(forever.attribute(forName: "time")?.stringValue == "29.600")
    }

    @Test func escapesMarkupQuotesAndControlCharacters() throws {
        #expect(xml.contains("&lt;must&gt; be &quot;rejected&quot; &amp; &apos;logged&apos;\\x01"))
        #expect(!xml.contains("\u{1}"))
        let document = try XMLDocument(data: Data(xml.utf8))
        let node = try #require(try document.nodes(forXPath: "//testcase[@name='size_zero']/failure").first as? XMLElement)
        #expect(node.attribute(forName: "message")?.stringValue == "expected EINVAL, got 0: size 0 <must> be \"rejected\" & 'logged'\\x01")
        #expect(JUnitWriter.escape("a\nb") == "a&#10;b")
    }
}
