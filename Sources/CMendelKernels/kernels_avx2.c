// AVX2 + FMA + F16C kernels (function-level target attributes; chosen at run time).
#include "kernels_internal.h"
#if defined(__x86_64__)

#define MK_TARGET __attribute__((target("avx2,fma,f16c")))
#define MK_NAME(x) x##_avx2
#include "qdot_x86_template.h"

#define T2 MK_TARGET

static T2 float dot_q4_k_avx2(int64_t n, const void *w, const void *act) {
    const mendel_w_q4_k *x = w; const mendel_block_q8k *y = act;
    __m256 acc = _mm256_setzero_ps();
    float summs = 0;
    const __m256i mask = _mm256_set1_epi8(0xF);
    for (int64_t b = 0; b < n / 256; b++) {
        uint8_t sc[8], mn[8];
        mendel_q4k_scales(x[b].scales, sc, mn);
        int summ = 0;
        for (int j = 0; j < 8; j++) summ += mn[j] * (y[b].bsums[2 * j] + y[b].bsums[2 * j + 1]);
        __m256i sumi = _mm256_setzero_si256();
        const uint8_t *q = x[b].qs; const int8_t *q8 = y[b].qs;
        for (int j = 0; j < 4; j++, q += 32, q8 += 64) {
            const __m256i bits = _mm256_loadu_si256((const __m256i *)q);
            const __m256i lo = _mm256_and_si256(bits, mask), hi = _mm256_and_si256(_mm256_srli_epi16(bits, 4), mask);
            const __m256i pl = _mm256_maddubs_epi16(lo, _mm256_loadu_si256((const __m256i *)q8));
            const __m256i ph = _mm256_maddubs_epi16(hi, _mm256_loadu_si256((const __m256i *)(q8 + 32)));
            sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(pl, _mm256_set1_epi16(sc[2 * j])));
            sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(ph, _mm256_set1_epi16(sc[2 * j + 1])));
        }
        const float d = _cvtsh_ss(x[b].d) * y[b].d;
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), _mm256_cvtepi32_ps(sumi), acc);
        summs += _cvtsh_ss(x[b].dmin) * y[b].d * (float)summ;
    }
    return hsum8_avx2(acc) - summs;
}

static T2 float dot_q6_k_avx2(int64_t n, const void *w, const void *act) {
    const mendel_w_q6_k *x = w; const mendel_block_q8k *y = act;
    __m256 acc = _mm256_setzero_ps();
    const __m256i m4 = _mm256_set1_epi8(0xF), m2 = _mm256_set1_epi8(3), m32 = _mm256_set1_epi8(32);
    for (int64_t b = 0; b < n / 256; b++) {
        const uint8_t *ql = x[b].ql, *qh = x[b].qh; const int8_t *sc = x[b].scales, *q8 = y[b].qs;
        __m256i sumi = _mm256_setzero_si256();
        for (int half = 0; half < 2; half++, ql += 64, qh += 32, sc += 8, q8 += 128) {
            const __m256i h = _mm256_loadu_si256((const __m256i *)qh);
            const __m256i l1 = _mm256_loadu_si256((const __m256i *)ql), l2 = _mm256_loadu_si256((const __m256i *)(ql + 32));
            __m256i q[4];
            q[0] = _mm256_or_si256(_mm256_and_si256(l1, m4), _mm256_slli_epi16(_mm256_and_si256(h, m2), 4));
            q[1] = _mm256_or_si256(_mm256_and_si256(l2, m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 2), m2), 4));
            q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l1, 4), m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 4), m2), 4));
            q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(l2, 4), m4), _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(h, 6), m2), 4));
            for (int k = 0; k < 4; k++) {
                const __m256i y8 = _mm256_loadu_si256((const __m256i *)(q8 + 32 * k));
                const __m256i p = _mm256_sub_epi16(_mm256_maddubs_epi16(q[k], y8), _mm256_maddubs_epi16(m32, y8));
                const __m256i s = _mm256_set_m128i(_mm_set1_epi16(sc[2 * k + 1]), _mm_set1_epi16(sc[2 * k]));
                sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(p, s));
            }
        }
        acc = _mm256_fmadd_ps(_mm256_set1_ps(_cvtsh_ss(x[b].d) * y[b].d), _mm256_cvtepi32_ps(sumi), acc);
    }
    return hsum8_avx2(acc);
}

