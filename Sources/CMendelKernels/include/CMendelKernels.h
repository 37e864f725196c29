#ifndef CMENDELKERNELS_H
#define CMENDELKERNELS_H

/// C kernels for MendelInference's hot loops (quantised dot products, small GEMMs).
/// Every vector kernel is compiled for its instruction set with a function-level `target`
/// attribute and chosen at run time from the CPU's features, so one binary runs on any x86-64
/// (and on other architectures through the portable fallbacks).

#include <stddef.h>
#include <stdint.h>

/// CPU feature bits reported by `mendel_cpu_features`.
enum {
    MENDEL_CPU_AVX2 = 1u << 0,
    MENDEL_CPU_FMA = 1u << 1,
    MENDEL_CPU_F16C = 1u << 2,
    MENDEL_CPU_AVX512F = 1u << 3,
    MENDEL_CPU_AVX512BW = 1u << 4,
    MENDEL_CPU_AVX512VNNI = 1u << 5,
    MENDEL_CPU_AVXVNNI = 1u << 6,
    MENDEL_CPU_AVX512VL = 1u << 7,
    MENDEL_CPU_AVX512DQ = 1u << 8,
};

/// The vector features of the running CPU (a bit set of `MENDEL_CPU_*`); 0 on non-x86 machines.
uint32_t mendel_cpu_features(void);

// MARK: - Dispatch levels

/// Kernel implementations, from portable to widest. A level is usable when the CPU has its features:
/// AVX2 = avx2+fma+f16c; AVXVNNI = AVX2 + avx_vnni (256-bit VNNI); AVX512 = AVX2 + avx512f/bw/vl/dq/vnni.
enum {
    MENDEL_LEVEL_SCALAR = 0,
    MENDEL_LEVEL_AVX2 = 1,
    MENDEL_LEVEL_AVXVNNI = 2,
    MENDEL_LEVEL_AVX512 = 3,
    MENDEL_LEVEL_COUNT = 4,
};

/// Whether `level` can run on this CPU (the scalar level always can).
int mendel_level_supported(int level);
/// The widest supported level.
int mendel_level_best(void);
/// The level the un-suffixed entry points use (initially `mendel_level_best()`).
int mendel_level_current(void);
/// Forces the level of the un-suffixed entry points; an unsupported level falls back to the best
/// supported one below it. Returns the level in effect. (For benchmarks; tests use the `_level` calls.)
int mendel_level_set(int level);

// MARK: - Quantised weights × quantised activations

/// ggml tensor types (the raw values of GGUF's `ggml_type`).
enum {
    MENDEL_TYPE_F32 = 0,
    MENDEL_TYPE_F16 = 1,
    MENDEL_TYPE_Q4_0 = 2,
    MENDEL_TYPE_Q4_1 = 3,
    MENDEL_TYPE_Q8_0 = 8,
    MENDEL_TYPE_Q4_K = 12,
    MENDEL_TYPE_Q6_K = 14,
    MENDEL_TYPE_BF16 = 30,
};

/// An activation block for 32-element weight blocks (Q4_0, Q4_1, Q8_0), as ggml's q8_0/q8_1:
/// `d` = half-rounded amax/127, `s` = half-rounded d·Σqs, `qs` = round-to-nearest-even(x·127/amax).
typedef struct {
    float d;
    float s;
    int8_t qs[32];
} mendel_block_q8;

/// An activation block for 256-element K-quant weight blocks (ggml's q8_K).
typedef struct {
    float d;
    int16_t bsums[16];
    int8_t qs[256];
} mendel_block_q8k;

/// Whether `type` is one of the weight types above and `n` a multiple of its block size.
int mendel_type_supported(uint32_t type, int64_t n);
/// Bytes of one prepared activation row of `n` elements for weights of `type` (F32 for float weights,
/// `mendel_block_q8` blocks for Q4_0/Q4_1/Q8_0, `mendel_block_q8k` blocks for Q4_K/Q6_K).
size_t mendel_activation_bytes(uint32_t type, int64_t n);
/// Prepares (quantises or copies) the activation row `x` of `n` floats for weights of `type`.
void mendel_prepare_activation(uint32_t type, const float *x, int64_t n, void *out);
void mendel_prepare_activation_level(int level, uint32_t type, const float *x, int64_t n, void *out);

