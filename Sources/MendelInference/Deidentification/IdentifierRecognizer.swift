/// Record numbers: the patient's known identifiers verbatim, labelled ids ("MRN: 12345678", "Accession #
/// LAB-2019-004512", "Insurance ID XGH123456789", "NHS number 943 476 5919"), SSN-shaped numbers, and
/// unlabelled long digit runs or letter-digit codes that are not genetics or measurements.
struct IdentifierRecognizer {
    let t: DeidText
    let patient: PatientIdentity

    /// Label phrases (lower-case token sequences) that introduce an identifier.
    static let labels: [[String]] = [
        ["mrn"], ["mr"], ["medical", "record", "number"], ["medical", "record", "no"], ["medical", "record"],
        ["record", "number"], ["record", "no"], ["chart", "number"], ["chart", "no"], ["acc"], ["accession"],
        ["accession", "number"], ["accession", "no"], ["ssn"], ["social", "security", "number"], ["social", "security", "no"],
        ["social", "security"], ["insurance"], ["insurance", "id"], ["insurance", "number"], ["insurance", "no"],
        ["member", "id"], ["member", "number"], ["member"], ["policy"], ["policy", "number"], ["policy", "no"],
        ["subscriber", "id"], ["group", "number"], ["medicaid"], ["medicaid", "id"], ["medicare"], ["medicare", "id"],
        ["medicare", "number"], ["nhs", "number"], ["nhs", "no"], ["nhs"], ["health", "card"], ["health", "card", "number"],
        ["hcn"], ["lab", "id"], ["lab", "no"], ["lab", "number"], ["lab", "accession"], ["sample", "id"], ["sample", "no"],
        ["sample"], ["specimen", "id"], ["specimen", "no"], ["specimen"], ["order", "id"], ["order", "number"], ["order", "no"],
        ["order"], ["requisition"], ["requisition", "number"], ["encounter"], ["encounter", "id"], ["encounter", "number"],
        ["visit", "id"], ["visit", "number"], ["account"], ["account", "number"], ["acct"], ["fin"], ["csn"],
        ["patient", "id"], ["patient", "number"], ["pid"], ["id"], ["id", "number"], ["identifier"], ["license"],
        ["licence"], ["license", "number"], ["driver's", "license"], ["passport"], ["passport", "number"], ["serial"],
        ["serial", "number"], ["device", "id"], ["barcode"], ["biobank", "id"], ["family", "id"], ["study", "id"],
        ["subject", "id"], ["case", "id"], ["case", "number"], ["ref"], ["reference"], ["reference", "number"],
        ["beneficiary"], ["npi"], ["dea"], ["claim"], ["claim", "number"], ["file", "number"], ["file", "no"],
        ["dna", "no"], ["dna", "id"], ["tracking", "number"], ["certificate"], ["certificate", "number"], ["unit", "number"],
        ["hospital", "number"], ["hospital", "no"], ["kvnr"], ["versichertennummer"], ["insurance", "card"],
        ["family"], ["family", "number"], ["family", "no"], ["pedigree"], ["pedigree", "id"], ["pedigree", "number"],
        ["kindred"], ["kindred", "id"], ["iban"], ["card", "number"], ["card", "no"], ["credit", "card"], ["bank", "account"],
    ]
    /// Words before "ID" that make it a reference-database id ("Gene ID: 1406"), never a person's.
    static let referenceDatabaseWords: Set<String> = [
        "gene", "variant", "protein", "transcript", "clinvar", "dbsnp", "lovd", "omim", "pubmed", "pmid", "orcid",
        "taxonomy", "uniprot", "ensembl", "entrez", "hgnc", "allele", "ncbi", "probe", "snp",
    ]
    /// Label phrases by their first word.
    static let labelsByFirstWord: [String: [[String]]] = Dictionary(grouping: labels) { String($0[0].split(separator: "'")[0]) }
    static let fillers: Set<String> = ["no", "nr", "num", "number", "#", ":", ".", "=", "is", "-", "of"]

