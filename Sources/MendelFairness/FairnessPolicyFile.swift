/// Reads the thresholds of `Policies/fairness.yaml` (a flat file: `ratio_bounds: [lower, upper]`, `max_difference`,
/// `min_group_size` (also the small-intersection size), `action`, `version`) without a YAML library, for tools that do not
/// load the daemon's policy set (`mendel-bench fairness --policy`). The daemon validates the same file with
/// MendelPolicy and maps it with `DisparityThresholds(ratioLower:…)`. Unknown keys are rejected.
public enum FairnessPolicyFile {
    public static func thresholds(yaml text: String) throws(FairnessError) -> DisparityThresholds {
        var thresholds = DisparityThresholds()
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let trimmed = line.trimmingSpaces
            guard !trimmed.isEmpty else { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw .invalidInput(field: "fairness.yaml line \(index + 1)", reason: "expected key: value")
            }
            let key = String(trimmed[..<colon]).trimmingSpaces
            let value = String(trimmed[trimmed.index(after: colon)...]).trimmingSpaces
            let field = "fairness.yaml line \(index + 1) (\(key))"
            switch key {
            case "version", "action":
                continue
            case "ratio_bounds":
                let parts = value.filter { $0 != "[" && $0 != "]" }.split(separator: ",").map { String($0).trimmingSpaces }
                guard parts.count == 2, let lower = Double(parts[0]), let upper = Double(parts[1]), lower > 0, lower <= 1, upper >= 1 else {
                    throw .invalidInput(field: field, reason: "expected [lower, upper] with 0 < lower <= 1 <= upper")
                }
                thresholds.ratioLower = lower
                thresholds.ratioUpper = upper
            case "max_difference":
                guard let v = Double(value), v >= 0, v <= 1 else { throw .invalidInput(field: field, reason: "expected a number in [0, 1]") }
                thresholds.maximumDifference = v
            case "min_group_size":
                guard let v = Int(value), v >= 1 else { throw .invalidInput(field: field, reason: "expected an integer >= 1") }
                thresholds.minimumGroupSize = v
            default:
                throw .invalidInput(field: field, reason: "unknown key")
            }
        }
        return thresholds
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
