import CMendelSys
import Dispatch
import Foundation
import Logging
import MendelAudit
import MendelCore
import MendelCrypto
import MendelPolicy
import MendelVault
import NIOCore
import NIOHTTP1
import NIOPosix
#if canImport(Glibc)
import Glibc
#endif

/// `mendeld`: owns the vault, the audit log, the policies and the engines, and serves the `/v1` API
/// on a Unix socket. `run()` returns after a graceful shutdown (SIGTERM/SIGINT).
public final class MendelDaemon: Sendable {
    public let configuration: ServerConfiguration
    private let logger: Logger

    public init(configuration: ServerConfiguration, logger: Logger = Logger(label: "mendeld")) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Starts everything, serves until a shutdown signal, then stops in order: stop accepting, finish or
    /// cancel jobs, write a final audit checkpoint.
    public func run() async throws {
        if mendel_disable_core_dumps() != 0 {
            logger.warning("could not disable core dumps")
        }
        signal(SIGPIPE, SIG_IGN)

        let lockFD = try SocketPreparation(socketPath: configuration.socketPath).claim()
        defer { close(lockFD) }

        let context = try await makeContext()
        let router = Router(context: context)
        try await context.record(action: "daemon.start", principal: Self.daemonPrincipal, roles: ["daemon"], outcome: .allowed,
                                 requestID: Router.newRequestID(), details: ["version": MendelVersion.current])

        let limits = RequestLimits(maxBodyBytes: configuration.maxBodyBytes, maxHeaderBytes: configuration.maxHeaderBytes)
        let connections = ConnectionLimiter(maxPerUID: configuration.maxConnectionsPerUID)
        let requestDeadline = TimeAmount.milliseconds(Int64(configuration.requestDeadlineSeconds * 1000))
        let idleTimeout = TimeAmount.milliseconds(Int64(configuration.idleTimeoutSeconds * 1000))

        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            // A client's EOF closes only our input, so a response still being written is not cut off (`finishWriting`).
            .childChannelOption(.allowRemoteHalfClosure, value: true)
            .bind(unixDomainSocketPath: configuration.socketPath, cleanupExistingSocketFile: false) { channel in
                Self.initializeConnection(channel, router: router, requestDeadline: requestDeadline, idleTimeout: idleTimeout)
            }
        try applySocketPermissions()

        let shutdown = ShutdownSignal()
        let signals = SignalHandlers(
            onTerminate: { shutdown.trigger() },
            onReload: {
                Task {
                    let result = await context.policies.reload()
                    var code: String?
                    if case .failure(let error) = result { code = error.code }
                    try? await context.record(action: "policy.reload.sighup", principal: Self.daemonPrincipal, roles: ["daemon"],
                                              outcome: code == nil ? .allowed : .error, code: code, requestID: Router.newRequestID())
                }
            })
        defer { signals.cancel() }

        SystemdNotifier.notify("READY=1\nSTATUS=serving on \(configuration.socketPath)")
        logger.notice("mendeld \(MendelVersion.current) serving on \(configuration.socketPath)")

        try await withThrowingDiscardingTaskGroup { group in
            group.addTask {
                await shutdown.wait()
                SystemdNotifier.notify("STOPPING=1")
                try? await server.channel.close()
            }
            try await server.executeThenClose { inbound in
                for try await connection in inbound {
                    group.addTask {
                        await Self.serve(connection, router: router, limits: limits, connections: connections)
                    }
                }
            }
            // No longer accepting: open connections finish their current request.
            group.cancelAll()
        }

        await context.jobs.shutdown(grace: .seconds(10))
        try? await context.record(action: "daemon.stop", principal: Self.daemonPrincipal, roles: ["daemon"], outcome: .allowed,
                                  requestID: Router.newRequestID())
        try await context.audit.close()
        unlink(configuration.socketPath)
        logger.notice("mendeld stopped cleanly")
    }

