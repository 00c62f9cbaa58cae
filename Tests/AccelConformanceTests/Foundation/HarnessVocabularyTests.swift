import Foundation
import SystemPackage
import Testing
@testable import AccelConformance

@Suite struct HarnessVocabularyTests {
    @Test func caseNamesAcceptOnlyDottedLowercaseParts() throws {
        let name = try CaseName("qaic.create_bo.size_zero")
        #expect(name.group == "qaic.create_bo")
        #expect(name.leaf == "size_zero")
        for bad in ["qaic", "qaic..x", "qaic.Create", "qaic.a b", "qaic.a@b", ".qaic.x", "qaic.x."] {
            #expect(throws: CaseName.Invalid.self) { try CaseName(bad) }
        }
    }

    @Test func errnoNamesRoundTrip() {
        for name in ["EINVAL", "ENOENT", "EPERM", "EFAULT", "ENOTTY", "EOPNOTSUPP", "ETIMEDOUT", "ECANCELED", "EPIPE"] {
            let e = Errno(symbolicName: name)
            #expect(e?.symbolicName == name)
        }
        #expect(Errno(symbolicName: "EWHATEVER") == nil)
        #expect(Errno(rawValue: 4095).symbolicName == "E4095")
    }

    @Test func expectedParsesWhatItPrints() {
        for e: Expected in [.success, .EINVAL, .ENODEV, .kernelOops] {
            #expect(Expected(description: e.description) == e)
        }
        #expect(Expected.EINVAL.matches(.failure(.invalidArgument)))
        #expect(!Expected.EINVAL.matches(.success(())))
        #expect(!Expected.success.matches(.failure(.invalidArgument)))
    }

    @Test func ioctlRequestFieldsFollowAsmGenericEncoding() {
        // qaic-uapi.md §1.1: CREATE_BO is IOWR('d', 0x41, 16 bytes) = 0xC0106441.
        let request = IoctlRequest(direction: [.read, .write], type: 0x64, nr: 0x41, size: 16)
        #expect(request.rawValue == 0xC010_6441)
        #expect(request.nr == 0x41 && request.type == 0x64 && request.size == 16)
        #expect(request.withSize(24).rawValue == 0xC018_6441)
        #expect(QAICRequest.createBO == request)
    }

    @Test func qaicProfileFollowsTheVersionMap() {
        func profile(_ release: String) -> String { QAICProfile.profile(for: KernelRelease(release)).id }
        #expect(profile("6.5.0-1-amd64") == "v6.4-6.6")
        #expect(profile("6.7.12") == "v6.7")
        #expect(profile("6.8.0-45-generic") == "v6.8")
        #expect(profile("6.11.3") == "v6.9+")
        #expect(profile("6.12.117+deb12-amd64") == "6.12-debian")
        #expect(profile("6.12.40") == "v6.9+")
        #expect(profile("6.19.1") == "7.3")
        #expect(profile("7.3.4+deb13-amd64") == "7.3")
        #expect(profile("7.3.0") == "7.3")
        #expect(profile("7.3.12") == "7.3")
        #expect(QAICProfile.profile(for: nil) == QAICProfile.debian6_12)
        #expect(KernelRelease("garbage") == nil)
    }

    @Test func profileRangesResolveFirstMatch() {
        let drift = ProfileExpectation([
            (.upTo(QAICProfile.v6_8), .expect(.EINVAL)),
            (.from(QAICProfile.v6_9), .expect(.ENOENT)),
        ])
        guard case .expect(let old) = drift.resolve(QAICProfile.v6_7),
              case .expect(let new) = drift.resolve(QAICProfile.v7_3) else {
            Issue.record("drift did not resolve")
            return
        }
        #expect(old == .EINVAL && new == .ENOENT)
        let onlyNew = ProfileExpectation([(.from(QAICProfile.v6_7), .expect(.success))])
        if case .expect = onlyNew.resolve(QAICProfile.v6_4) { Issue.record("v6.4 must not be covered") }
    }

    @Test func traceEventsRoundTripThroughJSONLines() throws {
        let events = [
            TraceEvent(syscall: .open, fd: 5, path: "/dev/accel/accel0", flags: 0o2000002, result: 0),
            TraceEvent(syscall: .ioctl, fd: 5, ioctl: "QAIC_CREATE_BO", request: "0xC0106441",
                       in: ["size": .uint(4096), "handle": 0, "pad": 0], out: ["size": .uint(4096), "handle": 1, "pad": 0],
                       result: 0),
            TraceEvent(syscall: .ioctl, fd: 5, ioctl: "QAIC_WAIT_BO", request: "0x40106446",
                       in: ["handle": 1, "timeout": 0, "dbc_id": 0, "pad": 1], result: "EINVAL"),
            TraceEvent(syscall: .mmap, fd: 5, flags: 1, offset: 0x10000, length: 4096, prot: 3, result: "EACCES"),
            TraceEvent(syscall: .close, fd: 5, result: 0),
        ]
        let text = try TraceRecorder.jsonLines(events)
        #expect(text.split(separator: "\n").count == events.count)
        #expect(try TraceRecorder.parse(jsonLines: text) == events)
        // Field order of decoded structs survives encoding (struct order reads best).
        #expect(text.contains(#""in":{"size":4096,"handle":0,"pad":0}"#))
        // ... and parsing (equality ignores key order, the text does not).
        #expect(try TraceRecorder.jsonLines(TraceRecorder.parse(jsonLines: text)) == text)
    }
}
