// AVX-512 (F, BW, VL, DQ, VNNI) kernels: EVEX VNNI dot products for the 32-element blocks and a
// 512-bit SGEMM for the encoder.
#include "kernels_internal.h"
#if defined(__x86_64__)

#define MK_TARGET __attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512dq,avx512vnni")))
#define MK_NAME(x) x##_avx512
#define MK_DPBUSD(acc, u, s) _mm256_dpbusd_epi32(acc, u, s)
#include "qdot_x86_template.h"

#define T5 MK_TARGET

static T5 float dot_f32_avx512(int64_t n, const void *w, const void *act) {
    const float *a = w, *b = act;
    __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), s1);
    }
    if (i < n) {
        const __mmask16 m0 = (__mmask16)(n - i >= 16 ? 0xFFFF : (1u << (n - i)) - 1);
        s0 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m0, a + i), _mm512_maskz_loadu_ps(m0, b + i), s0);
        if (n - i > 16) {
            const __mmask16 m1 = (__mmask16)((1u << (n - i - 16)) - 1);
            s1 = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(m1, a + i + 16), _mm512_maskz_loadu_ps(m1, b + i + 16), s1);
        }
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

static inline T5 __m128 reduce4_avx512(__m512 c0, __m512 c1, __m512 c2, __m512 c3) {
    const __m256 y0 = _mm256_add_ps(_mm512_castps512_ps256(c0), _mm512_extractf32x8_ps(c0, 1));
    const __m256 y1 = _mm256_add_ps(_mm512_castps512_ps256(c1), _mm512_extractf32x8_ps(c1, 1));
    const __m256 y2 = _mm256_add_ps(_mm512_castps512_ps256(c2), _mm512_extractf32x8_ps(c2, 1));
    const __m256 y3 = _mm256_add_ps(_mm512_castps512_ps256(c3), _mm512_extractf32x8_ps(c3, 1));
    const __m256 h = _mm256_hadd_ps(_mm256_hadd_ps(y0, y1), _mm256_hadd_ps(y2, y3));
    return _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
}

/// 4 rows of A × 4 rows of B, k in steps of 16 (masked tail).
static inline T5 void tile_nt_4x4_avx512(int64_t k, const float *const a[4], const float *const b[4], __m128 out[4]) {
    __m512 c[4][4];
    for (int r = 0; r < 4; r++) for (int t = 0; t < 4; t++) c[r][t] = _mm512_setzero_ps();
    int64_t p = 0;
    for (; p + 16 <= k; p += 16) {
        const __m512 x0 = _mm512_loadu_ps(a[0] + p), x1 = _mm512_loadu_ps(a[1] + p);
        const __m512 x2 = _mm512_loadu_ps(a[2] + p), x3 = _mm512_loadu_ps(a[3] + p);
        for (int t = 0; t < 4; t++) {
            const __m512 w = _mm512_loadu_ps(b[t] + p);
            c[0][t] = _mm512_fmadd_ps(x0, w, c[0][t]);
            c[1][t] = _mm512_fmadd_ps(x1, w, c[1][t]);
            c[2][t] = _mm512_fmadd_ps(x2, w, c[2][t]);
            c[3][t] = _mm512_fmadd_ps(x3, w, c[3][t]);
        }
    }
    if (p < k) {
        const __mmask16 m = (__mmask16)((1u << (k - p)) - 1);
        const __m512 x0 = _mm512_maskz_loadu_ps(m, a[0] + p), x1 = _mm512_maskz_loadu_ps(m, a[1] + p);
        const __m512 x2 = _mm512_maskz_loadu_ps(m, a[2] + p), x3 = _mm512_maskz_loadu_ps(m, a[3] + p);
        for (int t = 0; t < 4; t++) {
            const __m512 w = _mm512_maskz_loadu_ps(m, b[t] + p);
            c[0][t] = _mm512_fmadd_ps(x0, w, c[0][t]);
            c[1][t] = _mm512_fmadd_ps(x1, w, c[1][t]);
            c[2][t] = _mm512_fmadd_ps(x2, w, c[2][t]);
            c[3][t] = _mm512_fmadd_ps(x3, w, c[3][t]);
        }
    }
    for (int r = 0; r < 4; r++) out[r] = reduce4_avx512(c[r][0], c[r][1], c[r][2], c[r][3]);
}

/// 1 row of A × 4 rows of B.
static inline T5 __m128 tile_nt_1x4_avx512(int64_t k, const float *a, const float *const b[4]) {
    __m512 c0 = _mm512_setzero_ps(), c1 = c0, c2 = c0, c3 = c0;
    int64_t p = 0;
    for (; p + 16 <= k; p += 16) {
        const __m512 x = _mm512_loadu_ps(a + p);
        c0 = _mm512_fmadd_ps(x, _mm512_loadu_ps(b[0] + p), c0);
        c1 = _mm512_fmadd_ps(x, _mm512_loadu_ps(b[1] + p), c1);
        c2 = _mm512_fmadd_ps(x, _mm512_loadu_ps(b[2] + p), c2);
        c3 = _mm512_fmadd_ps(x, _mm512_loadu_ps(b[3] + p), c3);
    }
    if (p < k) {
        const __mmask16 m = (__mmask16)((1u << (k - p)) - 1);
        const __m512 x = _mm512_maskz_loadu_ps(m, a + p);
        c0 = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m, b[0] + p), c0);
        c1 = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m, b[1] + p), c1);
        c2 = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m, b[2] + p), c2);
        c3 = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m, b[3] + p), c3);
    }
    return reduce4_avx512(c0, c1, c2, c3);
}

