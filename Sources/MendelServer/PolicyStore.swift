import Foundation
import MendelPolicy

/// Holds the active policy set; a reload swaps it atomically, and a bad file keeps the old one.
public actor PolicyStore {
    public private(set) var current: PolicySet
    private let directory: URL

    public init(directory: URL) throws(PolicyError) {
        self.directory = directory
        self.current = try PolicyLoader.load(directory: directory)
    }

    /// Loads the files again. On error the previous policy stays active and the error is returned.
    public func reload() -> Result<PolicySet, PolicyError> {
        do {
            let loaded = try PolicyLoader.load(directory: directory)
            current = loaded
            return .success(loaded)
        } catch {
            return .failure(error)
        }
    }
}
