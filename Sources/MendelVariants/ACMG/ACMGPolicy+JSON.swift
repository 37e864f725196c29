import MendelCore

extension ACMGPolicy {
    /// Reads a policy tree (the YAML of `Policies/interpretation.yaml` as loaded by MendelPolicy).
    /// Keys that are absent take the value of `ACMGPolicy.default`; keys that are present must be valid.
    public init(json: JSONValue) throws(ACMGError) {
        let d = ACMGPolicy.default
        guard let root = json.objectValue else { throw .invalidPolicy(path: "$", reason: "expected a mapping") }
        let r = PolicyReader(root: root, path: "")
        try r.onlyKeys(["version", "combining", "frequency", "genes", "frequency_exceptions", "predictors", "vcf"])
        let combining = try r.object("combining")
        try combining?.onlyKeys(["primary", "acmg2015", "points"])
        let a = try combining?.object("acmg2015")
        try a?.onlyKeys(["svi_very_strong_plus_supporting", "two_very_strong_pathogenic", "lone_strong_benign_likely_benign", "conflict_reading"])
        let p = try combining?.object("points")
        try p?.onlyKeys(["stand_alone_benign", "pathogenic_min", "likely_pathogenic_min", "likely_benign_max", "benign_max"])
        let f = try r.object("frequency")
        try f?.onlyKeys(["min_allele_number", "bottlenecked_groups", "use_bottlenecked_for_benign",
                         "use_allele_frequency_when_filtering_missing", "defaults", "bs2_min_homozygotes"])

        var genes = d.genes
        if let geneMap = try r.object("genes") {
            genes = [:]
            for (name, value) in geneMap.root {
                guard let obj = value.objectValue else { throw .invalidPolicy(path: "genes.\(name)", reason: "expected a mapping") }
                let g = PolicyReader(root: obj, path: "genes.\(name)")
                try g.onlyKeys(["panel", "frequency", "system", "count_bottlenecked_groups"])
                var frequency: FrequencyThresholds?
                if let fr = try g.object("frequency") { frequency = try fr.thresholds() }
                genes[name.uppercased()] = GeneRules(
                    panel: try g.string("panel") ?? name,
                    frequency: frequency,
                    system: try g.enumValue("system", CombiningSystem.self),
                    countBottleneckedGroups: try g.bool("count_bottlenecked_groups"))
            }
        }
        var exceptions = d.frequencyExceptions
        if let list = try r.array("frequency_exceptions") {
            exceptions = []
            for (i, v) in list.enumerated() {
                guard let obj = v.objectValue else { throw .invalidPolicy(path: "frequency_exceptions[\(i)]", reason: "expected a mapping") }
                let e = PolicyReader(root: obj, path: "frequency_exceptions[\(i)]")
                try e.onlyKeys(["gene", "hgvsc", "suppresses", "source"])
                guard let gene = try e.string("gene"), let hgvsc = try e.string("hgvsc") else {
                    throw .invalidPolicy(path: "frequency_exceptions[\(i)]", reason: "gene and hgvsc are required")
                }
                exceptions.append(FrequencyException(gene: gene, hgvsc: hgvsc, suppresses: try e.strings("suppresses") ?? ["BA1", "BS1", "BS2"],
                                                     source: try e.string("source") ?? ""))
            }
        }
        var predictors = d.predictors
        if let map = try r.object("predictors") {
            predictors = [:]
            for (name, value) in map.root {
                guard let obj = value.objectValue else { throw .invalidPolicy(path: "predictors.\(name)", reason: "expected a mapping") }
                let pr = PolicyReader(root: obj, path: "predictors.\(name)")
                try pr.onlyKeys(["pathogenic", "benign", "source"])
                predictors[name] = PredictorThresholds(pathogenic: try pr.strengthMap("pathogenic"), benign: try pr.strengthMap("benign"),
                                                       source: try pr.string("source") ?? "")
            }
        }
        let vcf = try r.object("vcf")
        try vcf?.onlyKeys(["malformed_lines"])
        self.init(
            version: try r.string("version") ?? d.version,
            primary: try combining?.enumValue("primary", CombiningSystem.self) ?? d.primary,
            acmg2015: ACMG2015Options(
                sviVeryStrongPlusSupporting: try a?.bool("svi_very_strong_plus_supporting") ?? d.acmg2015.sviVeryStrongPlusSupporting,
                twoVeryStrongPathogenic: try a?.bool("two_very_strong_pathogenic") ?? d.acmg2015.twoVeryStrongPathogenic,
                loneStrongBenignLikelyBenign: try a?.bool("lone_strong_benign_likely_benign") ?? d.acmg2015.loneStrongBenignLikelyBenign,
                conflictReading: try a?.enumValue("conflict_reading", ConflictReading.self) ?? d.acmg2015.conflictReading),
            points: PointsOptions(
                standAloneBenign: try p?.enumValue("stand_alone_benign", StandAloneBenignPoints.self) ?? d.points.standAloneBenign,
                pathogenicMin: try p?.int("pathogenic_min") ?? d.points.pathogenicMin,
                likelyPathogenicMin: try p?.int("likely_pathogenic_min") ?? d.points.likelyPathogenicMin,
                likelyBenignMax: try p?.int("likely_benign_max") ?? d.points.likelyBenignMax,
                benignMax: try p?.int("benign_max") ?? d.points.benignMax),
            frequency: FrequencyPolicy(
                minAlleleNumber: try f?.int("min_allele_number") ?? d.frequency.minAlleleNumber,
                bottleneckedGroups: try f?.strings("bottlenecked_groups") ?? d.frequency.bottleneckedGroups,
                useBottleneckedForBenign: try f?.bool("use_bottlenecked_for_benign") ?? d.frequency.useBottleneckedForBenign,
                useAlleleFrequencyWhenFilteringMissing: try f?.bool("use_allele_frequency_when_filtering_missing")
                    ?? d.frequency.useAlleleFrequencyWhenFilteringMissing,
                defaults: try ACMGPolicy.defaultThresholds(f) ?? d.frequency.defaults,
                bs2MinHomozygotes: try f?.int("bs2_min_homozygotes") ?? d.frequency.bs2MinHomozygotes),
            genes: genes,
            frequencyExceptions: exceptions,
            predictors: predictors,
            malformedLines: try vcf?.enumValue("malformed_lines", MalformedLinePolicy.self) ?? d.malformedLines)
    }

