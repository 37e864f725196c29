import Testing
import MendelCore
@testable import MendelVariants

@Suite("Interpretation policy")
struct PolicyTests {
    @Test func jsonRoundTripGivesTheDefault() throws {
        let json = ACMGPolicy.default.jsonValue
        #expect(try ACMGPolicy(json: json) == ACMGPolicy.default)
        // Encoded and decoded through JSON text too (what a YAML loader hands over is the same tree).
        let data = try CanonicalJSON.encode(json)
        let decoded = try JSONDecoder().decode(JSONValue.self, from: data)
        #expect(try ACMGPolicy(json: decoded) == ACMGPolicy.default)
    }

    @Test func missingKeysTakeDefaultsAndOverridesApply() throws {
        let json: JSONValue = ["combining": ["primary": "points"], "genes": ["GENEX": ["panel": "Test VCEP", "frequency": ["bs1": ["value": 0.002, "source": "spec"]]]]]
        let policy = try ACMGPolicy(json: json)
        #expect(policy.primary == .points)
        #expect(policy.frequencyThresholds(gene: "genex").bs1?.value == 0.002)
        #expect(policy.frequencyThresholds(gene: "genex").ba1 == ACMGPolicy.default.frequency.defaults.ba1)
        #expect(policy.genes["MECP2"] == nil)  // a genes map replaces the default table
    }

    @Test func invalidValuesAreRejectedWithThePath() {
        #expect(throws: ACMGError.invalidPolicy(path: "combining.primary", reason: "unknown value")) {
            try ACMGPolicy(json: ["combining": ["primary": "bayes"]])
        }
        #expect(throws: ACMGError.self) { try ACMGPolicy(json: ["frequency": ["defaults": ["ba1": ["value": 5.0]]]]) }
    }

    @Test func exceptionMatchingIgnoresTranscriptAndDeletedBases() {
        let p = ACMGPolicy.default
        #expect(p.frequencyException(gene: "GJB2", hgvsc: "NM_004004.6:c.35delG") != nil)
        #expect(p.frequencyException(gene: "gjb2", hgvsc: "c.109G>A") != nil)
        #expect(p.frequencyException(gene: "GJB2", hgvsc: "c.110G>A") == nil)
    }
}

import Foundation

@Suite("Interpretation policy strictness")
struct PolicyStrictnessTests {
    @Test func unknownKeysAreRejected() {
        #expect(throws: ACMGError.invalidPolicy(path: "combining.primray", reason: "unknown key")) {
            try ACMGPolicy(json: ["combining": ["primray": "points"]])
        }
        #expect(throws: ACMGError.self) { try ACMGPolicy(json: ["thresholds": [:]]) }
    }
}
