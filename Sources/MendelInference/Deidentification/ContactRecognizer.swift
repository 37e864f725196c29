/// E-mail addresses, URLs, IP addresses and phone/fax numbers, found on scalars (not tokens) because
/// their punctuation matters.
struct ContactRecognizer {
    let t: DeidText

    static let topLevelDomains: Set<String> = [
        "com", "org", "net", "edu", "gov", "io", "info", "health", "de", "uk", "fr", "nl", "ch", "at", "ca", "au",
        "us", "eu", "it", "es", "be", "se", "no", "dk", "fi", "ie", "pl", "jp", "cn", "in", "br", "mx", "nz",
        "za", "org.uk", "co", "me", "app", "care", "clinic", "hospital", "med", "bio",
    ]
    static let phoneLabels: Set<String> = [
        "phone", "tel", "telephone", "cell", "mobile", "mob", "fax", "pager", "ph", "contact", "call", "reach",
        "called", "number", "beeper", "cellphone", "landline", "whatsapp", "sms", "text", "extension", "ext",
        "office", "desk", "home", "work", "direct", "switchboard", "hotline", "helpline", "answering", "voicemail",
    ]
    /// Phone words written after the number ("605 710 642 (mobile)", "31 58 35 office", "…-Fax").
    static let trailingPhoneLabels: Set<String> = [
        "phone", "tel", "telephone", "cell", "mobile", "mob", "fax", "pager", "office", "home", "work", "landline",
        "direct", "desk", "voicemail", "whatsapp",
    ]

    func candidates() -> [PHICandidate] {
        var out: [PHICandidate] = []
        let s = t.s
        var i = 0
        while i < s.count {
            let boundary = i == 0 || !(DeidText.isAlnum(s[i - 1]) || s[i - 1] == "@" || s[i - 1] == "." || s[i - 1] == "_")
            if boundary {
                if let end = url(i) {
                    out.append(PHICandidate(start: i, end: end, category: .url, rule: "url", replacement: "[URL]", priority: 90))
                    i = end
                    continue
                }
                // "EC 1.3.8.6" is an enzyme number, not an address.
                if let end = ipv4(i) ?? ipv6(i), !(i >= 3 && t.string(i - 3, i) == "EC ") {
                    out.append(PHICandidate(start: i, end: end, category: .ipAddress, rule: "ip", replacement: "[IP]", priority: 85))
                    i = end
                    continue
                }
                if let (end, rule) = phone(i) {
                    out.append(PHICandidate(start: i, end: end, category: .phone, rule: rule, replacement: "[PHONE]", priority: 75))
                    i = end
                    continue
                }
            }
            if s[i] == "@", let (start, end) = email(at: i) {
                out.append(PHICandidate(start: start, end: end, category: .email, rule: "email", replacement: "[EMAIL]", priority: 95))
                i = end
                continue
            }
            i += 1
        }
        return out
    }

    private func lower(_ i: Int, _ j: Int) -> String { t.string(i, j).lowercased() }

    // MARK: e-mail

    private func email(at: Int) -> (Int, Int)? {
        let s = t.s
        var a = at
        while a > 0, DeidText.isAlnum(s[a - 1]) || "._%+-".unicodeScalars.contains(s[a - 1]) { a -= 1 }
        while a < at, !DeidText.isAlnum(s[a]) { a += 1 }
        guard a < at else { return nil }
        var b = at + 1
        var dots = 0
        while b < s.count, DeidText.isAlnum(s[b]) || s[b] == "-" || (s[b] == "." && b + 1 < s.count && DeidText.isAlnum(s[b + 1])) {
            if s[b] == "." { dots += 1 }
            b += 1
        }
        guard dots >= 1, b > at + 3 else { return nil }
        return (a, b)
    }

    // MARK: URL

