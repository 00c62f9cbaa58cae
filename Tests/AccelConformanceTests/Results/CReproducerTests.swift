import AccelConformance
import Foundation
import Testing

/// The emitted C program is compiled with the system compiler and run against a host-side
/// fixture that needs no accel device: /dev/null answers DRM ('d') ioctls with ENOTTY and
/// mmap with ENODEV, a missing path gives ENOENT, a closed fd EBADF.
@Suite("C reproducer")
struct CReproducerTests {
    static let missing = "/nonexistent/accel-conformance/accel9"

    /// A trace built from TraceEvent values, as TracingDevice records them.
    static func trace(versionResult: String = "ENOTTY") -> [TraceEvent] {
        [
            TraceEvent(syscall: .open, fd: 7, path: "/dev/null", flags: 0o2, result: 0),
            // DRM_IOCTL_VERSION rebuilt from decoded fields through the ABI header's struct.
            TraceEvent(syscall: .ioctl, fd: 7, ioctl: "VERSION", request: "0xC0406400",
                       in: ["version_major": 0, "version_minor": 0, "version_patchlevel": 0, "reserved0": 0,
                            "name_len": 64, "name": "0x0", "date_len": 0, "date": "0x0", "desc_len": 0, "desc": "0x0"],
                       result: .string(versionResult)),
            // Nested struct fields: DRM_IOCTL_QAIC_CREATE_BO.
            TraceEvent(syscall: .ioctl, fd: 7, ioctl: "QAIC_CREATE_BO", request: "0xC0106441",
                       in: ["size": 4096, "handle": 0, "pad": 0], result: "ENOTTY"),
            // Raw bytes for a request no catalogue knows.
            TraceEvent(syscall: .ioctl, fd: 7, ioctl: "UNKNOWN", request: "0xC0086499",
                       in: ["raw": "0102030405060708"], result: "ENOTTY"),
            // No argument at all (_IO request).
            TraceEvent(syscall: .ioctl, fd: 7, ioctl: "SET_MASTER", request: "0x641E", result: "ENOTTY"),
            TraceEvent(syscall: .mmap, fd: 7, flags: 0x01, offset: 0, length: 4096, prot: 0x3, result: "ENODEV"),
            TraceEvent(syscall: .open, path: missing, flags: 0o2, result: "ENOENT"),
            TraceEvent(syscall: .close, fd: 7, result: 0),
            TraceEvent(syscall: .close, fd: 7, result: "EBADF"),
        ]
    }