/// Dot product of one weight row (`n` elements of `type`) with a prepared activation row.
float mendel_vec_dot(uint32_t type, int64_t n, const void *w, const void *act);
float mendel_vec_dot_level(int level, uint32_t type, int64_t n, const void *w, const void *act);

/// y[i·ldy + r] = dot(weight row r, activation row i) for r in [row_begin, row_end), i in [0, m).
/// Weight rows are `w_row_bytes` apart; prepared activation rows `act_stride` bytes apart. Rows are
/// processed in small tiles so that each weight tile is read once for all `m` activation rows.
void mendel_matmul(uint32_t type, const void *w, size_t w_row_bytes, int64_t n, int64_t row_begin, int64_t row_end,
                   const void *act, size_t act_stride, int64_t m, float *y, int64_t ldy);
void mendel_matmul_level(int level, uint32_t type, const void *w, size_t w_row_bytes, int64_t n, int64_t row_begin,
                         int64_t row_end, const void *act, size_t act_stride, int64_t m, float *y, int64_t ldy);

/// Dequantises `n` elements of one weight row of `type` into `y` (ggml's reference semantics).
void mendel_dequantize_row(uint32_t type, const void *w, int64_t n, float *y);

// MARK: - Single-precision GEMM (row-major)

/// C[m×n] = alpha·A[m×k]·B[n×k]ᵀ + beta·C  (B is a PyTorch (out, in) weight). beta 0 ignores C's contents.
void mendel_sgemm_nt(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda, const float *b,
                     int64_t ldb, float beta, float *c, int64_t ldc);
void mendel_sgemm_nt_level(int level, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                           const float *b, int64_t ldb, float beta, float *c, int64_t ldc);
/// C[m×n] = alpha·A[m×k]·B[k×n] + beta·C. beta 0 ignores C's contents.
void mendel_sgemm_nn(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda, const float *b,
                     int64_t ldb, float beta, float *c, int64_t ldc);
void mendel_sgemm_nn_level(int level, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                           const float *b, int64_t ldb, float beta, float *c, int64_t ldc);

/// Pre-packed weights for repeated products with the same W[n×k] (an encoder's linear layers): W is
/// copied once into panels of 16 output columns (`mendel_sgemm_packed_count` floats, zero-padded).
size_t mendel_sgemm_packed_count(int64_t n, int64_t k);
void mendel_sgemm_pack(int64_t n, int64_t k, const float *w, int64_t ldw, float *packed);
/// Allocates a buffer for packed weights (64-byte aligned; 2 MiB aligned and huge-page advised when
/// large), NULL on failure; release it with `mendel_weights_free`.
void *mendel_weights_alloc(size_t bytes);
void mendel_weights_free(void *p);
/// C[m×n] = A[m×k]·Wᵀ (+ bias[n] if not NULL) (+ beta·C) with W packed by `mendel_sgemm_pack`.
void mendel_sgemm_packed(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const float *packed,
                         const float *bias, float beta, float *c, int64_t ldc);
void mendel_sgemm_packed_level(int level, int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
                               const float *packed, const float *bias, float beta, float *c, int64_t ldc);

// MARK: - Activations

/// In-place GELU 0.5·x·(1 + erf(x/√2)) with a rational erf (|error| ≤ 1.1e-6 absolute on [-8, 8]).
void mendel_gelu(float *x, int64_t n);
void mendel_gelu_level(int level, float *x, int64_t n);

// MARK: - Half precision

/// IEEE half → float (exact) and float → half (round to nearest even).
float mendel_f16_to_f32(uint16_t h);
uint16_t mendel_f32_to_f16(float f);
/// y[i] = x[i] rounded to the nearest half-precision value (ties to even), as float; x may equal y.
void mendel_round_to_half(const float *x, float *y, int64_t n);

#endif
