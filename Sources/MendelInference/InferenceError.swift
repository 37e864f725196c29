import MendelCore

/// Errors of the model runtime. Messages name files, fields and offsets, never input text.
public enum InferenceError: MendelError, Equatable {
    /// A file could not be opened, read or mapped.
    case io(path: String, reason: String)
    /// A safetensors file is malformed (header, dtype, shape or offsets).
    case safetensors(reason: String)
    /// A GGUF file is malformed or uses an unsupported feature.
    case gguf(reason: String)
    /// A tokenizer definition (tokenizer.json, vocab.txt, GGUF metadata) is malformed.
    case tokenizer(reason: String)
    /// A model configuration is missing a field or has an unsupported value.
    case config(reason: String)
    /// A required tensor is missing or has the wrong shape or type.
    case tensor(name: String, reason: String)
    /// The chat template of a model is not one this runtime can render.
    case unsupportedChatTemplate(reason: String)
    /// The prompt plus the requested tokens do not fit the model's context.
    case contextOverflow(needed: Int, limit: Int)
    /// A JSON Schema used for constrained decoding is not supported.
    case schema(reason: String)
    /// Constrained decoding reached a state where no token can continue a valid output.
    case constraintDeadEnd
    /// A model's files do not match its registered manifest, or the manifest is malformed.
    case integrity(model: String, reason: String)
    /// A model id is not registered.
    case unknownModel(id: String)
    /// An argument is out of range.
    case invalidArgument(reason: String)

    public var code: String {
        switch self {
        case .io: "inference.io"
        case .safetensors: "inference.safetensors"
        case .gguf: "inference.gguf"
        case .tokenizer: "inference.tokenizer"
        case .config: "inference.config"
        case .tensor: "inference.tensor"
        case .unsupportedChatTemplate: "inference.unsupported_chat_template"
        case .contextOverflow: "inference.context_overflow"
        case .schema: "inference.schema"
        case .constraintDeadEnd: "inference.constraint_dead_end"
        case .integrity: "inference.integrity"
        case .unknownModel: "inference.unknown_model"
        case .invalidArgument: "inference.invalid_argument"
        }
    }

    public var description: String {
        switch self {
        case .io(let path, let reason): "\(code): \(path): \(reason)"
        case .safetensors(let reason): "\(code): \(reason)"
        case .gguf(let reason): "\(code): \(reason)"
        case .tokenizer(let reason): "\(code): \(reason)"
        case .config(let reason): "\(code): \(reason)"
        case .tensor(let name, let reason): "\(code): tensor '\(name)': \(reason)"
        case .unsupportedChatTemplate(let reason): "\(code): \(reason)"
        case .contextOverflow(let needed, let limit): "\(code): needs \(needed) tokens, context is \(limit)"
        case .schema(let reason): "\(code): \(reason)"
        case .constraintDeadEnd: "\(code): no token can continue a schema-valid output"
        case .integrity(let model, let reason): "\(code): model '\(model)': \(reason)"
        case .unknownModel(let id): "\(code): no registered model '\(id)'"
        case .invalidArgument(let reason): "\(code): \(reason)"
        }
    }
}
