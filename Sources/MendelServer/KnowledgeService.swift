import Foundation
import Logging
import MendelDiagnosis
import MendelKnowledge

/// The loaded knowledge base and the engines built on it. Loaded once at start (in the background, so
/// the socket comes up at once); analyses that start before it is ready wait for it.
public actor KnowledgeService {
    public enum State: Sendable {
        case notConfigured
        case loading
        case ready(KnowledgeBase, PhenotypeRanker)
        case failed(String)
    }

    private let directory: String?
    private let logger: Logger
    private var state: State
    private var loadTask: Task<Void, Never>?

    init(directory: String?, logger: Logger) {
        self.directory = directory
        self.logger = logger
        self.state = directory == nil ? .notConfigured : .loading
    }

    /// Starts loading; returns immediately.
    func loadInBackground() {
        guard let directory, loadTask == nil else { return }
        let logger = self.logger
        loadTask = Task.detached(priority: .userInitiated) {
            let started = ContinuousClock.now
            do {
                let kb = try KnowledgeBase.load(directory: URL(fileURLWithPath: directory))
                let ranker = try PhenotypeRanker(knowledgeBase: kb)
                logger.notice("knowledge base \(kb.version.prefix(12)) loaded in \(ContinuousClock.now - started): \(kb.diseases.count) diseases")
                await self.finish(.ready(kb, ranker))
            } catch {
                let message = (error as? any CustomStringConvertible)?.description ?? "\(type(of: error))"
                logger.error("knowledge base not loaded: \(message)")
                await self.finish(.failed(message))
            }
        }
    }

    private func finish(_ newState: State) { state = newState }

    /// The KB version, once loaded.
    public var version: String? {
        if case .ready(let kb, _) = state { return kb.version }
        return nil
    }

    /// Waits for loading to finish and returns the result.
    public func ready() async -> State {
        if let loadTask { await loadTask.value }
        return state
    }
}