    func candidates() -> [PHICandidate] {
        var out = knownIdentifiers()
        var k = 0
        while k < t.tokens.count {
            if let (labelEnd, _) = label(at: k), let (valueStart, last) = labelledValue(after: labelEnd) {
                // A label glued to its value ("ACC-2019-004512", "MRN482199") is part of the code.
                var glued = true
                for j in labelEnd..<valueStart where !t.touching(j, j + 1) { glued = false }
                let first = glued ? labelEnd : valueStart
                out.append(PHICandidate(start: t.tokens[first].start, end: t.tokens[last].end, category: .identifier,
                                        rule: "labelled_id", replacement: "[ID]", priority: 80))
                k = last + 1
                continue
            }
            k += 1
        }
        out += ssnShaped()
        out += cardShaped()
        out += unlabelled()
        return out
    }

    // MARK: known identifiers

    private func knownIdentifiers() -> [PHICandidate] {
        var out: [PHICandidate] = []
        let lowered = t.s.map { Unicode.Scalar(GeneticsProtector.lowerASCII($0)) ?? $0 }
        for id in patient.identifiers {
            let needle = Array(id.unicodeScalars).map { Unicode.Scalar(GeneticsProtector.lowerASCII($0)) ?? $0 }
            guard needle.count >= 3 else { continue }
            var i = 0
            while i + needle.count <= lowered.count {
                if lowered[i] == needle[0], Array(lowered[i..<(i + needle.count)]) == needle,
                   i == 0 || !DeidText.isAlnum(lowered[i - 1]),
                   i + needle.count == lowered.count || !DeidText.isAlnum(lowered[i + needle.count]) {
                    out.append(PHICandidate(start: i, end: i + needle.count, category: .identifier, rule: "record_identifier",
                                            replacement: "[ID]", priority: 100))
                    i += needle.count
                    continue
                }
                i += 1
            }
        }
        return out
    }

    // MARK: labelled

    /// The last token of an identifier label starting at `k`.
    private func label(at k: Int) -> (Int, [String])? {
        guard t.tokens[k].kind == .alpha else { return nil }
        var best: (Int, [String])?
        guard let phrases = Self.labelsByFirstWord[t.lower(k)] else { return nil }
        for phrase in phrases where phrase.count >= (best?.1.count ?? 0) {
            var j = k
            var ok = true
            for word in phrase {
                // "driver's": tokens "driver" "'" "s".
                if word.contains("'") {
                    let parts = word.split(separator: "'")
                    guard t.lower(j) == parts[0], t.isPunct(j + 1, "'"), t.lower(j + 2) == String(parts[1]) else { ok = false; break }
                    j += 3
                    continue
                }
                guard t.lower(j) == word else { ok = false; break }
                j += 1
            }
            if ok { best = (j - 1, phrase) }
        }
        // "Gene ID: 1406", "variant ID #0000221973": database ids of genes and variants, not of people.
        if let found = best, found.1.first == "id" || found.1.first == "identifier",
           Self.referenceDatabaseWords.contains(t.lower(k - 1)) { return nil }
        // "MR#", "MRN:" and "ID" need an uppercase spelling or a following "#"/":"; "id" alone is a word.
        if let found = best, found.1 == ["id"] || found.1 == ["mr"] || found.1 == ["ref"] || found.1 == ["order"]
            || found.1 == ["sample"] || found.1 == ["specimen"] || found.1 == ["member"] || found.1 == ["account"]
            || found.1 == ["policy"] || found.1 == ["insurance"] || found.1 == ["encounter"] || found.1 == ["reference"]
            || found.1 == ["family"] || found.1 == ["pedigree"] || found.1 == ["kindred"] {
            let next = found.0 + 1
            // Otherwise the value itself must look like a code: five digits, or three with letters or joins.
            if !(t.isPunct(next, "#") || t.isPunct(next, ":") || t.lower(next) == "no" || t.lower(next) == "number"
                    || t.lower(next) == "nr") {
                guard let (first, last) = labelledValue(after: found.0) else { return nil }
                var digits = 0
                for c in t.s[t.tokens[first].start..<t.tokens[last].end] where DeidText.isDigit(c) { digits += 1 }
                guard digits >= 5 || (digits >= 3 && (first != last || t.tokens[first].kind == .alnum)) else { return nil }
            }
        }
        return best
    }

