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

    /// Set when the report files could not be written because the writers' options are
    /// invalid (results.json and the journal are written regardless).
    public var reportProblem: KCIDBWriter.InvalidOption? { lock.withLock { invalidReportOptions } }

    /// `previous`: records already in the journal (resume); `incomplete`: slots that started
    /// and never finished, recorded `incomplete` now and never re-run.
    public init(configuration: RunConfiguration, metadata: RunMetadata, plans: [DevicePlan],
                previous: [JournalSlot: CaseRecord] = [:], incomplete: [JournalSlot] = [],
                report: @escaping @Sendable (RunEvent) -> Void = { _ in }) throws {
        self.configuration = configuration
        self.metadata = metadata
        self.plans = plans
        self.report = report
        self.records = previous
        self.totalSlots = plans.reduce(0) { $0 + $1.cases.count }
        try FileManager.default.createDirectory(at: configuration.resultsDirectory.appendingPathComponent("cases"),
                                                withIntermediateDirectories: true)
        journal = try RunJournalWriter(path: configuration.resultsDirectory.appendingPathComponent("journal.jsonl").path)
        position = previous.count
        for slot in incomplete.sorted() {
            guard let plan = plans.first(where: { $0.index == slot.device }), slot.index < plan.cases.count else { continue }
            let testCase = plan.cases[slot.index]
            let outcome = CaseOutcome(name: testCase.name, status: .incomplete,
                                      message: "started but never finished (the runner or the machine died); not re-run",
                                      startTime: Date(), duration: 0)
            let record = makeRecord(plan: plan, slot: slot, outcome: outcome, dmesg: nil,
                                    classification: BaselineVerdict(configuration.baselines).classify(name: testCase.name.description, status: .incomplete) ?? .unexpectedFail,
                                    reruns: nil)
            try journal.append(JournalEntry(event: .finished, device: slot.device, index: slot.index, name: testCase.name,
                                            record: record))
            records[slot] = record
            position += 1
        }
    }

    /// Runs every planned slot without a record and returns the results (also written to
    /// the folder).
    public func execute() -> RunResults {
        signal(SIGPIPE, SIG_IGN)
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
        let (kmsg, note) = KernelLogReader.open(path: configuration.kmsgPath)
        if let note { report(.note("\(name): \(note)")) }
        if KernelTaint.read(procRoot: configuration.procRoot) == nil {
            report(.note("\(name): kernel taint not monitored: cannot read \(configuration.procRoot)/sys/kernel/tainted"))
        }
        defer { runner.shutdown() }
        for (index, testCase) in plan.cases.enumerated() {
            let slot = JournalSlot(device: plan.index, index: index)
            if lock.withLock({ records[slot] != nil }) { continue }
            if aborted { break }
            runSlot(slot, testCase, plan: plan, runner: runner, kmsg: kmsg)
        }
    }

    private struct Attempt {
        var outcome: CaseOutcome
        var dmesg: String?
    }

    private func runSlot(_ slot: JournalSlot, _ testCase: ConformanceCase, plan: DevicePlan, runner: any CaseRunning,
                         kmsg: KernelLogReader?) {
        let verdict = BaselineVerdict(configuration.baselines)
        let current = lock.withLock { position + 1 }
        report(.caseStarted(device: plan.device.identity.name, name: testCase.name, position: current, total: totalSlots))
        let first = attempt(slot, testCase, number: 1, plan: plan, runner: runner, kmsg: kmsg)
        var classification = verdict.classify(name: testCase.name.description, status: first.outcome.status)
        var reruns: [Status]?
        if classification == nil {
            var statuses: [Status] = []
            for number in 0..<max(0, configuration.flakeRetries) {
                if aborted || first.outcome.status == .incomplete { break }
                let again = attempt(slot, testCase, number: number + 2, plan: plan, runner: runner, kmsg: kmsg)
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
        writeCaseFiles(record)
        do {
            try journal.append(JournalEntry(event: .finished, device: slot.device, index: slot.index,
                                            name: testCase.name, record: record))
        } catch {
            abort("cannot write the journal: \(error)")
        }
        let done = lock.withLock { () -> Int in
            records[slot] = record
            position += 1
            return position
        }
        report(.caseFinished(record: record, position: done, total: totalSlots))
    }

    private func attempt(_ slot: JournalSlot, _ testCase: ConformanceCase, number: Int, plan: DevicePlan,
                         runner: any CaseRunning, kmsg: KernelLogReader?) -> Attempt {
        do {
            try journal.append(JournalEntry(event: .started, device: slot.device, index: slot.index,
                                            name: testCase.name, attempt: number))
        } catch {
            abort("cannot write the journal: \(error)")
        }
        let deviceName = plan.device.identity.name
        let taintBefore = KernelTaint.read(procRoot: configuration.procRoot)
        _ = kmsg?.drain()
        kmsg?.mark("starting \(testCase.name) on \(deviceName)")
        let start = Date()
        let clock = ContinuousClock.now
        let watch = KernelWatch(kmsg: kmsg, policy: configuration.dmesg, procRoot: configuration.procRoot,
                                taintBefore: taintBefore)
        let execution = runner.run(testCase, timeout: timeout(for: testCase),
                                   interrupt: watch.isActive ? watch.check : nil)
        let seconds = (ContinuousClock.now - clock).seconds
        kmsg?.mark("finished \(testCase.name) on \(deviceName)")
        let lines = watch.lines + (kmsg?.drain() ?? [])
        let taintAfter = KernelTaint.read(procRoot: configuration.procRoot)

        var outcome: CaseOutcome
        func synthetic(_ status: Status, _ message: String) -> CaseOutcome {
            CaseOutcome(name: testCase.name, status: status, message: message, expected: testCase.expectedDescription,
                        startTime: start, duration: seconds)
        }
        switch execution {
        case .outcome(let result): outcome = result
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

    private func writeCaseFiles(_ record: CaseRecord) {
        guard let folder = record.directory else { return }
        let url = configuration.resultsDirectory.appendingPathComponent(folder)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let trace = record.outcome.trace.compactMap { try? $0.jsonLine() }.map { $0 + "\n" }.joined()
        try? trace.write(to: url.appendingPathComponent("trace.jsonl"), atomically: true, encoding: .utf8)
        if let dmesg = record.dmesg {
            try? (dmesg.isEmpty ? "" : dmesg + "\n").write(to: url.appendingPathComponent("dmesg.txt"),
                                                           atomically: true, encoding: .utf8)
        }
    }

    /// Results from the records; slots never reached (aborted run) are `notrun`.
    private func finish() -> RunResults {
        var ordered: [CaseRecord] = []
        let (known, reason) = lock.withLock { (records, abortReason) }
        for plan in plans {
            for index in plan.cases.indices {
                let slot = JournalSlot(device: plan.index, index: index)
                if let record = known[slot] {
                    ordered.append(record)
                } else {
                    let outcome = CaseOutcome(name: plan.cases[index].name, status: .notrun,
                                              message: reason.map { "not run: \($0)" } ?? "not run",
                                              startTime: Date(), duration: 0)
                    ordered.append(makeRecord(plan: plan, slot: slot, outcome: outcome, dmesg: nil,
                                              classification: .expected, reruns: nil))
                }
            }
        }
        let results = RunResults(metadata: metadata, records: ordered, abortReason: reason, endTime: Date())
        do {
            try RunFolder.writeResults(results, to: configuration.resultsDirectory, options: configuration.resultWriters,
                                       report: report)
        } catch {
            lock.withLock { invalidReportOptions = error }
        }
        return results
    }

    static func fileSafe(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
    }
}
