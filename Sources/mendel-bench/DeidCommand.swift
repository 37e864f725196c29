import ArgumentParser
import Foundation
import MendelCrypto
import MendelInference

/// `mendel-bench deid`: de-identifies a JSONL set of notes and, where the lines carry gold spans, reports
/// per-category recall and precision and the genetics-preservation rate (Fixtures/phi/README.md).
struct DeidCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deid",
        abstract: "De-identify {\"id\",\"text\",\"patient\"?,\"phi\"?,\"genetics\"?} JSONL; score against gold spans when present.")

    @Option(name: .customLong("in"), help: "Input JSONL (Fixtures/phi/phi-set.jsonl format).")
    var input: String

    @Option(name: .customLong("out"), help: "Output JSONL: {\"id\",\"text\",\"replacements\"}.")
    var output: String

    @Option(name: .customLong("report"), help: "Also write the metrics as JSON.")
    var report: String?

    @Option(name: .customLong("split"), help: "Only lines whose \"split\" is one of these (comma-separated), e.g. B or dev,holdout.")
    var split: String?

    @Option(name: .customLong("max-shift-days"), help: "Largest date shift in days.")
    var maxShiftDays: Int = 365

    @Option(name: .customLong("names"), help: "Census name lists (scripts/fetch-names; default data/names when present); \"none\": built-in rules only.")
    var names: String?

    @Option(name: .customLong("hpo"), help: "HPO release for the words the name lists must not hide (scripts/fetch-kb).")
    var hpo: String = "data/hpo"

    struct Span: Codable { var start: Int; var end: Int; var category: String? }
    struct PatientLine: Codable {
        var pseudonym: String?
        var given: [String]?
        var family: [String]?
        var identifiers: [String]?
    }
    struct Line: Codable {
        var id: String
        var split: String?
        var text: String
        var patient: PatientLine?
        var phi: [Span]?
        var genetics: [Span]?
    }
    struct OutputLine: Codable {
        var id: String
        var text: String
        var replacements: [PHIReplacement]
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: input) else { throw ValidationError("cannot read \(input)") }
        // A fixed benchmark key: the shift values are arbitrary but reproducible.
        var keyBytes = SHA256.hash(Array("mendel-bench deid".utf8))
        var gazetteer = NameGazetteer.empty
        let names = self.names ?? (FileManager.default.fileExists(atPath: "data/names/dist.all.last") ? "data/names" : "none")
        if self.names == nil, names == "none" {
            FileHandle.standardError.write(Data("name lists: none (data/names missing: run scripts/fetch-names); built-in rules only\n".utf8))
        }
        if names != "none" {
            guard FileManager.default.fileExists(atPath: names + "/dist.all.last") else {
                throw ValidationError("no name lists in \(names): run scripts/fetch-names, or pass --names none")
            }
            let hpoDirectory = FileManager.default.fileExists(atPath: hpo + "/hp.obo") ? hpo : nil
            let clock = ContinuousClock.now
            gazetteer = try NameGazetteer.load(namesDirectory: names, hpoDirectory: hpoDirectory)
            let sizes = gazetteer.sizes
            FileHandle.standardError.write(Data("name lists: \(sizes.given) given, \(sizes.family) family, \(sizes.vocabulary) HPO words, \(gazetteer.commonWordCount) English words\(hpoDirectory == nil ? " (no HPO: eponyms less protected)" : ""), loaded in \(ContinuousClock.now - clock)\n".utf8))
        }
        let deidentifier = Deidentifier(dateShiftKey: SecretKey(copying: keyBytes), maxShiftDays: maxShiftDays, gazetteer: gazetteer)
        wipe(&keyBytes)
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let splits = split.map { Set($0.split(separator: ",").map(String.init)) }
        var out = Data()
        var score = DeidScore()
        var characters = 0
        var seconds = 0.0
        for (number, raw) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !raw.allSatisfy({ $0 == 32 || $0 == 13 }) {
            let line: Line
            do { line = try decoder.decode(Line.self, from: Data(raw)) } catch {
                throw ValidationError("line \(number + 1) is not a valid record")
            }
            if let wanted = splits, !wanted.contains(line.split ?? "") { continue }
            let p = line.patient
            let patient = PatientIdentity(pseudonym: p?.pseudonym ?? line.id, givenNames: p?.given ?? [],
                                          familyNames: p?.family ?? [], identifiers: p?.identifiers ?? [])
            let clock = ContinuousClock.now
            let result = deidentifier.deidentify(line.text, patient: patient)
            let elapsed = ContinuousClock.now - clock
            seconds += Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            characters += line.text.unicodeScalars.count
            out += try encoder.encode(OutputLine(id: line.id, text: result.text, replacements: result.replacements))
            out.append(UInt8(ascii: "\n"))
            if let gold = line.phi {
                score.add(gold: gold.map { ($0.start..<$0.end, $0.category ?? "") }, genetics: (line.genetics ?? []).map { $0.start..<$0.end },
                          original: line.text, result: result)
            }
        }
        guard FileManager.default.createFile(atPath: output, contents: out) else { throw ValidationError("cannot write \(output)") }
        let rate = seconds > 0 ? Double(characters) / seconds : 0
        var text = score.table()
        text += String(format: "throughput: %.0f characters/s (%d characters)\n", rate, characters)
        FileHandle.standardError.write(Data(text.utf8))
        if let report {
            var json = score.json()
            json["characters_per_second"] = rate
            let bytes = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .prettyPrinted])
            guard FileManager.default.createFile(atPath: report, contents: bytes) else { throw ValidationError("cannot write \(report)") }
        }
    }
}