    /// The identifier after a label: skips "#", ":", "no." and takes one code, allowing digit groups
    /// separated by single spaces ("943 476 5919") and "-", "/", "." joins ("LAB-2019-004512").
    private func labelledValue(after labelEnd: Int) -> (Int, Int)? {
        var j = labelEnd + 1
        var skipped = 0
        while j < t.tokens.count, skipped < 3, Self.fillers.contains(t.lower(j)), !t.tokens[j].lineBreakBefore {
            j += 1
            skipped += 1
        }
        guard j < t.tokens.count, !t.tokens[j].lineBreakBefore || skipped > 0, t.tokens[j].kind != .punct else { return nil }
        let first = j
        var last = j
        var digits = 0, length = 0
        func count(_ k: Int) {
            let token = t.tokens[k]
            length += token.length
            for c in t.s[token.start..<token.end] where DeidText.isDigit(c) { digits += 1 }
        }
        count(j)
        // A code word in letters only ("XGH") must be followed by digits to count.
        while last + 1 < t.tokens.count {
            let next = last + 1
            if t.touching(last, next), t.isPunct(next, "-") || t.isPunct(next, "/") || t.isPunct(next, ".") || t.isPunct(next, "_"),
               next + 1 < t.tokens.count, t.touching(next, next + 1), t.tokens[next + 1].kind != .punct {
                count(next + 1)
                last = next + 1
                continue
            }
            if t.touching(last, next), t.tokens[next].kind != .punct { count(next); last = next; continue }
            // Spaced digit groups: "943 476 5919", "123 45 6789".
            if !t.touching(last, next), !t.tokens[next].lineBreakBefore, t.tokens[last].kind == .digits, t.tokens[next].kind == .digits,
               t.tokens[next].length >= 2, t.tokens[next].length <= 5, digits < 14 {
                count(next)
                last = next
                continue
            }
            break
        }
        guard digits >= 3 || (digits >= 1 && length >= 5) else { return nil }
        _ = first
        return (first, last)
    }

    // MARK: shapes

    /// "123-45-6789" (SSN shape).
    private func ssnShaped() -> [PHICandidate] {
        var out: [PHICandidate] = []
        var k = 0
        while k + 4 < t.tokens.count {
            if t.tokens[k].kind == .digits, t.tokens[k].length == 3, t.isPunct(k + 1, "-"), t.tokens[k + 2].kind == .digits,
               t.tokens[k + 2].length == 2, t.isPunct(k + 3, "-"), t.tokens[k + 4].kind == .digits, t.tokens[k + 4].length == 4,
               t.touching(k, k + 1), t.touching(k + 1, k + 2), t.touching(k + 2, k + 3), t.touching(k + 3, k + 4),
               !(k > 0 && t.touching(k - 1, k)), !(k + 5 < t.tokens.count && t.touching(k + 4, k + 5) && !t.isPunct(k + 5, ".") && !t.isPunct(k + 5, ",")) {
                out.append(PHICandidate(start: t.tokens[k].start, end: t.tokens[k + 4].end, category: .identifier, rule: "ssn",
                                        replacement: "[ID]", priority: 80))
                k += 5
                continue
            }
            k += 1
        }
        return out
    }

