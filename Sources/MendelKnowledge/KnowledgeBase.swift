import Foundation
import MendelCore

/// The loaded, immutable knowledge base: HPO ontology, disease annotations, genes, inheritance modes and
/// precomputed indexes. Safe to share between threads.
///
/// Extension points: further resources (ClinVar, per-ancestry frequencies, gene constraint, GO) are added
/// as new `KnowledgeSourceKind`s in the manifest and as further stored properties here, each with its own
/// index type, loaded from the same snapshot directory; the gene look-ups below are the join keys.
public final class KnowledgeBase: Sendable {
    /// Manifest of the files this KB was built from; `version` is its content hash.
    public let manifest: KnowledgeManifest
    public let ontology: Ontology
    /// Diseases sorted by id.
    public let diseases: [Disease]
    /// Genes sorted by symbol.
    public let genes: [Gene]
    /// Information content per ontology term index: −ln(fraction of diseases annotated to the term or a
    /// descendant), over positive phenotype annotations; terms no disease uses get −ln(1/N).
    public let informationContent: [Double]
    /// What the importer normalised or dropped.
    public let importReport: ImportReport
    private let diseaseIndexByID: [DiseaseID: Int32]
    private let geneIndexBySymbol: [String: Int32]
    private let geneIndexByNCBI: [UInt32: Int32]
    private let diseasesByGene: [[Int32]]

    /// Content hash of the source files; recorded in every decision's provenance.
    public var version: String { manifest.version }

    /// Loads a snapshot (a directory with `manifest.json`, verified) or a plain directory with the HPO
    /// release files (`hp.obo`, `phenotype.hpoa`, `genes_to_phenotype.txt` or `phenotype_to_genes.txt`).
    public static func load(directory: URL) throws(KnowledgeError) -> KnowledgeBase {
        let manifestURL = directory.appendingPathComponent(KnowledgeManifest.fileName)
        let sources: KnowledgeSources
        if FileManager.default.fileExists(atPath: manifestURL.path) {
            sources = try KnowledgeSources.read(snapshot: directory, manifest: KnowledgeSources.readManifest(manifestURL))
        } else {
            sources = try KnowledgeSources.read(plainDirectory: directory)
        }
        return try KnowledgeBase(sources: sources)
    }

    init(sources: KnowledgeSources) throws(KnowledgeError) {
        let parsed = try ParsedSources.parse(sources)
        let ontology = parsed.ontology
        let annotationFile = parsed.annotations
        let associations = parsed.associations
        manifest = try KnowledgeManifest(files: parsed.entries, hpoRelease: parsed.oboFile.dataVersion,
                                         annotationRelease: annotationFile.version)
        self.ontology = ontology
        var report = ImportReport()

        // Diseases sorted by id, annotations normalised to current terms.
        let sortedDiseases = annotationFile.diseases.sorted { $0.id < $1.id }
        var diseaseIndexByID: [DiseaseID: Int32] = [:]
        for (position, entry) in sortedDiseases.enumerated() { diseaseIndexByID[entry.id] = Int32(position) }

        // Genes sorted by symbol (then NCBI id), associations both ways.
        var geneByNCBI: [UInt32: Gene] = [:]
        for association in associations where geneByNCBI[association.gene.ncbiGeneID] == nil {
            geneByNCBI[association.gene.ncbiGeneID] = association.gene
        }
        let genes = geneByNCBI.values.sorted { ($0.symbol, $0.ncbiGeneID) < ($1.symbol, $1.ncbiGeneID) }
        var geneIndexByNCBI: [UInt32: Int32] = [:], geneIndexBySymbol: [String: Int32] = [:]
        for (position, gene) in genes.enumerated() {
            geneIndexByNCBI[gene.ncbiGeneID] = Int32(position)
            if geneIndexBySymbol[gene.symbol] == nil { geneIndexBySymbol[gene.symbol] = Int32(position) }
        }
        var genesByDisease = [[Int32]](repeating: [], count: sortedDiseases.count)
        var diseasesByGene = [[Int32]](repeating: [], count: genes.count)
        for association in associations {
            guard let gene = geneIndexByNCBI[association.gene.ncbiGeneID] else { continue }
            guard let disease = diseaseIndexByID[association.disease] else {
                report.geneAssociationsWithoutDisease += 1
                continue
            }
            genesByDisease[Int(disease)].append(gene)
            diseasesByGene[Int(gene)].append(disease)
        }
        for index in genesByDisease.indices { genesByDisease[index] = Array(Set(genesByDisease[index])).sorted() }
        for index in diseasesByGene.indices { diseasesByGene[index] = Array(Set(diseasesByGene[index])).sorted() }

        var diseases: [Disease] = []
        diseases.reserveCapacity(sortedDiseases.count)
        for (position, entry) in sortedDiseases.enumerated() {
            var annotations: [PhenotypeAnnotation] = []
            annotations.reserveCapacity(entry.annotations.count)
            var inheritance: [InheritanceMode] = []
            for var annotation in entry.annotations {
                switch ontology.resolve(annotation.term) {
                case .current: break
                case .alternate(let primary): annotation.term = primary; report.alternateIDsMapped += 1
                case .replaced(let target): annotation.term = target; report.obsoleteTermsReplaced += 1
                case .obsoleteWithoutReplacement, .unknown:
                    report.annotationsDropped += 1
                    if report.droppedTermExamples.count < 20 { report.droppedTermExamples.append(annotation.term.description) }
                    continue
                }
                if annotation.aspect == .inheritance, !annotation.negated, let index = ontology.index(of: annotation.term) {
                    let mode = InheritanceMode(term: annotation.term, category: InheritanceMode.category(of: index, in: ontology))
                    if !inheritance.contains(mode) { inheritance.append(mode) }
                }
                annotations.append(annotation)
            }
            diseases.append(Disease(id: entry.id, name: entry.name, annotations: annotations,
                                    geneIndices: genesByDisease[position], inheritance: inheritance))
        }

        self.informationContent = Self.informationContent(ontology: ontology, diseases: diseases)
        self.diseases = diseases
        self.genes = genes
        self.importReport = report
        self.diseaseIndexByID = diseaseIndexByID
        self.geneIndexBySymbol = geneIndexBySymbol
        self.geneIndexByNCBI = geneIndexByNCBI
        self.diseasesByGene = diseasesByGene
    }

