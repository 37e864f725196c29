/// Name-shaped words (session 5, tuned on the D-dev half of `Fixtures/phi-presidio` only): a capitalised word
/// that is not an ordinary English word (the gazetteer's `words` list), not a word of HPO terms, disease labels
/// or definitions, not a built-in non-name, laboratory or genetics word, and not an eponym in this text, is
/// taken for a person's name wherever it stands inside a sentence ("Why is Efisio so impulsive?", "Unlike the
/// Pudič novel"). At the start of a sentence, where every word is capitalised, it also needs the next token to
/// read as a person's ("Norea is …", "Korovina and …", "Jaroslava: …", "Kotoya Negishi"). Off without a word list.
extension NameRecognizer {
    /// A person's name found by its shape, with the rule name.
    func shapeName(at k: Int, eponyms: Set<String>) -> (Int, Int, String)? {
        guard nameShaped(k), !inCompound(k), !eponyms.contains(t.lower(k)), !isEponym(after: k), !thingFollows(k) else { return nil }
        // "Tanner III": a staging eponym before a Roman numeral.
        if k + 1 < t.tokens.count, t.isAllCaps(k + 1, minimum: 1), t.tokens[k + 1].length <= 4,
           t.s[t.tokens[k + 1].start..<t.tokens[k + 1].end].allSatisfy({ $0 == "I" || $0 == "V" || $0 == "X" }) { return nil }
        let first = givenNameBefore(k) ?? k
        let last = max(k, nameSequence(from: k, strong: false) ?? k)
        if firmOrTitle(first, k, last) { return nil }
        if first < k || !sentenceStart(k) { return (first, last, "shape_name") }
        guard sentenceStartEvidence(k, last) else { return nil }
        return (k, last, "shape_name")
    }

    /// Capitalised and none of: an English lower-case word, an HPO/disease word, a listed non-name, month,
    /// weekday, place or population, a laboratory or genetics word, an abbreviation with inner capitals.
    func nameShaped(_ k: Int) -> Bool {
        guard !gazetteer.commonWords.isEmpty, unknownWord(k) else { return false }
        let w = t.lower(k)
        // "Crx", "Shh", "Wnt": a short capitalised word without a vowel is a gene or protein symbol ("Ng" stays a name).
        if t.tokens[k].length >= 3, t.tokens[k].length <= 5, !w.unicodeScalars.contains(where: { "aeiouyäöüåáéíóúàèìòùâêîôû".unicodeScalars.contains($0) }) {
            return false
        }
        return !gazetteer.commonWords.contains(w) && !NameLexicon.laboratoryWords.contains(w)
            && !NameLexicon.populationWords.contains(w) && !NameLexicon.credentials.contains(w) && !technicalForm(w)
    }

    /// A known word in another form, for words outside the Census lists (a listed name is never explained away):
    /// a plural ("Lysates", "Ciliopathies"), a technical suffix or prefix ("Helicase", "Electropherograms",
    /// "Immunostained"), two known words run together ("Strikethrough", "Splicesite"), or a known word with one
    /// stray letter ("Tmutations", "Predictionb").
    func technicalForm(_ w: String) -> Bool {
        if gazetteer.anyGivenNames.contains(w) || gazetteer.familyNames.contains(w) || NameLexicon.givenNames.contains(w)
            || NameLexicon.familyNames.contains(w) { return false }
        func known(_ x: Substring) -> Bool {
            let s = String(x)
            return gazetteer.commonWords.contains(s) || gazetteer.vocabulary.contains(s) || NameLexicon.laboratoryWords.contains(s)
        }
        let scalars = w.unicodeScalars.count
        if w.hasSuffix("ies"), known(w.dropLast(3) + "y") { return true }
        if w.hasSuffix("es"), known(w.dropLast(2)) { return true }
        if w.hasSuffix("s"), known(w.dropLast()) { return true }
        if scalars >= 6, NameLexicon.technicalSuffixes.contains(where: { w.hasSuffix($0) }) { return true }
        if scalars >= 7, NameLexicon.technicalPrefixes.contains(where: { w.hasPrefix($0) }) { return true }
        if scalars >= 8, known(w.dropFirst()) || known(w.dropLast()) { return true }
        // "Reanalysis", "Nonsyndromic", "Coexpression": an English prefix before a known word of five or more letters.
        for prefix in ["re", "un", "non", "pre", "post", "co", "dis", "mis", "semi", "over", "under", "sub", "super", "de"]
        where w.hasPrefix(prefix) && scalars - prefix.count >= 5 {
            let rest = w.dropFirst(prefix.count)
            if known(rest) || rest.hasSuffix("s") && known(rest.dropLast()) { return true }
        }
        if scalars >= 8 {
            var cut = w.index(w.startIndex, offsetBy: 4)
            let stop = w.index(w.endIndex, offsetBy: -4)
            while cut <= stop {
                let head = w[..<cut], tail = w[cut...]
                if known(head), known(tail) || tail.hasSuffix("s") && known(tail.dropLast()) { return true }
                cut = w.index(after: cut)
            }
        }
        return false
    }