    /// The daemon itself as an audit actor (start, stop, SIGHUP reloads).
    static var daemonPrincipal: Principal {
        Principal(uid: getuid(), gid: getgid(), pid: getpid(), userName: nil, groupNames: [])
    }

    // MARK: - Start-up

    private func makeContext() async throws -> DaemonContext {
        let policies = try PolicyStore(directory: URL(fileURLWithPath: configuration.policiesDirectory))
        let keys = try DaemonKeys.load(directory: configuration.keysDirectory)
        let vault = try openVault(keys: keys)
        try SocketPreparation.ensureDirectory(configuration.auditDirectory, mode: 0o750)
        let audit = try AuditLog(directory: URL(fileURLWithPath: configuration.auditDirectory), signingKey: keys.auditSigningKey,
                                 configuration: .init(checkpointEveryLines: configuration.auditCheckpointEveryLines,
                                                      checkpointInterval: .milliseconds(Int64(configuration.auditCheckpointIntervalSeconds * 1000))))
        let stateDirectory = URL(fileURLWithPath: configuration.vaultPath).deletingLastPathComponent()
        let knowledge = KnowledgeService(directory: configuration.knowledgeBaseDirectory,
                                         snapshotRoot: stateDirectory.appendingPathComponent("kb"), logger: logger)
        await knowledge.loadInBackground()
        return DaemonContext(configuration: configuration, vault: vault, audit: audit,
                             pseudonyms: Pseudonymizer(key: keys.pseudonymKey), policies: policies,
                             jobs: JobQueue(concurrency: configuration.jobConcurrency), knowledge: knowledge,
                             auditPublicKey: keys.auditSigningKey.publicKey)
    }

    /// Opens the vault; completes an interrupted key rotation (vault re-wrapped, key file not yet renamed).
    private func openVault(keys: DaemonKeys) throws -> Vault {
        let pendingPath = configuration.keysDirectory + "/" + DaemonKeys.pendingMasterKeyFile
        let result = Result { () throws(VaultError) -> Vault in try Vault(path: configuration.vaultPath, masterKey: keys.masterKey) }
        switch result {
        case .success(let vault):
            unlink(pendingPath) // a rotation that never committed
            return vault
        case .failure(let error):
            guard error == .wrongMasterKey, FileManager.default.fileExists(atPath: pendingPath) else { throw error }
            let pending = try KeyFile.load(path: pendingPath)
            let vault = try Vault(path: configuration.vaultPath, masterKey: pending)
            guard rename(pendingPath, configuration.keysDirectory + "/" + DaemonKeys.masterKeyFile) == 0 else {
                throw StartupError.keys(reason: "rotation completed but \(DaemonKeys.pendingMasterKeyFile) could not be renamed")
            }
            logger.notice("completed an interrupted master-key rotation")
            return vault
        }
    }

    /// Socket 0660 and its directory 0750, both owned by `socketGroup` (a group name or numeric gid) when set.
    private func applySocketPermissions() throws {
        if let groupName = configuration.socketGroup {
            let gid: gid_t
            if let numeric = gid_t(groupName) {
                gid = numeric
            } else if let group = getgrnam(groupName) {
                gid = group.pointee.gr_gid
            } else {
                throw StartupError.component(name: "socket", reason: "group '\(groupName)' does not exist")
            }
            let directory = (configuration.socketPath as NSString).deletingLastPathComponent
            guard chown(configuration.socketPath, uid_t.max, gid) == 0, chown(directory, uid_t.max, gid) == 0 else {
                throw StartupError.component(name: "socket", reason: "cannot chgrp the socket and its directory to \(groupName)")
            }
        }
        guard chmod(configuration.socketPath, 0o660) == 0 else {
            throw StartupError.component(name: "socket", reason: "cannot chmod the socket to 0660")
        }
    }

    // MARK: - Connections

