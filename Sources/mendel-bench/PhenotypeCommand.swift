import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MendelCore
import MendelInference
import MendelKnowledge
import MendelPhenotype

/// `mendel-bench phenotype`: HPO concept recognition over a JSONL corpus, in the prediction format of
/// `shared/benchmarks/phenotype/README.md`. Prints timing (characters per second) to stderr.
struct PhenotypeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "phenotype",
        abstract: "Recognise HPO terms in {\"id\",\"text\"} JSONL and write {\"id\",\"terms\":[{\"hpo\",\"negated\"}]} JSONL.")

    @Option(name: .customLong("hpo-dir"), help: "Directory holding hp.obo.")
    var hpoDirectory: String

    @Option(name: .customLong("model"), help: "Sentence-encoder directory (e.g. data/models/all-minilm-l6-v2) for the embedding fallback.")
    var modelDirectory: String?

    @Option(name: .customLong("embedding-threshold"),
            help: "Cosine similarity a span needs to take a term from the embedding fallback (0.87: pooled 2-fold CV optimum on DEV).")
    var embeddingThreshold: Float = 0.87

    @Option(name: .customLong("embedding-cache"),
            help: "File holding all embedded lexicon names (embedded up front and written if absent or stale, read otherwise). Without it, names are embedded lazily, on first need.")
    var embeddingCache: String?

    @Option(name: .customLong("embedding-candidates"),
            help: "Compare a span with the names sharing its N rarest lexicon words (0 = any shared word).")
    var embeddingCandidates = 1

    @Option(name: .customLong("in"), help: "Input JSONL, one {\"id\",\"text\"} per line.")
    var input: String

    @Option(name: .customLong("out"), help: "Output JSONL.")
    var output: String

    @Flag(name: .customLong("exclude-uncertain"), help: "Do not report possible (uncertain) findings as present.")
    var excludeUncertain = false

    @Flag(name: .customLong("exclude-family"), help: "Do not report findings asserted only for relatives as present.")
    var excludeFamily = false

    @Flag(name: .customLong("keep-nested"), inversion: .prefixedNo,
          help: "Report terms matched inside longer matches too (gold corpora annotate nested mentions).")
    var keepNested = false

    @Flag(name: .customLong("all-matches"),
          help: "Analysis: report every overlapping dictionary match (no overlap resolution), as FastHPOCR does.")
    var keepAllMatches = false

    @Flag(name: .customLong("measurements"), inversion: .prefixedNo,
          help: "Report terms inferred from growth measurements (\"OFC <3rd percentile\"). Off by default: the gold corpora annotate phrases, not numbers.")
    var includeMeasurements = false

    @Option(name: .customLong("mentions"), help: "Also write every mention with span, rule and assertion (JSONL).")
    var mentionsOutput: String?

    @Flag(name: .customLong("negation-probe"),
          help: "Read gold JSONL (with mention spans) from --in, put every mention into affirmed and negated sentence templates, and write a JSON summary to --out.")
    var negationProbe = false

    @Option(name: .customLong("repeat"), help: "Run recognition this many times (timing only).")
    var repeatCount = 1

    private struct InputDocument: Decodable { var id: String; var text: String }
    private struct OutputTerm: Encodable { var hpo: String; var negated: Bool }
    private struct OutputDocument: Encodable { var id: String; var terms: [OutputTerm] }
    private struct MentionDocument: Encodable { var id: String; var mentions: [PhenotypeMention] }

    func run() throws {
        let oboURL = URL(fileURLWithPath: hpoDirectory).appendingPathComponent("hp.obo")
        let loadStart = Date()
        let oboBytes = try [UInt8](Data(contentsOf: oboURL))
        let lexicon = try ConceptLexicon(oboBytes: oboBytes)
        let recognizer = try PhenotypeRecognizer(lexicon: lexicon, options: .init(useMeasurements: includeMeasurements, keepNestedMatches: keepNested, keepAllMatches: keepAllMatches))
        let loadSeconds = Date().timeIntervalSince(loadStart)
        var fallback: EmbeddingFallback?
        if let modelDirectory {
            let encoderStart = Date()
            let encoder = try SentenceEncoder(directory: URL(fileURLWithPath: modelDirectory))
            let embedder = SentenceEncoderEmbedder(encoder: encoder)
            let names = EmbeddingFallback.names(of: lexicon).names
            let key = EmbeddingCache.key(names: names, dimension: embedder.dimension)
            let cached = embeddingCache.flatMap { EmbeddingCache.read(path: $0, key: key) }
            fallback = try EmbeddingFallback(lexicon: lexicon, embedder: embedder, threshold: embeddingThreshold,
                                             cachedMatrix: cached, eager: embeddingCache != nil,
                                             candidateWords: embeddingCandidates)
            if let embeddingCache, cached == nil, let fallback {
                try EmbeddingCache.write(path: embeddingCache, key: key, matrix: fallback.matrix)
            }
            FileHandle.standardError.write(Data(String(format: "phenotype: embedded %d lexicon names in %.1f s\n",
                                                       fallback?.names.count ?? 0, Date().timeIntervalSince(encoderStart)).utf8))
        }

        if negationProbe {
            try NegationProbe.run(recognizer: recognizer, input: input, output: output)
            return
        }
        let inputData = try Data(contentsOf: URL(fileURLWithPath: input))
        var documents: [InputDocument] = []
        let decoder = JSONDecoder()
        for (number, line) in inputData.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            do {
                documents.append(try decoder.decode(InputDocument.self, from: Data(line)))
            } catch {
                throw PhenotypeError.malformedInput(line: number + 1, reason: "expected {\"id\",\"text\"}")
            }
        }
        let characters = documents.reduce(0) { $0 + $1.text.unicodeScalars.count }

        var analyses: [PhenotypeAnalysis] = []
        let clock = ContinuousClock()
        let cpuStart = threadCPUSeconds()
        let elapsed = clock.measure {
            for _ in 0..<max(1, repeatCount) {
                if let fallback {
                    analyses = documents.map { (try? recognizer.recognize($0.text, fallback: fallback)) ?? recognizer.recognize($0.text) }
                } else {
                    analyses = documents.map { recognizer.recognize($0.text) }
                }
            }
        }
        let cpuSeconds = threadCPUSeconds() - cpuStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var out = Data()
        for (document, analysis) in zip(documents, analyses) {
            var terms: [OutputTerm] = analysis.observed.map { OutputTerm(hpo: $0.term.description, negated: false) }
            if !excludeUncertain { terms += analysis.uncertain.map { OutputTerm(hpo: $0.term.description, negated: false) } }
            if !excludeFamily { terms += analysis.family.map { OutputTerm(hpo: $0.term.description, negated: false) } }
            terms += analysis.excluded.map { OutputTerm(hpo: $0.term.description, negated: true) }
            out.append(try encoder.encode(OutputDocument(id: document.id, terms: terms)))
            out.append(UInt8(ascii: "\n"))
        }
        try out.write(to: URL(fileURLWithPath: output))
        if let mentionsOutput {
            var lines = Data()
            for (document, analysis) in zip(documents, analyses) {
                lines.append(try encoder.encode(MentionDocument(id: document.id, mentions: analysis.mentions)))
                lines.append(UInt8(ascii: "\n"))
            }
            try lines.write(to: URL(fileURLWithPath: mentionsOutput))
        }
        let rate = Double(characters * max(1, repeatCount)) / max(seconds, 1e-9)
        let cpuRate = Double(characters * max(1, repeatCount)) / max(cpuSeconds, 1e-9)
        let summary = String(format: "phenotype: %d documents, %d characters, lexicon load %.2f s, recognition %.3f s wall / %.3f s CPU (x%d), %.0f chars/s wall, %.0f chars/s per core (CPU time)\n",
                             documents.count, characters, loadSeconds, seconds, cpuSeconds, max(1, repeatCount), rate, cpuRate)
        FileHandle.standardError.write(Data(summary.utf8))
    }
}

