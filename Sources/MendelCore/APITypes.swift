/// Request and response bodies of the daemon's `/v1` API (docs/api.md), shared by server and client.
public enum API {
    /// `POST /v1/cases`: one case, submitted atomically. The CLI reads files and sends their bytes;
    /// the daemon never opens client-supplied paths.
    public struct SubmitCaseRequest: Codable, Sendable {
        /// The GA4GH Phenopacket v2 JSON text, stored byte-for-byte.
        public var phenopacketJSON: String
        /// Free-text clinical notes (UTF-8).
        public var notes: String?
        /// VCF bytes (plain, gzip or bgzip), base64-encoded.
        public var vcfBase64: String?
        /// Medical record number; looked up through a blind index, stored encrypted.
        public var mrn: String?
        public var patientName: String?
        public var dateOfBirth: String?
        /// Why the data is processed (recorded in the audit log): one of `purposes`; default "diagnostic".
        public var purpose: String?

        /// Purposes of use a submission may state (audit vocabulary; free text is not accepted).
        public static let purposes: Set<String> = ["diagnostic", "treatment", "reanalysis", "research", "quality", "break-glass"]

        public init(phenopacketJSON: String, notes: String? = nil, vcfBase64: String? = nil, mrn: String? = nil,
                    patientName: String? = nil, dateOfBirth: String? = nil, purpose: String? = nil) {
            self.phenopacketJSON = phenopacketJSON
            self.notes = notes
            self.vcfBase64 = vcfBase64
            self.mrn = mrn
            self.patientName = patientName
            self.dateOfBirth = dateOfBirth
            self.purpose = purpose
        }
    }

    public struct SubmitCaseResponse: Codable, Sendable {
        public var caseID: String
        public var patientID: String
        public var observedTerms: Int
        public var excludedTerms: Int
        public var hasNotes: Bool
        public var hasVCF: Bool
        public var auditSequence: UInt64
        public init(caseID: String, patientID: String, observedTerms: Int, excludedTerms: Int, hasNotes: Bool, hasVCF: Bool, auditSequence: UInt64) {
            self.caseID = caseID; self.patientID = patientID; self.observedTerms = observedTerms
            self.excludedTerms = excludedTerms; self.hasNotes = hasNotes; self.hasVCF = hasVCF; self.auditSequence = auditSequence
        }
    }

    /// Non-PHI summary of a case, as listed by `GET /v1/cases`.
    public struct CaseSummary: Codable, Sendable {
        public var caseID: String
        public var patientID: String
        public var createdAt: String
        public var status: String
        public var hasNotes: Bool
        public var hasVCF: Bool
        public init(caseID: String, patientID: String, createdAt: String, status: String, hasNotes: Bool, hasVCF: Bool) {
            self.caseID = caseID; self.patientID = patientID; self.createdAt = createdAt
            self.status = status; self.hasNotes = hasNotes; self.hasVCF = hasVCF
        }
    }

    public struct CaseList: Codable, Sendable {
        public var cases: [CaseSummary]
        public init(cases: [CaseSummary]) { self.cases = cases }
    }

    /// `GET /v1/cases/ID`: the case with its phenotype (and identity only for roles with identity.read).
    public struct CaseDetail: Codable, Sendable {
        public var summary: CaseSummary
        public var observedTerms: [Phenopacket.OntologyClass]
        public var excludedTerms: [Phenopacket.OntologyClass]
        public var sex: String?
        public var identity: Identity?
        public var results: [String]
        public init(summary: CaseSummary, observedTerms: [Phenopacket.OntologyClass], excludedTerms: [Phenopacket.OntologyClass],
                    sex: String?, identity: Identity?, results: [String]) {
            self.summary = summary; self.observedTerms = observedTerms; self.excludedTerms = excludedTerms
            self.sex = sex; self.identity = identity; self.results = results
        }
    }

    public struct Identity: Codable, Sendable {
        public var mrn: String?
        public var name: String?
        public var dateOfBirth: String?
        public init(mrn: String?, name: String?, dateOfBirth: String?) { self.mrn = mrn; self.name = name; self.dateOfBirth = dateOfBirth }
    }

    /// A background job (analysis) and its progress.
    public struct Job: Codable, Sendable {
        public var jobID: String
        public var caseID: String
        public var state: String
        public var progress: Double
        public var step: String
        public var error: String?
        public init(jobID: String, caseID: String, state: String, progress: Double, step: String, error: String? = nil) {
            self.jobID = jobID; self.caseID = caseID; self.state = state; self.progress = progress; self.step = step; self.error = error
        }
    }

    public struct WhoAmI: Codable, Sendable {
        public var uid: UInt32
        public var gid: UInt32
        public var pid: Int32
        public var user: String?
        public var roles: [String]
        public var permissions: [String]
        public init(uid: UInt32, gid: UInt32, pid: Int32, user: String?, roles: [String], permissions: [String]) {
            self.uid = uid; self.gid = gid; self.pid = pid; self.user = user; self.roles = roles; self.permissions = permissions
        }
    }

