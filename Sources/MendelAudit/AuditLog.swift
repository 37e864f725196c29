#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation
import MendelCrypto

/// The append-only, hash-chained audit log of one directory (`audit.log` + `checkpoints.log`).
///
/// - `append` returns only after the event's line was written and fsynced (fdatasync); if that fails the
///   caller gets an error and must not perform the action (fail closed), and the log turns unhealthy:
///   every later append fails until the log is reopened.
/// - Group commit: appends that arrive while a write+fsync is in flight are written together with the
///   next single write+fsync, so throughput grows with concurrency.
/// - Signed checkpoints (Ed25519) every `checkpointEveryLines` lines, every `checkpointInterval` while
///   there are unsigned lines, and on `close()`.
/// - Opening verifies the existing log against the signing key's public key (refusing a tampered log;
///   see `OpenVerification`), moves a torn last line to `quarantine-<time>.log` and appends an
///   `audit.recovery` event.
///
/// File format: docs/audit-format.md.
///
/// No PHI: events carry pseudonyms and hashes only (see `AuditEvent`, `Pseudonymizer`).
public actor AuditLog {
    /// Tuning of durability and checkpoints.
    public struct Configuration: Sendable {
        /// Sign a checkpoint after this many new lines.
        public var checkpointEveryLines: Int
        /// Sign a checkpoint this often while lines are unsigned.
        public var checkpointInterval: Duration
        /// Batch concurrent appends into one write+fsync (true), or write+fsync each event alone.
        public var groupCommit: Bool
        /// How much of an existing log is verified when opening it.
        public var verifyOnOpen: OpenVerification
        /// Permissions of new files.
        public var fileMode: UInt16
        /// With group commit: how many times the writer yields after an fsync to let the callers it just
        /// acknowledged append their next events into the next batch (0 disables).
        public var commitYields: Int

        public init(
            checkpointEveryLines: Int = 1000, checkpointInterval: Duration = .seconds(60), groupCommit: Bool = true,
            verifyOnOpen: OpenVerification = .sinceLastCheckpoint, fileMode: UInt16 = 0o640, commitYields: Int = 4
        ) {
            self.checkpointEveryLines = max(1, checkpointEveryLines)
            self.checkpointInterval = checkpointInterval
            self.groupCommit = groupCommit
            self.verifyOnOpen = verifyOnOpen
            self.fileMode = fileMode
            self.commitYields = max(0, commitYields)
        }
    }

    /// Random id of this log, bound into every line and checkpoint.
    public nonisolated let logID: String
    public nonisolated let directory: URL
    private let configuration: Configuration
    private let signingKey: Ed25519PrivateKey
    private let files: AuditFiles
    private let ioQueue = DispatchQueue(label: "mendel.audit.io")

    /// Chain state of the last line built (possibly not yet durable).
    private var nextSeq: UInt64
    private var lastHash: String
    /// Last line known to be on disk.
    private var durableSeq: UInt64
    private var durableHash: String
    private var lastCheckpointSeq: UInt64
    private var lastCheckpointTime = ContinuousClock.now

    private struct Waiter {
        let receipt: AuditReceipt
        let continuation: CheckedContinuation<Result<AuditReceipt, AuditError>, Never>
    }
    private var pendingLines: [[UInt8]] = []
    private var pendingWaiters: [Waiter] = []
    private var flushing = false
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    private var timerTask: Task<Void, Never>?
    private var isClosed = false

    /// False once a write, fsync or checkpoint failed or the log file was replaced; appends then fail.
    public private(set) var isHealthy = true
    /// Sequence number of the last durable line (0 for an empty log).
    public var lastSequence: UInt64 { durableSeq }
    /// Number of events written per write+fsync, for measuring group commit.
    public private(set) var statistics = Statistics()

    public struct Statistics: Sendable {
        public var lines: Int = 0
        public var writes: Int = 0
        public var checkpoints: Int = 0
    }

    /// What `init` checks in an existing log before appending to it.
    public enum OpenVerification: Sendable, Hashable {
        /// Every line and checkpoint (time grows with the log).
        case full
        /// All checkpoint signatures, the line the last checkpoint signed, and every line after it — so the
        /// log never signs over an altered or forged unsigned tail — while older lines are only counted
        /// (`AuditVerifier.verify` checks them). Time grows with the unsigned tail. The default.
        case sinceLastCheckpoint
        /// Only the last line of each file is read (tests, tools).
        case none
    }

    /// Longest accepted line.
    public static let maximumLineBytes = 64 * 1024

    /// Opens the log in `directory`, creating it (with a signed genesis checkpoint) if needed.
    /// Throws if the directory is unusable, the log is locked by another writer, or the existing log fails
    /// verification under `signingKey.publicKey`.
    public init(
        directory: URL, signingKey: Ed25519PrivateKey, configuration: Configuration = .init()
    ) throws(AuditError) {
        let files = try AuditFiles(directory: directory, fileMode: mode_t(configuration.fileMode))
        let quarantined = try files.quarantineTornTails()
        let state: AuditVerifier.State
        if configuration.verifyOnOpen != .none {
            let scan = AuditVerifier.scan(directory: files.directory, publicKey: signingKey.publicKey,
                                          trustSignedPrefix: configuration.verifyOnOpen == .sinceLastCheckpoint)
            // A new (empty) log has no checkpoint yet; anything else must verify.
            let blocking = scan.report.problems.filter { !(scan.report.lineCount == 0 && $0.kind == .missingCheckpoint) }
            if let first = AuditVerificationReport.first(of: blocking) { throw .verificationFailed(first) }
            state = scan.state
        } else {
            state = try Self.quickState(files)
        }

        let logID: String
        if let existing = state.logID { logID = existing } else { logID = try Self.newLogID() }
        files.nextCheckpointIndex = state.nextCheckpointIndex
        files.checkpointPrev = state.checkpointPrev
        files.lastCheckpointSeq = state.lastCheckpointSeq
        let head = state.head ?? AuditRecord.genesisHash(logID: logID)

        self.logID = logID
        self.directory = directory
        self.configuration = configuration
        self.signingKey = signingKey
        self.files = files
        nextSeq = state.lastSeq + 1
        lastHash = head
        durableSeq = state.lastSeq
        durableHash = head
        lastCheckpointSeq = state.lastCheckpointSeq ?? 0

        if state.lastCheckpointSeq == nil {
            // New log (or one whose checkpoints were lost with verification off): sign its current head.
            _ = try files.appendCheckpoint(logID: logID, seq: durableSeq, head: durableHash, signingKey: signingKey, force: true)
            lastCheckpointSeq = durableSeq
        }
        let unsigned = durableSeq - min(durableSeq, lastCheckpointSeq)
        if !quarantined.isEmpty || unsigned > 0 {
            var details = ["reason": quarantined.isEmpty ? "unclean-shutdown" : "torn-write",
                           "unsignedLines": String(unsigned)]
            for (i, tail) in quarantined.enumerated() {
                details["quarantine\(i).file"] = tail.quarantineFile
                details["quarantine\(i).source"] = tail.file
                details["quarantine\(i).bytes"] = String(tail.byteCount)
            }
            let event = AuditEvent(actor: Self.processActor(), action: "audit.recovery", outcome: .allowed,
                                   requestID: "recovery-" + (try Self.newLogID()), details: details)
            let (record, line) = AuditRecord.make(event: event, seq: nextSeq, time: AuditTime.now(), logID: logID, prev: lastHash)
            try files.appendLog(line + [UInt8(ascii: "\n")])
            nextSeq += 1
            lastHash = record.hash
            durableSeq = record.seq
            durableHash = record.hash
            _ = try files.appendCheckpoint(logID: logID, seq: durableSeq, head: durableHash, signingKey: signingKey, force: false)
            lastCheckpointSeq = durableSeq
        }
    }

    deinit {
        timerTask?.cancel()
    }

    // MARK: Appending

    /// Appends `event` and returns once its line is durable (written and fsynced).
    /// Throws `.invalidEvent` for a malformed event, `.unhealthy`/`.io`/`.logFileReplaced` if the log cannot
    /// make it durable (the caller must then not perform the action), `.closed` after `close()`.
    public func append(_ event: AuditEvent) async throws(AuditError) -> AuditReceipt {
        guard !isClosed else { throw .closed }
        guard isHealthy else { throw .unhealthy }
        try EventValidation.validate(event)
        let (record, line) = AuditRecord.make(event: event, seq: nextSeq, time: AuditTime.now(), logID: logID, prev: lastHash)
        guard line.count < Self.maximumLineBytes else { throw .invalidEvent("line longer than \(Self.maximumLineBytes) bytes") }
        nextSeq += 1
        lastHash = record.hash
        startTimerIfNeeded()
        let receipt = AuditReceipt(seq: record.seq, hash: record.hash, time: record.time)
        let result = await withCheckedContinuation { continuation in
            pendingLines.append(line)
            pendingWaiters.append(Waiter(receipt: receipt, continuation: continuation))
            if !flushing {
                flushing = true
                Task { await self.flushLoop() }
            }
        }
        return try result.get()
    }

    private func flushLoop() async {
        while !pendingLines.isEmpty && isHealthy {
            let count = configuration.groupCommit ? pendingLines.count : 1
            let lines = pendingLines.prefix(count)
            let waiters = Array(pendingWaiters.prefix(count))
            pendingLines.removeFirst(count)
            pendingWaiters.removeFirst(count)
            var bytes = [UInt8]()
            bytes.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
            for line in lines {
                bytes.append(contentsOf: line)
                bytes.append(UInt8(ascii: "\n"))
            }
            let (files, batch) = (self.files, bytes)
            let result = await onIOQueue { () throws(AuditError) in try files.appendLog(batch) }
            switch result {
            case .success:
                if let last = waiters.last {
                    durableSeq = last.receipt.seq
                    durableHash = last.receipt.hash
                }
                statistics.lines += waiters.count
                statistics.writes += 1
                for waiter in waiters { waiter.continuation.resume(returning: .success(waiter.receipt)) }
                if durableSeq - lastCheckpointSeq >= UInt64(configuration.checkpointEveryLines) {
                    _ = await checkpoint(force: false)
                }
                // The writers just acknowledged usually append again at once. Give them a moment to do so
                // (a few actor yields, microseconds) so the next fsync carries their events too, instead
                // of splitting concurrent writers into alternating half-size batches.
                if configuration.groupCommit {
                    var spins = 0
                    while pendingLines.count < waiters.count && spins < configuration.commitYields {
                        await Task.yield()
                        spins += 1
                    }
                }
            case .failure(let error):
                isHealthy = false
                for waiter in waiters { waiter.continuation.resume(returning: .failure(error)) }
            }
        }
        if !isHealthy {
            for waiter in pendingWaiters { waiter.continuation.resume(returning: .failure(.unhealthy)) }
            pendingWaiters.removeAll()
            pendingLines.removeAll()
        }
        flushing = false
        let idle = idleWaiters
        idleWaiters.removeAll()
        for waiter in idle { waiter.resume() }
    }

    private func waitUntilIdle() async {
        guard flushing else { return }
        await withCheckedContinuation { continuation in idleWaiters.append(continuation) }
    }

    // MARK: Checkpoints

    /// Signs and writes a checkpoint over the last durable line now.
    public func writeCheckpoint() async throws(AuditError) {
        guard !isClosed else { throw .closed }
        guard isHealthy else { throw .unhealthy }
        if case .failure(let error) = await checkpoint(force: true) { throw error }
    }

    private func checkpoint(force: Bool) async -> Result<Void, AuditError> {
        let (files, key, logID) = (self.files, self.signingKey, self.logID)
        let (seq, head) = (durableSeq, durableHash)
        let result = await onIOQueue { () throws(AuditError) -> Bool in
            try files.appendCheckpoint(logID: logID, seq: seq, head: head, signingKey: key, force: force) != nil
        }
        switch result {
        case .success(let written):
            if written { statistics.checkpoints += 1 }
            lastCheckpointSeq = max(lastCheckpointSeq, seq)
            lastCheckpointTime = .now
            return .success(())
        case .failure(let error):
            isHealthy = false
            return .failure(error)
        }
    }

    private func checkpointIfDue() async {
        guard !isClosed, isHealthy, durableSeq > lastCheckpointSeq,
              ContinuousClock.now - lastCheckpointTime >= configuration.checkpointInterval else { return }
        _ = await checkpoint(force: false)
    }

    private func startTimerIfNeeded() {
        guard timerTask == nil else { return }
        let interval = configuration.checkpointInterval
        timerTask = Task { [weak self] in
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                guard let self else { return }
                await self.checkpointIfDue()
            }
        }
    }

    // MARK: Closing

    /// Waits for in-flight appends, writes a final checkpoint and closes the files. Later appends throw
    /// `.closed`. Throws if the log was unhealthy or the final checkpoint failed.
    public func close() async throws(AuditError) {
        guard !isClosed else { return }
        isClosed = true
        await waitUntilIdle()
        timerTask?.cancel()
        timerTask = nil
        var failure: AuditError? = isHealthy ? nil : .unhealthy
        if isHealthy, durableSeq > lastCheckpointSeq, case .failure(let error) = await checkpoint(force: false) {
            failure = error
        }
        let files = self.files
        _ = await onIOQueue { () throws(AuditError) in files.closeFiles() }
        if let failure { throw failure }
    }

    // MARK: Helpers

    /// Runs blocking file work on the serial I/O queue, off the cooperative thread pool, so the actor
    /// keeps accepting appends (that is what lets group commit batch them).
    private nonisolated func onIOQueue<T: Sendable>(
        _ work: @escaping @Sendable () throws(AuditError) -> T
    ) async -> Result<T, AuditError> {
        await withCheckedContinuation { continuation in
            ioQueue.async {
                do throws(AuditError) {
                    continuation.resume(returning: .success(try work()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
    }

    /// The file descriptor of `audit.log`, for tests that simulate disk failures.
    var logFileDescriptorForTesting: Int32 { files.logDescriptor }

    static func processActor() -> AuditActor {
        AuditActor(uid: UInt32(getuid()), gid: UInt32(getgid()), pid: Int32(getpid()), user: nil, role: "system")
    }

    static func newLogID() throws(AuditError) -> String {
        do { return try SecureRandom.bytes(16).hexString } catch { throw .crypto(error) }
    }

    /// Reads only the last line of each file (no verification).
    private static func quickState(_ files: AuditFiles) throws(AuditError) -> AuditVerifier.State {
        var state = AuditVerifier.State()
        if let reader = try LineReader(path: files.checkpointPath) {
            var last: [UInt8]?
            var count: UInt64 = 0
            while let line = try reader.nextLine() { last = Array(line); count += 1 }
            if let last {
                guard case .success(let checkpoint) = AuditCheckpoint.parse(line: last[...]) else {
                    throw .malformed(file: AuditFiles.checkpointName, line: Int(count), reason: "last checkpoint unreadable")
                }
                state.logID = checkpoint.logID
                state.nextCheckpointIndex = checkpoint.index + 1
                state.checkpointPrev = SHA256.hexHash(last)
                state.lastCheckpointSeq = checkpoint.seq
            }
        }
        if let reader = try LineReader(path: files.logPath) {
            var last: [UInt8]?
            var count = 0
            while let line = try reader.nextLine() { last = Array(line); count += 1 }
            if let last {
                guard case .success(let record) = AuditRecord.parse(line: last[...]) else {
                    throw .malformed(file: AuditFiles.logName, line: count, reason: "last line unreadable")
                }
                state.logID = record.logID
                state.lastSeq = record.seq
                state.head = record.hash
            }
        }
        return state
    }
}