    typealias ConnectionChannel = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    private static func initializeConnection(_ channel: any Channel, router: Router, requestDeadline: TimeAmount,
                                             idleTimeout: TimeAmount) -> EventLoopFuture<(PeerCredentials, ConnectionChannel)> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(StartupError.component(name: "socket", reason: "no socket options"))
        }
        return provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET), name: SO_PEERCRED)
            .flatMapThrowing { (cred: UCred) in
                let peer = PeerCredentials(pid: cred.pid, uid: cred.uid, gid: cred.gid)
                try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: true, withErrorHandling: false)
                try channel.pipeline.syncOperations.addHandler(
                    RequestTimeoutHandler(requestDeadline: requestDeadline, idleTimeout: idleTimeout) { reason in
                        if reason == .requestDeadline {
                            Task { _ = await router.recordRejectedRequest(.malformed(reason: "request not completed within the deadline"), peer: peer) }
                        }
                    })
                return (peer, try ConnectionChannel(wrappingChannelSynchronously: channel,
                                                    configuration: .init(isOutboundHalfClosureEnabled: true)))
            }
    }

    private static func serve(_ connection: (PeerCredentials, ConnectionChannel), router: Router, limits: RequestLimits,
                              connections: ConnectionLimiter) async {
        let (peer, channel) = connection
        let http = HTTPConnection(limits: limits)
        guard await connections.open(uid: peer.uid) else {
            try? await channel.executeThenClose { inbound, outbound in
                // HTTP allows a response only after a request: read it (bounded by the same limits and the
                // request deadline), answer 429 and close.
                guard case .request = await http.next(from: RequestPartReader(inbound)) else { return }
                let response = HTTPResponse.error(APIError(status: .tooManyRequests, code: "request.too_many_connections",
                                                           "too many open connections for uid \(peer.uid)"))
                await http.write(response, keepAlive: false, requestID: Router.newRequestID(), to: outbound)
                await finishWriting(channel, outbound)
            }
            return
        }
        defer { Task { await connections.close(uid: peer.uid) } }
        try? await channel.executeThenClose { inbound, outbound in
            let reader = RequestPartReader(inbound)
            while true {
                switch await http.next(from: reader) {
                case .closed:
                    await finishWriting(channel, outbound)
                    return
                case .failed(let failure):
                    let requestID = Router.newRequestID()
                    let response = await router.recordRejectedRequest(failure, peer: peer, requestID: requestID)
                    await http.write(response, keepAlive: false, requestID: requestID, to: outbound)
                    // The rest of a rejected request (an oversized body) is not read.
                    await finishWriting(channel, outbound)
                    return
                case .request(let request, let keepAlive):
                    let requestID = Router.newRequestID()
                    let response = await router.handle(request, peer: peer, requestID: requestID)
                    let written = await http.write(response, keepAlive: keepAlive, requestID: requestID, to: outbound)
                    if !written || !keepAlive {
                        await finishWriting(channel, outbound)
                        return
                    }
                }
            }
        }
    }

    /// Ends a connection without losing the response. `executeThenClose` alone closes the channel at once and drops
    /// writes still queued in it (swift-nio #2795: a 685 MB report reached the CLI cut off). Closing our output first
    /// completes only once every queued byte is on the socket (swift-nio #3148); `executeThenClose` then closes the
    /// rest. A client that stops reading is cut off by the idle timer that the response's end armed
    /// (`RequestTimeoutHandler`).
    private static func finishWriting(_ channel: ConnectionChannel, _ outbound: NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>) async {
        outbound.finish()
        try? await channel.channel.close(mode: .output).get()
    }
}

/// Counts open connections per uid.
actor ConnectionLimiter {
    private let maxPerUID: Int
    private var open: [UInt32: Int] = [:]
    init(maxPerUID: Int) { self.maxPerUID = maxPerUID }
    func open(uid: UInt32) -> Bool {
        let count = open[uid, default: 0]
        guard count < maxPerUID else { return false }
        open[uid] = count + 1
        return true
    }
    func close(uid: UInt32) { open[uid, default: 1] -= 1 }
}
