import AccelConformance
import Foundation
import Testing

/// report.html: self-contained, escaped, every non-pass case explained, filters present.
@Suite struct HTMLReportTests {
    private static func page(_ results: RunResults = ResultFixtures.results(classified: true)) -> String {
        HTMLReport.document(HTMLReport.Input(results: results) { record in "/* program for \(record.outcome.name) */" })
    }

    @Test func fetchesNothing() {
        let html = Self.page()
        for pattern in ["src=\"http", "href=\"http", "src=\"//", "@import", "url(", "<link"] {
            #expect(!html.contains(pattern), "\(pattern)")
        }
        #expect(html.contains("default-src 'none'"))
    }

    @Test func explainsEveryCaseThatDidNotPass() {
        let results = ResultFixtures.results(classified: true)
        let html = Self.page(results)
        for record in results.records where record.outcome.status != .pass {
            #expect(html.contains("/* program for \(record.outcome.name) */"), "\(record.outcome.name)")
            #expect(html.contains("data-status=\"\(record.outcome.status.rawValue)\""))
        }
        // Passing cases carry no reproducer.
        #expect(!html.contains("/* program for core.version.basic */"))
        #expect(html.contains("<dt>expected</dt><dd>EINVAL</dd><dt>actual</dt><dd>EFAULT</dd>"))
        #expect(html.contains("ExpectedFail"))
        #expect(html.contains("qaic_data.c:100"))
        #expect(html.contains("--run qaic.create_bo.size_zero"))
        #expect(html.contains("#2 ioctl(fd 3, QAIC_CREATE_BO"))
        #expect(html.contains("Run aborted:"))
    }

    @Test func escapesRecordedText() {
        let html = Self.page()
        #expect(html.contains("size 0 &lt;must&gt; be &quot;rejected&quot; &amp; &#39;logged&#39;"))
        #expect(!html.contains("<must>"))
    }

    @Test func countsByStatusAndOffersFilters() {
        let html = Self.page()
        #expect(html.contains("<tr><th>total</th><td>13</td></tr>"))
        for status in Status.allCases {
            #expect(html.contains("class=\"status-filter\" value=\"\(status.rawValue)\""), "\(status)")
        }
        #expect(html.contains("<option value=\"qaic.create_bo\">"))
        #expect(html.contains("class=\"bar\""))
    }

    @Test func everyRunWritesTheReport() throws {
        let folder = try ResultFixtures.temporaryDirectory("report-writer")
        try ResultWriters.writeAll(ResultFixtures.results(), to: folder)
        let html = try String(contentsOf: folder.appendingPathComponent(ResultWriters.FileName.report), encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Reproducer for qaic.create_bo.size_zero"))
    }
}
