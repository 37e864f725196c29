import CMendelKernels

/// The instruction-set level of the C kernels. The runtime picks the widest one the CPU supports;
/// benchmarks and tests can force a narrower one to compare implementations.
public enum KernelLevel: Int32, CaseIterable, Sendable, CustomStringConvertible {
    /// Portable C (any CPU).
    case scalar = 0
    /// AVX2 + FMA + F16C.
    case avx2 = 1
    /// AVX2 with 256-bit AVX-VNNI integer dot products.
    case avxVNNI = 2
    /// AVX-512 F/BW/VL/DQ/VNNI.
    case avx512 = 3

    public var description: String {
        switch self {
        case .scalar: "scalar"
        case .avx2: "avx2"
        case .avxVNNI: "avxvnni"
        case .avx512: "avx512"
        }
    }

    /// Whether this CPU can run the level.
    public var isSupported: Bool { mendel_level_supported(rawValue) != 0 }

    /// Every level this CPU can run, narrowest first.
    public static var supported: [KernelLevel] { allCases.filter(\.isSupported) }

    /// The widest supported level.
    public static var best: KernelLevel { KernelLevel(rawValue: mendel_level_best()) ?? .scalar }

    /// The level the runtime uses now.
    public static var current: KernelLevel { KernelLevel(rawValue: mendel_level_current()) ?? .scalar }

    /// Makes the runtime use `level` (or the best supported one below it) from now on, process-wide;
    /// returns the level in effect.
    @discardableResult
    public static func force(_ level: KernelLevel) -> KernelLevel {
        KernelLevel(rawValue: mendel_level_set(level.rawValue)) ?? .scalar
    }

    /// Parses a level name as printed by `description`.
    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.description == name.lowercased() }) else { return nil }
        self = level
    }
}
