#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Audit timestamps: UTC ISO 8601 with milliseconds, fixed width (`2026-11-29T09:13:41.123Z`), so string
/// order is time order.
enum AuditTime {
    /// The current time, formatted.
    static func now() -> String {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return format(seconds: Int(ts.tv_sec), milliseconds: Int(ts.tv_nsec / 1_000_000))
    }

    static func format(_ date: Date) -> String {
        let millis = (date.timeIntervalSince1970 * 1000).rounded(.down)
        let seconds = Int((millis / 1000).rounded(.down))
        return format(seconds: seconds, milliseconds: Int(millis) - seconds * 1000)
    }

    static func format(seconds: Int, milliseconds: Int) -> String {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let s = String(value)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds), 3))Z"
    }

    /// A file-name-safe form of a timestamp (`20261129T091341.123Z`).
    static func fileStamp(_ time: String) -> String {
        String(time.filter { $0 != "-" && $0 != ":" })
    }
}