    private static func informationContent(ontology: Ontology, diseases: [Disease]) -> [Double] {
        var counts = [Int32](repeating: 0, count: ontology.count)
        var stamp = [Int32](repeating: -1, count: ontology.count)
        for (position, disease) in diseases.enumerated() {
            let marker = Int32(position)
            for annotation in disease.annotations where annotation.aspect == .phenotype && !annotation.negated {
                guard let index = ontology.index(of: annotation.term) else { continue }
                for ancestor in ontology.ancestors(ofIndex: index) where stamp[Int(ancestor)] != marker {
                    stamp[Int(ancestor)] = marker
                    counts[Int(ancestor)] += 1
                }
            }
        }
        let total = Double(max(diseases.count, 1))
        return counts.map { -Foundation.log(Double(max($0, 1)) / total) }
    }

    // MARK: - Look-ups

    /// Position of a disease in `diseases`.
    public func diseaseIndex(of id: DiseaseID) -> Int? { diseaseIndexByID[id].map(Int.init) }

    public func disease(_ id: DiseaseID) -> Disease? { diseaseIndex(of: id).map { diseases[$0] } }

    /// Genes associated with a disease, sorted by symbol.
    public func genes(for disease: DiseaseID) -> [Gene] {
        guard let index = diseaseIndex(of: disease) else { return [] }
        return diseases[index].geneIndices.map { genes[Int($0)] }
    }

    /// Diseases associated with a gene (by HGNC symbol as in the HPO release), sorted by id.
    public func diseases(forGene symbol: String) -> [DiseaseID] {
        guard let gene = geneIndexBySymbol[symbol] ?? geneIndexBySymbol[symbol.uppercased()] else { return [] }
        return diseasesByGene[Int(gene)].map { diseases[Int($0)].id }
    }

    public func gene(symbol: String) -> Gene? { geneIndexBySymbol[symbol].map { genes[Int($0)] } }
    public func gene(ncbiGeneID: UInt32) -> Gene? { geneIndexByNCBI[ncbiGeneID].map { genes[Int($0)] } }

    /// Modes of inheritance of a disease (aspect I annotations).
    public func inheritanceModes(for disease: DiseaseID) -> [InheritanceMode] {
        self.disease(disease)?.inheritance ?? []
    }

    /// Information content of a term (resolving alt_ids and obsolete ids), nil when unknown.
    public func informationContent(of term: HPOTermID) -> Double? {
        ontology.resolvedIndex(term).map { informationContent[Int($0)] }
    }
}