    func buildAndRun(_ events: [TraceEvent], label: String) throws -> ResultFixtures.ProcessResult {
        let directory = try ResultFixtures.temporaryDirectory("repro-\(label)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let headerDirectory = ResultFixtures.repositoryRoot.appendingPathComponent("Sources/CAccelShim/include")
        let headers = ResultsFolder.abiHeaders(in: headerDirectory)
        #expect(headers.first == "accel_drm_uapi.h")
        #expect(headers.contains("accel_qaic_uapi.h"))
        for header in headers {
            try FileManager.default.copyItem(at: headerDirectory.appendingPathComponent(header),
                                             to: directory.appendingPathComponent(header))
        }
        let source = directory.appendingPathComponent("repro.c")
        let program = CReproducer.program(.init(caseName: "qaic.fixture.host_only", events: events,
                                                reproducer: "conformance-runner run --run qaic.fixture.host_only",
                                                headers: headers))
        try Data(program.utf8).write(to: source)
        let cc = try #require(ResultFixtures.which("cc") ?? ResultFixtures.which("gcc") ?? ResultFixtures.which("clang"))
        let binary = directory.appendingPathComponent("repro").path
        let compiled = try ResultFixtures.run(cc, ["-std=c11", "-Wall", "-Werror", "-I", directory.path, "-o", binary, source.path])
        #expect(compiled.status == 0, "compile failed:\n\(compiled.stderr)\n\(program)")
        guard compiled.status == 0 else { return compiled }
        return try ResultFixtures.run(binary, [])
    }

    @Test func replayMatchingTheTracePasses() throws {
        let result = try buildAndRun(Self.trace(), label: "pass")
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(result.stdout.contains("all 9 syscalls returned what the trace recorded"))
        #expect(result.stdout.contains("step 7:"), "every step reports")
    }

    @Test func aChangedRecordedResultMakesTheReplayFail() throws {
        let result = try buildAndRun(Self.trace(versionResult: "EINVAL"), label: "fail")
        #expect(result.status == 1)
        #expect(result.stderr.contains("step 2: ioctl(fd 7, VERSION 0xC0406400"))
        #expect(result.stderr.contains("expected EINVAL, got errno"))
        #expect(result.stderr.contains("1 of 9 syscalls differ from the trace"))
    }

    @Test func unrebuildableArgumentsAreACompileTimeError() {
        let events = [
            TraceEvent(syscall: .ioctl, fd: 3, ioctl: "UNKNOWN", request: "0xC0106499", in: ["field": 1], result: 0),
            TraceEvent(syscall: .ioctl, fd: 3, ioctl: "QAIC_EXECUTE_BO", request: "0x40106444",
                       in: ["hdr": ["count": 1, "dbc_id": 0], "data": [["handle": 1, "dir": 1]]], result: 0),
        ]
        let program = CReproducer.program(.init(caseName: "qaic.x.y", events: events))
        #expect(program.contains("#error \"UNKNOWN 0xC0106499UL: unknown argument struct and no raw bytes"))
        #expect(program.contains("#error \"field 'data' of u.arg holds 1 elements"))
        #expect(program.contains("u.arg.hdr.count = 1LL;"), "nested fields are assigned through their path")
    }

    /// The real driver hands out its own mmap offsets and dma-buf fds: a replay that used the
    /// recorded numbers would map nothing (EINVAL) or import nothing (EBADF).
    @Test func offsetsAndFdsHandedOutByIoctlsAreMapped() throws {
        let events = [
            TraceEvent(syscall: .open, fd: 4, path: "/dev/null", flags: 0o2, result: 0),
            TraceEvent(syscall: .ioctl, fd: 4, ioctl: "QAIC_MMAP_BO", request: "0xC0106442",
                       in: ["handle": 1, "pad": 0, "offset": 0], out: ["handle": 1, "pad": 0, "offset": 4297474048], result: 0),
            TraceEvent(syscall: .mmap, fd: 4, flags: 0x01, offset: 4297474048, length: 4096, prot: 0x3, result: "ENODEV"),
            TraceEvent(syscall: .ioctl, fd: 4, ioctl: "PRIME_HANDLE_TO_FD", request: "0xC00C642D",
                       in: ["handle": 1, "flags": 0, "fd": -1], out: ["handle": 1, "flags": 0, "fd": 9], result: 0),
            TraceEvent(syscall: .ioctl, fd: 4, ioctl: "PRIME_FD_TO_HANDLE", request: "0xC00C642E",
                       in: ["handle": 0, "flags": 0, "fd": 9], result: "ENOTTY"),
        ]
        let program = CReproducer.program(.init(caseName: "qaic.mmap.x", events: events,
                                                headers: ["accel_drm_uapi.h", "accel_qaic_uapi.h"]))
        #expect(program.contains("note_offset(0x100264000ULL, (uint64_t)u.arg.offset);"))
        #expect(program.contains("map_fd(4), map_offset(4297474048ULL));"))
        #expect(program.contains("note_fd(9, (int)u.arg.fd);"))
        #expect(program.contains("u.arg.fd = map_fd(9);"))
        #expect(!program.contains("u.arg.fd = map_fd(-1)"), "only descriptors are mapped")
        // /dev/null answers the ioctls with ENOTTY, so only the ENODEV mmap and the last
        // ioctl match: the program must compile (-Werror) and report exactly those two as differing.
        let result = try buildAndRun(events, label: "mapped")
        #expect(result.status == 1)
        #expect(result.stderr.contains("2 of 5 syscalls differ from the trace"), "\(result.stderr)")
    }

    @Test func reproCommandFindsTheTraceInAResultsFolder() throws {
        let directory = try ResultFixtures.temporaryDirectory("repro-folder")
        defer { try? FileManager.default.removeItem(at: directory) }
        let results = ResultFixtures.results()
        try ResultFixtures.writeResultsJSON(results, to: directory)
        let name = try CaseName("qaic.create_bo.size_zero")
        let caseDirectory = directory.appendingPathComponent("cases/\(name)")
        try FileManager.default.createDirectory(at: caseDirectory, withIntermediateDirectories: true)
        try Data(TraceRecorder.jsonLines(Self.trace()).utf8).write(to: caseDirectory.appendingPathComponent("trace.jsonl"))
        let folder = try ResultsFolder(directory)
        #expect(try folder.trace(of: name) == Self.trace())
        #expect(try folder.record(of: name).reproducer.hasSuffix("--run qaic.create_bo.size_zero"))
        // Without a trace file, the copy in results.json is used.
        #expect(try folder.trace(of: CaseName("qaic.create_bo.valid")) == ResultFixtures.trace)
        // A bad line is named by file and line.
        try Data("{\"syscall\":\"open\",\"result\":0}\nnot json\n".utf8).write(to: caseDirectory.appendingPathComponent("trace.jsonl"))
        #expect {
            try folder.trace(of: name)
        } throws: { error in
            String(describing: error).contains("trace.jsonl:2:")
        }
    }
}
