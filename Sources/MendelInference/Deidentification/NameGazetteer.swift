import Foundation

/// Given and family names for the de-identifier, from the US Census 1990 name lists (`scripts/fetch-names`
/// → `data/names`), minus every word that clinical-genetics text uses for something else: words of HPO term
/// names and synonyms and of the disease labels in `phenotype.hpoa` (eponyms such as Marfan, Noonan, Down,
/// Turner, Hunter, Williams), lower-case words of the HPO definitions (ordinary English: "may", "rose",
/// "frank"), and the built-in non-name words. The lists are used only together with capitalisation and
/// context (see `NameRecognizer`); an empty gazetteer leaves the built-in rules unchanged.
public struct NameGazetteer: Sendable {
    /// Given names that mark a person on their own (capitalised, outside an eponym).
    let givenNames: Set<String>
    /// Every listed given name, also the ones that are words or eponyms: a person only before a listed family name.
    let anyGivenNames: Set<String>
    /// Family names that are not words or eponyms.
    let familyNames: Set<String>
    /// Words of HPO terms, disease labels and definitions: never a name by the lists alone.
    let vocabulary: Set<String>
    /// Lower-case English words (entries of the `words` list written in lower case; "mark", "rose", "cooks").
    /// A capitalised word outside it, the vocabulary and the built-in lists is name-shaped (session 5).
    /// Empty: no word model (the name-shape rules stay off).
    let commonWords: Set<String>

    /// No lists: the de-identifier uses its built-in rules only.
    public static let empty = NameGazetteer(givenNames: [], anyGivenNames: [], familyNames: [], vocabulary: [], commonWords: [])

    public var isEmpty: Bool { givenNames.isEmpty && familyNames.isEmpty }
    /// Sizes of the usable lists (given names usable alone, family names, vocabulary words).
    public var sizes: (given: Int, family: Int, vocabulary: Int) { (givenNames.count, familyNames.count, vocabulary.count) }
    /// Number of lower-case English words (0: no `words` list, the name-shape rules are off).
    public var commonWordCount: Int { commonWords.count }

    init(givenNames: Set<String>, anyGivenNames: Set<String>, familyNames: Set<String>, vocabulary: Set<String>,
         commonWords: Set<String> = []) {
        self.givenNames = givenNames
        self.anyGivenNames = anyGivenNames
        self.familyNames = familyNames
        self.vocabulary = vocabulary
        self.commonWords = commonWords
    }

    /// Loads `dist.male.first`, `dist.female.first` and `dist.all.last` from `namesDirectory`, the English word
    /// list `words` from there when present (session 5; without it the name-shape rules are off), and the words
    /// to keep from `hp.obo` and `phenotype.hpoa` in `hpoDirectory` (optional but recommended: without it only
    /// the built-in word lists protect eponyms and ordinary words).
    public static func load(namesDirectory: String, hpoDirectory: String?) throws(InferenceError) -> NameGazetteer {
        var given = Set<String>()
        for file in ["dist.male.first", "dist.female.first"] {
            given.formUnion(try censusNames(namesDirectory + "/" + file))
        }
        let family = try censusNames(namesDirectory + "/dist.all.last")
        var vocabulary = Set<String>()
        if let hpoDirectory {
            vocabulary = try hpoVocabulary(hpoDirectory)
        }
        var common = Set<String>()
        let wordsPath = namesDirectory + "/words"
        if FileManager.default.fileExists(atPath: wordsPath) {
            common = try lowerCaseWords(wordsPath)
        }
        return build(given: given, family: family, vocabulary: vocabulary, commonWords: common)
    }

    /// Filters raw lists (lower-cased) against the vocabulary and the built-in non-name words.
    static func build(given: Set<String>, family: Set<String>, vocabulary: Set<String>,
                      commonWords: Set<String> = []) -> NameGazetteer {
        var blocked = vocabulary
        for list in [NameLexicon.notNames, NameLexicon.functionWords, NameLexicon.wordGivenNames, NameLexicon.titles,
                     NameLexicon.particles, NameLexicon.eponymHeads, NameLexicon.countriesAndStates, NameLexicon.credentials,
                     NameLexicon.personContexts, NameLexicon.closings, NameLexicon.nameLabels, NameLexicon.initialTakers,
                     NameLexicon.populationWords] {
            blocked.formUnion(list)
        }
        blocked.formUnion(DateRecognizer.months.keys)
        blocked.formUnion(DateRecognizer.weekdays.keys)
        let usable: (String) -> Bool = { $0.unicodeScalars.count >= 3 && !blocked.contains($0) }
        return NameGazetteer(givenNames: given.filter(usable), anyGivenNames: given.filter { $0.unicodeScalars.count >= 2 },
                             familyNames: family.filter(usable), vocabulary: vocabulary, commonWords: commonWords)
    }

    // MARK: - Files

