// SGEMM with a pre-packed weight: C[m×n] = A[m×k]·Wᵀ (+ bias) (+ beta·C), W given once as n×k rows and
// packed into panels of 16 output columns (k × 16 floats each, zero-padded), so that each panel
// streams from memory exactly once and the kernel needs no horizontal reductions.
#include "kernels_internal.h"
#include <stdlib.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

void *mendel_weights_alloc(size_t bytes) {
    const size_t align = 2u << 20;  // 2 MiB: lets the kernel back large buffers with huge pages
    void *p = 0;
    if (posix_memalign(&p, bytes >= align ? align : 64, bytes ? bytes : 64) != 0) return 0;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= align) madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return p;
}

void mendel_weights_free(void *p) { free(p); }

enum { PANEL = 16 };
/// Software prefetch distance in panel rows (64 B each): 4 KiB ahead of the loads (measured best).
enum { PREFETCH_ROWS = 64 };

size_t mendel_sgemm_packed_count(int64_t n, int64_t k) {
    return (size_t)((n + PANEL - 1) / PANEL) * PANEL * (size_t)k;
}

void mendel_sgemm_pack(int64_t n, int64_t k, const float *w, int64_t ldw, float *packed) {
    const int64_t panels = (n + PANEL - 1) / PANEL;
    for (int64_t q = 0; q < panels; q++) {
        float *dst = packed + q * k * PANEL;
        for (int64_t p = 0; p < k; p++) {
            for (int c = 0; c < PANEL; c++) {
                const int64_t j = q * PANEL + c;
                dst[p * PANEL + c] = j < n ? w[j * ldw + p] : 0.0f;
            }
        }
    }
}

