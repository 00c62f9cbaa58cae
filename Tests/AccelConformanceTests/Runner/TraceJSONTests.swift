import AccelConformance
import Foundation
import Testing

/// The ordered JSON reader behind traces, and traces keeping uapi field order across the
/// worker pipe, the journal, results.json and trace.jsonl.
@Suite struct TraceJSONTests {
    static func keys(_ value: JSONValue?) -> [String] {
        if case .object(let fields)? = value { return fields.map(\.0) }
        return []
    }

    @Test func parserKeepsOrderAndTypes() throws {
        let text = #"{"z":1,"a":-2,"m":18446744073709551615,"d":1.5,"e":2e3,"s":"x","n":null,"t":true,"f":false,"l":[1,{"b":0,"a":1}],"o":{}}"#
        let value = try JSONValue.parse(text)
        #expect(Self.keys(value) == ["z", "a", "m", "d", "e", "s", "n", "t", "f", "l", "o"])
        #expect(value["z"] == .int(1))
        #expect(value["a"] == .int(-2))
        guard case .uint(let big)? = value["m"] else {
            Issue.record("UInt64.max must read as .uint, got \(String(describing: value["m"]))")
            return
        }
        #expect(big == UInt64.max)
        guard case .double(let half)? = value["d"], case .double(let thousands)? = value["e"] else {
            Issue.record("fractions and exponents must read as .double")
            return
        }
        #expect(half == 1.5 && thousands == 2000)
        #expect(value["n"] == .null && value["t"] == .bool(true) && value["f"] == .bool(false))
        guard case .array(let list)? = value["l"] else {
            Issue.record("l must be an array")
            return
        }
        #expect(Self.keys(list[1]) == ["b", "a"])
        // What the writer prints, the reader reads back byte for byte.
        #expect(value.serialized() == text.replacingOccurrences(of: "2e3", with: "2000.0"))
        #expect(try JSONValue.parse(" \t\r\n[ ] \n") == .array([]))
        #expect(try JSONValue.parse("-0") == .int(0))
        #expect(try JSONValue.parse("-9223372036854775808") == .int(Int64.min))
    }