    public struct Health: Codable, Sendable {
        public var status: String
        public var version: String
        public var audit: String
        public var policyHash: String
        public var knowledgeBaseVersion: String?
        public var jobsRunning: Int
        public var jobsQueued: Int
        public var uptimeSeconds: Double
        public init(status: String, version: String, audit: String, policyHash: String, knowledgeBaseVersion: String?,
                    jobsRunning: Int, jobsQueued: Int, uptimeSeconds: Double) {
            self.status = status; self.version = version; self.audit = audit; self.policyHash = policyHash
            self.knowledgeBaseVersion = knowledgeBaseVersion; self.jobsRunning = jobsRunning; self.jobsQueued = jobsQueued
            self.uptimeSeconds = uptimeSeconds
        }
    }

    public struct EraseRequest: Codable, Sendable {
        public var reason: String
        public init(reason: String) { self.reason = reason }
    }
}

extension API {
    /// The result of verifying an audit log (daemon or offline), as printed by `mendel audit verify`.
    public struct AuditVerification: Codable, Sendable {
        public var valid: Bool
        public var logID: String?
        public var lines: Int
        public var lastSequence: UInt64
        public var validCheckpoints: Int
        public var lastSignedSequence: UInt64?
        public var unsignedLines: Int
        public var firstProblem: String?
        public var problems: [String]

        public init(valid: Bool, logID: String?, lines: Int, lastSequence: UInt64, validCheckpoints: Int,
                    lastSignedSequence: UInt64?, unsignedLines: Int, firstProblem: String?, problems: [String]) {
            self.valid = valid; self.logID = logID; self.lines = lines; self.lastSequence = lastSequence
            self.validCheckpoints = validCheckpoints; self.lastSignedSequence = lastSignedSequence
            self.unsignedLines = unsignedLines; self.firstProblem = firstProblem; self.problems = problems
        }

        /// One paragraph for people.
        public var summary: String {
            if valid {
                return "audit log OK: \(lines) lines (last seq \(lastSequence)), \(validCheckpoints) valid signed checkpoints"
                    + (unsignedLines > 0 ? ", \(unsignedLines) lines after the last checkpoint" : "")
            }
            return "audit log FAILED verification: \(firstProblem ?? "unknown problem")"
                + (problems.count > 1 ? " (\(problems.count) problems in all)" : "")
        }
    }
}

extension API {
    /// `POST /v1/kb/import`: the HPO release files, base64-encoded, by file name.
    public struct KnowledgeBaseImport: Codable, Sendable {
        public var files: [String: String]
        public init(files: [String: String]) { self.files = files }
    }

    /// `GET /v1/kb`: what the daemon ranks against.
    public struct KnowledgeBaseStatus: Codable, Sendable {
        public var state: String
        public var version: String?
        public var hpoRelease: String?
        public var diseases: Int?
        public var rankedDiseases: Int?
        public var error: String?
        public init(state: String, version: String? = nil, hpoRelease: String? = nil, diseases: Int? = nil,
                    rankedDiseases: Int? = nil, error: String? = nil) {
            self.state = state; self.version = version; self.hpoRelease = hpoRelease; self.diseases = diseases
            self.rankedDiseases = rankedDiseases; self.error = error
        }
    }
}

extension API {
    /// `GET /v1/models`: the model registry (Policies/models.yaml `model_directory`).
    public struct ModelList: Codable, Sendable {
        public var directory: String
        public var models: [ModelInfo]
        public var error: String?
        public init(directory: String, models: [ModelInfo], error: String?) { self.directory = directory; self.models = models; self.error = error }
    }

    public struct ModelInfo: Codable, Sendable {
        public var id: String
        public var kind: String
        /// SHA-256 over the manifest's per-file digests: what a decision record names.
        public var digest: String
        /// Whether every file still matches the manifest.
        public var verified: Bool
        public var error: String?
        public init(id: String, kind: String, digest: String, verified: Bool, error: String?) {
            self.id = id; self.kind = kind; self.digest = digest; self.verified = verified; self.error = error
        }
    }
}

extension API {
    /// `POST /v1/cases/ID/signoff`: a clinician accepts the current decision or overrides it with a reason.
    public struct SignoffRequest: Codable, Sendable {
        /// `accept` or `override`.
        public var decision: String
        /// Required for `override`; stored encrypted, only its SHA-256 goes into the audit log.
        public var reason: String?
        public init(decision: String, reason: String? = nil) { self.decision = decision; self.reason = reason }
    }