    private func url(_ i: Int) -> Int? {
        let s = t.s
        var j: Int?
        for scheme in ["https://", "http://", "ftp://", "sftp://", "www."] where GeneticsProtector.matches(s, i, scheme, caseInsensitive: true) {
            j = i + scheme.unicodeScalars.count
            break
        }
        if j == nil, let end = bareDomain(i) { j = end }
        guard var k = j else { return nil }
        while k < s.count, !DeidText.isSpace(s[k]), !"<>\"'|{}".unicodeScalars.contains(s[k]) { k += 1 }
        while k > i, ".,;:!?)]".unicodeScalars.contains(s[k - 1]) {
            if s[k - 1] == ")", t.string(i, k).contains("(") { break }
            k -= 1
        }
        return k > i + 4 ? k : nil
    }

    /// "portal.lab-example.org/results", "genetics.example.com": labels and a known top-level domain.
    private func bareDomain(_ i: Int) -> Int? {
        let s = t.s
        var k = i
        var labels: [String] = []
        while true {
            let start = k
            while k < s.count, DeidText.isAlnum(s[k]) || s[k] == "-" { k += 1 }
            guard k > start else { return nil }
            labels.append(lower(start, k))
            guard k + 1 < s.count, s[k] == ".", DeidText.isLetter(s[k + 1]) else { break }
            k += 1
        }
        guard labels.count >= 2, let tld = labels.last, Self.topLevelDomains.contains(tld),
              labels.dropLast().allSatisfy({ $0.count >= 2 }), labels.joined().contains(where: { $0.isLetter }) else { return nil }
        // Abbreviations such as "e.g." and "i.e." never reach here (one-letter labels are refused).
        if k < s.count, DeidText.isAlnum(s[k]) || s[k] == "@" { return nil }
        return k
    }

    // MARK: IP

    private func ipv4(_ i: Int) -> Int? {
        let s = t.s
        var k = i
        for part in 0..<4 {
            let start = k
            var value = 0
            while k < s.count, DeidText.isDigit(s[k]), k - start < 3 { value = value * 10 + Int(s[k].value - 48); k += 1 }
            guard k > start, value <= 255 else { return nil }
            if part < 3 { guard k < s.count, s[k] == "." else { return nil }; k += 1 }
        }
        if k < s.count, DeidText.isAlnum(s[k]) || (s[k] == "." && k + 1 < s.count && DeidText.isDigit(s[k + 1])) { return nil }
        return k
    }

    private func ipv6(_ i: Int) -> Int? {
        let s = t.s
        var k = i
        var groups = 0, colons = 0
        var doubleColon = false, hexLetter = false
        while k < s.count {
            let start = k
            while k < s.count, DeidText.isHex(s[k]), k - start < 4 {
                if !DeidText.isDigit(s[k]) { hexLetter = true }
                k += 1
            }
            if k > start { groups += 1 }
            guard k < s.count, s[k] == ":" else { break }
            if k + 1 < s.count, s[k + 1] == ":" { if doubleColon { return nil }; doubleColon = true; colons += 2; k += 2 } else { colons += 1; k += 1 }
        }
        guard k < s.count ? !DeidText.isAlnum(s[k]) : true else { return nil }
        guard (groups == 8 && colons == 7) || (doubleColon && groups >= 2 && hexLetter) else { return nil }
        return k
    }

    // MARK: phone