static T2 float dot_f32_avx2(int64_t n, const void *w, const void *act) {
    const float *a = w, *b = act;
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(), s3 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
        s2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), s2);
        s3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), s3);
    }
    for (; i + 8 <= n; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    float sum = hsum8_avx2(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

static T2 float dot_f16_avx2(int64_t n, const void *w, const void *act) {
    const uint8_t *a = w; const float *b = act;
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(a + 2 * i))), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(a + 2 * i + 16))), _mm256_loadu_ps(b + i + 8), s1);
    }
    float sum = hsum8_avx2(_mm256_add_ps(s0, s1));
    for (; i < n; i++) sum += _cvtsh_ss(mendel_load_u16(a + 2 * i)) * b[i];
    return sum;
}

static T2 float dot_bf16_avx2(int64_t n, const void *w, const void *act) {
    const uint8_t *a = w; const float *b = act;
    __m256 s0 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256i v = _mm256_slli_epi32(_mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(a + 2 * i))), 16);
        s0 = _mm256_fmadd_ps(_mm256_castsi256_ps(v), _mm256_loadu_ps(b + i), s0);
    }
    float sum = hsum8_avx2(s0);
    for (; i < n; i++) { uint32_t bits = (uint32_t)mendel_load_u16(a + 2 * i) << 16; float v; memcpy(&v, &bits, 4); sum += v * b[i]; }
    return sum;
}

// MARK: - SGEMM (dot-product form: B rows are contiguous in k)

static inline T2 __m256 tail_mask_avx2(int64_t r, __m256i *mask) {
    const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    *mask = _mm256_cmpgt_epi32(_mm256_set1_epi32((int)r), idx);
    return _mm256_setzero_ps();
}

/// C[i0..i0+2) × [j0..j0+4) with 2×4 register tile.
static inline T2 void tile_nt_2x4_avx2(int64_t k, const float *a0, const float *a1, const float *b0, const float *b1,
                                       const float *b2, const float *b3, float out[8]) {
    __m256 c00 = _mm256_setzero_ps(), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
    int64_t p = 0;
    for (; p + 8 <= k; p += 8) {
        const __m256 x0 = _mm256_loadu_ps(a0 + p), x1 = _mm256_loadu_ps(a1 + p);
        __m256 w = _mm256_loadu_ps(b0 + p); c00 = _mm256_fmadd_ps(x0, w, c00); c10 = _mm256_fmadd_ps(x1, w, c10);
        w = _mm256_loadu_ps(b1 + p); c01 = _mm256_fmadd_ps(x0, w, c01); c11 = _mm256_fmadd_ps(x1, w, c11);
        w = _mm256_loadu_ps(b2 + p); c02 = _mm256_fmadd_ps(x0, w, c02); c12 = _mm256_fmadd_ps(x1, w, c12);
        w = _mm256_loadu_ps(b3 + p); c03 = _mm256_fmadd_ps(x0, w, c03); c13 = _mm256_fmadd_ps(x1, w, c13);
    }
    if (p < k) {
        __m256i m; tail_mask_avx2(k - p, &m);
        const __m256 x0 = _mm256_maskload_ps(a0 + p, m), x1 = _mm256_maskload_ps(a1 + p, m);
        __m256 w = _mm256_maskload_ps(b0 + p, m); c00 = _mm256_fmadd_ps(x0, w, c00); c10 = _mm256_fmadd_ps(x1, w, c10);
        w = _mm256_maskload_ps(b1 + p, m); c01 = _mm256_fmadd_ps(x0, w, c01); c11 = _mm256_fmadd_ps(x1, w, c11);
        w = _mm256_maskload_ps(b2 + p, m); c02 = _mm256_fmadd_ps(x0, w, c02); c12 = _mm256_fmadd_ps(x1, w, c12);
        w = _mm256_maskload_ps(b3 + p, m); c03 = _mm256_fmadd_ps(x0, w, c03); c13 = _mm256_fmadd_ps(x1, w, c13);
    }
    // Transpose-reduce: hadd pairs so that out = {c00,c01,c02,c03,c10,...} sums.
    const __m256 h0 = _mm256_hadd_ps(_mm256_hadd_ps(c00, c01), _mm256_hadd_ps(c02, c03));
    const __m256 h1 = _mm256_hadd_ps(_mm256_hadd_ps(c10, c11), _mm256_hadd_ps(c12, c13));
    _mm_storeu_ps(out, _mm_add_ps(_mm256_castps256_ps128(h0), _mm256_extractf128_ps(h0, 1)));
    _mm_storeu_ps(out + 4, _mm_add_ps(_mm256_castps256_ps128(h1), _mm256_extractf128_ps(h1, 1)));
}

