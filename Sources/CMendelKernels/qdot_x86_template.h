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

// MARK: One weight row × 4 activation rows (prompt processing): the weight block is unpacked once for
// four activations. Each result is accumulated exactly as in the single-row kernels above (even and odd
// blocks in separate accumulators), so the batched and one-token paths give identical values.

#define MK_DOT4_BODY                                                                                      \
    const mendel_block_q8 *y[4];                                                                          \
    for (int a = 0; a < 4; a++) y[a] = (const mendel_block_q8 *)((const uint8_t *)act + a * stride);    \
    __m256 acc0[4], acc1[4];                                                                              \
    EXTRA_DECL                                                                                            \
    for (int a = 0; a < 4; a++) { acc0[a] = _mm256_setzero_ps(); acc1[a] = _mm256_setzero_ps(); }        \
    const int64_t nb = n / 32;                                                                            \
    int64_t b = 0;                                                                                        \
    for (; b + 1 < nb; b += 2) {                                                                          \
        const __m256i q0 = UNPACK(b), q1 = UNPACK(b + 1);                                                 \
        const float d0 = SCALE_W(b), d1 = SCALE_W(b + 1);                                                 \
        for (int a = 0; a < 4; a++) {                                                                     \
            const __m256i p0 = DOT(q0, _mm256_loadu_si256((const __m256i *)y[a][b].qs));                  \
            const __m256i p1 = DOT(q1, _mm256_loadu_si256((const __m256i *)y[a][b + 1].qs));              \
            EXTRA_ACC                                                                                     \
            acc0[a] = _mm256_fmadd_ps(_mm256_set1_ps(d0 * y[a][b].d), _mm256_cvtepi32_ps(p0), acc0[a]);    \
            acc1[a] = _mm256_fmadd_ps(_mm256_set1_ps(d1 * y[a][b + 1].d), _mm256_cvtepi32_ps(p1), acc1[a]);\
        }                                                                                                 \
    }                                                                                                     \
    for (; b < nb; b++) {                                                                                 \
        const __m256i q0 = UNPACK(b);                                                                     \
        const float d0 = SCALE_W(b);                                                                      \
        for (int a = 0; a < 4; a++) {                                                                     \
            const __m256i p0 = DOT(q0, _mm256_loadu_si256((const __m256i *)y[a][b].qs));                  \
            EXTRA_TAIL                                                                                    \
            acc0[a] = _mm256_fmadd_ps(_mm256_set1_ps(d0 * y[a][b].d), _mm256_cvtepi32_ps(p0), acc0[a]);    \
        }                                                                                                 \
    }                                                                                                     \
    for (int a = 0; a < 4; a++) out[a] = MK_NAME(hsum8)(_mm256_add_ps(acc0[a], acc1[a])) EXTRA_OUT;

static MK_TARGET void MK_NAME(dot4_q4_0)(int64_t n, const void *w, const void *act, size_t stride, float *out) {
    const mendel_w_q4_0 *x = w;
    const __m256i off = _mm256_set1_epi8(8);
#define UNPACK(i) _mm256_sub_epi8(MK_NAME(nibbles)(x[i].qs), off)
#define SCALE_W(i) MK_NAME(h2f)(x[i].d)
#define DOT(q, v) MK_NAME(dot_ss)(q, v)
#define EXTRA_DECL
#define EXTRA_ACC
#define EXTRA_TAIL
#define EXTRA_OUT
    MK_DOT4_BODY
#undef UNPACK
#undef SCALE_W
#undef DOT
#undef EXTRA_DECL
#undef EXTRA_ACC
#undef EXTRA_TAIL
#undef EXTRA_OUT
}