    /// "(555) 123-4567", "555-123-4567", "555.123.4567", "+1 555 123 4567", "+44 20 7946 0958",
    /// "555-1234" after a phone label, "0176 12345678", with "ext. 123" / "x123".
    private func phone(_ i: Int) -> (Int, String)? {
        let s = t.s
        var k = i
        var digits = 0
        var groups: [Int] = []
        var international = false
        if s[k] == "+" { international = true; k += 1 }
        var separators = 0
        var lastEnd = i
        while k < s.count {
            var open = false
            if s[k] == "(" { open = true; k += 1 }
            let start = k
            while k < s.count, DeidText.isDigit(s[k]) { k += 1 }
            let n = k - start
            // Not a digit group ("555-500-9374 (father)"): the number ended before it.
            guard n > 0, n <= 8, !open || (k < s.count && s[k] == ")") else {
                if groups.isEmpty { return nil }
                k = lastEnd
                break
            }
            digits += n
            groups.append(n)
            if open { k += 1; lastEnd = k; if k < s.count, s[k] == " " || s[k] == "-" { k += 1 }; separators += 1; continue }
            lastEnd = k
            // Separator: one of " ", "-", ".", "/" followed by a digit or "(".
            if k + 1 < s.count, s[k] == " " || s[k] == "-" || s[k] == "." || s[k] == "/",
               DeidText.isDigit(s[k + 1]) || s[k + 1] == "(" {
                // A space then a lone short number is text ("call 555 1234 5 times" is rare); keep going.
                separators += 1
                k += 1
                continue
            }
            break
        }
        guard groups.count >= 1 else { return nil }
        // Trim back any separator consumed without a following group.
        var end = k
        while end > i, !DeidText.isDigit(s[end - 1]) && s[end - 1] != ")" { end -= 1 }
        if end < s.count, DeidText.isAlnum(s[end]) { return nil }
        let labelled = hasPhoneLabel(before: i)
        var ok: Bool
        if international {
            ok = digits >= 8 && digits <= 15
        } else if groups.count >= 2, digits >= 10, digits <= 12 {
            // Dotted or slashed groups that look like decimal numbers or dates are handled elsewhere.
            ok = groups.allSatisfy { $0 <= 5 }
                // A national number with its trunk prefix: "07700 900123", "0161 496 0123", "020 7946 0958".
                || s[i] == "0" && groups.count <= 4 && groups[0] >= 3 && groups.allSatisfy { $0 <= 6 }
        } else {
            ok = false
        }
        // After a phone word any grouping of 7-13 digits counts ("Tel: 0176 12345678", "Fax 030-1234567"); a
        // phone word right after the number, or before it, also takes short national numbers in three or more
        // groups ("31 58 35 office", "Desk: 605 710 642").
        if !ok, labelled, digits >= 7, digits <= 13 { ok = true }
        if !ok, digits >= 6, digits <= 13, groups.count >= 3 || digits >= 7, labelled || hasPhoneLabel(after: end) { ok = true }
        guard ok else { return nil }
        // Extension.
        var x = end
        while x < s.count, s[x] == " " || s[x] == "," { x += 1 }
        for ext in ["ext.", "ext", "x", "extension"] where GeneticsProtector.matches(s, x, ext, caseInsensitive: true) {
            var y = x + ext.unicodeScalars.count
            while y < s.count, s[y] == " " { y += 1 }
            let d = GeneticsProtector.digits(s, from: y)
            if d > y, d - y <= 6, d == s.count || !DeidText.isAlnum(s[d]) { end = d }
            break
        }
        return (end, labelled ? "phone_label" : "phone")
    }

    /// A phone word right after offset `end`: " office", "-Fax", " (mobile)".
    private func hasPhoneLabel(after end: Int) -> Bool {
        var k = end
        while k < t.s.count, t.s[k] == " " || t.s[k] == "-" || t.s[k] == "(" || t.s[k] == "/" { k += 1 }
        guard k < t.s.count, k - end <= 3 else { return false }
        let index = Int(t.tokenAt[k])
        return index >= 0 && Self.trailingPhoneLabels.contains(t.lower(index))
    }

    /// A phone word within the three tokens before offset `i` ("Tel:", "phone", "call at").
    private func hasPhoneLabel(before i: Int) -> Bool {
        var k = i - 1
        while k >= 0, DeidText.isSpace(t.s[k]) { k -= 1 }
        guard k >= 0 else { return false }
        var index = Int(t.tokenAt[k])
        var seen = 0
        while index >= 0, seen < 4 {
            if Self.phoneLabels.contains(t.lower(index)) { return true }
            index -= 1
            seen += 1
        }
        return false
    }
}
