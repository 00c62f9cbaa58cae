import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Plan → execute → journal → results. Devices run in parallel (one session each); every
/// case event is journaled before anything else happens, so a killed runner loses nothing
/// already recorded and `resume` can carry on.
public final class RunEngine: @unchecked Sendable {
    public let configuration: RunConfiguration
    public let metadata: RunMetadata
    public let plans: [DevicePlan]
    private let journal: RunJournalWriter
    private let report: @Sendable (RunEvent) -> Void
    private let lock = NSLock()
    private var records: [JournalSlot: CaseRecord]
    private var abortReason: String?
    private let totalSlots: Int
    private var position = 0
    private var invalidReportOptions: KCIDBWriter.InvalidOption?
    private var stopCause: RunStop?
    /// Devices that went away mid-run (by plan index): their remaining cases are not run.
    private var lostDevices: [Int: String] = [:]

    /// Why the run stopped early when a signal or the results folder stopped it (the exit
    /// status depends on it); nil otherwise.
    public var stop: RunStop? { lock.withLock { stopCause } }

    /// Set when the report files could not be written because the writers' options are
    /// invalid (results.json and the journal are written regardless).
    public var reportProblem: KCIDBWriter.InvalidOption? { lock.withLock { invalidReportOptions } }

    /// `previous`: records already in the journal (resume); `incomplete`: slots that started
    /// and never finished, recorded `incomplete` now and never re-run (`crash`, with the
    /// report, when `machineStop` says the machine was stopped on a kernel lockup). When the
    /// runner had recorded that case itself (its kernel-log watch saw the same incident first),
    /// `stoppedDuring` names it and the report is added to its message in a new journal line.
    public init(configuration: RunConfiguration, metadata: RunMetadata, plans: [DevicePlan],
                previous: [JournalSlot: CaseRecord] = [:], incomplete: [JournalSlot] = [],
                machineStop: MachineStop? = nil, stoppedDuring: JournalSlot? = nil,
                report: @escaping @Sendable (RunEvent) -> Void = { _ in }) throws(RunStorageError) {
        self.configuration = configuration
        self.metadata = metadata
        self.plans = plans
        self.report = report
        self.records = previous
        self.totalSlots = plans.reduce(0) { $0 + $1.cases.count }
        let casesFolder = configuration.resultsDirectory.appendingPathComponent("cases")
        do {
            try FileManager.default.createDirectory(at: casesFolder, withIntermediateDirectories: true)
        } catch {
            throw RunStorageError(path: casesFolder.path, reason: "cannot create: \(error.localizedDescription)")
        }
        journal = try RunJournalWriter(path: configuration.resultsDirectory.appendingPathComponent("journal.jsonl").path)
        position = previous.count
        // Case files are written after the journal line, without fsync; a run stopped in between
        // (disk full) or a machine that died left a record without them, or with an empty
        // trace: they are rebuilt from the journal.
        for record in previous.values {
            guard let folder = record.directory else { continue }
            let trace = configuration.resultsDirectory.appendingPathComponent(folder).appendingPathComponent("trace.jsonl")
            let size = (try? FileManager.default.attributesOfItem(atPath: trace.path)[.size] as? Int) ?? nil
            if size == nil || (size == 0 && !record.outcome.trace.isEmpty) { try writeCaseFiles(record) }
        }
        if let machineStop, let slot = stoppedDuring, var record = previous[slot] {
            record.outcome.message = [record.outcome.message, "the machine was then stopped: \(machineStop.reason)"]
                .compactMap { $0 }.joined(separator: "; ")
            try journal.append(JournalEntry(event: .finished, device: slot.device, index: slot.index,
                                            name: record.outcome.name, record: record))
            records[slot] = record
        }
        for slot in incomplete.sorted() {
            guard let plan = plans.first(where: { $0.index == slot.device }), slot.index < plan.cases.count else { continue }
            let testCase = plan.cases[slot.index]
            let status: Status = machineStop == nil ? .incomplete : .crash
            let outcome = CaseOutcome(name: testCase.name, status: status,
                                      message: machineStop?.caseMessage
                                        ?? "started but never finished (the runner or the machine died); not re-run",
                                      startTime: Date(), duration: 0)
            let verdict = BaselineVerdict(configuration.baselines)
            let record = makeRecord(plan: plan, slot: slot, outcome: outcome, dmesg: nil,
                                    classification: verdict.classify(name: testCase.name.description, status: status)
                                        ?? .unexpectedFail,
                                    reruns: nil)
            try journal.append(JournalEntry(event: .finished, device: slot.device, index: slot.index, name: testCase.name,
                                            record: record))
            try writeCaseFiles(record)
            records[slot] = record
            position += 1
        }
    }