static MK_TARGET void MK_NAME(dot4_q8_0)(int64_t n, const void *w, const void *act, size_t stride, float *out) {
    const mendel_w_q8_0 *x = w;
#define UNPACK(i) _mm256_loadu_si256((const __m256i *)x[i].qs)
#define SCALE_W(i) MK_NAME(h2f)(x[i].d)
#define DOT(q, v) MK_NAME(dot_ss)(q, v)
#define EXTRA_DECL
#define EXTRA_ACC
#define EXTRA_TAIL
#define EXTRA_OUT
    MK_DOT4_BODY
#undef UNPACK
#undef SCALE_W
#undef DOT
#undef EXTRA_DECL
#undef EXTRA_ACC
#undef EXTRA_TAIL
#undef EXTRA_OUT
}

static MK_TARGET void MK_NAME(dot4_q4_1)(int64_t n, const void *w, const void *act, size_t stride, float *out) {
    const mendel_w_q4_1 *x = w;
#define UNPACK(i) MK_NAME(nibbles)(x[i].qs)
#define SCALE_W(i) MK_NAME(h2f)(x[i].d)
#define DOT(q, v) MK_NAME(dot_us)(q, v)
#define EXTRA_DECL float summs[4] = {0, 0, 0, 0};
#define EXTRA_ACC summs[a] += MK_NAME(h2f)(x[b].m) * y[a][b].s + MK_NAME(h2f)(x[b + 1].m) * y[a][b + 1].s;
#define EXTRA_TAIL summs[a] += MK_NAME(h2f)(x[b].m) * y[a][b].s;
#define EXTRA_OUT + summs[a]
    MK_DOT4_BODY
#undef UNPACK
#undef SCALE_W
#undef DOT
#undef EXTRA_DECL
#undef EXTRA_ACC
#undef EXTRA_TAIL
#undef EXTRA_OUT
}

// MARK: 4 weight rows × one activation row (generation): the activation blocks are loaded once for four
// rows and four weight streams are in flight. Per row, the accumulation is exactly that of dot_q4_1.
static MK_TARGET void MK_NAME(rows4_q4_1)(int64_t n, const void *w, size_t row_bytes, const void *act, float *out) {
    const mendel_block_q8 *y = act;
    const mendel_w_q4_1 *x[4];
    for (int r = 0; r < 4; r++) x[r] = (const mendel_w_q4_1 *)((const uint8_t *)w + r * row_bytes);
    __m256 acc0[4], acc1[4];
    float summs[4] = {0, 0, 0, 0};
    for (int r = 0; r < 4; r++) { acc0[r] = _mm256_setzero_ps(); acc1[r] = _mm256_setzero_ps(); }
    const int64_t nb = n / 32;
    int64_t b = 0;
    for (; b + 1 < nb; b += 2) {
        const __m256i y0 = _mm256_loadu_si256((const __m256i *)y[b].qs), y1 = _mm256_loadu_si256((const __m256i *)y[b + 1].qs);
        for (int r = 0; r < 4; r++) {
            const __m256i p0 = MK_NAME(dot_us)(MK_NAME(nibbles)(x[r][b].qs), y0);
            const __m256i p1 = MK_NAME(dot_us)(MK_NAME(nibbles)(x[r][b + 1].qs), y1);
            summs[r] += MK_NAME(h2f)(x[r][b].m) * y[b].s + MK_NAME(h2f)(x[r][b + 1].m) * y[b + 1].s;
            acc0[r] = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[r][b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0[r]);
            acc1[r] = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[r][b + 1].d) * y[b + 1].d), _mm256_cvtepi32_ps(p1), acc1[r]);
        }
    }
    for (; b < nb; b++) {
        const __m256i y0 = _mm256_loadu_si256((const __m256i *)y[b].qs);
        for (int r = 0; r < 4; r++) {
            const __m256i p0 = MK_NAME(dot_us)(MK_NAME(nibbles)(x[r][b].qs), y0);
            summs[r] += MK_NAME(h2f)(x[r][b].m) * y[b].s;
            acc0[r] = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[r][b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0[r]);
        }
    }
    for (int r = 0; r < 4; r++) out[r] = MK_NAME(hsum8)(_mm256_add_ps(acc0[r], acc1[r])) + summs[r];
}