    /// A given name (listed, any spelling of the Census lists) or another name-shaped word right before `k`
    /// on the same line, particles allowed between: "Mark Gordon", "Laura Pudič", "Gene de Souza".
    private func givenNameBefore(_ k: Int) -> Int? {
        var p = k - 1
        // "Gene de Souza", "Anna van der Berg": particles between the given and the family name.
        while p >= 0, p >= k - 3, NameLexicon.particles.contains(t.lower(p)), !t.isCapitalised(p), !t.tokens[p + 1].lineBreakBefore { p -= 1 }
        guard p >= 0, t.tokens[k].spaceBefore, !t.tokens[p + 1].lineBreakBefore, t.isCapitalised(p), !inCompound(p) else { return nil }
        let w = t.lower(p)
        if NameLexicon.titles.contains(w) || NameLexicon.notNames.contains(w) && !NameLexicon.wordGivenNames.contains(w) { return nil }
        if DateRecognizer.months[w] != nil || DateRecognizer.weekdays[w] != nil || NameLexicon.functionWords.contains(w) { return nil }
        if gazetteer.anyGivenNames.contains(w) || NameLexicon.givenNames.contains(w) || nameShaped(p) { return p }
        return nil
    }

    /// The addressee of a postal address block: a line of two or three capitalised words, the first a given
    /// name of the Census lists, one or two lines above a line that starts with a house number and a capitalised
    /// street ("Mark Gordon\nOn Cue\n1788 Heritage Drive, Calgary"). Needs the lists.
    func envelopeNames() -> [PHICandidate] {
        guard !gazetteer.isEmpty else { return [] }
        var lines: [(first: Int, last: Int)] = []
        var a = 0
        while a < t.tokens.count {
            var b = a
            while b + 1 < t.tokens.count, !t.tokens[b + 1].lineBreakBefore { b += 1 }
            lines.append((a, b))
            a = b + 1
        }
        var out: [PHICandidate] = []
        for (index, line) in lines.enumerated() {
            let (a, b) = line
            guard b - a >= 1, b - a <= 2, (a...b).allSatisfy({ t.isCapitalised($0) || t.isInitial($0) }),
                  gazetteer.anyGivenNames.contains(t.lower(a)), !NameLexicon.notNames.contains(t.lower(a)),
                  !(a...b).contains(where: { NameLexicon.eponymHeads.contains(t.lower($0)) || NameLexicon.countriesAndStates.contains(t.lower($0)) })
            else { continue }
            let below = lines.dropFirst(index + 1).prefix(2)
            guard below.contains(where: { t.tokens[$0.first].kind == .digits && t.tokens[$0.first].length <= 5
                && $0.last > $0.first && t.isCapitalised($0.first + 1) }) else { continue }
            out.append(PHICandidate(start: t.tokens[a].start, end: t.tokens[b].end, category: .name, rule: "envelope_name",
                                    replacement: "[NAME]", priority: 44))
        }
        return out
    }

