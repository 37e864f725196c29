import Testing
@testable import MendelPhenotype

@Suite struct GeneMentionTests {
    let recognizer = GeneMentionRecognizer(lexicon: GeneLexicon(genes: [
        .init(symbol: "FBN1", ncbiGeneID: 2200, names: ["fibrillin 1"]),
        .init(symbol: "KIT", ncbiGeneID: 3815), .init(symbol: "MET", ncbiGeneID: 4233),
        .init(symbol: "NKX2-5", ncbiGeneID: 1482), .init(symbol: "SCN1A", ncbiGeneID: 6323),
        .init(symbol: "CP", ncbiGeneID: 1356),
    ]))

    @Test func unambiguousSymbolsAndNames() {
        let mentions = recognizer.recognize("Marfan syndrome is caused by FBN1 (fibrillin 1); NKX2-5 and SCN1A too.")
        #expect(mentions.map(\.text) == ["FBN1", "fibrillin 1", "NKX2-5", "SCN1A"])
        #expect(mentions.allSatisfy { $0.symbol != nil })
        #expect(mentions[1].symbol == "FBN1")
    }

    @Test func commonWordSymbolsNeedGeneticContext() {
        #expect(recognizer.recognize("We met the family; the kit was used. MET was discussed.").isEmpty)
        #expect(recognizer.recognize("A KIT mutation was found.").map(\.symbol) == ["KIT"])
        #expect(recognizer.recognize("Heterozygous variant in MET.").map(\.symbol) == ["MET"])
        #expect(recognizer.recognize("CP was ruled out clinically.").isEmpty)
    }

    @Test func hgvsWithTranscriptAndProtein() throws {
        let text = "Heterozygous NM_000138.5(FBN1):c.1585C>T p.(Arg529*) and c.-23+1G>A; g.48712345del; p.R123W."
        let mentions = recognizer.recognize(text).filter { $0.kind == .hgvs }
        #expect(mentions.map(\.text) == ["NM_000138.5(FBN1):c.1585C>T", "p.(Arg529*)", "c.-23+1G>A", "g.48712345del", "p.R123W"])
        let first = try #require(mentions.first?.hgvs)
        #expect(first.referenceAccession == "NM_000138")
        #expect(first.referenceVersion == 5)
        #expect(first.referenceGene == "FBN1")
        #expect(first.level == "c" && first.change == "1585C>T")
        #expect(mentions.first?.symbol == "FBN1")
    }

    @Test func notHGVS() {
        #expect(recognizer.recognize("See p. 12 and e.g. c. elegans; cf. 3.5 mg.").filter { $0.kind == .hgvs }.isEmpty)
    }

    @Test func rsIDs() {
        let mentions = recognizer.recognize("SNP rs121913530 and RS80357906, not rsA or cars123.")
        #expect(mentions.filter { $0.kind == .rsID }.map(\.text) == ["rs121913530", "rs80357906"])
    }

    @Test func offsetsAreScalarOffsets() {
        let text = "Ünïcode: FBN1 c.1585C>T"
        let mentions = recognizer.recognize(text)
        let scalars = Array(text.unicodeScalars)
        for m in mentions {
            #expect(String(String.UnicodeScalarView(scalars[m.start..<m.end])) == m.text)
        }
    }

    @Test func linksToCaseVariants() throws {
        let variants = [
            CaseVariantReference(id: "v1", geneSymbol: "FBN1", hgvs: ["NM_000138.4:c.1585C>T"]),
            CaseVariantReference(id: "v2", geneSymbol: "SCN1A", rsID: "rs121913530"),
        ]
        let mentions = recognizer.recognize("FBN1 NM_000138.5:c.1585C>T; rs121913530.")
        let hgvs = try #require(mentions.first { $0.kind == .hgvs })
        #expect(hgvs.linkedVariants(in: variants) == ["v1"])
        let rs = try #require(mentions.first { $0.kind == .rsID })
        #expect(rs.linkedVariants(in: variants) == ["v2"])
        let symbol = try #require(mentions.first { $0.kind == .symbol })
        #expect(symbol.linkedVariants(in: variants) == ["v1"])
    }
}
