#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What `mendeld` does on a fatal signal: exit at once, print nothing that could hold patient data.
///
/// The Swift runtime's crash handler (the backtracer, configured by `SWIFT_BACKTRACE`) resets the
/// handlers and *returns*, expecting the faulting instruction to fault again. For a signal sent with
/// `kill()` (an operator, a watchdog's SIGABRT, a test) nothing faults again, so the process printed
/// its backtrace and went on running — the "hang after SIGSEGV" seen in `SecuritySuiteTests.noPlantedPHI`.
/// A full symbolicated backtrace of every thread also takes seconds to minutes on a loaded machine,
/// which delays the restart by systemd.
///
/// `install()` puts a handler in front of the runtime's for SIGQUIT, SIGABRT, SIGBUS, SIGFPE, SIGILL,
/// SIGSEGV and SIGTRAP:
/// - `SWIFT_BACKTRACE` unset or empty: the backtracer is skipped; one fixed line names the signal.
/// - `SWIFT_BACKTRACE` set (the systemd unit sets an addresses-only, crashed-thread policy, see
///   packaging/mendeld.service): the runtime's backtracer runs first, as configured.
/// Either way the signal is then re-raised with the default action, so the process ends with that
/// signal (no core: the daemon is not dumpable and RLIMIT_CORE is 0). The backtracer prints program
/// counters, symbol names and image paths — never memory contents — so no PHI reaches crash output.
enum CrashPolicy {
    static let fatalSignals: [Int32] = [SIGQUIT, SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGTRAP]

    /// Installs the handler; call first thing in `mendeld run`, before the daemon starts serving.
    static func install(environment: [String: String] = ProcessInfo.processInfo.environment) {
        crashChainsToBacktracer = !(environment["SWIFT_BACKTRACE"] ?? "").isEmpty
        for signal in fatalSignals {
            var action = sigaction()
            action.__sigaction_handler.sa_sigaction = mendeldFatalSignal
            action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, previousCrashActions + Int(signal))
        }
    }
}

/// The handlers that were installed before `CrashPolicy.install()` (the runtime's backtracer), by signal
/// number. Written once at start, before the daemon serves, then only read in the signal handler.
nonisolated(unsafe) private let previousCrashActions: UnsafeMutablePointer<sigaction> = {
    let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    actions.initialize(repeating: sigaction(), count: 65)
    return actions
}()
nonisolated(unsafe) private var crashChainsToBacktracer = false

/// Runs in signal context: only async-signal-safe calls (write, sigaction, raise), no allocation.
private func mendeldFatalSignal(_ signal: Int32, _ info: UnsafeMutablePointer<siginfo_t>?, _ context: UnsafeMutableRawPointer?) {
    let previous = previousCrashActions[Int(signal)]
    if crashChainsToBacktracer, previous.sa_flags & SA_SIGINFO != 0,
       let backtracer = previous.__sigaction_handler.sa_sigaction {
        backtracer(signal, info, context)
    } else {
        let prefix: StaticString = "mendeld: fatal signal "
        _ = write(STDERR_FILENO, prefix.utf8Start, prefix.utf8CodeUnitCount)
        // Signal numbers are below 65: one or two digits, then a newline.
        var digits: (UInt8, UInt8, UInt8) = (UInt8(ascii: "0") + UInt8(truncatingIfNeeded: signal / 10 % 10),
                                             UInt8(ascii: "0") + UInt8(truncatingIfNeeded: signal % 10), UInt8(ascii: "\n"))
        let skip = signal < 10 ? 1 : 0
        _ = withUnsafeBytes(of: &digits) { write(STDERR_FILENO, $0.baseAddress! + skip, 3 - skip) }
    }
    var fallback = sigaction()
    fallback.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&fallback.sa_mask)
    sigaction(signal, &fallback, nil)
    raise(signal)
}
