import MendelCore

/// Maps a patient's age of onset onto the HPO onset hierarchy (HP:0003674 "Onset").
public enum OnsetClass {
    public static let onsetRoot = HPOTermID(number: 3674)

    /// Parses an ISO 8601 duration such as `P3Y2M`, `P10D`, `P1W` into days; nil if malformed.
    public static func days(iso8601 text: String) -> Double? {
        var scalars = Substring(text.uppercased())
        guard scalars.first == "P" else { return nil }
        scalars.removeFirst()
        if let t = scalars.firstIndex(of: "T") { scalars = scalars[..<t] }  // hours etc. are irrelevant here
        var total = 0.0
        var number = ""
        var sawUnit = false
        for character in scalars {
            if character.isNumber || character == "." { number.append(character); continue }
            guard let value = Double(number) else { return nil }
            switch character {
            case "Y": total += value * 365.25
            case "M": total += value * 30.44
            case "W": total += value * 7
            case "D": total += value
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        return sawUnit && number.isEmpty ? total : nil
    }

    /// The HPO onset term for an age in days after birth (0 = congenital).
    public static func term(forAgeInDays days: Double) -> HPOTermID {
        switch days {
        case ..<0.5: HPOTermID(number: 3577)        // Congenital onset
        case ..<28: HPOTermID(number: 3623)         // Neonatal onset
        case ..<365.25: HPOTermID(number: 3593)     // Infantile onset
        case ..<(5 * 365.25): HPOTermID(number: 11463)   // Childhood onset
        case ..<(16 * 365.25): HPOTermID(number: 3621)   // Juvenile onset
        case ..<(40 * 365.25): HPOTermID(number: 11462)  // Young adult onset
        case ..<(60 * 365.25): HPOTermID(number: 3596)   // Middle age onset
        default: HPOTermID(number: 3584)                 // Late onset
        }
    }
}