    /// Runs every planned slot without a record and returns the results (also written to
    /// the folder).
    public func execute() -> RunResults {
        signal(SIGPIPE, SIG_IGN)
        StopSignals.install { [weak self] number in self?.interrupt(by: number) }
        defer { StopSignals.uninstall() }
        let group = DispatchGroup()
        let slots = DispatchSemaphore(value: max(1, configuration.jobs))
        for plan in plans {
            slots.wait()
            group.enter()
            Thread.detachNewThread {
                self.runDevice(plan)
                slots.signal()
                group.leave()
            }
        }
        group.wait()
        return finish()
    }

    private var aborted: Bool { lock.withLock { abortReason != nil } }

    /// The signal that asked the run to stop, once one did.
    private var stopSignal: Int32? {
        lock.withLock {
            if case .signal(let number) = stopCause { return number }
            return nil
        }
    }

    /// SIGTERM/SIGINT: no new case starts; the one in flight is stopped and recorded incomplete.
    func interrupt(by number: Int32) {
        let first = lock.withLock { () -> Bool in
            if stopCause != nil { return false }
            stopCause = .signal(number)
            return true
        }
        if first { abort("interrupted by \(Self.signalName(number)); 'resume' continues the run") }
    }

    /// The results folder cannot be written: stop, keeping what is journaled.
    private func storageFailed(_ error: RunStorageError) {
        lock.withLock { if stopCause == nil { stopCause = .storage(error) } }
        abort("cannot write the results folder: \(error); free space (or fix the folder) and 'resume' it")
    }

    static func signalName(_ number: Int32) -> String {
        switch number {
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        default: return "signal \(number)"
        }
    }

    private func abort(_ reason: String) {
        let first = lock.withLock { () -> Bool in
            if abortReason != nil { return false }
            abortReason = reason
            return true
        }
        if first {
            try? journal.append(JournalEntry(event: .aborted, reason: reason))
            try? (reason + "\n").write(to: configuration.resultsDirectory.appendingPathComponent("aborted.txt"),
                                       atomically: true, encoding: .utf8)
            report(.note("run aborted: \(reason)"))
        }
    }

    private func runDevice(_ plan: DevicePlan) {
        let runner: any CaseRunning
        let name = plan.device.identity.name
        switch configuration.isolation {
        case .inprocess:
            runner = InProcessCaseRunner(executor: CaseExecutor(device: plan.device, driver: plan.suite,
                                                                profile: plan.profile, environment: plan.environment))
        case .worker:
            let log = configuration.resultsDirectory.appendingPathComponent("worker-\(Self.fileSafe(name)).log").path
            runner = IsolatedCaseRunner(settings: .init(
                executable: configuration.workerExecutable, arguments: plan.workerArguments, stderrPath: log,
                graceSeconds: configuration.graceSeconds, killWaitSeconds: configuration.killWaitSeconds,
                signaller: configuration.signaller))
        }
        defer { runner.shutdown() }
        let pending = configuration.isolation == .worker ? PendingCaseFiles() : nil
        defer { writePending(pending) }
        if lock.withLock({ plan.cases.indices.contains { records[JournalSlot(device: plan.index, index: $0)] == nil } }) {
            runner.prestart()
        }
        let (kmsg, note) = KernelLogReader.open(path: configuration.kmsgPath)
        if let note { report(.note("\(name): \(note)")) }
        if KernelTaint.read(procRoot: configuration.procRoot) == nil {
            report(.note("\(name): kernel taint not monitored: cannot read \(configuration.procRoot)/sys/kernel/tainted"))
        }
        let presence = DevicePresence(identity: plan.device.identity)
        for (index, testCase) in plan.cases.enumerated() {
            let slot = JournalSlot(device: plan.index, index: index)
            if lock.withLock({ records[slot] != nil }) { continue }
            if aborted || lock.withLock({ lostDevices[plan.index] != nil }) { break }
            if let reason = presence?.lost() {
                deviceLost(plan, reason)
                break
            }
            runSlot(slot, testCase, plan: plan, runner: runner, kmsg: kmsg, presence: presence, pending: pending)
        }
    }

