import Testing
import MendelCore
@testable import MendelPhenotype

@Suite struct AssertionTests {
    let id = FixtureSupport.id
    let seizure = FixtureSupport.id(1250)
    let hypotonia = FixtureSupport.id(1252)

    @Test(arguments: [
        "No seizures.", "He denies seizures.", "Without seizures.", "Negative for seizures.", "Seizures were not observed.",
        "Seizures were ruled out.", "Absence of seizures.", "Free of seizures since birth.", "There is no evidence of seizures.",
        "Seizures: absent.", "She has never had seizures.", "He did not have any seizures.", "Seizures are absent.",
    ])
    func negationTriggers(_ sentence: String) throws {
        let analysis = try FixtureSupport.analyse(sentence)
        #expect(analysis.excludedIDs == [seizure], "\(sentence)")
        #expect(!analysis.observedIDs.contains(seizure), "\(sentence)")
    }

    @Test func negationCoversAListUntilATerminator() throws {
        let analysis = try FixtureSupport.analyse("No seizures, hypotonia or ataxia, but scoliosis was noted.")
        #expect(analysis.excludedIDs == [seizure, hypotonia, id(1251)])
        #expect(analysis.observedIDs == [id(2650)])
    }

    @Test(arguments: ["however", "but", "although"])
    func conjunctionsEndNegationScope(_ conjunction: String) throws {
        let analysis = try FixtureSupport.analyse("No seizures, \(conjunction) marked hypotonia.")
        #expect(analysis.excludedIDs == [seizure])
        #expect(analysis.observedIDs == [hypotonia])
    }

    @Test(arguments: ["No change in seizure frequency.", "Not only seizures but also hypotonia.", "No increase in seizures."])
    func pseudoNegationsDoNotNegate(_ sentence: String) throws {
        let analysis = try FixtureSupport.analyse(sentence)
        #expect(analysis.observedIDs.contains(seizure), "\(sentence)")
        #expect(analysis.excludedIDs.isEmpty, "\(sentence)")
    }

    @Test func negationWordInsideTheTermIsNotATrigger() throws {
        let analysis = try FixtureSupport.analyse("Absent thumbs bilaterally.")
        #expect(analysis.observedIDs == [id(9777)])
    }

    @Test func postTriggerOnlyClosesItsClause() throws {
        // "absent" here modifies the next item of the list, it does not negate the items before it.
        let analysis = try FixtureSupport.analyse("He has hypotonia, scoliosis, absent thumbs and ataxia.")
        #expect(analysis.observedIDs == [hypotonia, id(2650), id(9777), id(1251)])
    }

    @Test(arguments: ["Possible seizures.", "Suspected seizures.", "Seizures cannot be ruled out.", "Seizures?", "Seizures are suspected."])
    func uncertainty(_ sentence: String) throws {
        let analysis = try FixtureSupport.analyse(sentence)
        #expect(analysis.uncertainIDs == [seizure], "\(sentence)")
        #expect(analysis.observedIDs.isEmpty && analysis.excludedIDs.isEmpty, "\(sentence)")
    }

    @Test(arguments: ["His mother has seizures.", "Family history of seizures.", "Seizures in his brother.", "A maternal uncle with seizures."])
    func familyHistory(_ sentence: String) throws {
        let analysis = try FixtureSupport.analyse(sentence)
        #expect(analysis.familyIDs == [seizure], "\(sentence)")
        #expect(analysis.observedIDs.isEmpty, "\(sentence)")
    }

    @Test func familyScopeEndsAtTheProband() throws {
        let analysis = try FixtureSupport.analyse("His mother reported that he has seizures.")
        #expect(analysis.observedIDs == [seizure])
    }

    @Test func negatedFamilyHistoryIsNotAPatientFinding() throws {
        let analysis = try FixtureSupport.analyse("No family history of seizures.")
        #expect(analysis.observedIDs.isEmpty && analysis.excludedIDs.isEmpty)
        #expect(analysis.mentions.first?.assertion == Assertion(presence: .absent, experiencer: .family,
                                                                 triggers: ["negation:no", "family:family history of"]))
    }

    @Test func pastHistoryIsObservedAndMarkedHistorical() throws {
        let analysis = try FixtureSupport.analyse("History of seizures in infancy.")
        #expect(analysis.observedIDs == [seizure])
        #expect(analysis.mentions.first?.assertion.temporality == .historical)
    }

    @Test func hypotheticalIsNotObserved() throws {
        let analysis = try FixtureSupport.analyse("He is at risk of seizures.")
        #expect(analysis.observedIDs.isEmpty)
    }

    @Test func affirmedMentionWinsAtDocumentLevel() throws {
        let analysis = try FixtureSupport.analyse("No seizures last year. Now he has seizures.")
        #expect(analysis.observedIDs == [seizure])
        #expect(analysis.excludedIDs.isEmpty)
    }
}
