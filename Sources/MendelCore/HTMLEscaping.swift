/// HTML escaping shared by every HTML renderer (case reports, cohort fairness reports).
public enum HTMLEscaping {
    /// Escapes text for HTML element content and (quoted) attribute values: `& < > " '`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