/// Span-level scoring. A gold span is recalled when replacements cover every non-space character of it
/// (whatever category they carry: removal is what protects); a replacement is a true positive when it
/// overlaps some gold span. Genetics spans are preserved when no replacement touches them.
struct DeidScore {
    var goldTotal: [String: Int] = [:]
    var goldFound: [String: Int] = [:]
    var goldFoundSameCategory: [String: Int] = [:]
    var predicted: [String: Int] = [:]
    var predictedCorrect: [String: Int] = [:]
    var geneticsTotal = 0
    var geneticsKept = 0
    var documents = 0

    mutating func add(gold: [(Range<Int>, String)], genetics: [Range<Int>], original: String, result: DeidentifiedText) {
        documents += 1
        let scalars = Array(original.unicodeScalars)
        for (span, category) in gold {
            goldTotal[category, default: 0] += 1
            let covering = result.replacements.filter { $0.originalStart < span.upperBound && span.lowerBound < $0.originalEnd }
            let covered = span.allSatisfy { i in
                i >= scalars.count || scalars[i].properties.isWhitespace || scalars[i] == "," || scalars[i] == "."
                    || covering.contains { $0.originalStart <= i && i < $0.originalEnd }
            }
            if covered && !covering.isEmpty {
                goldFound[category, default: 0] += 1
                if covering.contains(where: { $0.category.rawValue == category }) { goldFoundSameCategory[category, default: 0] += 1 }
            }
        }
        for r in result.replacements {
            let category = r.category.rawValue
            predicted[category, default: 0] += 1
            if gold.contains(where: { $0.0.lowerBound < r.originalEnd && r.originalStart < $0.0.upperBound }) {
                predictedCorrect[category, default: 0] += 1
            }
        }
        for span in genetics {
            geneticsTotal += 1
            if !result.replacements.contains(where: { $0.originalStart < span.upperBound && span.lowerBound < $0.originalEnd }) {
                geneticsKept += 1
            }
        }
    }

    var categories: [String] {
        let order = PHICategory.allCases.map(\.rawValue)
        return order.filter { goldTotal[$0] != nil || predicted[$0] != nil }
    }

    func ratio(_ a: Int?, _ b: Int?) -> Double? {
        guard let b, b > 0 else { return nil }
        return Double(a ?? 0) / Double(b)
    }

    func table() -> String {
        func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "  -  " }
        var s = "documents: \(documents)\ncategory     gold  recall  recall(same category)  predicted  precision\n"
        var allGold = 0, allFound = 0, allPredicted = 0, allCorrect = 0
        for c in categories {
            s += c.padding(toLength: 12, withPad: " ", startingAt: 0)
                + String(format: " %5d", goldTotal[c] ?? 0) + "  " + f(ratio(goldFound[c], goldTotal[c]))
                + "   " + f(ratio(goldFoundSameCategory[c], goldTotal[c])) + "                "
                + String(format: "%5d", predicted[c] ?? 0) + "      " + f(ratio(predictedCorrect[c], predicted[c])) + "\n"
            allGold += goldTotal[c] ?? 0
            allFound += goldFound[c] ?? 0
            allPredicted += predicted[c] ?? 0
            allCorrect += predictedCorrect[c] ?? 0
        }
        s += "all         " + String(format: " %5d", allGold) + "  " + f(ratio(allFound, allGold)) + "                            "
            + String(format: "%5d", allPredicted) + "      " + f(ratio(allCorrect, allPredicted)) + "\n"
        s += "genetics preserved: \(geneticsKept)/\(geneticsTotal) = " + f(ratio(geneticsKept, geneticsTotal)) + "\n"
        return s
    }

    func json() -> [String: Any] {
        var perCategory: [String: Any] = [:]
        for c in categories {
            perCategory[c] = [
                "gold": goldTotal[c] ?? 0, "recall": ratio(goldFound[c], goldTotal[c]) as Any,
                "recall_same_category": ratio(goldFoundSameCategory[c], goldTotal[c]) as Any,
                "predicted": predicted[c] ?? 0, "precision": ratio(predictedCorrect[c], predicted[c]) as Any,
            ]
        }
        return ["documents": documents, "categories": perCategory,
                "genetics_total": geneticsTotal, "genetics_preserved": geneticsKept,
                "genetics_preservation_rate": ratio(geneticsKept, geneticsTotal) as Any]
    }
}
