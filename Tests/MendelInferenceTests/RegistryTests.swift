import Foundation
import Testing
@testable import MendelInference

@Suite struct RegistryTests {
    @Test func verifiesDigestsAndRefusesTamperedModels() throws {
        let dir = TempDir(); defer { dir.cleanup() }
        let encoderDir = dir.path("tiny-bert"), decoderDir = dir.path("tiny-llama")
        try FileManager.default.createDirectory(at: encoderDir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: decoderDir, withIntermediateDirectories: true)
        try TinyBert().write(to: encoderDir)
        try TinyLlama().write(to: decoderDir.appendingPathComponent("m.gguf"))
        let bertManifest = try ModelRegistry.writeManifest(
            id: "tiny-bert", kind: .encoder, folder: encoderDir,
            files: ["config.json", "vocab.txt", "model.safetensors", "sentence_bert_config.json"])
        _ = try ModelRegistry.writeManifest(id: "tiny-llama", kind: .decoder, folder: decoderDir, files: ["m.gguf"])

        let registry = try ModelRegistry(directory: dir.url)
        #expect(registry.models.map(\.id) == ["tiny-bert", "tiny-llama"])
        let encoder = try registry.loadEncoder("tiny-bert")
        #expect(encoder.identity == ModelIdentity(id: "tiny-bert", kind: .encoder, digest: bertManifest.digest))
        let generator = try registry.loadDecoder("tiny-llama")
        let result = try generator.generate(promptTokens: [5, 6], parameters: GenerationParameters(maxTokens: 2))
        #expect(result.model?.id == "tiny-llama")
        #expect(result.model?.digest.count == 64)
        #expect(throws: InferenceError.unknownModel(id: "nope")) { _ = try registry.loadDecoder("nope") }
        #expect(throws: InferenceError.self) { _ = try registry.loadDecoder("tiny-bert") }

        // Flip one byte of the weights: the model is refused at load.
        let weights = decoderDir.appendingPathComponent("m.gguf")
        var bytes = try Data(contentsOf: weights)
        bytes[bytes.count - 7] ^= 0x01
        try bytes.write(to: weights)
        #expect(throws: InferenceError.integrity(model: "tiny-llama", reason: "file m.gguf does not match its SHA-256 in the manifest")) {
            _ = try registry.loadDecoder("tiny-llama")
        }
        // A malformed manifest is reported.
        try "{".write(to: encoderDir.appendingPathComponent(ModelManifest.fileName), atomically: true, encoding: .utf8)
        #expect(throws: InferenceError.self) { _ = try ModelRegistry(directory: dir.url) }
    }

    @Test func fetchedModelsMatchTheirManifests() throws {
        let models = repoRoot.appendingPathComponent("data/models")
        guard FileManager.default.fileExists(atPath: models.appendingPathComponent("smollm2/\(ModelManifest.fileName)").path) else {
            print("SKIP: data/models not fetched (run scripts/fetch-models)")
            return
        }
        let registry = try ModelRegistry(directory: models)
        #expect(Set(registry.models.map(\.id)).isSuperset(of: ["all-minilm-l6-v2", "smollm2-135m-instruct-q4_1"]))
        let identity = try registry.verify("smollm2-135m-instruct-q4_1")
        #expect(identity.kind == .decoder)
    }
}
