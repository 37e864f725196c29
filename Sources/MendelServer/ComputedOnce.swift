import Synchronization

/// A value computed on first use and shared afterwards, from any thread (the first caller computes while later ones
/// wait).
final class ComputedOnce<Value: Sendable>: Sendable {
    private let state: Mutex<Value?> = Mutex(nil)
    private let compute: @Sendable () -> Value

    init(_ compute: @escaping @Sendable () -> Value) { self.compute = compute }

    var value: Value {
        state.withLock { stored in
            if let stored { return stored }
            let made = compute()
            stored = made
            return made
        }
    }
}
