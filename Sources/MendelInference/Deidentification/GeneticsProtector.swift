/// Finds the spans that de-identification must leave intact: HGVS expressions and reference sequence
/// accessions, rsIDs and variant database ids, karyotypes and microarray (ISCN) results, chromosome bands,
/// genomic coordinates, ontology and literature ids (HPO, OMIM, ORPHA, MONDO, PMID …) and lab values
/// with units. A PHI candidate overlapping one of these spans is dropped.
enum GeneticsProtector {
    static let accessionPrefixes: [String] = ["NM_", "NR_", "NC_", "NG_", "NP_", "NT_", "NW_", "XM_", "XR_", "XP_",
                                              "LRG_", "ENST", "ENSP", "ENSG", "ENSE"]
    /// Database prefixes whose number is a public id, not a patient identifier.
    static let idPrefixes: Set<String> = [
        "hp", "hpo", "omim", "mim", "orpha", "orphanet", "mondo", "doid", "go", "hgnc", "ncbigene", "entrez",
        "medgen", "umls", "snomed", "snomedct", "icd", "icd10", "icd-10", "icd11", "pmid", "pmcid", "pmc", "clinvar",
        "vcv", "rcv", "scv", "cosmic", "cosv", "cosm", "gtr", "decipher", "ensembl", "uniprot", "pubmed", "ncit", "efo",
        "mesh", "loinc", "cpt", "hgvs", "dbvar", "nsv", "esv", "clingen", "ccid",
    ]
    static let unitWords: Set<String> = [
        "mg", "g", "kg", "mcg", "ug", "µg", "ng", "pg", "mmol", "umol", "µmol", "nmol", "pmol", "mol", "meq", "u", "iu",
        "miu", "ml", "l", "dl", "cm", "mm", "m", "km", "bpm", "mmhg", "kb", "mb", "bp", "kbp", "mbp", "cm2", "m2", "sd",
        "percentile", "centile", "th", "kpa", "°c", "c", "f", "fl", "pct", "copies", "cells", "x10", "×10", "z",
        "hz", "ms", "db", "mosm", "osm", "lb", "lbs", "oz", "in", "mu", "ku",
    ]