    /// A capitalised ordinary word inside the run makes it a firm or a title, not a person: "Magik Lamp",
    /// "De-Jaiz Mens Clothing", "the Playworld Garden Centre" (a listed given or family name is not such a word).
    private func firmOrTitle(_ first: Int, _ k: Int, _ last: Int) -> Bool {
        func ordinary(_ j: Int) -> Bool {
            guard j >= 0, j < t.tokens.count, t.isCapitalised(j) || t.isAllCaps(j, minimum: 2) else { return false }
            let w = t.lower(j)
            return gazetteer.commonWords.contains(w) && !gazetteer.anyGivenNames.contains(w) && !gazetteer.familyNames.contains(w)
                && !NameLexicon.givenNames.contains(w) && !NameLexicon.familyNames.contains(w) && !NameLexicon.titles.contains(w)
                && !NameLexicon.personContexts.contains(w) && !NameLexicon.nameLabels.contains(w)
        }
        if last > k, (k + 1...last).contains(where: { ordinary($0) }) { return true }
        if ordinary(last + 1), t.tokens[last + 1].spaceBefore, !t.tokens[last + 1].lineBreakBefore { return true }
        let p = first - 1
        return p >= 0 && t.tokens[first].spaceBefore && !t.tokens[first].lineBreakBefore && ordinary(p) && !sentenceStart(p)
    }

    /// At a sentence start the word needs a person's next token: a verb or another lower-case word, a comma,
    /// "and", a possessive, a speaker's colon at the start of a line, or another name.
    private func sentenceStartEvidence(_ k: Int, _ last: Int) -> Bool {
        if last > k { return true }
        let w = t.lower(k)
        if gazetteer.givenNames.contains(w) || gazetteer.familyNames.contains(w) { return true }
        let n = k + 1
        guard n < t.tokens.count, !t.tokens[n].lineBreakBefore else { return false }
        if t.isPunct(n, ":") { return t.tokens[k].lineBreakBefore }
        if t.isPunct(n, ",") || t.isPunct(n, "!") || t.isPunct(n, "?") { return true }
        if (t.isPunct(n, "'") || t.isPunct(n, "’")) && t.lower(n + 1) == "s" && t.touching(k, n) { return true }
        return t.tokens[n].kind == .alpha && !t.isCapitalised(n) && !t.isAllCaps(n, minimum: 1)
            && !NameLexicon.geneticContext.contains(t.lower(n))
    }

    /// The next word makes token `k` a thing, not a person: "Wnt signalling", "Takara buffer", "Gensearch software".
    private func thingFollows(_ k: Int) -> Bool {
        var n = k + 1
        if t.isPunct(n, "-"), t.touching(k, n) { n += 1 }
        let w = t.lower(n)
        return NameLexicon.thingHeads.contains(w) || NameLexicon.geneticContext.contains(w) && w.count > 1
    }
}