    /// Payment-card numbers written in groups of four: "4311 5509 5234 7457", "4311-5509-5234-7457" (13 to 19
    /// digits: 4-4-4-4, 4-4-4-4-3, 4-6-5, 4-4-4-1…); a lone group run is not a card ("46,XY", coordinates use ",").
    private func cardShaped() -> [PHICandidate] {
        var out: [PHICandidate] = []
        var k = 0
        while k < t.tokens.count {
            guard t.tokens[k].kind == .digits, t.tokens[k].length == 4, !(k > 0 && t.touching(k - 1, k) && !t.isPunct(k - 1, "(")) else {
                k += 1
                continue
            }
            var last = k, digits = 4, groups = 1
            var separator: Unicode.Scalar?
            while last + 1 < t.tokens.count, groups < 5 {
                // Groups are separated by one space or one hyphen, the same throughout.
                let next: Int, sep: Unicode.Scalar
                if t.isPunct(last + 1, "-"), t.touching(last, last + 1), t.touching(last + 1, last + 2) {
                    next = last + 2; sep = "-"
                } else if !t.touching(last, last + 1), t.tokens[last + 1].start - t.tokens[last].end == 1, t.s[t.tokens[last].end] == " " {
                    next = last + 1; sep = " "
                } else { break }
                guard next < t.tokens.count, t.tokens[next].kind == .digits, (1...6).contains(t.tokens[next].length),
                      separator == nil || separator == sep else { break }
                separator = sep
                last = next
                digits += t.tokens[next].length
                groups += 1
            }
            let trailingGlued = last + 1 < t.tokens.count && t.touching(last, last + 1)
                && !(t.tokens[last + 1].kind == .punct && !t.isPunct(last + 1, "-") && !t.isPunct(last + 1, "_"))
            if groups >= 3, (13...19).contains(digits), !trailingGlued {
                out.append(PHICandidate(start: t.tokens[k].start, end: t.tokens[last].end, category: .identifier, rule: "card_number",
                                        replacement: "[ID]", priority: 80))
                k = last + 1
                continue
            }
            k += 1
        }
        return out
    }

    /// Digit runs of 6 or more and letter-digit codes with 5 or more digits ("A12345678", "LAB2019004512"),
    /// joined with neighbouring code parts ("LAB-2019-004512"). Genetics and lab values veto these later.
    private func unlabelled() -> [PHICandidate] {
        var out: [PHICandidate] = []
        var k = 0
        while k < t.tokens.count {
            let token = t.tokens[k]
            var digitCount = 0
            if token.kind == .digits || token.kind == .alnum {
                for c in t.s[token.start..<token.end] where DeidText.isDigit(c) { digitCount += 1 }
            }
            let isRun = token.kind == .digits && token.length >= 6
            let isCode = token.kind == .alnum && digitCount >= 5
            guard isRun || isCode else { k += 1; continue }
            // Part of a decimal or comma-grouped number ("3.141592", "117,559,590") is not an id.
            if k > 0, t.touching(k - 1, k), t.isPunct(k - 1, "."), k > 1, t.tokens[k - 2].kind == .digits { k += 1; continue }
            if k > 0, t.touching(k - 1, k), t.isPunct(k - 1, ","), k > 1, t.tokens[k - 2].kind == .digits { k += 1; continue }
            var first = k, last = k
            while first >= 2, t.touching(first - 1, first), t.touching(first - 2, first - 1),
                  t.isPunct(first - 1, "-") || t.isPunct(first - 1, "/") || t.isPunct(first - 1, "_"),
                  t.tokens[first - 2].kind != .punct {
                first -= 2
            }
            while last + 2 < t.tokens.count, t.touching(last, last + 1), t.touching(last + 1, last + 2),
                  t.isPunct(last + 1, "-") || t.isPunct(last + 1, "/") || t.isPunct(last + 1, "_"),
                  t.tokens[last + 2].kind != .punct {
                last += 2
            }
            out.append(PHICandidate(start: t.tokens[first].start, end: t.tokens[last].end, category: .identifier,
                                    rule: isRun ? "digit_run" : "alnum_code", replacement: "[ID]", priority: 30))
            k = last + 1
        }
        return out
    }
}
