// 32-element-block dot products and activation quantisation for one x86 level. Included by
// kernels_avx2.c, kernels_avxvnni.c and kernels_avx512.c with these macros defined:
//   MK_TARGET  the function attribute, e.g. __attribute__((target("avx2,fma,f16c")))
//   MK_NAME(x) the level-suffixed name of x
//   MK_DPBUSD(acc, u8, s8)  acc + Σ4 u8·s8 per int32 lane (VNNI), or undefined to use maddubs+madd.
#include <immintrin.h>

static inline MK_TARGET float MK_NAME(hsum8)(__m256 x) {
    __m128 r = _mm_add_ps(_mm256_extractf128_ps(x, 1), _mm256_castps256_ps128(x));
    r = _mm_add_ps(r, _mm_movehl_ps(r, r));
    r = _mm_add_ss(r, _mm_movehdup_ps(r));
    return _mm_cvtss_f32(r);
}

static inline MK_TARGET int MK_NAME(hsum_i32_8)(__m256i a) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(a), _mm256_extractf128_si256(a, 1));
    s = _mm_add_epi32(s, _mm_unpackhi_epi64(s, s));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(s);
}

static inline MK_TARGET float MK_NAME(h2f)(uint16_t h) { return _cvtsh_ss(h); }

/// 16 bytes of nibbles → 32 bytes: low nibbles (elements 0..15) then high nibbles (16..31).
static inline MK_TARGET __m256i MK_NAME(nibbles)(const uint8_t *p) {
    const __m128i t = _mm_loadu_si128((const __m128i *)p);
    const __m256i b = _mm256_set_m128i(_mm_srli_epi16(t, 4), t);
    return _mm256_and_si256(b, _mm256_set1_epi8(0xF));
}

/// Σ of u8·s8 products per groups of 4 bytes as int32 lanes.
static inline MK_TARGET __m256i MK_NAME(dot_us)(__m256i u, __m256i s) {
#ifdef MK_DPBUSD
    return MK_DPBUSD(_mm256_setzero_si256(), u, s);
#else
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
#endif
}

/// Σ of s8·s8 products per groups of 4 bytes as int32 lanes (sign trick: |x| · sign(y, x)).
static inline MK_TARGET __m256i MK_NAME(dot_ss)(__m256i x, __m256i y) {
    return MK_NAME(dot_us)(_mm256_sign_epi8(x, x), _mm256_sign_epi8(y, x));
}

static MK_TARGET float MK_NAME(dot_q4_0)(int64_t n, const void *w, const void *act) {
    const mendel_w_q4_0 *x = w; const mendel_block_q8 *y = act;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    const __m256i off = _mm256_set1_epi8(8);
    const int64_t nb = n / 32;
    int64_t b = 0;
    for (; b + 1 < nb; b += 2) {
        const __m256i q0 = _mm256_sub_epi8(MK_NAME(nibbles)(x[b].qs), off);
        const __m256i q1 = _mm256_sub_epi8(MK_NAME(nibbles)(x[b + 1].qs), off);
        const __m256i p0 = MK_NAME(dot_ss)(q0, _mm256_loadu_si256((const __m256i *)y[b].qs));
        const __m256i p1 = MK_NAME(dot_ss)(q1, _mm256_loadu_si256((const __m256i *)y[b + 1].qs));
        acc0 = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[b + 1].d) * y[b + 1].d), _mm256_cvtepi32_ps(p1), acc1);
    }
    for (; b < nb; b++) {
        const __m256i q0 = _mm256_sub_epi8(MK_NAME(nibbles)(x[b].qs), off);
        const __m256i p0 = MK_NAME(dot_ss)(q0, _mm256_loadu_si256((const __m256i *)y[b].qs));
        acc0 = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0);
    }
    return MK_NAME(hsum8)(_mm256_add_ps(acc0, acc1));
}

