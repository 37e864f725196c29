/// Age bands for cohort metrics, from an ISO 8601 duration (`P3Y6M`, `P10D`).
public enum AgeBand: String, Sendable, Codable, Hashable, CaseIterable {
    case infant = "0-1y"
    case child = "1-12y"
    case adolescent = "12-18y"
    case adult = "18-60y"
    case older = "60y+"
    case unknown

    /// The band of an ISO 8601 age (years, months, weeks, days); `.unknown` when absent or unreadable.
    public init(iso8601 text: String?) {
        guard let text, let years = AgeBand.years(text) else { self = .unknown; return }
        switch years {
        case ..<1: self = .infant
        case ..<12: self = .child
        case ..<18: self = .adolescent
        case ..<60: self = .adult
        default: self = .older
        }
    }

    /// Years of an ISO 8601 duration's date part (the time part is ignored).
    static func years(_ text: String) -> Double? {
        guard text.first == "P" else { return nil }
        var total = 0.0, number = "", any = false
        for ch in text.dropFirst() {
            if ch == "T" { break }
            if ch.isNumber || ch == "." { number.append(ch); continue }
            guard let value = Double(number) else { return nil }
            number = ""
            switch ch {
            case "Y": total += value
            case "M": total += value / 12
            case "W": total += value * 7 / 365.25
            case "D": total += value / 365.25
            default: return nil
            }
            any = true
        }
        return any ? total : nil
    }
}