    /// The files of the case that finished last (`cases/<name>/`), not written yet. They are a
    /// copy of its journal line, which is fsync'ed before anything else happens, and `resume`
    /// rebuilds them when missing; so with a worker they are written while the next case runs in
    /// it, on the other CPU, instead of in front of it. In process nothing overlaps: written at once.
    private final class PendingCaseFiles {
        var record: CaseRecord?
    }

    private func writePending(_ pending: PendingCaseFiles?) {
        guard let pending, let record = pending.record else { return }
        pending.record = nil
        do { try writeCaseFiles(record) } catch { storageFailed(error) }
    }

    /// The device went away (driver unbound, device removed): no further case of it starts; the
    /// others are `notrun` with the reason, so `resume` runs them once the device is back.
    private func deviceLost(_ plan: DevicePlan, _ reason: String) {
        let first = lock.withLock { () -> Bool in
            if lostDevices[plan.index] != nil { return false }
            lostDevices[plan.index] = reason
            return true
        }
        guard first else { return }
        try? journal.append(JournalEntry(event: .aborted, device: plan.index, reason: reason))
        report(.note("\(reason): its remaining cases are not run; 'resume' runs them once the device is back"))
    }

    private struct Attempt {
        var outcome: CaseOutcome
        var dmesg: String?
    }

    private func runSlot(_ slot: JournalSlot, _ testCase: ConformanceCase, plan: DevicePlan, runner: any CaseRunning,
                         kmsg: KernelLogReader?, presence: DevicePresence?, pending: PendingCaseFiles?) {
        let verdict = BaselineVerdict(configuration.baselines)
        let current = lock.withLock { position + 1 }
        report(.caseStarted(device: plan.device.identity.name, name: testCase.name, position: current, total: totalSlots))
        guard var first = attempt(slot, testCase, number: 1, plan: plan, runner: runner, kmsg: kmsg,
                                        pending: pending) else { return }
        // A case that failed because its device went away says nothing about the driver's
        // rules: it is recorded incomplete with what it saw, and not retried. A failure the
        // baseline expects is not waited on.
        let listed = verdict.classify(name: testCase.name.description, status: first.outcome.status) == .expectedFail
        let lost = presence?.lost(after: first.outcome, settle: listed ? 0 : 1)
        if let lost {
            deviceLost(plan, lost)
            if first.outcome.status.isFailure {
                let saw = first.outcome.actual.map { "got \($0)" } ?? first.outcome.message ?? first.outcome.status.rawValue
                first.outcome.message = "\(lost) during the case (it saw: \(saw)); recorded incomplete, not re-run by 'resume'"
                first.outcome.status = .incomplete
            }
        }
        var classification = verdict.classify(name: testCase.name.description, status: first.outcome.status)
        var reruns: [Status]?
        if classification == nil && lost != nil {
            classification = verdict.classifyRetried(reruns: [])
        } else if classification == nil {
            var statuses: [Status] = []
            for number in 0..<max(0, configuration.flakeRetries) {
                if aborted || first.outcome.status == .incomplete { break }
                guard let again = attempt(slot, testCase, number: number + 2, plan: plan, runner: runner, kmsg: kmsg,
                                          pending: pending) else {
                    break
                }
                statuses.append(again.outcome.status)
                if !again.outcome.status.isFailure { break }
            }
            reruns = statuses.isEmpty ? nil : statuses
            classification = verdict.classifyRetried(reruns: statuses)
        }
        // In process nothing enforces a limit, so none is recorded.
        let record = makeRecord(plan: plan, slot: slot, outcome: first.outcome, dmesg: first.dmesg,
                                classification: classification!, reruns: reruns,
                                timeoutSeconds: configuration.isolation == .worker ? timeout(for: testCase) : nil)
        // The journal line is the record; the case files are a copy rebuilt by resume if lost.
        do {
            try journal.append(JournalEntry(event: .finished, device: slot.device, index: slot.index,
                                            name: testCase.name, record: record))
            if let pending { pending.record = record } else { try writeCaseFiles(record) }
        } catch {
            storageFailed(error)
        }
        let done = lock.withLock { () -> Int in
            records[slot] = record
            position += 1
            return position
        }
        report(.caseFinished(record: record, position: done, total: totalSlots))
    }

