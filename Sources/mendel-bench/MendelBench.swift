import ArgumentParser

/// `mendel-bench`: benchmark and evaluation harness. The subcommands and their file formats are a fixed
/// interface (other checks run them on data this repository does not have); see BENCHMARKS.md.
@main
struct MendelBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mendel-bench",
        abstract: "Evaluate and time Mendel's engines on benchmark data.",
        subcommands: [
            // Knowledge base and diagnosis
            DiagnosisCommand.self,
            // Variant interpretation
            AcmgCombineCommand.self, AcmgFrequencyCommand.self, AcmgPolicyCommand.self, FairnessCommand.self, FairnessFrequencyCommand.self,
            VcfGenerateCommand.self, VcfThroughputCommand.self,
            // Model runtime and language features
            EmbedCommand.self, GenerateCommand.self, PhenotypeCommand.self, DeidCommand.self,
            // Secure core
            AESThroughputCommand.self, AuditAppendCommand.self, VaultBenchCommand.self,
        ]
    )
}