static inline T5 void store4(float *c, __m128 v, float alpha, float beta) {
    v = _mm_mul_ps(v, _mm_set1_ps(alpha));
    if (beta != 0) v = _mm_fmadd_ps(_mm_set1_ps(beta), _mm_loadu_ps(c), v);
    _mm_storeu_ps(c, v);
}

enum { PF_ROWS = 16 };

static T5 void sgemm_nt_avx512(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                               const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
    const int64_t mc = 64;
    for (int64_t i0 = 0; i0 < m; i0 += mc) {
        const int64_t i1 = i0 + mc < m ? i0 + mc : m;
        int64_t j = 0;
        for (; j + 4 <= n; j += 4) {
            const float *const bt[4] = {b + j * ldb, b + (j + 1) * ldb, b + (j + 2) * ldb, b + (j + 3) * ldb};
            // B streams from memory once per row block: fetch the block PF_ROWS rows ahead into L2.
            if (j + PF_ROWS + 4 <= n) {
                for (int t = 0; t < 4; t++) {
                    const char *row = (const char *)(bt[t] + PF_ROWS * ldb);
                    for (int64_t off = 0; off < k * 4; off += 64) _mm_prefetch(row + off, _MM_HINT_T1);
                }
            }
            int64_t i = i0;
            for (; i + 4 <= i1; i += 4) {
                const float *const at[4] = {a + i * lda, a + (i + 1) * lda, a + (i + 2) * lda, a + (i + 3) * lda};
                __m128 out[4];
                tile_nt_4x4_avx512(k, at, bt, out);
                for (int r = 0; r < 4; r++) store4(c + (i + r) * ldc + j, out[r], alpha, beta);
            }
            for (; i < i1; i++) store4(c + i * ldc + j, tile_nt_1x4_avx512(k, a + i * lda, bt), alpha, beta);
        }
        for (; j < n; j++) {
            for (int64_t i = i0; i < i1; i++) {
                float *ci = c + i * ldc + j;
                const float v = dot_f32_avx512(k, a + i * lda, b + j * ldb);
                *ci = alpha * v + (beta != 0 ? beta * *ci : 0);
            }
        }
    }
}

static T5 void sgemm_nn_avx512(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                               const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
    for (int64_t i = 0; i < m; i++) {
        float *ci = c + i * ldc;
        const float *ai = a + i * lda;
        for (int64_t j = 0; j < n; j += 32) {
            const int64_t r = n - j;
            const __mmask16 m0 = (__mmask16)(r >= 16 ? 0xFFFF : (1u << r) - 1);
            const __mmask16 m1 = (__mmask16)(r >= 32 ? 0xFFFF : r > 16 ? (1u << (r - 16)) - 1 : 0);
            __m512 s0 = _mm512_setzero_ps(), s1 = _mm512_setzero_ps();
            for (int64_t p = 0; p < k; p++) {
                const __m512 x = _mm512_set1_ps(ai[p]);
                s0 = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m0, b + p * ldb + j), s0);
                s1 = _mm512_fmadd_ps(x, _mm512_maskz_loadu_ps(m1, b + p * ldb + j + 16), s1);
            }
            const __m512 al = _mm512_set1_ps(alpha);
            s0 = _mm512_mul_ps(s0, al); s1 = _mm512_mul_ps(s1, al);
            if (beta != 0) {
                const __m512 be = _mm512_set1_ps(beta);
                s0 = _mm512_fmadd_ps(be, _mm512_maskz_loadu_ps(m0, ci + j), s0);
                s1 = _mm512_fmadd_ps(be, _mm512_maskz_loadu_ps(m1, ci + j + 16), s1);
            }
            _mm512_mask_storeu_ps(ci + j, m0, s0);
            _mm512_mask_storeu_ps(ci + j + 16, m1, s1);
        }
    }
}

const mendel_kernel_table mendel_table_avx512 = {
    .quant_q8 = quant_q8_avx512, .quant_q8k = mendel_quant_q8k_scalar,
    .dot_q4_0 = dot_q4_0_avx512, .dot_q4_1 = dot_q4_1_avx512, .dot_q8_0 = dot_q8_0_avx512,
    .dot4_q4_0 = dot4_q4_0_avx512, .dot4_q4_1 = dot4_q4_1_avx512, .dot4_q8_0 = dot4_q8_0_avx512, 
    .rows4_q4_0 = rows4_q4_0_avx512, .rows4_q4_1 = rows4_q4_1_avx512, .rows4_q8_0 = rows4_q8_0_avx512,
    .dot_q4_k = 0, .dot_q6_k = 0, .dot_f32 = dot_f32_avx512, .dot_f16 = 0, .dot_bf16 = 0,  // 0: AVX2 version
    .sgemm_nt = sgemm_nt_avx512, .sgemm_nn = sgemm_nn_avx512,
};

#endif
