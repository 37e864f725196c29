import MendelCrypto

/// Removes protected health information from clinical free text before it goes into a prompt, a model
/// server request, a log line or a trace, and keeps the genetics (gene symbols, HGVS, rsIDs, karyotypes,
/// bands, ontology ids, lab values) intact.
///
/// Dates are shifted, not removed: every date of a patient moves by the same keyed pseudo-random number
/// of days (HMAC-SHA256 of the patient's pseudonym), so intervals between them are kept. Deterministic:
/// the same key, patient and text give the same output. Immutable and `Sendable`.
public struct Deidentifier: Sendable {
    /// HKDF `info` for deriving the date-shift key from the daemon's pseudonym key.
    public static let dateShiftKeyInfo = "mendel.deid.date-shift.v1"

    public let policy: DeidentificationPolicy
    public let maxShiftDays: Int
    /// Census name lists (`NameGazetteer.load`); `.empty` keeps the built-in name rules only.
    public let gazetteer: NameGazetteer
    private let dateShiftKey: SecretKey

    /// - Parameters:
    ///   - dateShiftKey: HMAC key for the per-patient date offset (see `deriveDateShiftKey(from:)`).
    ///   - maxShiftDays: offsets lie in `-maxShiftDays … maxShiftDays` and are never 0 (at least 1).
    ///   - gazetteer: given and family name lists (load once with `NameGazetteer.load` from `data/names` and
    ///     `data/hpo`); they raise name recall on unseen text. `.empty`: built-in rules only.
    public init(dateShiftKey: SecretKey, policy: DeidentificationPolicy = .all, maxShiftDays: Int = 365,
                gazetteer: NameGazetteer = .empty) {
        self.dateShiftKey = dateShiftKey
        self.policy = policy
        self.maxShiftDays = max(1, maxShiftDays)
        self.gazetteer = gazetteer
    }

    /// Derives the date-shift key from a long-lived daemon key (HKDF-SHA256, fixed info string), so the
    /// shift of a patient is stable across restarts and master-key rotation.
    public static func deriveDateShiftKey(from key: SecretKey) throws(CryptoError) -> SecretKey {
        try HKDF.deriveKey(from: key, salt: [], info: Array(dateShiftKeyInfo.utf8))
    }

    /// The patient's date offset in days (non-zero), for callers that shift structured dates the same way.
    public func dateShiftDays(for patient: PatientIdentity) -> Int {
        let mac = HMACSHA256.authenticate(Array(("date-shift:" + patient.pseudonym).utf8), key: dateShiftKey)
        var v: UInt64 = 0
        for b in mac.prefix(8) { v = v << 8 | UInt64(b) }
        let span = UInt64(maxShiftDays)
        let magnitude = Int(v % span) + 1
        return (v >> 63) == 0 ? magnitude : -magnitude
    }

    /// De-identifies `text`. The result's replacements name categories and offsets only, never the
    /// removed text.
    public func deidentify(_ text: String, patient: PatientIdentity) -> DeidentifiedText {
        let t = DeidText(text)
        guard !t.s.isEmpty else { return DeidentifiedText(text: text, replacements: [], counts: [:]) }
        var candidates: [PHICandidate] = []
        let names = NameRecognizer(t: t, patient: patient, gazetteer: gazetteer).candidates()
        if policy.names { candidates += names }
        if policy.dates { candidates += DateRecognizer(t: t, shiftDays: dateShiftDays(for: patient)).candidates() }
        if policy.identifiers { candidates += IdentifierRecognizer(t: t, patient: patient).candidates() }
        if policy.contacts { candidates += ContactRecognizer(t: t).candidates() }
        if policy.locations { candidates += LocationRecognizer(t: t).candidates() + LocationRecognizer(t: t).places(after: names)
            + LocationRecognizer(t: t).hospitalTowns() }
        if policy.agesOver89 { candidates += AgeRecognizer(t: t).candidates() + AgeRecognizer(t: t).appositions(after: names) }
        candidates = candidates.filter { policy.allows($0.category) && $0.end > $0.start }
        // A number that is a phone only because a phone word comes before it ("Telephone counselling,
        // 2009-10-24", "Tel call 22.5.10") is the date when it reads as one.
        let dateRanges = candidates.filter { $0.category == .date }.map { $0.start..<$0.end }.sorted { $0.lowerBound < $1.lowerBound }
        if !dateRanges.isEmpty {
            candidates = candidates.filter { $0.rule != "phone_label" || !Self.overlaps($0.start..<$0.end, dateRanges) }
        }

        let protected = GeneticsProtector.protectedRanges(t)
        let labValues = GeneticsProtector.labValueRanges(t)
        candidates = candidates.filter { c in
            // The patient's own identifiers, e-mail addresses and URLs are never genetics.
            if c.rule == "record_identifier" || c.rule == "email" || c.rule == "url" { return true }
            if Self.overlaps(c.start..<c.end, protected) { return false }
            if c.rule == "digit_run" || c.rule == "alnum_code", Self.overlaps(c.start..<c.end, labValues) { return false }
            return true
        }
        let chosen = Self.resolve(Self.mergeSameCategory(t, candidates))
        return Self.render(t, chosen)
    }