    private func attempt(_ slot: JournalSlot, _ testCase: ConformanceCase, number: Int, plan: DevicePlan,
                         runner: any CaseRunning, kmsg: KernelLogReader?, pending: PendingCaseFiles?) -> Attempt? {
        // A case whose start is not journaled does not run: a crash during it would go unnoticed.
        do {
            try journal.append(JournalEntry(event: .started, device: slot.device, index: slot.index,
                                            name: testCase.name, attempt: number))
        } catch {
            storageFailed(error)
            return nil
        }
        let deviceName = plan.device.identity.name
        let taintBefore = KernelTaint.read(procRoot: configuration.procRoot)
        _ = kmsg?.drain()
        kmsg?.mark("starting \(testCase.name) on \(deviceName)")
        let start = Date()
        let clock = ContinuousClock.now
        let watch = KernelWatch(kmsg: kmsg, policy: configuration.dmesg, procRoot: configuration.procRoot,
                                taintBefore: taintBefore)
        // Asked only while the worker has not answered yet, so fast cases pay nothing for it.
        let execution = runner.run(testCase, timeout: timeout(for: testCase), interrupt: { [self] in
            if let number = stopSignal { return "interrupted by \(Self.signalName(number))" }
            return watch.isActive ? watch.check() : nil
        }, meanwhile: pending.map { files in { [self] in writePending(files) } })
        writePending(pending)
        let seconds = (ContinuousClock.now - clock).seconds
        kmsg?.mark("finished \(testCase.name) on \(deviceName)")
        // The watch's check once more, now the case is over: a kernel fault is a crash whether
        // the reply or a 0.1 s poll came first (in process, this is the only check).
        _ = watch.check()
        let lines = watch.lines + (kmsg?.drain() ?? [])
        let taintAfter = KernelTaint.read(procRoot: configuration.procRoot)

        var outcome: CaseOutcome
        func synthetic(_ status: Status, _ message: String) -> CaseOutcome {
            CaseOutcome(name: testCase.name, status: status, message: message, expected: testCase.expectedDescription,
                        startTime: start, duration: seconds)
        }
        switch execution {
        case .outcome(let result): outcome = result
        case .crashed(let message) where stopSignal != nil && watch.reason == nil,
             .abandoned(let message) where stopSignal != nil && watch.reason == nil:
            // Stopped by the signal, not by anything the case did: its result is unknown.
            outcome = synthetic(.incomplete, "\(message); recorded incomplete, not re-run by 'resume'")
        case .crashed(let message): outcome = synthetic(.crash, message)
        case .timedOut(let message): outcome = synthetic(.timeout, message)
        case .abandoned(let message):
            // After a kernel fault the fault is the reason to abort, not the stuck worker.
            outcome = synthetic(watch.reason == nil ? .timeout : .crash, message)
            if watch.reason == nil { abort(message) }
        case .workerFailed(let message):
            outcome = synthetic(.incomplete, message)
            abort("\(deviceName): \(message)")
        }
        let judged = configuration.dmesg.judge(lines)
        outcome.status = configuration.dmesg.apply(judged, to: outcome.status)
        if let oops = judged.oops.first {
            if outcome.message?.contains(oops.text) != true {
                outcome.message = [outcome.message, "kernel oops: \(oops.text)"].compactMap { $0 }.joined(separator: "; ")
            }
            abort("kernel oops during \(testCase.name) on \(deviceName): \(oops.text)")
        } else if let warning = judged.warnings.first {
            outcome.message = [outcome.message, "kernel log: \(warning.text)"].compactMap { $0 }.joined(separator: "; ")
        }
        if let taintBefore, let taintAfter, let gained = taintAfter.newFatal(since: taintBefore) {
            if outcome.message?.contains("\(gained)") != true {
                outcome.message = [outcome.message, "kernel tainted \(gained)"].compactMap { $0 }.joined(separator: "; ")
            }
            abort("kernel taint gained \(gained) during \(testCase.name) on \(deviceName) (tainted was \(taintBefore), now \(taintAfter))")
        }
        if let reason = watch.reason {
            outcome.status = .crash
            abort("\(reason) during \(testCase.name) on \(deviceName)")
        }
        return Attempt(outcome: outcome, dmesg: kmsg == nil ? nil : lines.map(\.raw).joined(separator: "\n"))
    }