/// Embedded lexicon names on disk: 8-byte key (FNV-1a of the names and the dimension), then Float32 rows.
enum EmbeddingCache {
    static func key(names: [String], dimension: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for name in names {
            for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            hash = (hash ^ 0x0a) &* 0x100_0000_01b3
        }
        return (hash ^ UInt64(dimension)) &* 0x100_0000_01b3
    }

    static func read(path: String, key: UInt64) -> [Float]? {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 8, (data.count - 8) % 4 == 0 else { return nil }
        let stored = data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
        guard stored == key else { return nil }
        var matrix = [Float](repeating: 0, count: (data.count - 8) / 4)
        matrix.withUnsafeMutableBytes { target in _ = data.dropFirst(8).copyBytes(to: target) }
        return matrix
    }

    static func write(path: String, key: UInt64, matrix: [Float]) throws {
        var data = Data()
        withUnsafeBytes(of: key) { data.append(contentsOf: $0) }
        matrix.withUnsafeBytes { data.append(contentsOf: $0) }
        try data.write(to: URL(fileURLWithPath: path))
    }
}

/// CPU time of the calling thread (single-threaded recognition: characters per CPU second = per core).
private func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// The negation probe of issue 7: every gold mention in one affirmed and several negated templates; a negated
/// sentence must never yield a term that the affirmed sentence yields as present.
fileprivate enum NegationProbe {
    private struct GoldTerm: Decodable { var start: Int?; var end: Int?; var text: String? }
    private struct GoldDocument: Decodable { var id: String; var text: String; var terms: [GoldTerm]? }

    static let affirmed = "The patient has {m}."
    static let negated = [
        "The patient has no {m}.", "She denies {m}.", "There was no evidence of {m}.", "Negative for {m}.",
        "He was born without {m}.", "{M} was not observed.", "{M} was ruled out.", "No {m}, but normal growth.",
        "Examination: {m} absent.", "There is no {m} or other anomaly.",
    ]

    static func run(recognizer: PhenotypeRecognizer, input: String, output: String) throws {
        var mentions = Set<String>()
        let decoder = JSONDecoder()
        for path in input.split(separator: ",") {
            let data = try Data(contentsOf: URL(fileURLWithPath: String(path)))
            for (number, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
                guard let document = try? decoder.decode(GoldDocument.self, from: Data(line)) else {
                    throw PhenotypeError.malformedInput(line: number + 1, reason: "expected a gold document")
                }
                let scalars = Array(document.text.unicodeScalars)
                for term in document.terms ?? [] {
                    var surface = term.text ?? ""
                    if let start = term.start, let end = term.end, start >= 0, end <= scalars.count, start < end {
                        surface = String(String.UnicodeScalarView(scalars[start..<end]))
                    }
                    let cleaned = surface.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                    if !cleaned.isEmpty { mentions.insert(cleaned) }
                }
            }
        }
        var recognisedAffirmed = 0, negatedSentences = 0, violations = 0, anyPresent = 0
        var examples: [String] = []
        for mention in mentions.sorted() {
            let lower = mention.prefix(1).lowercased() + mention.dropFirst()
            let upper = mention.prefix(1).uppercased() + mention.dropFirst()
            func fill(_ template: String) -> String {
                template.replacingOccurrences(of: "{m}", with: lower).replacingOccurrences(of: "{M}", with: upper)
            }
            let present = Set(recognizer.recognize(fill(affirmed)).observed.map(\.term))
            guard !present.isEmpty else { continue }
            recognisedAffirmed += 1
            for template in negated {
                negatedSentences += 1
                let observed = Set(recognizer.recognize(fill(template)).observed.map(\.term))
                if !observed.isEmpty { anyPresent += 1 }
                if !observed.isDisjoint(with: present) {
                    violations += 1
                    if examples.count < 60 { examples.append("\(fill(template)) [\(observed.intersection(present).map(\.description).sorted().joined(separator: ","))]") }
                }
            }
        }
        let summary: [String: Any] = [
            "distinct_mentions": mentions.count, "mentions_recognised_affirmed": recognisedAffirmed,
            "negated_sentences": negatedSentences, "negated_as_present": violations,
            "negated_as_present_rate": negatedSentences == 0 ? 0 : Double(violations) / Double(negatedSentences),
            "negated_sentences_with_any_present_term": anyPresent, "violating_templates": examples,
        ]
        let data = try JSONSerialization.data(withJSONObject: summary, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: output))
        FileHandle.standardError.write(data)
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