    static func overlaps(_ r: Range<Int>, _ sorted: [Range<Int>]) -> Bool {
        // Binary search for the first range ending after r.lowerBound.
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid].upperBound <= r.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo].lowerBound < r.upperBound
    }

    /// Overlapping or touching spans of one placeholder category become one span ("uncle Dagny" found by
    /// context and "Okonkwo" from the record → "Dagny Okonkwo"), with the higher priority.
    static func mergeSameCategory(_ t: DeidText, _ candidates: [PHICandidate]) -> [PHICandidate] {
        var result = candidates.filter { $0.category == .date || $0.category == .zip || $0.category == .age }
        for category in [PHICategory.name, .identifier, .phone, .email, .url, .ipAddress, .address] {
            let list = candidates.filter { $0.category == category }.sorted { $0.start < $1.start }
            var current: PHICandidate?
            for c in list {
                if var open = current, c.start < open.end || category == .name && Self.onlySpacesBetween(t, open.end, c.start) {
                    open.end = max(open.end, c.end)
                    if c.priority > open.priority { open.priority = c.priority; open.rule = c.rule }
                    current = open
                } else {
                    if let open = current { result.append(open) }
                    current = c
                }
            }
            if let open = current { result.append(open) }
        }
        return result
    }

    /// Two name spans separated by spaces only ("Imogen" from the record's given names, "van der Berg" from
    /// its family names) are one name.
    static func onlySpacesBetween(_ t: DeidText, _ a: Int, _ b: Int) -> Bool {
        guard a <= b, b - a <= 3 else { return false }
        return t.s[a..<b].allSatisfy { $0 == " " }
    }

    /// Highest priority first, then the longer span; overlapping lower-ranked candidates are dropped.
    static func resolve(_ candidates: [PHICandidate]) -> [PHICandidate] {
        let ordered = candidates.sorted {
            ($0.priority, $0.end - $0.start, -$0.start) > ($1.priority, $1.end - $1.start, -$1.start)
        }
        var taken: [PHICandidate] = []
        var occupied: [Range<Int>] = []
        for c in ordered {
            let r = c.start..<c.end
            if overlaps(r, occupied) { continue }
            taken.append(c)
            let index = occupied.firstIndex { $0.lowerBound > r.lowerBound } ?? occupied.count
            occupied.insert(r, at: index)
        }
        return taken.sorted { $0.start < $1.start }
    }

    static func render(_ t: DeidText, _ chosen: [PHICandidate]) -> DeidentifiedText {
        var out = String.UnicodeScalarView()
        var replacements: [PHIReplacement] = []
        var counts: [PHICategory: Int] = [:]
        var cursor = 0
        var outLength = 0
        for c in chosen {
            out.append(contentsOf: t.s[cursor..<c.start])
            outLength += c.start - cursor
            let start = outLength
            let scalars = c.replacement.unicodeScalars
            out.append(contentsOf: scalars)
            outLength += scalars.count
            replacements.append(PHIReplacement(category: c.category, originalStart: c.start, originalEnd: c.end,
                                               start: start, end: outLength, rule: c.rule))
            counts[c.category, default: 0] += 1
            cursor = c.end
        }
        out.append(contentsOf: t.s[cursor..<t.s.count])
        return DeidentifiedText(text: String(out), replacements: replacements, counts: counts)
    }
}