    /// Lab values with units ("12,450 U/L", "45%"): they only veto the unlabelled long-number rule, so a unit
    /// word after a phone number or date ("… 1234 in the morning") never hides it.
    static func labValueRanges(_ t: DeidText) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = 0
        while i < t.s.count {
            if i == 0 || !DeidText.isAlnum(t.s[i - 1]), let end = labValue(t.s, i) {
                ranges.append(i..<end)
                i = end
                continue
            }
            i += 1
        }
        return ranges
    }

    static func protectedRanges(_ t: DeidText) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        let s = t.s
        let n = s.count
        var i = 0
        while i < n {
            let boundary = i == 0 || !DeidText.isAlnum(s[i - 1])
            if boundary, let end = hgvs(s, i) ?? accession(s, i) ?? rsID(s, i) ?? karyotype(s, i) ?? microarray(s, i)
                ?? coordinate(s, i) ?? band(s, i) {
                ranges.append(i..<end)
                i = end
                continue
            }
            i += 1
        }
        // Token-level: ontology/database ids ("OMIM #154700", "HP:0001166", "PMID 12345678").
        var k = 0
        while k < t.tokens.count {
            let token = t.tokens[k]
            if token.kind == .alpha || token.kind == .alnum, idPrefixes.contains(t.lower(k)) {
                var j = k + 1
                while j < t.tokens.count, j <= k + 3, t.tokens[j].kind == .punct,
                      t.isPunct(j, ":") || t.isPunct(j, "#") || t.isPunct(j, "_") || t.isPunct(j, "-") || t.isPunct(j, "]") { j += 1 }
                if j < t.tokens.count, t.tokens[j].kind == .digits || t.tokens[j].kind == .alnum, j - k <= 3 {
                    var end = t.tokens[j].end
                    // ICD codes and versions: "Q87.4", "ORPHA:558.1".
                    if j + 2 < t.tokens.count, t.isPunct(j + 1, "."), t.touching(j, j + 1), t.touching(j + 1, j + 2),
                       t.tokens[j + 2].kind != .punct { end = t.tokens[j + 2].end }
                    ranges.append(token.start..<end)
                    k = j + 1
                    continue
                }
            } else if token.kind == .alnum, isDatabaseAccession(t.text(token)) || isMarkerOrClone(t.lower(k)) {
                // Clone names run on after a hyphen: "RP11-311F1", "CTD-2354J3".
                var end = token.end
                if t.isPunct(k + 1, "-"), t.touching(k, k + 1), k + 2 < t.tokens.count, t.touching(k + 1, k + 2) { end = t.tokens[k + 2].end }
                ranges.append(token.start..<end)
            } else if token.kind == .alpha, ["ctd", "ctb", "ctc"].contains(t.lower(k)), t.isPunct(k + 1, "-"), t.touching(k, k + 1),
                      k + 2 < t.tokens.count, t.touching(k + 1, k + 2), t.tokens[k + 2].kind != .punct {
                ranges.append(token.start..<t.tokens[k + 2].end)
            } else if token.kind == .digits, token.length == 6, t.isPunct(k - 1, "#") || t.isPunct(k - 1, "%"),
                      (max(0, k - 4)...min(t.tokens.count - 1, k + 3)).contains(where: { ["omim", "mim"].contains(t.lower($0)) }) {
                // "(NPS, #161200 OMIM)": an OMIM number with the prefix after it.
                ranges.append(t.tokens[k - 1].start..<token.end)
            }
            k += 1
        }
        return merge(ranges)
    }

    /// "VCV000012345", "RCV000020179", "PMC1234567", "COSV12345678": a known prefix glued to digits.
    static func isDatabaseAccession(_ word: String) -> Bool {
        let lower = word.lowercased()
        for prefix in ["vcv", "rcv", "scv", "pmc", "cosv", "cosm", "nsv", "esv", "ccid", "hgnc"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            if !rest.isEmpty && rest.allSatisfy({ $0.isASCII && $0.isNumber }) { return true }
        }
        return false
    }

    /// Microsatellite markers ("d15s113", "dxs1214") and BAC/PAC clone names ("rp11", "ch17").
    static func isMarkerOrClone(_ lower: String) -> Bool {
        let c = Array(lower.unicodeScalars)
        guard c.count >= 4 else { return false }
        if c[0] == "d" {
            var i = 1
            if c[i] == "x" || c[i] == "y" { i += 1 } else { while i < c.count, DeidText.isDigit(c[i]), i < 3 { i += 1 } }
            guard i > 1, i < c.count, c[i] == "s" else { return false }
            let rest = c[(i + 1)...]
            return !rest.isEmpty && rest.allSatisfy(DeidText.isDigit)
        }
        for prefix in ["rp", "ch", "ctd", "ctb", "ctc"] where lower.hasPrefix(prefix) {
            let rest = lower.dropFirst(prefix.count)
            return !rest.isEmpty && rest.count <= 3 && rest.allSatisfy { $0.isASCII && $0.isNumber }
        }
        return false
    }

    static func merge(_ ranges: [Range<Int>]) -> [Range<Int>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var out: [Range<Int>] = []
        for r in sorted {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }

    // MARK: - Scalar scanners (each returns the end offset of a match starting at `i`)

    static func matches(_ s: [Unicode.Scalar], _ i: Int, _ word: String, caseInsensitive: Bool = false) -> Bool {
        var k = i
        for p in word.unicodeScalars {
            guard k < s.count else { return false }
            let c = s[k]
            if caseInsensitive {
                guard lowerASCII(c) == lowerASCII(p) else { return false }
            } else if c != p { return false }
            k += 1
        }
        return true
    }

    @inline(__always) static func lowerASCII(_ c: Unicode.Scalar) -> UInt32 {
        c.value >= 65 && c.value <= 90 ? c.value + 32 : c.value
    }

    static func digits(_ s: [Unicode.Scalar], from i: Int) -> Int {
        var j = i
        while j < s.count, DeidText.isDigit(s[j]) { j += 1 }
        return j
    }

    /// Reference accession with optional version and gene: "NM_000138.5", "NM_000138.5(FBN1)".
    static func accession(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        for prefix in accessionPrefixes where matches(s, i, prefix) {
            let start = i + prefix.unicodeScalars.count
            var j = digits(s, from: start)
            guard j > start else { return nil }
            if j + 1 < s.count, s[j] == ".", DeidText.isDigit(s[j + 1]) { j = digits(s, from: j + 1) }
            if j < s.count, s[j] == "(" {
                var k = j + 1
                while k < s.count, DeidText.isAlnum(s[k]) || s[k] == "-" { k += 1 }
                if k < s.count, s[k] == ")", k > j + 1 { j = k + 1 }
            }
            if j < s.count, s[j] == ":" {
                var k = j + 1
                while k < s.count, s[k] == " " { k += 1 }
                if let end = hgvs(s, k) { return end }
            }
            return j
        }
        return nil
    }

    /// An HGVS description: `c.1585C>T`, `p.(Arg529*)`, `g.48712345del`, `m.3243A>G`, `c.[123A>G;456del]`.
    static func hgvs(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        let n = s.count
        guard i + 2 < n, "cgmnrp".unicodeScalars.contains(s[i]), s[i + 1] == "." else { return nil }
        let first = s[i + 2]
        if s[i] == "p" {
            guard first.properties.isUppercase || first == "(" || first == "*" || first == "=" || first == "?" else { return nil }
        } else {
            guard DeidText.isDigit(first) || first == "-" || first == "*" || first == "(" || first == "[" || first == "?" else { return nil }
        }
        var j = i + 2
        var depth = 0
        var sawDigit = false
        while j < n {
            let c = s[j]
            if c == "(" || c == "[" {
                depth += 1
            } else if c == ")" || c == "]" {
                if depth == 0 { break }
                depth -= 1
            } else if DeidText.isSpace(c) || (depth == 0 && (c == "," || c == ";")) {
                break
            } else if !(DeidText.isAlnum(c) || "_+-*>=?.:;,/".unicodeScalars.contains(c)) {
                break
            }
            if DeidText.isDigit(c) { sawDigit = true }
            j += 1
        }
        while j > i + 2, ".:;,".unicodeScalars.contains(s[j - 1]) { j -= 1 }
        guard sawDigit || s[i] == "p", j > i + 2 else { return nil }
        return j
    }

    static func rsID(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard i + 2 < s.count, s[i] == "r" || s[i] == "R", s[i + 1] == "s" || s[i + 1] == "S", DeidText.isDigit(s[i + 2]) else { return nil }
        let j = digits(s, from: i + 2)
        return j == s.count || !DeidText.isAlnum(s[j]) ? j : nil
    }

    /// ISCN karyotype: "46,XY", "47,XX,+21", "45,X", "46,XX,del(5)(p15.2)", "mos 45,X[10]/46,XX[20]".
    static func karyotype(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        var start = i
        if matches(s, i, "mos ") || matches(s, i, "chi ") { start = i + 4 }
        let j = digits(s, from: start)
        guard j - start == 2 || j - start == 3, j + 2 < s.count, s[j] == "," else { return nil }
        // The sex chromosome complement follows the count.
        var k = j + 1
        guard s[k] == "X" || s[k] == "Y" else { return nil }
        while k < s.count {
            let c = s[k]
            if DeidText.isSpace(c) { break }
            if c == "." || c == ";" || c == ",", k + 1 >= s.count || DeidText.isSpace(s[k + 1]) { break }
            k += 1
        }
        return k
    }

    /// Microarray/sequencing ISCN: "arr[GRCh37] 15q11.2q13.1(22770421_23282799)x1", "seq[GRCh38] …".
    static func microarray(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard matches(s, i, "arr", caseInsensitive: true) || matches(s, i, "seq", caseInsensitive: true)
            || matches(s, i, "ish", caseInsensitive: true) else { return nil }
        var j = i + 3
        guard j < s.count, s[j] == "[" || s[j] == " " || s[j] == "(" else { return nil }
        if s[j] == "[" {
            while j < s.count, s[j] != "]" { j += 1 }
            j += 1
        }
        while j < s.count, s[j] == " " { j += 1 }
        guard j < s.count, DeidText.isDigit(s[j]) || s[j] == "X" || s[j] == "Y" || s[j] == "(" else { return nil }
        while j < s.count, !DeidText.isSpace(s[j]) { j += 1 }
        while j > i, ".;,".unicodeScalars.contains(s[j - 1]) { j -= 1 }
        return j
    }

    /// Genomic coordinates: "chr7:117,559,590-117,669,665", "chrX:153000000", "7:117559590-117669665".
    static func coordinate(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        var j = i
        let prefixed = matches(s, i, "chr", caseInsensitive: true)
        if prefixed { j += 3; if j < s.count, s[j] == " " { j += 1 } }
        let chromStart = j
        if j < s.count, s[j] == "X" || s[j] == "Y" || s[j] == "M" { j += 1; if j < s.count, s[j] == "T" { j += 1 } } else { j = digits(s, from: j) }
        guard j > chromStart, j - chromStart <= 2 else { return nil }
        guard j < s.count, s[j] == ":" else { return prefixed ? j : nil }
        var k = j + 1
        if k < s.count, s[k] == " " { k += 1 }
        if k + 1 < s.count, s[k] == "g", s[k + 1] == "." { return hgvs(s, k) }
        let posStart = k
        var digitCount = 0
        while k < s.count, DeidText.isDigit(s[k]) || (s[k] == "," && k + 1 < s.count && DeidText.isDigit(s[k + 1])) {
            if DeidText.isDigit(s[k]) { digitCount += 1 }
            k += 1
        }
        guard k > posStart, prefixed || digitCount >= 5 else { return prefixed ? j : nil }
        if k + 1 < s.count, s[k] == "-" || s[k] == "_" || s[k] == "–", DeidText.isDigit(s[k + 1]) {
            k += 1
            while k < s.count, DeidText.isDigit(s[k]) || (s[k] == "," && k + 1 < s.count && DeidText.isDigit(s[k + 1])) { k += 1 }
        }
        return k
    }

    /// Chromosome band or region: "15q11.2", "22q11.21", "Xq28", "1p36.33", "15q11.2-q13", "7q11.23".
    static func band(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        var j = i
        if s[j] == "X" || s[j] == "Y" { j += 1 } else {
            j = digits(s, from: i)
            guard j > i, j - i <= 2 else { return nil }
        }
        guard j < s.count, s[j] == "p" || s[j] == "q" else { return nil }
        j += 1
        let armDigits = j
        j = digits(s, from: j)
        if j + 1 < s.count, s[j] == ".", DeidText.isDigit(s[j + 1]) { j = digits(s, from: j + 1) }
        if j == armDigits, j < s.count, DeidText.isLetter(s[j]) { return nil }   // "3pm", "2 quarts" are not bands
        if j == armDigits, j < s.count, s[j] == "t", j + 1 < s.count, s[j + 1] == "e" { return nil } // "pter"/"qter" handled below
        // A second band of a region: "-q13", "q13" (ISCN writes "15q11.2q13").
        var k = j
        if k < s.count, s[k] == "-" || s[k] == "–" { k += 1 }
        if k < s.count, s[k] == "p" || s[k] == "q" {
            let m = digits(s, from: k + 1)
            if m > k + 1 {
                j = m
                if j + 1 < s.count, s[j] == ".", DeidText.isDigit(s[j + 1]) { j = digits(s, from: j + 1) }
            } else if matches(s, k + 1, "ter") { j = k + 4 }
        }
        if j < s.count, DeidText.isLetter(s[j]), !(matches(s, j, "ter")) { return nil }
        return j
    }

    /// A number followed by a unit: "12,450 U/L", "3.2 mg/dL", "45%", "2.5 Mb", "-3.1 SD", "8.9 x10^9/L".
    static func labValue(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard DeidText.isDigit(s[i]) else { return nil }
        var j = i
        while j < s.count, DeidText.isDigit(s[j]) || ((s[j] == "." || s[j] == ",") && j + 1 < s.count && DeidText.isDigit(s[j + 1])) { j += 1 }
        var k = j
        if k < s.count, s[k] == " " { k += 1 }
        guard k < s.count else { return nil }
        if s[k] == "%" { return k + 1 }
        // "6400/µl", "322000/mm3": a per-volume count.
        if k == j, k + 1 < s.count, s[k] == "/", DeidText.isLetter(s[k + 1]) || s[k + 1] == "µ" {
            var u = k + 1
            while u < s.count, DeidText.isAlnum(s[u]) || s[u] == "µ" || s[u] == "³" { u += 1 }
            return u
        }
        // Unit word, optionally "/unit" ("mg/dL", "U/L", "x10^9/L").
        var u = k
        while u < s.count, DeidText.isLetter(s[u]) || s[u] == "µ" || s[u] == "°" || s[u] == "×" { u += 1 }
        guard u > k else { return nil }
        var word = ""
        for c in s[k..<u] { word.unicodeScalars.append(c) }
        guard unitWords.contains(word.lowercased()) else { return nil }
        if u < s.count, s[u] == "^" { u += 1; u = digits(s, from: u) }
        while u + 1 < s.count, s[u] == "/", DeidText.isLetter(s[u + 1]) || DeidText.isDigit(s[u + 1]) {
            u += 1
            while u < s.count, DeidText.isAlnum(s[u]) { u += 1 }
        }
        return u
    }
}