static inline T2 void store_c(float *c, float v, float alpha, float beta) {
    *c = alpha * v + (beta != 0 ? beta * *c : 0);
}

static T2 void sgemm_nt_avx2(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                             const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
    const int64_t mc = 64;  // rows of A kept hot while a block of B rows streams past
    for (int64_t i0 = 0; i0 < m; i0 += mc) {
        const int64_t i1 = i0 + mc < m ? i0 + mc : m;
        int64_t j = 0;
        for (; j + 4 <= n; j += 4) {
            const float *b0 = b + j * ldb, *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
            int64_t i = i0;
            float out[8];
            for (; i + 2 <= i1; i += 2) {
                tile_nt_2x4_avx2(k, a + i * lda, a + (i + 1) * lda, b0, b1, b2, b3, out);
                for (int t = 0; t < 4; t++) { store_c(c + i * ldc + j + t, out[t], alpha, beta); store_c(c + (i + 1) * ldc + j + t, out[4 + t], alpha, beta); }
            }
            if (i < i1) {
                tile_nt_2x4_avx2(k, a + i * lda, a + i * lda, b0, b1, b2, b3, out);
                for (int t = 0; t < 4; t++) store_c(c + i * ldc + j + t, out[t], alpha, beta);
            }
        }
        for (; j < n; j++) {
            for (int64_t i = i0; i < i1; i++) store_c(c + i * ldc + j, dot_f32_avx2(k, a + i * lda, b + j * ldb), alpha, beta);
        }
    }
}

static T2 void sgemm_nn_avx2(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                             const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
    for (int64_t i = 0; i < m; i++) {
        float *ci = c + i * ldc;
        const float *ai = a + i * lda;
        int64_t j = 0;
        for (; j + 16 <= n; j += 16) {
            __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
            for (int64_t p = 0; p < k; p++) {
                const __m256 x = _mm256_set1_ps(ai[p]);
                s0 = _mm256_fmadd_ps(x, _mm256_loadu_ps(b + p * ldb + j), s0);
                s1 = _mm256_fmadd_ps(x, _mm256_loadu_ps(b + p * ldb + j + 8), s1);
            }
            const __m256 al = _mm256_set1_ps(alpha);
            s0 = _mm256_mul_ps(s0, al); s1 = _mm256_mul_ps(s1, al);
            if (beta != 0) {
                const __m256 be = _mm256_set1_ps(beta);
                s0 = _mm256_fmadd_ps(be, _mm256_loadu_ps(ci + j), s0);
                s1 = _mm256_fmadd_ps(be, _mm256_loadu_ps(ci + j + 8), s1);
            }
            _mm256_storeu_ps(ci + j, s0); _mm256_storeu_ps(ci + j + 8, s1);
        }
        for (; j < n; j++) {
            float s = 0;
            for (int64_t p = 0; p < k; p++) s += ai[p] * b[p * ldb + j];
            store_c(ci + j, s, alpha, beta);
        }
    }
}

const mendel_kernel_table mendel_table_avx2 = {
    .quant_q8 = quant_q8_avx2, .quant_q8k = mendel_quant_q8k_scalar,
    .dot_q4_0 = dot_q4_0_avx2, .dot_q4_1 = dot_q4_1_avx2, .dot_q8_0 = dot_q8_0_avx2,
    .dot4_q4_0 = dot4_q4_0_avx2, .dot4_q4_1 = dot4_q4_1_avx2, .dot4_q8_0 = dot4_q8_0_avx2, 
    .rows4_q4_0 = rows4_q4_0_avx2, .rows4_q4_1 = rows4_q4_1_avx2, .rows4_q8_0 = rows4_q8_0_avx2,
    .dot_q4_k = dot_q4_k_avx2, .dot_q6_k = dot_q6_k_avx2,
    .dot_f32 = dot_f32_avx2, .dot_f16 = dot_f16_avx2, .dot_bf16 = dot_bf16_avx2,
    .sgemm_nt = sgemm_nt_avx2, .sgemm_nn = sgemm_nn_avx2,
};

#endif