extension NameLexicon {
    /// Capitalised words of laboratory, genetics and clinical writing that English word lists and HPO leave out:
    /// amino acids, methods, organisms, instrument and reagent makers, databases and tools, note abbreviations,
    /// payers. Never a name by shape.
    static let laboratoryWords: Set<String> = [
        // Amino acids (three-letter codes) and protein notation.
        "ala", "arg", "asn", "asp", "cys", "gln", "glu", "gly", "his", "ile", "leu", "lys", "met", "phe", "pro", "ser",
        "thr", "trp", "tyr", "val", "ter", "sec", "pyl", "xaa", "asx", "glx", "fs", "del", "dup", "ins", "inv", "delins",
        // Methods and genetics terms.
        "exome", "exomes", "exon", "exons", "exonic", "intron", "introns", "intronic", "frameshift", "frameshifts", "indel",
        "indels", "inframe", "het", "hom", "chr", "cosegregation", "cosegregated", "cosegregates", "cosegregating",
        "segregation", "sanger", "taq", "haplotype", "haplotypes", "genotyping", "genotyped", "sequencer", "sequencers",
        "bioinformatics", "bioinformatic", "missense", "nonsense", "microdeletion", "microdeletions", "microduplication",
        "microduplications", "mosaicism", "trio", "trios", "supp", "suppl", "mutant", "mutants", "wildtype", "knockdown",
        "knockout", "morpholino", "morpholinos", "immunoblot", "immunoblotting", "immunofluorescence", "immunostaining",
        "immunohistochemistry", "cycler", "thermocycler", "amplicon", "amplicons", "primer", "primers", "plasmid",
        "plasmids", "transfection", "transfected", "lentiviral", "lentivirus", "minigene", "minigenes", "qpcr", "rt",
        "pcr", "nanopore", "pacbio", "hiseq", "miseq", "nextseq", "novaseq", "genome", "genomes", "transcriptome",
        "proteome", "methylome", "epigenome", "exomic", "heterozygosity", "homozygosity", "hemizygosity", "zygosity",
        "pedigree", "pedigrees", "consanguinity", "consanguineous", "proband", "probands", "splicing", "truncating",
        "scotopic", "photopic", "trichologic", "cephalometric", "echocardiography", "electroretinography",
        // Organisms.
        "drosophila", "escherichia", "saccharomyces", "danio", "xenopus", "caenorhabditis", "arabidopsis", "mus",
        "rattus", "homo", "sapiens", "musculus", "melanogaster", "elegans", "cerevisiae", "coli", "zebrafish",
        "brucella", "staphylococcus", "streptococcus", "listeria", "salmonella", "toxoplasma", "klebsiella",
        "pseudomonas", "mycobacterium", "haemophilus", "neisseria", "borrelia", "treponema", "chlamydia", "legionella",
        "bordetella", "clostridium", "clostridioides", "enterococcus", "aspergillus", "plasmodium", "giardia", "shigella",
        "yersinia", "rickettsia", "leishmania", "trypanosoma", "cryptococcus", "enterobacter", "acinetobacter",
        // Instrument, reagent and kit makers, sequencing providers (makers named after a person are left out).
        "illumina", "agilent", "qiagen", "invitrogen", "biosystems", "thermo", "thermofisher", "promega", "affymetrix",
        "takara", "macrogen", "applera", "lipofectamine", "zeiss", "leica", "olympus",
        "nikon", "sigma", "aldrich", "novogene", "bgi", "genedx", "ambry", "invitae", "centogene", "nimblegen",
        "biorad", "abcam", "millipore", "eppendorf", "clontech", "stratagene", "ambion", "sciex", "dharmacon", "genewiz",
        "eurofins", "qiaamp", "qiaquick", "dneasy", "rneasy", "superscript", "trizol", "sybr", "taqman",
        "geneseq", "genscript", "biotek", "corning", "gibco", "hyclone", "lonza",
        "dulbecco", "coomassie", "giemsa", "hoechst", "dapi", "fitc",
        // Databases, browsers and tools.
        "gnomad", "exac", "clinvar", "dbsnp", "dbvar", "omim", "hgmd", "polyphen", "sift", "mutationtaster", "cadd",
        "revel", "spliceai", "gatk", "bwa", "annovar", "samtools", "varsome", "alamut", "ensembl", "ucsc", "refseq",
        "genbank", "uniprot", "pubmed", "medline", "orphanet", "phenomizer", "gtex", "mutalyzer", "kaviar", "exomiser",
        "clustal", "clustalw", "pymol", "blast", "biomart", "genecards", "mgi", "zfin", "flybase", "wormbase", "decipher",
        "dgv", "exomedepth", "conifer", "xhmm", "lovd", "esp", "provean", "fathmm", "metasvm", "mutationassessor",
        "genomad", "varcards", "intervar", "clinvitae", "hpo", "monarch", "phenotips", "dbnsfp", "primer3", "snpeff", "vep",
        "integrative", "genomics", "viewer",
        // Clinical abbreviations and payers of a note's headers ("Hx:", "Acc#", "Insurance: Medicaid").
        "hx", "fhx", "pmh", "pmhx", "shx", "acc", "dx", "ddx", "rx", "tx", "sx", "px", "fx", "hpi", "ros", "imp", "recs",
        "obs", "peds", "gyn", "psych", "meds", "wt", "ht", "hc", "bp", "hr", "rr", "temp", "spo", "req", "mob", "ext",
        "attn", "encl", "dept", "lmp", "edd", "ga", "nb", "pps", "fyi", "asap", "approx", "avg", "preop", "postop",
        "plt", "hb", "hgb", "hct", "wbc", "rbc", "zmax", "lod", "medicaid", "medicare", "tricare", "medi", "cal", "aetna", "cigna", "humana", "bupa", "nhs", "hmo", "ppo",
    ]
    /// Endings of technical words that names (outside the Census lists) do not have (name endings such as
    /// "-vir", "-amine", "-emia" and "-hase" (Kohlhase) are left out; enzymes are matched by "-inase", "-idase" …).
    static let technicalSuffixes: [String] = [
        "inase", "icase", "igase", "ipase", "lease", "tease", "erase", "enase", "ctase", "thase", "idase", "atase",
        "olase", "ylase", "utase", "inases", "icases", "erases", "idases", "atases", "ography", "ographies", "ographic", "ogram", "ograms", "ometer", "ometers", "ometric", "ometry",
        "opathy", "opathies", "ology", "ologies", "ological", "ologic", "otomy", "ectomy", "itis", "osis",
        "aemia", "genic", "genetic", "genetics", "genesis", "somal", "zygote", "zygotes", "zygous", "ation", "ations",
        "ating", "ated", "ization", "isation", "morphic", "plasia", "plasty", "scopy", "lytic", "philic", "phobic",
        "oid", "oids", "azole", "mab", "nib", "cillin", "mycin", "pril", "sartan", "olol",
        "statin", "prazole", "dronate", "oquine", "azepam", "barbital", "ectomies", "ocyte", "ocytes", "oblast",
        "oblasts", "omere", "omeres", "osome", "osomes", "nucleotide", "nucleotides", "ological", "enzyme", "enzymes",
    ]
    /// Beginnings of technical words (checked on words of seven or more letters outside the Census lists; those
    /// that begin family names, "Poly-akov", "Vaso-vić", "Radio-nov", are left out).
    static let technicalPrefixes: [String] = [
        "hydroxy", "immuno", "electro", "cysto", "thrombo", "fluoro", "spectro", "phylo", "hetero", "ultra", "micro",
        "macro", "neuro", "cardio", "splice", "chromo", "cyto", "oligo", "patho", "pheno", "deubiquit", "ubiquit", "exo",
        "bio", "nano", "multi", "intra", "inter", "pharmaco", "photo", "myelo", "hemato", "haemato", "osteo",
        "chondro", "glyco", "proteo", "genom", "transcript", "methyl", "acetyl", "phospho", "amino", "nucleo",
        "endocrin", "gastro", "hepato", "nephro", "dermato", "ophthalm", "rhino", "laryngo", "broncho",
        "pneumo", "angio", "histo", "karyo", "homozyg", "heterozyg", "hemizyg",
        "pseudo", "hyper", "hypo", "dys",
    ]