    @Test func parserDecodesEscapesAndSurrogatePairs() throws {
        let value = try JSONValue.parse(#""q\"b\\s\/\b\f\n\r\t\u0041\u00e9\u20AC\ud83d\ude00""#)
        #expect(value == .string("q\"b\\s/\u{8}\u{C}\n\r\tAé€😀"))
        // Raw UTF-8 passes through; control characters written by serialized() read back.
        #expect(try JSONValue.parse("\"é😀\"") == .string("é😀"))
        let control = JSONValue.string("a\u{1}b")
        #expect(try JSONValue.parse(control.serialized()) == control)
    }

    /// The byte writer prints exactly what the String writer before it printed (traces on
    /// disk, journals and reproducers compare as text): escapes, whole doubles as "%.1f",
    /// other doubles as Swift prints them, extreme integers, empty containers, indentation.
    @Test func writerOutputIsUnchanged() throws {
        let value = JSONValue.object([
            ("s", .string("q\"b\\s\n\r\t\u{1}\u{1F}\u{7F}é€😀")),
            ("d", .array([.double(-0.0), .double(3), .double(-42), .double(0.5), .double(1e15), .double(.infinity)])),
            ("i", .int(Int64.min)), ("u", .uint(UInt64.max)), ("e", .object([])), ("n", .array([])),
        ])
        #expect(value.serialized() == #"{"s":"q\"b\\s\n\r\t\u0001\u001f\#u{7F}é€😀","d":[-0.0,3.0,-42.0,0.5,1000000000000000.0,null],"#
                + #""i":-9223372036854775808,"u":18446744073709551615,"e":{},"n":[]}"#)
        let nested = JSONValue.object([("k", .array([1, 2])), ("e", .object([])), ("o", .object([("a", .null)]))])
        #expect(nested.serialized(pretty: true) == "{\n  \"k\": [\n    1,\n    2\n  ],\n  \"e\": {},\n  \"o\": {\n    \"a\": null\n  }\n}")
        var bytes: [UInt8] = Array("x".utf8)
        nested.write(into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x" + nested.serialized(), "appends")
        #expect(try JSONValue.parse(value.serialized())["s"] == value["s"])
        #expect(try JSONValue.parse("123456789012345678") == .int(123_456_789_012_345_678))
        #expect(try JSONValue.parse("-9223372036854775807") == .int(-Int64.max))
        #expect(try JSONValue.parse("9223372036854775808") == .uint(9_223_372_036_854_775_808))
    }

    @Test func parserRejectsWhatIsNotStrictJSONWithOffsets() {
        let cases: [(String, Int, String)] = [
            ("", 0, "unexpected end"),
            ("{\"a\":1,}", 7, "expected a string key"),
            ("[1,]", 3, "unexpected character ']'"),
            ("{\"a\" 1}", 5, "expected ':'"),
            ("{\"a\":1 \"b\":2}", 7, "expected ',' or '}'"),
            ("[1 2]", 3, "expected ',' or ']'"),
            ("01", 0, "leading zero"),
            ("1.", 2, "after '.'"),
            ("1e", 2, "exponent"),
            ("-", 1, "expected a digit"),
            ("NaN", 0, "unexpected character 'N'"),
            ("tru", 0, "expected 'true'"),
            ("\"abc", 0, "unterminated string"),
            ("\"a\u{1}\"", 2, "raw control character 0x01"),
            (#""\x""#, 1, "invalid escape"),
            (#""\u12g4""#, 5, "four hex digits"),
            (#""\ud83d""#, 1, "without a low surrogate"),
            (#""\ud83d\u0041""#, 1, "not a low surrogate"),
            (#""\ude00""#, 1, "lone low surrogate"),
            ("{\"a\":1,\"a\":2}", 7, "duplicate key \"a\""),
            ("{} x", 3, "after the JSON value"),
            ("1e999", 0, "out of range"),
            (String(repeating: "[", count: 600), 512, "nested deeper"),
        ]
        for (text, offset, words) in cases {
            do {
                let value = try JSONValue.parse(text)
                Issue.record("\(text.debugDescription) must be rejected, read \(value)")
            } catch {
                #expect(error.offset == offset, "\(text.debugDescription): \(error)")
                #expect(error.description.contains(words), "\(text.debugDescription): \(error)")
                #expect(error.description.hasPrefix("offset \(error.offset): "))
            }
        }
    }

    @Test func traceEventsReadFromOrderedJSON() throws {
        let line = #"{"syscall":"ioctl","fd":4,"ioctl":"QAIC_CREATE_BO","request":"0xC0106441","in":{"size":4096,"handle":0,"pad":0},"out":{"size":4096,"handle":1,"pad":0},"result":0,"future_field":1}"#
        let event = try TraceEvent.parse(jsonLine: line)
        #expect(Self.keys(event.in) == ["size", "handle", "pad"])
        #expect(Self.keys(event.out) == ["size", "handle", "pad"])
        #expect(try event.jsonLine() == line.replacingOccurrences(of: #","future_field":1"#, with: ""))
        #expect(throws: TraceEvent.FormatError.self) { try TraceEvent.parse(jsonLine: #"{"syscall":"ioctl"}"#) }
        #expect(throws: TraceEvent.FormatError.self) { try TraceEvent.parse(jsonLine: #"{"syscall":"fork","result":0}"#) }
        #expect(throws: TraceEvent.FormatError.self) { try TraceEvent.parse(jsonLine: #"{"syscall":"close","fd":"4","result":0}"#) }
        #expect(throws: TraceEvent.FormatError.self) { try TraceEvent.parse(jsonLine: #"{"syscall":"close","fd":4294967296,"result":0}"#) }
        #expect(throws: JSONValue.ParseError.self) { try TraceEvent.parse(jsonLine: #"{"syscall":"close","result":0"#) }
    }

    /// A case outcome crosses Codable (worker pipe, journal, results.json) with its trace as
    /// JSON lines; folders written before that (trace as objects) still read.
    @Test func caseOutcomeCodableKeepsTraceOrder() throws {
        let event = TraceEvent(syscall: .ioctl, fd: 3, ioctl: "QAIC_CREATE_BO", request: "0xC0106441",
                               in: .object([("size", 4096), ("handle", 0), ("pad", 0)]), result: 0)
        let outcome = CaseOutcome(name: try CaseName("qaic.create_bo.x"), status: .pass, startTime: Date(timeIntervalSince1970: 5),
                                  duration: 0.5, trace: [event])
        let data = try JSONEncoder().encode(outcome)
        let decoded = try JSONDecoder().decode(CaseOutcome.self, from: data)
        #expect(decoded == outcome)
        #expect(Self.keys(decoded.trace.first?.in) == ["size", "handle", "pad"])
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect((json["trace"] as? [String])?.first == (try event.jsonLine()))

        let legacy = #"{"name":"qaic.create_bo.x","status":"pass","startTime":5,"duration":0.5,"trace":[{"syscall":"close","fd":3,"result":0}]}"#
        let old = try JSONDecoder().decode(CaseOutcome.self, from: Data(legacy.utf8))
        #expect(old.trace == [TraceEvent(syscall: .close, fd: 3, result: 0)])
        let broken = #"{"name":"qaic.create_bo.x","status":"pass","startTime":5,"duration":0.5,"trace":["{\"syscall\":1}"]}"#
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CaseOutcome.self, from: Data(broken.utf8)) }
    }

    /// `run --device reference:qaic` in a worker: QAIC_CREATE_BO's `in` lists size, handle,
    /// pad (qaic-uapi.md struct order) in trace.jsonl, in results.json and in the journal.
    @Test func isolatedReferenceRunKeepsUapiFieldOrder() throws {
        let folder = RunnerBinary.temporaryFolder("trace-order")
        let result = try RunnerBinary.run(["run", "--device", "reference:qaic", "--results", folder.path, "--seed", "1",
                                           "--isolation", "worker", "--kmsg", "/nonexistent/kmsg",
                                           "--include", "qaic.create_bo.first_handle_is_one"])
        #expect([RunVerdict.success, RunVerdict.unexpected].contains(result.status), "\(result.stdout)\n\(result.stderr)")
        let text = try String(contentsOf: folder.appendingPathComponent("cases/qaic.create_bo.first_handle_is_one/trace.jsonl"),
                              encoding: .utf8)
        let fromFile = try TraceRecorder.parse(jsonLines: text).filter { $0.ioctl == "QAIC_CREATE_BO" }
        #expect(!fromFile.isEmpty)
        for event in fromFile {
            #expect(Self.keys(event.in) == ["size", "handle", "pad"], "\(text)")
        }
        let record = try #require(try RunnerBinary.results(in: folder).record("qaic.create_bo.first_handle_is_one"))
        #expect(record.outcome.trace.filter { $0.ioctl == "QAIC_CREATE_BO" }.allSatisfy { Self.keys($0.in) == ["size", "handle", "pad"] })
        let journaled = try #require(try RunnerBinary.journal(in: folder).finished.values.first)
        #expect(journaled.outcome.trace.filter { $0.ioctl == "QAIC_CREATE_BO" }.allSatisfy { Self.keys($0.in) == ["size", "handle", "pad"] })
    }
}
