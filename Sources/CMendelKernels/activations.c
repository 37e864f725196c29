// Element-wise activations. GELU uses a rational erf approximation (odd degree-13 numerator over an even
// degree-8 denominator on [-4, 4], the form used by Eigen and XLA): |erf error| ≤ 3.3e-7, GELU error
// ≤ 1.1e-6 absolute over [-8, 8] (libm's erff gives 6.6e-7 in float32), evaluated 16 or 8 lanes at a time.
#include "kernels_internal.h"

#define ERF_A13 -2.72614225801306e-10f
#define ERF_A11 2.77068142495902e-08f
#define ERF_A9 -2.10102402082508e-06f
#define ERF_A7 -5.69250639462346e-05f
#define ERF_A5 -7.34990630326855e-04f
#define ERF_A3 -2.95459980854025e-03f
#define ERF_A1 -1.60960333262415e-02f
#define ERF_B8 -1.45660718464996e-05f
#define ERF_B6 -2.13374055278905e-04f
#define ERF_B4 -1.68282697438203e-03f
#define ERF_B2 -7.37332916720468e-03f
#define ERF_B0 -1.42647390514189e-02f
#define INV_SQRT2 0.70710678118654752f

static inline float erf_rational(float a) {
    const float x = a > 4.f ? 4.f : a < -4.f ? -4.f : a, x2 = x * x;
    float p = x2 * ERF_A13 + ERF_A11;
    p = x2 * p + ERF_A9; p = x2 * p + ERF_A7; p = x2 * p + ERF_A5; p = x2 * p + ERF_A3; p = x2 * p + ERF_A1;
    float q = x2 * ERF_B8 + ERF_B6;
    q = x2 * q + ERF_B4; q = x2 * q + ERF_B2; q = x2 * q + ERF_B0;
    return x * p / q;
}

static void gelu_scalar(float *x, int64_t n) {
    for (int64_t i = 0; i < n; i++) x[i] = 0.5f * x[i] * (1.f + erf_rational(x[i] * INV_SQRT2));
}

#if defined(__x86_64__)
#include <immintrin.h>
#define T256 __attribute__((target("avx2,fma")))
#define T512 __attribute__((target("avx2,fma,avx512f,avx512dq")))

static T256 void gelu_avx2(float *x, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 v = _mm256_loadu_ps(x + i);
        const __m256 z = _mm256_max_ps(_mm256_min_ps(_mm256_mul_ps(v, _mm256_set1_ps(INV_SQRT2)), _mm256_set1_ps(4.f)), _mm256_set1_ps(-4.f));
        const __m256 z2 = _mm256_mul_ps(z, z);
        __m256 p = _mm256_fmadd_ps(z2, _mm256_set1_ps(ERF_A13), _mm256_set1_ps(ERF_A11));
        p = _mm256_fmadd_ps(z2, p, _mm256_set1_ps(ERF_A9)); p = _mm256_fmadd_ps(z2, p, _mm256_set1_ps(ERF_A7));
        p = _mm256_fmadd_ps(z2, p, _mm256_set1_ps(ERF_A5)); p = _mm256_fmadd_ps(z2, p, _mm256_set1_ps(ERF_A3));
        p = _mm256_fmadd_ps(z2, p, _mm256_set1_ps(ERF_A1));
        __m256 q = _mm256_fmadd_ps(z2, _mm256_set1_ps(ERF_B8), _mm256_set1_ps(ERF_B6));
        q = _mm256_fmadd_ps(z2, q, _mm256_set1_ps(ERF_B4)); q = _mm256_fmadd_ps(z2, q, _mm256_set1_ps(ERF_B2));
        q = _mm256_fmadd_ps(z2, q, _mm256_set1_ps(ERF_B0));
        const __m256 erf = _mm256_div_ps(_mm256_mul_ps(z, p), q);
        _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), v), _mm256_add_ps(_mm256_set1_ps(1.f), erf)));
    }
    gelu_scalar(x + i, n - i);
}

static T512 void gelu_avx512(float *x, int64_t n) {
    for (int64_t i = 0; i < n; i += 16) {
        const __mmask16 m = (__mmask16)(n - i >= 16 ? 0xFFFF : (1u << (n - i)) - 1);
        const __m512 v = _mm512_maskz_loadu_ps(m, x + i);
        const __m512 z = _mm512_max_ps(_mm512_min_ps(_mm512_mul_ps(v, _mm512_set1_ps(INV_SQRT2)), _mm512_set1_ps(4.f)), _mm512_set1_ps(-4.f));
        const __m512 z2 = _mm512_mul_ps(z, z);
        __m512 p = _mm512_fmadd_ps(z2, _mm512_set1_ps(ERF_A13), _mm512_set1_ps(ERF_A11));
        p = _mm512_fmadd_ps(z2, p, _mm512_set1_ps(ERF_A9)); p = _mm512_fmadd_ps(z2, p, _mm512_set1_ps(ERF_A7));
        p = _mm512_fmadd_ps(z2, p, _mm512_set1_ps(ERF_A5)); p = _mm512_fmadd_ps(z2, p, _mm512_set1_ps(ERF_A3));
        p = _mm512_fmadd_ps(z2, p, _mm512_set1_ps(ERF_A1));
        __m512 q = _mm512_fmadd_ps(z2, _mm512_set1_ps(ERF_B8), _mm512_set1_ps(ERF_B6));
        q = _mm512_fmadd_ps(z2, q, _mm512_set1_ps(ERF_B4)); q = _mm512_fmadd_ps(z2, q, _mm512_set1_ps(ERF_B2));
        q = _mm512_fmadd_ps(z2, q, _mm512_set1_ps(ERF_B0));
        const __m512 erf = _mm512_div_ps(_mm512_mul_ps(z, p), q);
        _mm512_mask_storeu_ps(x + i, m, _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), v), _mm512_add_ps(_mm512_set1_ps(1.f), erf)));
    }
}
#endif

void mendel_gelu_level(int level, float *x, int64_t n) {
    int l = level < 0 ? MENDEL_LEVEL_SCALAR : level >= MENDEL_LEVEL_COUNT ? MENDEL_LEVEL_COUNT - 1 : level;
    while (l > 0 && !mendel_level_supported(l)) l--;
#if defined(__x86_64__)
    if (l == MENDEL_LEVEL_AVX512) { gelu_avx512(x, n); return; }
    if (l >= MENDEL_LEVEL_AVX2) { gelu_avx2(x, n); return; }
#endif
    gelu_scalar(x, n);
}

void mendel_gelu(float *x, int64_t n) { mendel_gelu_level(mendel_level_current(), x, n); }

// MARK: - Rounding to half precision

static void round_half_scalar(const float *x, float *y, int64_t n) {
    for (int64_t i = 0; i < n; i++) y[i] = mendel_f16_to_f32(mendel_f32_to_f16(x[i]));
}

#if defined(__x86_64__)
__attribute__((target("avx2,f16c")))
static void round_half_f16c(const float *x, float *y, int64_t n) {
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m128i h = _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
        _mm256_storeu_ps(y + i, _mm256_cvtph_ps(h));
    }
    round_half_scalar(x + i, y + i, n - i);
}
#endif

void mendel_round_to_half(const float *x, float *y, int64_t n) {
#if defined(__x86_64__)
    if (mendel_level_current() >= MENDEL_LEVEL_AVX2) { round_half_f16c(x, y, n); return; }
#endif
    round_half_scalar(x, y, n);
}