    /// Words after a name-shaped word that make it a thing, not a person ("Wnt signalling", "Takara buffer").
    static let thingHeads: Set<String> = [
        "signaling", "signalling", "pathway", "pathways", "protein", "proteins", "domain", "domains", "family",
        "superfamily", "gene", "genes", "kit", "kits", "assay", "assays", "buffer", "medium", "media", "software",
        "database", "databases", "browser", "sequencer", "platform", "reagent", "reagents", "polymerase", "blot",
        "blots", "blotting", "antibody", "antibodies", "cells", "cell", "strain", "strains", "score", "scores",
        "algorithm", "tool", "tools", "package", "server", "program", "programme", "version", "system", "systems",
        "array", "arrays", "chip", "chips", "panel", "panels", "probe", "probes", "primer", "primers", "vector",
        "vectors", "plasmid", "tag", "receptor", "receptors", "ligand", "ligands", "channel", "channels", "complex",
        "inhibitor", "inhibitors", "agonist", "antagonist", "staining", "stain", "solution", "scanner", "microscope",
        "analyzer", "analyser", "instrument", "instruments", "method", "technique", "index", "ratio", "motif", "motifs",
        "repeat", "repeats", "region", "regions", "element", "elements", "box", "site", "sites", "syndrome", "disease",
        "mutation", "mutations", "variant", "variants", "allele", "alleles", "locus", "loci", "transcript", "isoform",
    ]
}
