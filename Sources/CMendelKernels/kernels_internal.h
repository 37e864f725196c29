#ifndef MENDEL_KERNELS_INTERNAL_H
#define MENDEL_KERNELS_INTERNAL_H
// Internal declarations shared by the kernel files (not part of the public header).

#include "include/CMendelKernels.h"
#include <string.h>

typedef void (*mendel_quant_fn)(const float *x, int64_t n, void *out);
typedef float (*mendel_dot_fn)(int64_t n, const void *w, const void *act);
/// One weight row against 4 prepared activation rows `stride` bytes apart; out[0..3].
typedef void (*mendel_dot4_fn)(int64_t n, const void *w, const void *act, size_t stride, float *out);
/// Four weight rows `row_bytes` apart against one prepared activation row; out[0..3].
typedef void (*mendel_rows4_fn)(int64_t n, const void *w, size_t row_bytes, const void *act, float *out);
typedef void (*mendel_gemm_fn)(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                               const float *b, int64_t ldb, float beta, float *c, int64_t ldc);

/// One implementation per operation for a dispatch level.
typedef struct {
    mendel_quant_fn quant_q8;
    mendel_quant_fn quant_q8k;
    mendel_dot_fn dot_q4_0, dot_q4_1, dot_q8_0, dot_q4_k, dot_q6_k, dot_f32, dot_f16, dot_bf16;
    mendel_dot4_fn dot4_q4_0, dot4_q4_1, dot4_q8_0;  // optional (NULL: four single dots)
    mendel_rows4_fn rows4_q4_0, rows4_q4_1, rows4_q8_0;  // optional (NULL: four single dots)
    mendel_gemm_fn sgemm_nt, sgemm_nn;
} mendel_kernel_table;

// Block layouts of the weights (ggml).
typedef struct { uint16_t d; uint8_t qs[16]; } mendel_w_q4_0;
typedef struct { uint16_t d, m; uint8_t qs[16]; } mendel_w_q4_1;
typedef struct { uint16_t d; int8_t qs[32]; } mendel_w_q8_0;
typedef struct { uint16_t d, dmin; uint8_t scales[12]; uint8_t qs[128]; } mendel_w_q4_k;
typedef struct { uint8_t ql[128]; uint8_t qh[64]; int8_t scales[16]; uint16_t d; } mendel_w_q6_k;

_Static_assert(sizeof(mendel_w_q4_0) == 18, "q4_0 block");
_Static_assert(sizeof(mendel_w_q4_1) == 20, "q4_1 block");
_Static_assert(sizeof(mendel_w_q8_0) == 34, "q8_0 block");
_Static_assert(sizeof(mendel_w_q4_k) == 144, "q4_K block");
_Static_assert(sizeof(mendel_w_q6_k) == 210, "q6_K block");
_Static_assert(sizeof(mendel_block_q8) == 40, "q8 activation block");
_Static_assert(sizeof(mendel_block_q8k) == 292, "q8K activation block");

extern const mendel_kernel_table mendel_table_scalar;
#if defined(__x86_64__)
extern const mendel_kernel_table mendel_table_avx2;
extern const mendel_kernel_table mendel_table_avxvnni;
extern const mendel_kernel_table mendel_table_avx512;
#endif

// Scalar pieces reused by the vector tables.
void mendel_quant_q8k_scalar(const float *x, int64_t n, void *out);

/// Unpacks the 6-bit scales and mins of a Q4_K block (ggml's get_scale_min_k4 for all 8 sub-blocks).
static inline void mendel_q4k_scales(const uint8_t *q, uint8_t *sc, uint8_t *mn) {
    for (int j = 0; j < 8; j++) {
        if (j < 4) {
            sc[j] = q[j] & 63;
            mn[j] = q[j + 4] & 63;
        } else {
            sc[j] = (q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4);
            mn[j] = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
        }
    }
}

static inline uint16_t mendel_load_u16(const void *p) { uint16_t v; memcpy(&v, p, 2); return v; }

#endif