    private static func defaultThresholds(_ f: PolicyReader?) throws(ACMGError) -> FrequencyThresholds? {
        guard let o = try f?.object("defaults") else { return nil }
        return try o.thresholds()
    }

    /// The policy as a JSON tree with the keys `init(json:)` reads (the layout of interpretation.yaml).
    public var jsonValue: JSONValue {
        func threshold(_ t: SourcedThreshold?) -> JSONValue? { t.map { ["value": .number($0.value), "source": .string($0.source)] } }
        func thresholds(_ t: FrequencyThresholds) -> JSONValue {
            var o: [String: JSONValue] = [:]
            o["ba1"] = threshold(t.ba1); o["bs1"] = threshold(t.bs1); o["bs1_supporting"] = threshold(t.bs1Supporting)
            o["pm2_supporting_max"] = threshold(t.pm2SupportingMax)
            if let m = t.metric { o["metric"] = .string(m.rawValue) }
            return .object(o)
        }
        func strengths(_ m: [EvidenceStrength: Double]) -> JSONValue {
            .object(Dictionary(uniqueKeysWithValues: m.map { ($0.key.rawValue, JSONValue.number($0.value)) }))
        }
        var geneObjects: [String: JSONValue] = [:]
        for (name, rules) in genes {
            var o: [String: JSONValue] = ["panel": .string(rules.panel)]
            if let f = rules.frequency { o["frequency"] = thresholds(f) }
            if let s = rules.system { o["system"] = .string(s.rawValue) }
            if let c = rules.countBottleneckedGroups { o["count_bottlenecked_groups"] = .bool(c) }
            geneObjects[name] = .object(o)
        }
        return [
            "version": .string(version),
            "combining": [
                "primary": .string(primary.rawValue),
                "acmg2015": [
                    "svi_very_strong_plus_supporting": .bool(acmg2015.sviVeryStrongPlusSupporting),
                    "two_very_strong_pathogenic": .bool(acmg2015.twoVeryStrongPathogenic),
                    "lone_strong_benign_likely_benign": .bool(acmg2015.loneStrongBenignLikelyBenign),
                    "conflict_reading": .string(acmg2015.conflictReading.rawValue),
                ],
                "points": [
                    "stand_alone_benign": .string(points.standAloneBenign.rawValue),
                    "pathogenic_min": .number(Double(points.pathogenicMin)),
                    "likely_pathogenic_min": .number(Double(points.likelyPathogenicMin)),
                    "likely_benign_max": .number(Double(points.likelyBenignMax)),
                    "benign_max": .number(Double(points.benignMax)),
                ],
            ],
            "frequency": [
                "min_allele_number": .number(Double(frequency.minAlleleNumber)),
                "bottlenecked_groups": .array(frequency.bottleneckedGroups.map { .string($0) }),
                "use_bottlenecked_for_benign": .bool(frequency.useBottleneckedForBenign),
                "use_allele_frequency_when_filtering_missing": .bool(frequency.useAlleleFrequencyWhenFilteringMissing),
                "defaults": thresholds(frequency.defaults),
                "bs2_min_homozygotes": .number(Double(frequency.bs2MinHomozygotes)),
            ],
            "genes": .object(geneObjects),
            "frequency_exceptions": .array(frequencyExceptions.map {
                ["gene": .string($0.gene), "hgvsc": .string($0.hgvsc), "suppresses": .array($0.suppresses.map { .string($0) }),
                 "source": .string($0.source)]
            }),
            "predictors": .object(predictors.mapValues {
                ["pathogenic": strengths($0.pathogenic), "benign": strengths($0.benign), "source": .string($0.source)]
            }),
            "vcf": ["malformed_lines": .string(malformedLines.rawValue)],
        ]
    }
}

