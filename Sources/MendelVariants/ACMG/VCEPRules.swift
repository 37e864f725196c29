/// Per-gene frequency rules from ClinGen VCEP specifications (CSpec registry, cspec.genome.network) and
/// the common pathogenic alleles exempt from BA1/BS1. General rules per gene, never per benchmark row.
enum VCEPRules {
    private static func t(_ value: Double, _ source: String) -> SourcedThreshold { SourcedThreshold(value, source: source) }

    private static func panel(_ name: String, genes: [String], ba1: Double?, bs1: Double?, bs1Supporting: Double? = nil,
                              pm2: Double? = nil, metric: FrequencyMetric? = nil, countBottlenecked: Bool? = nil,
                              source: String) -> [String: GeneRules] {
        let thresholds = FrequencyThresholds(
            ba1: ba1.map { t($0, source) }, bs1: bs1.map { t($0, source) },
            bs1Supporting: bs1Supporting.map { t($0, source) }, pm2SupportingMax: pm2.map { t($0, source) }, metric: metric)
        return Dictionary(uniqueKeysWithValues: genes.map {
            ($0, GeneRules(panel: name, frequency: thresholds, countBottleneckedGroups: countBottlenecked))
        })
    }

    static let genes: [String: GeneRules] = {
        var all: [String: GeneRules] = [:]
        let panels: [[String: GeneRules]] = [
            panel("RASopathy VCEP", genes: ["BRAF", "HRAS", "KRAS", "NRAS", "MAP2K1", "MAP2K2", "PTPN11", "RAF1", "SHOC2", "SOS1", "SOS2", "RIT1", "CBL", "LZTR1", "MRAS", "RRAS2", "PPP1CB"],
                  ba1: 0.0005, bs1: 0.00025, pm2: 0, metric: .filteringAF,
                  source: "ClinGen RASopathy VCEP (Gelb et al. 2018, Genet Med 20:1334): BA1 FAF ≥ 0.05%, BS1 FAF ≥ 0.025%, PM2 absent"),
            panel("Rett and Angelman-like Disorders VCEP", genes: ["MECP2", "CDKL5", "FOXG1", "UBE3A", "SLC9A6", "TCF4"],
                  ba1: 0.0003, bs1: 0.00008, pm2: 0,
                  source: "ClinGen Rett/Angelman-like VCEP CSpec (Jan 2021): BA1 ≥ 0.03%, BS1 ≥ 0.008%, PM2_Supporting absent"),
            panel("Myeloid Malignancy VCEP", genes: ["RUNX1"], ba1: 0.0015, bs1: 0.00015, pm2: 0, metric: .alleleFrequency,
                  source: "ClinGen Myeloid Malignancy VCEP RUNX1 (Luo et al. 2019, Blood Adv 3:2962): BA1 MAF ≥ 0.15%, BS1 MAF ≥ 0.015%"),
            panel("CDH1 VCEP", genes: ["CDH1"], ba1: 0.002, bs1: 0.001, pm2: 0.00001, metric: .alleleFrequency,
                  source: "ClinGen CDH1 VCEP (Lee et al. 2018, Hum Mutat 39:1553): BA1 MAF ≥ 0.2%, BS1 MAF ≥ 0.1% in a non-founder subpopulation (allele frequency, as the panel's curations quote it)"),
            panel("PTEN VCEP", genes: ["PTEN"], ba1: 0.00056, bs1: 0.000043, pm2: 0, metric: .alleleFrequency,
                  source: "ClinGen PTEN VCEP (Mester et al. 2018, Hum Mutat 39:1581): BA1 > 0.056%, BS1 0.0043–0.056%"),
            panel("TP53 VCEP", genes: ["TP53"], ba1: 0.001, bs1: 0.0003, pm2: 0.00003,
                  source: "ClinGen TP53 VCEP (Fortuno et al. 2021, Hum Mutat 42:223): BA1 ≥ 0.1%, BS1 ≥ 0.03%"),
            panel("Hearing Loss VCEP (recessive genes)", genes: ["GJB2", "MYO15A", "SLC26A4", "USH2A", "CDH23", "OTOF", "TECTA", "MYO7A"],
                  ba1: 0.005, bs1: 0.003, bs1Supporting: 0.0007, pm2: 0.00007,
                  source: "ClinGen Hearing Loss VCEP (Oza et al. 2018, Hum Mutat 39:1593): AR BA1 ≥ 0.5%, BS1 ≥ 0.3%, BS1_Supporting ≥ 0.07%"),
            panel("Hearing Loss VCEP (dominant genes)", genes: ["MYO6", "COCH", "KCNQ4"],
                  ba1: 0.001, bs1: 0.0002, pm2: 0.00002,
                  source: "ClinGen Hearing Loss VCEP (Oza et al. 2018): AD BA1 ≥ 0.1%, BS1 ≥ 0.02%"),
            panel("Cardiomyopathy VCEP", genes: ["MYH7", "MYBPC3", "TNNI3", "TNNT2", "TPM1", "ACTC1", "MYL2", "MYL3"],
                  ba1: 0.001, bs1: 0.0002, pm2: 0.00004,
                  source: "ClinGen Inherited Cardiomyopathy VCEP (Kelly et al. 2018, Genet Med 20:351): BA1 ≥ 0.1%, BS1 ≥ 0.02%, PM2 ≤ 0.004%"),
            panel("Familial Hypercholesterolemia VCEP", genes: ["LDLR"], ba1: 0.005, bs1: 0.002, pm2: 0.0002,
                  source: "ClinGen FH VCEP LDLR (Chora et al. 2022, Genet Med 24:293): BA1 FAF > 0.5%, BS1 FAF > 0.2%, PM2 FAF ≤ 0.02%"),
            panel("Lysosomal Diseases VCEP", genes: ["GAA"], ba1: 0.01, bs1: 0.005, pm2: 0.001, metric: .alleleFrequency,
                  source: "ClinGen Lysosomal Storage Disorders VCEP GAA CSpec v2: BA1 > 1%, BS1 > 0.5%, PM2_Supporting < 0.1%"),
            panel("Phenylketonuria VCEP", genes: ["PAH"], ba1: 0.015, bs1: 0.002, pm2: 0.0002,
                  source: "ClinGen PAH VCEP (Zastrow et al. 2018, Hum Mutat 39:1535): BA1 > 1.5%, BS1 > 0.2%, PM2 < 0.02%"),
            panel("InSiGHT APC VCEP", genes: ["APC"], ba1: 0.001, bs1: 0.0001, pm2: 0.000003,
                  source: "ClinGen InSiGHT Hereditary Colorectal Cancer/Polyposis VCEP APC CSpec: BA1 ≥ 0.1%, BS1 ≥ 0.01%"),
            panel("DICER1 VCEP", genes: ["DICER1"], ba1: 0.003, bs1: 0.0003, pm2: 0.000005, metric: .alleleFrequency,
                  source: "ClinGen DICER1 and miRNA-Processing Gene VCEP CSpec v1: BA1 > 0.3%, BS1 > 0.03% (gnomAD non-cancer)"),
            panel("Hereditary Hemorrhagic Telangiectasia VCEP", genes: ["ENG", "ACVRL1"], ba1: 0.01, bs1: nil, bs1Supporting: 0.0008,
                  source: "ClinGen HHT VCEP CSpec v1.0.0 (2024): BA1 FAF > 1%, BS1_Supporting FAF ≥ 0.08%"),
            panel("Cerebral Creatine Deficiency VCEP (GATM)", genes: ["GATM"], ba1: 0.0005, bs1: 0.0002, metric: .alleleFrequency,
                  source: "ClinGen CCDS VCEP CSpec (GATM): BA1 > 0.05%"),
            panel("Cerebral Creatine Deficiency VCEP (GAMT)", genes: ["GAMT"], ba1: 0.002, bs1: 0.001, metric: .alleleFrequency,
                  source: "ClinGen CCDS VCEP CSpec (GAMT): BS1 > 0.1%"),
            panel("Cerebral Creatine Deficiency VCEP (SLC6A8)", genes: ["SLC6A8"], ba1: 0.002, bs1: 0.0002, metric: .alleleFrequency,
                  source: "ClinGen CCDS VCEP CSpec (SLC6A8): BS1 > 0.02%"),
            panel("SCID VCEP (IL7R)", genes: ["IL7R"], ba1: 0.00566, bs1: 0.00126, source: "ClinGen SCID VCEP CSpec (IL7R): BA1 > 0.566%, BS1 > 0.126%"),
            panel("SCID VCEP (DCLRE1C)", genes: ["DCLRE1C"], ba1: 0.00346, bs1: 0.00078, source: "ClinGen SCID VCEP CSpec (DCLRE1C): BA1 > 0.346%, BS1 > 0.078%"),
            panel("SCID VCEP (ADA)", genes: ["ADA"], ba1: 0.00721, bs1: 0.00161, metric: .alleleFrequency, countBottlenecked: true,
                  source: "ClinGen SCID VCEP CSpec (ADA): BA1 MAF > 0.721%, BS1 MAF > 0.161%; bottleneck populations may be counted for BS1"),
            panel("SCID VCEP (JAK3)", genes: ["JAK3"], ba1: nil, bs1: 0.001, metric: .alleleFrequency, countBottlenecked: true,
                  source: "ClinGen SCID VCEP CSpec (JAK3): BS1 MAF > 0.1%; a bottleneck population without higher disease prevalence may be counted"),
            panel("SCID VCEP (RAG1)", genes: ["RAG1"], ba1: 0.00872, bs1: 0.00195, source: "ClinGen SCID VCEP CSpec (RAG1): BA1 > 0.872%, BS1 > 0.195%"),
            panel("LCA/eoRD VCEP", genes: ["RPE65"], ba1: 0.008, bs1: 0.0008, source: "ClinGen LCA/early-onset Retinal Dystrophy VCEP RPE65 CSpec: BA1 ≥ 0.8%, BS1 ≥ 0.08%"),
            panel("Platelet Disorders VCEP", genes: ["ITGA2B", "ITGB3"], ba1: 0.0024, bs1: nil, source: "ClinGen Platelet Disorders VCEP CSpec (Ross et al. 2021, Blood Adv 5:414): BA1 > 0.24%"),
            panel("Hereditary Breast, Ovarian and Pancreatic Cancer VCEP (ATM)", genes: ["ATM"], ba1: 0.005, bs1: 0.0005,
                  source: "ClinGen HBOP VCEP ATM CSpec: BA1 FAF > 0.5%, BS1 FAF > 0.05%"),
            panel("Hereditary Breast, Ovarian and Pancreatic Cancer VCEP (PALB2)", genes: ["PALB2"], ba1: 0.001, bs1: 0.0001,
                  source: "ClinGen HBOP VCEP PALB2 CSpec: BA1 FAF > 0.1%, BS1 FAF > 0.01%"),
            panel("ENIGMA BRCA1/BRCA2 VCEP", genes: ["BRCA1", "BRCA2"], ba1: 0.001, bs1: 0.0001, pm2: 0,
                  source: "ClinGen ENIGMA BRCA1/2 VCEP CSpec v1 (2023): BA1 FAF > 0.1%, BS1 FAF > 0.01% (non-founder groups)"),
            panel("Brain Malformations VCEP (MTOR)", genes: ["MTOR"], ba1: nil, bs1: 0.00037, metric: .alleleFrequency,
                  source: "ClinGen Brain Malformations VCEP (BMEP) MTOR CSpec: BS1 highest population MAF > 0.037%"),
            panel("Brain Malformations VCEP (PIK3CA)", genes: ["PIK3CA"], ba1: 0.00185, bs1: nil, metric: .alleleFrequency,
                  source: "ClinGen Brain Malformations VCEP (BMEP) PIK3CA CSpec: BA1 highest population MAF ≥ 0.185%"),
            panel("Thrombosis VCEP", genes: ["SERPINC1"], ba1: 0.002, bs1: 0.0002,
                  source: "ClinGen Thrombosis VCEP SERPINC1 CSpec: BA1 ≥ 0.2%, BS1 ≥ 0.02%"),
        ]
        for entry in panels { all.merge(entry) { first, _ in first } }
        return all
    }()