static MK_TARGET float MK_NAME(dot_q4_1)(int64_t n, const void *w, const void *act) {
    const mendel_w_q4_1 *x = w; const mendel_block_q8 *y = act;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    float summs = 0;
    const int64_t nb = n / 32;
    int64_t b = 0;
    for (; b + 1 < nb; b += 2) {
        const __m256i p0 = MK_NAME(dot_us)(MK_NAME(nibbles)(x[b].qs), _mm256_loadu_si256((const __m256i *)y[b].qs));
        const __m256i p1 = MK_NAME(dot_us)(MK_NAME(nibbles)(x[b + 1].qs), _mm256_loadu_si256((const __m256i *)y[b + 1].qs));
        summs += MK_NAME(h2f)(x[b].m) * y[b].s + MK_NAME(h2f)(x[b + 1].m) * y[b + 1].s;
        acc0 = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[b + 1].d) * y[b + 1].d), _mm256_cvtepi32_ps(p1), acc1);
    }
    for (; b < nb; b++) {
        const __m256i p0 = MK_NAME(dot_us)(MK_NAME(nibbles)(x[b].qs), _mm256_loadu_si256((const __m256i *)y[b].qs));
        summs += MK_NAME(h2f)(x[b].m) * y[b].s;
        acc0 = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0);
    }
    return MK_NAME(hsum8)(_mm256_add_ps(acc0, acc1)) + summs;
}

static MK_TARGET float MK_NAME(dot_q8_0)(int64_t n, const void *w, const void *act) {
    const mendel_w_q8_0 *x = w; const mendel_block_q8 *y = act;
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    const int64_t nb = n / 32;
    int64_t b = 0;
    for (; b + 1 < nb; b += 2) {
        const __m256i p0 = MK_NAME(dot_ss)(_mm256_loadu_si256((const __m256i *)x[b].qs), _mm256_loadu_si256((const __m256i *)y[b].qs));
        const __m256i p1 = MK_NAME(dot_ss)(_mm256_loadu_si256((const __m256i *)x[b + 1].qs), _mm256_loadu_si256((const __m256i *)y[b + 1].qs));
        acc0 = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[b + 1].d) * y[b + 1].d), _mm256_cvtepi32_ps(p1), acc1);
    }
    for (; b < nb; b++) {
        const __m256i p0 = MK_NAME(dot_ss)(_mm256_loadu_si256((const __m256i *)x[b].qs), _mm256_loadu_si256((const __m256i *)y[b].qs));
        acc0 = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0);
    }
    return MK_NAME(hsum8)(_mm256_add_ps(acc0, acc1));
}

/// ggml's AVX2 q8_0/q8_1 activation quantisation (round to nearest even), d and s half-rounded.
static MK_TARGET void MK_NAME(quant_q8)(const float *x, int64_t n, void *out) {
    mendel_block_q8 *y = out;
    const __m256 sign = _mm256_set1_ps(-0.0f);
    for (int64_t b = 0; b < n / 32; b++, x += 32) {
        __m256 v0 = _mm256_loadu_ps(x), v1 = _mm256_loadu_ps(x + 8), v2 = _mm256_loadu_ps(x + 16), v3 = _mm256_loadu_ps(x + 24);
        __m256 mx = _mm256_max_ps(_mm256_max_ps(_mm256_andnot_ps(sign, v0), _mm256_andnot_ps(sign, v1)),
                                  _mm256_max_ps(_mm256_andnot_ps(sign, v2), _mm256_andnot_ps(sign, v3)));
        __m128 m4 = _mm_max_ps(_mm256_extractf128_ps(mx, 1), _mm256_castps256_ps128(mx));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
        const float amax = _mm_cvtss_f32(m4);
        const float d = amax / 127.f, id = amax != 0.f ? 127.f / amax : 0.f;
        const __m256 mul = _mm256_set1_ps(id);
        __m256i i0 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v0, mul), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        __m256i i1 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v1, mul), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        __m256i i2 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v2, mul), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        __m256i i3 = _mm256_cvtps_epi32(_mm256_round_ps(_mm256_mul_ps(v3, mul), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
        const int sum = MK_NAME(hsum_i32_8)(_mm256_add_epi32(_mm256_add_epi32(i0, i1), _mm256_add_epi32(i2, i3)));
        y[b].d = _cvtsh_ss(_cvtss_sh(d, 0));
        y[b].s = _cvtsh_ss(_cvtss_sh(d * (float)sum, 0));
        i0 = _mm256_packs_epi32(i0, i1);
        i2 = _mm256_packs_epi32(i2, i3);
        i0 = _mm256_packs_epi16(i0, i2);
        i0 = _mm256_permutevar8x32_epi32(i0, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        _mm256_storeu_si256((__m256i *)y[b].qs, i0);
    }
}