/// Typed access to one mapping of the policy tree, with the path for error messages.
struct PolicyReader {
    let root: [String: JSONValue]
    let path: String

    /// Rejects keys this engine does not define (strict loading, like the other policy files).
    func onlyKeys(_ allowed: Set<String>) throws(ACMGError) {
        if let unknown = root.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw .invalidPolicy(path: at(unknown), reason: "unknown key")
        }
    }

    private func at(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func object(_ key: String) throws(ACMGError) -> PolicyReader? {
        guard let v = root[key], v != .null else { return nil }
        guard let o = v.objectValue else { throw .invalidPolicy(path: at(key), reason: "expected a mapping") }
        return PolicyReader(root: o, path: at(key))
    }
    func array(_ key: String) throws(ACMGError) -> [JSONValue]? {
        guard let v = root[key], v != .null else { return nil }
        guard let a = v.arrayValue else { throw .invalidPolicy(path: at(key), reason: "expected a list") }
        return a
    }
    func string(_ key: String) throws(ACMGError) -> String? {
        guard let v = root[key], v != .null else { return nil }
        guard let s = v.stringValue else { throw .invalidPolicy(path: at(key), reason: "expected text") }
        return s
    }
    func strings(_ key: String) throws(ACMGError) -> [String]? {
        guard let a = try array(key) else { return nil }
        var out: [String] = []
        for item in a {
            guard let s = item.stringValue else { throw .invalidPolicy(path: at(key), reason: "expected a list of text") }
            out.append(s)
        }
        return out
    }
    func number(_ key: String) throws(ACMGError) -> Double? {
        guard let v = root[key], v != .null else { return nil }
        if let n = v.doubleValue { return n }
        // YAML loaders may hand numbers over as text.
        if let s = v.stringValue, let n = Double(s) { return n }
        throw .invalidPolicy(path: at(key), reason: "expected a number")
    }
    func int(_ key: String) throws(ACMGError) -> Int? {
        guard let n = try number(key) else { return nil }
        guard n.rounded() == n, abs(n) < 1e9 else { throw .invalidPolicy(path: at(key), reason: "expected an integer") }
        return Int(n)
    }
    func bool(_ key: String) throws(ACMGError) -> Bool? {
        guard let v = root[key], v != .null else { return nil }
        if let b = v.boolValue { return b }
        if let s = v.stringValue?.lowercased(), s == "true" || s == "false" { return s == "true" }
        throw .invalidPolicy(path: at(key), reason: "expected true or false")
    }
    func enumValue<E: RawRepresentable>(_ key: String, _ type: E.Type) throws(ACMGError) -> E? where E.RawValue == String {
        guard let s = try string(key) else { return nil }
        guard let e = E(rawValue: s) else { throw .invalidPolicy(path: at(key), reason: "unknown value") }
        return e
    }
    func threshold(_ key: String) throws(ACMGError) -> SourcedThreshold? {
        if let n = root[key]?.doubleValue { return SourcedThreshold(n, source: "") }
        guard let o = try object(key) else { return nil }
        try o.onlyKeys(["value", "source"])
        guard let value = try o.number("value") else { throw .invalidPolicy(path: at(key), reason: "value is required") }
        guard value >= 0, value <= 1 else { throw .invalidPolicy(path: at(key), reason: "frequency must be within 0...1") }
        return SourcedThreshold(value, source: try o.string("source") ?? "")
    }
    func thresholds() throws(ACMGError) -> FrequencyThresholds {
        try onlyKeys(["ba1", "bs1", "bs1_supporting", "pm2_supporting_max", "metric"])
        return FrequencyThresholds(ba1: try threshold("ba1"), bs1: try threshold("bs1"), bs1Supporting: try threshold("bs1_supporting"),
                            pm2SupportingMax: try threshold("pm2_supporting_max"),
                            metric: try enumValue("metric", FrequencyMetric.self))
    }
    func strengthMap(_ key: String) throws(ACMGError) -> [EvidenceStrength: Double] {
        guard let o = try object(key) else { return [:] }
        var out: [EvidenceStrength: Double] = [:]
        for name in o.root.keys {
            guard let s = EvidenceStrength(suffix: name) else { throw .invalidPolicy(path: o.at(name), reason: "unknown strength") }
            out[s] = try o.number(name)
        }
        return out
    }
}