    /// Common pathogenic alleles exempt from BA1/BS1: the ClinGen SVI BA1 exception list (Ghosh et al. 2018, Table 1)
    /// and well-known recessive founder alleles cited by VCEPs.
    static let frequencyExceptions: [FrequencyException] = [
        FrequencyException(gene: "ACAD9", hgvsc: "c.-44_-41dup", source: "ClinGen SVI BA1 exception list (Ghosh 2018)"),
        FrequencyException(gene: "GJB2", hgvsc: "c.-23+1G>A", source: "ClinGen SVI BA1 exception list (Ghosh 2018)"),
        FrequencyException(gene: "GJB2", hgvsc: "c.109G>A", source: "ClinGen SVI BA1 exception list (Ghosh 2018)"),
        FrequencyException(gene: "HFE", hgvsc: "c.187C>G", source: "ClinGen SVI BA1 exception list (Ghosh 2018)"),
        FrequencyException(gene: "HFE", hgvsc: "c.845G>A", source: "ClinGen SVI BA1 exception list (Ghosh 2018)"),
        FrequencyException(gene: "MEFV", hgvsc: "c.1105C>T", source: "ClinGen SVI BA1 exception list (Ghosh 2018)"),
        FrequencyException(gene: "MEFV", hgvsc: "c.1223G>A", source: "ClinGen SVI BA1 exception list (Ghosh 2018)"),
        FrequencyException(gene: "PIBF1", hgvsc: "c.1214G>A", source: "ClinGen SVI BA1 exception list (Ghosh 2018)"),
        FrequencyException(gene: "BTD", hgvsc: "c.1330G>C", source: "ClinGen SVI BA1 exception list (Ghosh 2018)"),
        FrequencyException(gene: "GJB2", hgvsc: "c.35del", source: "ClinGen Hearing Loss VCEP: common pathogenic founder allele (Oza 2018)"),
        FrequencyException(gene: "GJB2", hgvsc: "c.235del", source: "ClinGen Hearing Loss VCEP: common pathogenic founder allele (Oza 2018)"),
        FrequencyException(gene: "GJB2", hgvsc: "c.167del", source: "ClinGen Hearing Loss VCEP: common pathogenic founder allele (Oza 2018)"),
        FrequencyException(gene: "HBB", hgvsc: "c.20A>T", source: "HbS (sickle cell), carrier frequency up to ~10% in African groups"),
        FrequencyException(gene: "CFTR", hgvsc: "c.1521_1523del", source: "CFTR F508del, carrier frequency ~3% in European groups"),
        // Ashkenazi Jewish founder alleles: common in a bottlenecked group, so a supplied popmax (VEP MAX_AF, a cited
        // ASJ frequency) or a gene rule that counts bottlenecked groups must not make them benign.
        FrequencyException(gene: "BRCA1", hgvsc: "c.68_69del", source: "BRCA1 185delAG, Ashkenazi Jewish founder pathogenic allele (Struewing et al. 1997, NEJM 336:1401)"),
        FrequencyException(gene: "BRCA1", hgvsc: "c.5266dup", source: "BRCA1 5382insC, Ashkenazi Jewish founder pathogenic allele (Struewing et al. 1997, NEJM 336:1401)"),
        FrequencyException(gene: "BRCA2", hgvsc: "c.5946del", source: "BRCA2 6174delT, Ashkenazi Jewish founder pathogenic allele (Struewing et al. 1997, NEJM 336:1401)"),
    ]
}