    /// The limit a case runs under: its own, else the run's default.
    private func timeout(for testCase: ConformanceCase) -> Double {
        testCase.timeout ?? configuration.defaultTimeout
    }

    private func makeRecord(plan: DevicePlan, slot: JournalSlot, outcome: CaseOutcome, dmesg: String?,
                            classification: Classification, reruns: [Status]?, timeoutSeconds: Double? = nil) -> CaseRecord {
        let testCase = plan.cases[slot.index]
        return CaseRecord(device: plan.device.identity.name, ioctl: testCase.ioctl, tier: testCase.tier,
                          rationale: testCase.rationale, confidence: testCase.confidence, profile: plan.profile.id,
                          outcome: outcome, dmesg: dmesg, classification: classification,
                          reproducer: "\(plan.reproducerPrefix) --include \(testCase.name)",
                          directory: directory(plan: plan, slot: slot), reruns: reruns, timeoutSeconds: timeoutSeconds)
    }

    /// `cases/<name>`; a repeat adds `-r<k>`, a second device `-on-<device>`.
    private func directory(plan: DevicePlan, slot: JournalSlot) -> String {
        let name = plan.cases[slot.index].name
        var folder = "cases/\(name)"
        if plans.count > 1 && plan.index > 0 { folder += "-on-\(Self.fileSafe(plan.device.identity.name))" }
        let repeatIndex = plan.cases[..<slot.index].filter { $0.name == name }.count
        if repeatIndex > 0 { folder += "-r\(repeatIndex + 1)" }
        return folder
    }

    private func writeCaseFiles(_ record: CaseRecord) throws(RunStorageError) {
        guard let folder = record.directory else { return }
        let url = configuration.resultsDirectory.appendingPathComponent(folder)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        } catch {
            throw RunStorageError(path: url.path, reason: "cannot create: \(error.localizedDescription)")
        }
        let trace = record.outcome.trace.compactMap { try? $0.jsonLine() }.map { $0 + "\n" }.joined()
        // dmesg first: trace.jsonl is what resume checks to know the files are complete.
        if let dmesg = record.dmesg {
            try RunFolder.write(Data((dmesg.isEmpty ? "" : dmesg + "\n").utf8), to: url.appendingPathComponent("dmesg.txt"),
                                durable: false)
        }
        try RunFolder.write(Data(trace.utf8), to: url.appendingPathComponent("trace.jsonl"), durable: false)
    }

    /// Results from the records; slots never reached (aborted run) are `notrun`.
    private func finish() -> RunResults {
        var ordered: [CaseRecord] = []
        let (known, aborted, lost) = lock.withLock { (records, abortReason, lostDevices) }
        let lostReasons = lost.sorted { $0.key < $1.key }.map(\.value)
        let reason = aborted ?? (lostReasons.isEmpty ? nil : lostReasons.joined(separator: "; "))
        for plan in plans {
            let notRun = lost[plan.index].map { "\($0); 'resume' runs it once the device is back" } ?? aborted
            for index in plan.cases.indices {
                let slot = JournalSlot(device: plan.index, index: index)
                if let record = known[slot] {
                    ordered.append(record)
                } else {
                    let outcome = CaseOutcome(name: plan.cases[index].name, status: .notrun,
                                              message: notRun.map { "not run: \($0)" } ?? "not run",
                                              startTime: Date(), duration: 0)
                    ordered.append(makeRecord(plan: plan, slot: slot, outcome: outcome, dmesg: nil,
                                              classification: .expected, reruns: nil))
                }
            }
        }
        let results = RunResults(metadata: metadata, records: ordered, abortReason: reason, endTime: Date())
        do {
            if let failure = try RunFolder.writeResults(results, to: configuration.resultsDirectory,
                                                        options: configuration.resultWriters, report: report) {
                lock.withLock { if stopCause == nil { stopCause = .storage(failure) } }
            }
        } catch {
            lock.withLock { invalidReportOptions = error }
        }
        return results
    }

    static func fileSafe(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
    }
}