static void packed_scalar(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const float *packed,
                          const float *bias, float beta, float *c, int64_t ldc) {
    const int64_t panels = (n + PANEL - 1) / PANEL;
    for (int64_t i = 0; i < m; i++) {
        for (int64_t q = 0; q < panels; q++) {
            float acc[PANEL];
            for (int t = 0; t < PANEL; t++) acc[t] = 0;
            const float *panel = packed + q * k * PANEL;
            for (int64_t p = 0; p < k; p++) {
                const float x = a[i * lda + p];
                for (int t = 0; t < PANEL; t++) acc[t] += x * panel[p * PANEL + t];
            }
            for (int t = 0; t < PANEL && q * PANEL + t < n; t++) {
                const int64_t j = q * PANEL + t;
                float v = acc[t] + (bias ? bias[j] : 0);
                if (beta != 0) v += beta * c[i * ldc + j];
                c[i * ldc + j] = v;
            }
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

// MARK: AVX-512: MR rows × NP panels of 16 columns (MR ≤ 12, NP ≤ 2: at most 24 accumulators).
#define T512 __attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512dq")))

#define DEFINE_TILE512(MR, NP)                                                                              \
static T512 void tile512_##MR##_##NP(int64_t k, const float *a, int64_t lda, const float *panel,          \
                                      const float *bias, float beta, float *c, int64_t ldc, int64_t ncols) { \
    __m512 acc[MR][NP];                                                                                       \
    for (int r = 0; r < MR; r++) for (int t = 0; t < NP; t++) acc[r][t] = _mm512_setzero_ps();              \
    for (int64_t p = 0; p < k; p++) {                                                                         \
        __m512 w[NP];                                                                                         \
        for (int t = 0; t < NP; t++) {                                                                        \
            w[t] = _mm512_loadu_ps(panel + t * k * PANEL + p * PANEL);                                        \
            _mm_prefetch((const char *)(panel + t * k * PANEL + (p + PREFETCH_ROWS) * PANEL), _MM_HINT_T0);  \
        }                                                                                                     \
        for (int r = 0; r < MR; r++) {                                                                        \
            const __m512 x = _mm512_set1_ps(a[r * lda + p]);                                                  \
            for (int t = 0; t < NP; t++) acc[r][t] = _mm512_fmadd_ps(x, w[t], acc[r][t]);                    \
        }                                                                                                     \
    }                                                                                                         \
    for (int t = 0; t < NP; t++) {                                                                            \
        const int64_t left = ncols - t * PANEL;                                                               \
        const __mmask16 mask = (__mmask16)(left >= PANEL ? 0xFFFF : (1u << left) - 1);                       \
        const __m512 b = bias ? _mm512_maskz_loadu_ps(mask, bias + t * PANEL) : _mm512_setzero_ps();         \
        for (int r = 0; r < MR; r++) {                                                                        \
            __m512 v = _mm512_add_ps(acc[r][t], b);                                                           \
            float *dst = c + r * ldc + t * PANEL;                                                             \
            if (beta != 0) v = _mm512_fmadd_ps(_mm512_set1_ps(beta), _mm512_maskz_loadu_ps(mask, dst), v);  \
            _mm512_mask_storeu_ps(dst, mask, v);                                                              \
        }                                                                                                     \
    }                                                                                                         \
}

#define DEFINE_TILE512_PAIR(MR) DEFINE_TILE512(MR, 1) DEFINE_TILE512(MR, 2)
DEFINE_TILE512_PAIR(1) DEFINE_TILE512_PAIR(2) DEFINE_TILE512_PAIR(3) DEFINE_TILE512_PAIR(4)
DEFINE_TILE512_PAIR(5) DEFINE_TILE512_PAIR(6) DEFINE_TILE512_PAIR(7) DEFINE_TILE512_PAIR(8)
DEFINE_TILE512_PAIR(9) DEFINE_TILE512_PAIR(10) DEFINE_TILE512_PAIR(11) DEFINE_TILE512_PAIR(12)

typedef void (*tile_fn)(int64_t, const float *, int64_t, const float *, const float *, float, float *, int64_t, int64_t);

#define PAIR512(MR) {tile512_##MR##_1, tile512_##MR##_2}
static const tile_fn tiles512[13][2] = {
    {0, 0}, PAIR512(1), PAIR512(2), PAIR512(3), PAIR512(4), PAIR512(5), PAIR512(6),
    PAIR512(7), PAIR512(8), PAIR512(9), PAIR512(10), PAIR512(11), PAIR512(12),
};

// MARK: AVX2: MR rows × 1 panel of 16 columns as two ymm halves (MR ≤ 6: 12 accumulators).
#define T256 __attribute__((target("avx2,fma,f16c")))

static inline T256 __m256i mask8_avx2(int64_t left) {
    const __m256i idx = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    return _mm256_cmpgt_epi32(_mm256_set1_epi32((int)(left < 0 ? 0 : left > 8 ? 8 : left)), idx);
}

#define DEFINE_TILE256(MR)                                                                                    \
static T256 void tile256_##MR(int64_t k, const float *a, int64_t lda, const float *panel, const float *bias, \
                               float beta, float *c, int64_t ldc, int64_t ncols) {                            \
    __m256 acc[MR][2];                                                                                        \
    for (int r = 0; r < MR; r++) { acc[r][0] = _mm256_setzero_ps(); acc[r][1] = _mm256_setzero_ps(); }      \
    for (int64_t p = 0; p < k; p++) {                                                                         \
        const __m256 w0 = _mm256_loadu_ps(panel + p * PANEL), w1 = _mm256_loadu_ps(panel + p * PANEL + 8);  \
        _mm_prefetch((const char *)(panel + (p + PREFETCH_ROWS) * PANEL), _MM_HINT_T0);                      \
        for (int r = 0; r < MR; r++) {                                                                        \
            const __m256 x = _mm256_broadcast_ss(a + r * lda + p);                                            \
            acc[r][0] = _mm256_fmadd_ps(x, w0, acc[r][0]);                                                    \
            acc[r][1] = _mm256_fmadd_ps(x, w1, acc[r][1]);                                                    \
        }                                                                                                     \
    }                                                                                                         \
    for (int h = 0; h < 2; h++) {                                                                             \
        const __m256i mask = mask8_avx2(ncols - 8 * h);                                                       \
        const __m256 b = bias ? _mm256_maskload_ps(bias + 8 * h, mask) : _mm256_setzero_ps();               \
        for (int r = 0; r < MR; r++) {                                                                        \
            __m256 v = _mm256_add_ps(acc[r][h], b);                                                           \
            float *dst = c + r * ldc + 8 * h;                                                                 \
            if (beta != 0) v = _mm256_fmadd_ps(_mm256_set1_ps(beta), _mm256_maskload_ps(dst, mask), v);      \
            _mm256_maskstore_ps(dst, mask, v);                                                                \
        }                                                                                                     \
    }                                                                                                         \
}
DEFINE_TILE256(1) DEFINE_TILE256(2) DEFINE_TILE256(3) DEFINE_TILE256(4) DEFINE_TILE256(5) DEFINE_TILE256(6)
static const tile_fn tiles256[7] = {0, tile256_1, tile256_2, tile256_3, tile256_4, tile256_5, tile256_6};
#endif

void mendel_sgemm_packed_level(int level, int64_t m, int64_t n, int64_t k, const float *a, int64_t lda,
                               const float *packed, const float *bias, float beta, float *c, int64_t ldc) {
    if (m <= 0 || n <= 0) return;
    int l = level < 0 ? MENDEL_LEVEL_SCALAR : level >= MENDEL_LEVEL_COUNT ? MENDEL_LEVEL_COUNT - 1 : level;
    while (l > 0 && !mendel_level_supported(l)) l--;
#if defined(__x86_64__)
    const int64_t panels = (n + PANEL - 1) / PANEL;
    if (l == MENDEL_LEVEL_AVX512) {
        // Row blocks of up to 12: each pair of panels streams once per block (once in all for m ≤ 12).
        for (int64_t i = 0; i < m; i += 12) {
            const int64_t mr = m - i < 12 ? m - i : 12;
            for (int64_t q = 0; q < panels; q += 2) {
                const int np = q + 1 < panels ? 2 : 1;
                const int64_t j = q * PANEL;
                tiles512[mr][np - 1](k, a + i * lda, lda, packed + q * k * PANEL, bias ? bias + j : 0, beta,
                                     c + i * ldc + j, ldc, n - j);
            }
        }
        return;
    }
    if (l >= MENDEL_LEVEL_AVX2) {
        for (int64_t i = 0; i < m; i += 6) {
            const int64_t mr = m - i < 6 ? m - i : 6;
            for (int64_t q = 0; q < panels; q++) {
                const int64_t j = q * PANEL;
                tiles256[mr](k, a + i * lda, lda, packed + q * k * PANEL, bias ? bias + j : 0, beta, c + i * ldc + j, ldc, n - j);
            }
        }
        return;
    }
#endif
    packed_scalar(m, n, k, a, lda, packed, bias, beta, c, ldc);
}

void mendel_sgemm_packed(int64_t m, int64_t n, int64_t k, const float *a, int64_t lda, const float *packed,
                         const float *bias, float beta, float *c, int64_t ldc) {
    mendel_sgemm_packed_level(mendel_level_current(), m, n, k, a, lda, packed, bias, beta, c, ldc);
}