    private static func read(_ path: String) throws(InferenceError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .io(path: path, reason: "cannot read the file")
        }
        return [UInt8](data)
    }

    /// First column of a Census list ("SMITH   1.006  1.006      1"), lower-cased.
    static func censusNames(_ path: String) throws(InferenceError) -> Set<String> {
        let bytes = try read(path)
        var out = Set<String>()
        var i = 0
        while i < bytes.count {
            var j = i
            while j < bytes.count, bytes[j] != 32, bytes[j] != 10, bytes[j] != 9, bytes[j] != 13 { j += 1 }
            if j > i { out.insert(String(decoding: bytes[i..<j].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self).lowercased()) }
            while j < bytes.count, bytes[j] != 10 { j += 1 }
            i = j + 1
        }
        guard out.count > 100 else { throw .io(path: path, reason: "not a name list (fewer than 100 names)") }
        return out
    }

    /// Entries of a word list (one a line, `/usr/share/dict` style) that start with a lower-case letter, without
    /// a final "'s": ordinary English words. Capitalised entries (proper nouns: "Carolina", "Jensen") are skipped.
    static func lowerCaseWords(_ path: String) throws(InferenceError) -> Set<String> {
        let bytes = try read(path)
        var out = Set<String>()
        forEachLine(bytes) { line in
            var word = line
            while let last = word.last, last == 13 || last == 32 { word = word.dropLast() }
            if word.count > 2, word.suffix(2).elementsEqual([39, 115]) { word = word.dropLast(2) }   // "'s"
            guard let first = word.first, first >= 97 && first <= 122 else { return }
            out.insert(String(decoding: word, as: UTF8.self).lowercased())
        }
        guard out.count > 1000 else { throw .io(path: path, reason: "not a word list (fewer than 1,000 lower-case words)") }
        return out
    }

    /// Words of HPO term names and synonyms, of disease labels (phenotype.hpoa column 2), and of HPO
    /// definitions and comments, lower-cased.
    static func hpoVocabulary(_ directory: String) throws(InferenceError) -> Set<String> {
        var words = Set<String>()
        var buffer: [UInt8] = []
        let obo = try read(directory + "/hp.obo")
        forEachLine(obo) { line in
            for prefix in ["name: ", "synonym: \"", "def: \"", "comment: "] where startsWith(line, prefix) {
                addWords(line.dropFirst(prefix.utf8.count), to: &words, buffer: &buffer)
                return
            }
        }
        let hpoa = try read(directory + "/phenotype.hpoa")
        var previous: ArraySlice<UInt8> = []
        forEachLine(hpoa) { line in
            guard let first = line.firstIndex(of: 9), line.first != UInt8(ascii: "#") else { return }
            let rest = line[(first + 1)...]
            let label = rest[..<(rest.firstIndex(of: 9) ?? rest.endIndex)]
            // Annotations of one disease are consecutive: split each label once.
            if label.elementsEqual(previous) { return }
            previous = label
            addWords(label, to: &words, buffer: &buffer)
        }
        return words
    }

    /// Adds the lower-cased words of UTF-8 `text` (runs of letters; bytes of multi-byte scalars count as letters).
    private static func addWords(_ text: ArraySlice<UInt8>, to words: inout Set<String>, buffer: inout [UInt8]) {
        var ascii = true
        func flush() {
            guard !buffer.isEmpty else { return }
            let word = String(decoding: buffer, as: UTF8.self)
            words.insert(ascii ? word : word.lowercased())
            buffer.removeAll(keepingCapacity: true)
            ascii = true
        }
        for b in text {
            if b >= 97 && b <= 122 { buffer.append(b) }
            else if b >= 65 && b <= 90 { buffer.append(b + 32) }
            else if b >= 128 { buffer.append(b); ascii = false }
            else { flush() }
        }
        flush()
    }

    private static func startsWith(_ line: ArraySlice<UInt8>, _ prefix: String) -> Bool {
        let p = prefix.utf8
        return line.count >= p.count && zip(line, p).allSatisfy { $0 == $1 }
    }

    private static func forEachLine(_ bytes: [UInt8], _ body: (ArraySlice<UInt8>) -> Void) {
        var i = 0
        while i < bytes.count {
            var j = i
            while j < bytes.count, bytes[j] != 10 { j += 1 }
            body(bytes[i..<j])
            i = j + 1
        }
    }
}

extension NameGazetteer {
    /// The lists for `namesDirectory` + `hpoDirectory`, loaded on first use and kept for the process (loading
    /// reads ~45 MB and takes about half a second). `.empty` when `namesDirectory` has no lists or they cannot
    /// be read: the de-identifier then runs its built-in rules only.
    public static func cached(namesDirectory: String, hpoDirectory: String?) -> NameGazetteer {
        let key = namesDirectory + "\u{0}" + (hpoDirectory ?? "")
        return GazetteerCache.shared.value(for: key) {
            guard FileManager.default.fileExists(atPath: namesDirectory + "/dist.all.last") else { return .empty }
            let hpo = hpoDirectory.flatMap { FileManager.default.fileExists(atPath: $0 + "/hp.obo") ? $0 : nil }
            return (try? NameGazetteer.load(namesDirectory: namesDirectory, hpoDirectory: hpo)) ?? .empty
        }
    }
}

/// Process-wide cache of loaded name lists (one load per directory pair, even under concurrent first use).
private final class GazetteerCache: @unchecked Sendable {
    static let shared = GazetteerCache()
    private let lock = NSLock()
    private var entries: [String: NameGazetteer] = [:]

    func value(for key: String, load: () -> NameGazetteer) -> NameGazetteer {
        lock.lock()
        defer { lock.unlock() }
        if let hit = entries[key] { return hit }
        let loaded = load()
        entries[key] = loaded
        return loaded
    }
}