static MK_TARGET void MK_NAME(rows4_q8_0)(int64_t n, const void *w, size_t row_bytes, const void *act, float *out) {
    const mendel_block_q8 *y = act;
    const mendel_w_q8_0 *x[4];
    for (int r = 0; r < 4; r++) x[r] = (const mendel_w_q8_0 *)((const uint8_t *)w + r * row_bytes);
    __m256 acc0[4], acc1[4];
    for (int r = 0; r < 4; r++) { acc0[r] = _mm256_setzero_ps(); acc1[r] = _mm256_setzero_ps(); }
    const int64_t nb = n / 32;
    int64_t b = 0;
    for (; b + 1 < nb; b += 2) {
        const __m256i y0 = _mm256_loadu_si256((const __m256i *)y[b].qs), y1 = _mm256_loadu_si256((const __m256i *)y[b + 1].qs);
        for (int r = 0; r < 4; r++) {
            const __m256i p0 = MK_NAME(dot_ss)(_mm256_loadu_si256((const __m256i *)x[r][b].qs), y0);
            const __m256i p1 = MK_NAME(dot_ss)(_mm256_loadu_si256((const __m256i *)x[r][b + 1].qs), y1);
            acc0[r] = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[r][b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0[r]);
            acc1[r] = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[r][b + 1].d) * y[b + 1].d), _mm256_cvtepi32_ps(p1), acc1[r]);
        }
    }
    for (; b < nb; b++) {
        const __m256i y0 = _mm256_loadu_si256((const __m256i *)y[b].qs);
        for (int r = 0; r < 4; r++) {
            const __m256i p0 = MK_NAME(dot_ss)(_mm256_loadu_si256((const __m256i *)x[r][b].qs), y0);
            acc0[r] = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[r][b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0[r]);
        }
    }
    for (int r = 0; r < 4; r++) out[r] = MK_NAME(hsum8)(_mm256_add_ps(acc0[r], acc1[r]));
}

static MK_TARGET void MK_NAME(rows4_q4_0)(int64_t n, const void *w, size_t row_bytes, const void *act, float *out) {
    const mendel_block_q8 *y = act;
    const mendel_w_q4_0 *x[4];
    const __m256i off = _mm256_set1_epi8(8);
    for (int r = 0; r < 4; r++) x[r] = (const mendel_w_q4_0 *)((const uint8_t *)w + r * row_bytes);
    __m256 acc0[4], acc1[4];
    for (int r = 0; r < 4; r++) { acc0[r] = _mm256_setzero_ps(); acc1[r] = _mm256_setzero_ps(); }
    const int64_t nb = n / 32;
    int64_t b = 0;
    for (; b + 1 < nb; b += 2) {
        const __m256i y0 = _mm256_loadu_si256((const __m256i *)y[b].qs), y1 = _mm256_loadu_si256((const __m256i *)y[b + 1].qs);
        for (int r = 0; r < 4; r++) {
            const __m256i p0 = MK_NAME(dot_ss)(_mm256_sub_epi8(MK_NAME(nibbles)(x[r][b].qs), off), y0);
            const __m256i p1 = MK_NAME(dot_ss)(_mm256_sub_epi8(MK_NAME(nibbles)(x[r][b + 1].qs), off), y1);
            acc0[r] = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[r][b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0[r]);
            acc1[r] = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[r][b + 1].d) * y[b + 1].d), _mm256_cvtepi32_ps(p1), acc1[r]);
        }
    }
    for (; b < nb; b++) {
        const __m256i y0 = _mm256_loadu_si256((const __m256i *)y[b].qs);
        for (int r = 0; r < 4; r++) {
            const __m256i p0 = MK_NAME(dot_ss)(_mm256_sub_epi8(MK_NAME(nibbles)(x[r][b].qs), off), y0);
            acc0[r] = _mm256_fmadd_ps(_mm256_set1_ps(MK_NAME(h2f)(x[r][b].d) * y[b].d), _mm256_cvtepi32_ps(p0), acc0[r]);
        }
    }
    for (int r = 0; r < 4; r++) out[r] = MK_NAME(hsum8)(_mm256_add_ps(acc0[r], acc1[r]));
}