    /// A clinician's sign-off of one analysis decision (stored encrypted in the vault).
    public struct Signoff: Codable, Sendable, Hashable {
        public var caseID: String
        /// The audited decision signed off (`D-…`).
        public var decisionID: String
        /// `accept` or `override`.
        public var decision: String
        public var signedAt: String
        public var uid: UInt32
        public var user: String?
        public var role: String?
        /// The override reason (shown to roles that may read the case; never in the audit log).
        public var reason: String?
        public var reasonSHA256: String?
        /// Sequence number of the audit line that records the sign-off.
        public var auditSequence: UInt64?
        public init(caseID: String, decisionID: String, decision: String, signedAt: String, uid: UInt32, user: String?, role: String?,
                    reason: String?, reasonSHA256: String?, auditSequence: UInt64?) {
            self.caseID = caseID; self.decisionID = decisionID; self.decision = decision; self.signedAt = signedAt; self.uid = uid
            self.user = user; self.role = role; self.reason = reason; self.reasonSHA256 = reasonSHA256; self.auditSequence = auditSequence
        }
    }

    /// `POST /v1/audit/replay/D-…`: a decision recomputed from its stored inputs. No PHI: hashes and versions only.
    public struct ReplayResult: Codable, Sendable, Hashable {
        public var decisionID: String
        /// `identical`, `different` or `refused`.
        public var status: String
        /// Why it was refused or differs.
        public var reason: String?
        public var auditSequence: UInt64
        public var recordedOutputHash: String
        public var replayedOutputHash: String?
        public var inputHash: String
        public var recordedKnowledgeBaseVersion: String?
        public var currentKnowledgeBaseVersion: String?
        public var recordedPolicyHash: String?
        public var currentPolicyHash: String?
        public var recordedModelDigests: [String: String]
        public var currentModelDigests: [String: String]
        public init(decisionID: String, status: String, reason: String?, auditSequence: UInt64, recordedOutputHash: String,
                    replayedOutputHash: String?, inputHash: String, recordedKnowledgeBaseVersion: String?, currentKnowledgeBaseVersion: String?,
                    recordedPolicyHash: String?, currentPolicyHash: String?, recordedModelDigests: [String: String],
                    currentModelDigests: [String: String]) {
            self.decisionID = decisionID; self.status = status; self.reason = reason; self.auditSequence = auditSequence
            self.recordedOutputHash = recordedOutputHash; self.replayedOutputHash = replayedOutputHash; self.inputHash = inputHash
            self.recordedKnowledgeBaseVersion = recordedKnowledgeBaseVersion; self.currentKnowledgeBaseVersion = currentKnowledgeBaseVersion
            self.recordedPolicyHash = recordedPolicyHash; self.currentPolicyHash = currentPolicyHash
            self.recordedModelDigests = recordedModelDigests; self.currentModelDigests = currentModelDigests
        }
    }

    /// One variant whose ACMG class changed in a reanalysis.
    public struct VariantClassChange: Codable, Sendable, Hashable {
        public var variant: String
        public var gene: String?
        /// nil: not reported (benign side or absent) in that analysis.
        public var before: String?
        public var after: String?
        public var criteriaBefore: [String]
        public var criteriaAfter: [String]
        public init(variant: String, gene: String?, before: String?, after: String?, criteriaBefore: [String], criteriaAfter: [String]) {
            self.variant = variant; self.gene = gene; self.before = before; self.after = after
            self.criteriaBefore = criteriaBefore; self.criteriaAfter = criteriaAfter
        }
    }

    /// One case whose result changed in a reanalysis, with before/after and why.
    public struct ReanalysisChange: Codable, Sendable, Hashable {
        public var caseID: String
        public var knowledgeBaseBefore: String?
        public var knowledgeBaseAfter: String?
        public var topBefore: String?
        public var topAfter: String?
        public var topChanged: Bool
        public var variantChanges: [VariantClassChange]
        /// One line per reason (score and rank of the old and new top diagnosis before/after, criteria changes).
        public var why: [String]
        /// The new audited decision.
        public var decisionID: String?
        public init(caseID: String, knowledgeBaseBefore: String?, knowledgeBaseAfter: String?, topBefore: String?, topAfter: String?,
                    topChanged: Bool, variantChanges: [VariantClassChange], why: [String], decisionID: String?) {
            self.caseID = caseID; self.knowledgeBaseBefore = knowledgeBaseBefore; self.knowledgeBaseAfter = knowledgeBaseAfter
            self.topBefore = topBefore; self.topAfter = topAfter; self.topChanged = topChanged; self.variantChanges = variantChanges
            self.why = why; self.decisionID = decisionID
        }
    }

    /// The result of `mendel reanalyze`: cases re-run against the current knowledge base.
    public struct ReanalysisReport: Codable, Sendable, Hashable {
        public var jobID: String
        public var knowledgeBaseVersion: String?
        public var casesChecked: Int
        /// Cases whose stored analysis already used the current KB (skipped with `--changed`).
        public var casesSkipped: Int
        public var casesFailed: Int
        public var changed: [ReanalysisChange]
        public init(jobID: String, knowledgeBaseVersion: String?, casesChecked: Int, casesSkipped: Int, casesFailed: Int, changed: [ReanalysisChange]) {
            self.jobID = jobID; self.knowledgeBaseVersion = knowledgeBaseVersion; self.casesChecked = casesChecked
            self.casesSkipped = casesSkipped; self.casesFailed = casesFailed; self.changed = changed
        }
    }
}
