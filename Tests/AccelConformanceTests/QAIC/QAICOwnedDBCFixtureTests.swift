import Glibc
import SystemPackage
import Testing
@testable import AccelConformance

/// The owned-DBC fixture (MANAGE ACTIVATE) may skip a row only when the firmware refuses
/// (ECANCELED); any other errno is a broken control path and fails the row, naming the errno.
@Suite struct QAICOwnedDBCFixtureTests {
    /// reference:qaic, except that MANAGE answers `errno` (a stand-in for a broken driver).
    final class ManageFails: Device, @unchecked Sendable {
        let inner: any Device
        let errno: Errno
        init(_ errno: Errno) throws {
            inner = try ReferenceDevices.make(driver: "qaic", profileID: QAICProfile.v7_3.id)
            self.errno = errno
        }
        var identity: DeviceIdentity { inner.identity }
        func open(_ flags: OpenFlags) throws(Errno) -> any DeviceFile { File(try inner.open(flags), errno) }

        final class File: DeviceFile {
            let inner: any DeviceFile
            let errno: Errno
            init(_ inner: any DeviceFile, _ errno: Errno) {
                self.inner = inner
                self.errno = errno
            }
            var descriptor: CInt { inner.descriptor }
            func ioctl(_ request: IoctlRequest, _ argument: UnsafeMutableRawPointer?) throws(Errno) {
                if request == QAICRequest.manage { throw errno }
                try inner.ioctl(request, argument)
            }
            func mmap(length: Int, protection: MemoryProtection, flags: MappingFlags,
                      offset: Int64) throws(Errno) -> UnsafeMutableRawPointer {
                try inner.mmap(length: length, protection: protection, flags: flags, offset: offset)
            }
            func munmap(_ address: UnsafeMutableRawPointer, length: Int) throws(Errno) {
                try inner.munmap(address, length: length)
            }
            func close() throws(Errno) { try inner.close() }
        }
    }

    static func run(_ name: String, manageAnswers errno: Errno) throws -> CaseOutcome {
        let profile = QAICProfile.v7_3
        let cases = QAICTables.all.flatMap { $0.cases(for: profile) }
        let testCase = try #require(cases.first { $0.name.description == name })
        let executor = CaseExecutor(device: try ManageFails(errno), driver: QAICSuite(), profile: profile,
                                    environment: CaseEnvironment(isRoot: geteuid() == 0, seed: 1))
        return executor.run(testCase)
    }

    @Test func firmwareRefusalSkips() throws {
        let outcome = try Self.run("qaic.attach_slice_bo.valid", manageAnswers: .canceled)
        #expect(outcome.status == .skip)
        #expect(outcome.message?.contains("ECANCELED") == true, "\(outcome.message ?? "")")
    }

    @Test(arguments: [Errno.operationNotSupportedByDevice, .timedOut, .ioError, .resourceTemporarilyUnavailable,
                      .invalidArgument])
    func anyOtherErrnoFailsTheFixtureNamingIt(errno: Errno) throws {
        for row in ["qaic.attach_slice_bo.valid", "qaic.execute_bo.handle_unknown", "qaic.wait_bo.never_queued"] {
            let outcome = try Self.run(row, manageAnswers: errno)
            #expect(outcome.status == .fail, "\(row): \(outcome.status) \(outcome.message ?? "")")
            #expect(outcome.message?.contains(errno.symbolicName) == true, "\(row): \(outcome.message ?? "")")
            #expect(outcome.message?.contains("MANAGE ACTIVATE") == true, "\(row): \(outcome.message ?? "")")
        }
    }
}
