// Portable reference kernels (ggml's reference semantics). They define the results every vector
// level must reproduce (integer parts exactly, float sums up to rounding).

#include "kernels_internal.h"
#include <math.h>

float mendel_f16_to_f32(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t exp = (h >> 10) & 0x1F, mant = h & 0x3FF, bits;
    if (exp == 0) {
        if (mant == 0) { bits = sign; }
        else { float v = (float)mant * (1.0f / 16777216.0f); return sign ? -v : v; }
    } else if (exp == 31) {
        bits = sign | 0x7F800000u | (mant << 13);
    } else {
        bits = sign | ((exp + 112) << 23) | (mant << 13);
    }
    float f; memcpy(&f, &bits, 4); return f;
}

uint16_t mendel_f32_to_f16(float f) {
    uint32_t x; memcpy(&x, &f, 4);
    uint16_t sign = (uint16_t)((x >> 16) & 0x8000);
    int exp = (int)((x >> 23) & 0xFF);
    uint32_t mant = x & 0x7FFFFF;
    if (exp == 0xFF) return sign | 0x7C00 | (mant ? 0x200 : 0);
    int e = exp - 127 + 15;
    if (e >= 31) return sign | 0x7C00;
    if (e <= 0) {
        if (e < -10) return sign;
        mant |= 0x800000;
        uint32_t shift = (uint32_t)(14 - e);
        uint32_t half = mant >> shift, rem = mant & ((1u << shift) - 1), halfway = 1u << (shift - 1);
        if (rem > halfway || (rem == halfway && (half & 1))) half += 1;
        return sign | (uint16_t)half;
    }
    uint32_t half = ((uint32_t)e << 10) | (mant >> 13), rem = mant & 0x1FFF;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1))) half += 1;
    return sign | (uint16_t)half;
}

static inline float half_round(float f) { return mendel_f16_to_f32(mendel_f32_to_f16(f)); }

// MARK: - Activation quantisation

static void quant_q8_scalar(const float *x, int64_t n, void *out) {
    mendel_block_q8 *y = out;
    for (int64_t b = 0; b < n / 32; b++, x += 32) {
        float amax = 0;
        for (int j = 0; j < 32; j++) { float a = fabsf(x[j]); if (a > amax) amax = a; }
        const float d = amax / 127.f, id = amax != 0.f ? 127.f / amax : 0.f;
        int sum = 0;
        for (int j = 0; j < 32; j++) {
            int v = (int)nearbyintf(x[j] * id);
            y[b].qs[j] = (int8_t)v;
            sum += v;
        }
        y[b].d = half_round(d);
        y[b].s = half_round(d * (float)sum);
    }
}

static inline int nearest_int(float fval) {
    float val = fval + 12582912.f;
    int i; memcpy(&i, &val, sizeof(int));
    return (i & 0x007fffff) - 0x00400000;
}

void mendel_quant_q8k_scalar(const float *x, int64_t n, void *out) {
    mendel_block_q8k *y = out;
    for (int64_t b = 0; b < n / 256; b++, x += 256) {
        float max = 0, amax = 0;
        for (int j = 0; j < 256; j++) { float ax = fabsf(x[j]); if (ax > amax) { amax = ax; max = x[j]; } }
        if (amax == 0) {
            y[b].d = 0;
            memset(y[b].qs, 0, 256);
            memset(y[b].bsums, 0, sizeof(y[b].bsums));
            continue;
        }
        const float iscale = -127.f / max;
        for (int j = 0; j < 256; j++) { int v = nearest_int(iscale * x[j]); y[b].qs[j] = (int8_t)(v < 127 ? v : 127); }
        for (int j = 0; j < 16; j++) {
            int sum = 0;
            for (int i = 0; i < 16; i++) sum += y[b].qs[j * 16 + i];
            y[b].bsums[j] = (int16_t)sum;
        }
        y[b].d = 1 / iscale;
    }
}

// MARK: - Dot products

static float dot_q4_0_scalar(int64_t n, const void *w, const void *act) {
    const mendel_w_q4_0 *x = w; const mendel_block_q8 *y = act;
    float sum = 0;
    for (int64_t b = 0; b < n / 32; b++) {
        int sumi = 0;
        for (int j = 0; j < 16; j++) {
            sumi += ((x[b].qs[j] & 0xF) - 8) * y[b].qs[j] + ((x[b].qs[j] >> 4) - 8) * y[b].qs[j + 16];
        }
        sum += (float)sumi * (mendel_f16_to_f32(x[b].d) * y[b].d);
    }
    return sum;
}

static float dot_q4_1_scalar(int64_t n, const void *w, const void *act) {
    const mendel_w_q4_1 *x = w; const mendel_block_q8 *y = act;
    float sum = 0;
    for (int64_t b = 0; b < n / 32; b++) {
        int sumi = 0;
        for (int j = 0; j < 16; j++) sumi += (x[b].qs[j] & 0xF) * y[b].qs[j] + (x[b].qs[j] >> 4) * y[b].qs[j + 16];
        sum += (mendel_f16_to_f32(x[b].d) * y[b].d) * (float)sumi + mendel_f16_to_f32(x[b].m) * y[b].s;
    }
    return sum;
}

static float dot_q8_0_scalar(int64_t n, const void *w, const void *act) {
    const mendel_w_q8_0 *x = w; const mendel_block_q8 *y = act;
    float sum = 0;
    for (int64_t b = 0; b < n / 32; b++) {
        int sumi = 0;
        for (int j = 0; j < 32; j++) sumi += x[b].qs[j] * y[b].qs[j];
        sum += (float)sumi * (mendel_f16_to_f32(x[b].d) * y[b].d);
    }
    return sum;
}

static float dot_q4_k_scalar(int64_t n, const void *w, const void *act) {
    const mendel_w_q4_k *x = w; const mendel_block_q8k *y = act;
    float sum = 0;
    for (int64_t b = 0; b < n / 256; b++) {
        uint8_t sc[8], mn[8];
        mendel_q4k_scales(x[b].scales, sc, mn);
        int summ = 0;
        for (int j = 0; j < 8; j++) summ += mn[j] * (y[b].bsums[2 * j] + y[b].bsums[2 * j + 1]);
        int sumi = 0;
        const uint8_t *q = x[b].qs; const int8_t *q8 = y[b].qs;
        for (int j = 0; j < 4; j++, q += 32, q8 += 64) {
            int lo = 0, hi = 0;
            for (int l = 0; l < 32; l++) { lo += (q[l] & 0xF) * q8[l]; hi += (q[l] >> 4) * q8[l + 32]; }
            sumi += sc[2 * j] * lo + sc[2 * j + 1] * hi;
        }
        const float d = mendel_f16_to_f32(x[b].d) * y[b].d, dmin = mendel_f16_to_f32(x[b].dmin) * y[b].d;
        sum += d * (float)sumi - dmin * (float)summ;
    }
    return sum;
}

static float dot_q6_k_scalar(int64_t n, const void *w, const void *act) {
    const mendel_w_q6_k *x = w; const mendel_block_q8k *y = act;
    float sum = 0;
    for (int64_t b = 0; b < n / 256; b++) {
        const uint8_t *ql = x[b].ql, *qh = x[b].qh; const int8_t *sc = x[b].scales, *q8 = y[b].qs;
        int sumi = 0;
        for (int half = 0; half < 2; half++, ql += 64, qh += 32, sc += 8, q8 += 128) {
            int g[8] = {0};
            for (int l = 0; l < 32; l++) {
                const int is = l / 16;
                const int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                const int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                const int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                const int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                g[is + 0] += q1 * q8[l];
                g[is + 2] += q2 * q8[l + 32];
                g[is + 4] += q3 * q8[l + 64];
                g[is + 6] += q4 * q8[l + 96];
            }
            for (int k = 0; k < 8; k++) sumi += sc[k] * g[k];
        }
        sum += mendel_f16_to_f32(x[b].d) * y[b].d * (float)sumi;
    }
    return sum;
}

static float dot_f32_scalar(int64_t n, const void *w, const void *act) {
    const float *a = w, *b = act;
    float s[4] = {0, 0, 0, 0};
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) for (int j = 0; j < 4; j++) s[j] += a[i + j] * b[i + j];
    float sum = (s[0] + s[1]) + (s[2] + s[3]);
    for (; i < n; i++) sum += a[i] * b[i];
    return sum;
}

static float dot_f16_scalar(int64_t n, const void *w, const void *act) {
    const uint8_t *a = w; const float *b = act;
    float sum = 0;
    for (int64_t i = 0; i < n; i++) sum += mendel_f16_to_f32(mendel_load_u16(a + 2 * i)) * b[i];
    return sum;
}

static float dot_bf16_scalar(int64_t n, const void *w, const void *act) {
    const uint8_t *a = w; const float *b = act;
    float sum = 0;
    for (int64_t i = 0; i < n; i++) {
        uint32_t bits = (uint32_t)mendel_load_u16(a + 2 * i) << 16; float v; memcpy(&v, &bits, 4);
        sum += v * b[i];
    }
    return sum;
}

// MARK: - SGEMM

static void sgemm_nt_scalar(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                            const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
    for (int64_t i = 0; i < m; i++) {
        for (int64_t j = 0; j < n; j++) {
            const float dot = dot_f32_scalar(k, a + i * lda, b + j * ldb);
            c[i * ldc + j] = alpha * dot + (beta != 0 ? beta * c[i * ldc + j] : 0);
        }
    }
}

static void sgemm_nn_scalar(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                            const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
    for (int64_t i = 0; i < m; i++) {
        float *ci = c + i * ldc;
        for (int64_t j = 0; j < n; j++) ci[j] = beta != 0 ? beta * ci[j] : 0;
        for (int64_t p = 0; p < k; p++) {
            const float s = alpha * a[i * lda + p];
            const float *bp = b + p * ldb;
            for (int64_t j = 0; j < n; j++) ci[j] += s * bp[j];
        }
    }
}

// MARK: - Dequantisation (reference semantics of ggml's dequantize_row_*)

void mendel_dequantize_row(uint32_t type, const void *w, int64_t n, float *y) {
    switch (type) {
    case MENDEL_TYPE_F32: memcpy(y, w, (size_t)n * 4); break;
    case MENDEL_TYPE_F16:
        for (int64_t i = 0; i < n; i++) y[i] = mendel_f16_to_f32(mendel_load_u16((const uint8_t *)w + 2 * i));
        break;
    case MENDEL_TYPE_BF16:
        for (int64_t i = 0; i < n; i++) {
            uint32_t bits = (uint32_t)mendel_load_u16((const uint8_t *)w + 2 * i) << 16; memcpy(y + i, &bits, 4);
        }
        break;
    case MENDEL_TYPE_Q4_0: {
        const mendel_w_q4_0 *x = w;
        for (int64_t b = 0; b < n / 32; b++, y += 32) {
            const float d = mendel_f16_to_f32(x[b].d);
            for (int j = 0; j < 16; j++) { y[j] = ((x[b].qs[j] & 0xF) - 8) * d; y[j + 16] = ((x[b].qs[j] >> 4) - 8) * d; }
        }
        break;
    }
    case MENDEL_TYPE_Q4_1: {
        const mendel_w_q4_1 *x = w;
        for (int64_t b = 0; b < n / 32; b++, y += 32) {
            const float d = mendel_f16_to_f32(x[b].d), m = mendel_f16_to_f32(x[b].m);
            for (int j = 0; j < 16; j++) { y[j] = (x[b].qs[j] & 0xF) * d + m; y[j + 16] = (x[b].qs[j] >> 4) * d + m; }
        }
        break;
    }
    case MENDEL_TYPE_Q8_0: {
        const mendel_w_q8_0 *x = w;
        for (int64_t b = 0; b < n / 32; b++, y += 32) {
            const float d = mendel_f16_to_f32(x[b].d);
            for (int j = 0; j < 32; j++) y[j] = x[b].qs[j] * d;
        }
        break;
    }
    case MENDEL_TYPE_Q4_K: {
        const mendel_w_q4_k *x = w;
        for (int64_t b = 0; b < n / 256; b++) {
            uint8_t sc[8], mn[8];
            mendel_q4k_scales(x[b].scales, sc, mn);
            const float d = mendel_f16_to_f32(x[b].d), dmin = mendel_f16_to_f32(x[b].dmin);
            const uint8_t *q = x[b].qs;
            for (int j = 0; j < 4; j++, q += 32, y += 64) {
                const float d1 = d * sc[2 * j], m1 = dmin * mn[2 * j], d2 = d * sc[2 * j + 1], m2 = dmin * mn[2 * j + 1];
                for (int l = 0; l < 32; l++) { y[l] = d1 * (q[l] & 0xF) - m1; y[l + 32] = d2 * (q[l] >> 4) - m2; }
            }
        }
        break;
    }
    case MENDEL_TYPE_Q6_K: {
        const mendel_w_q6_k *x = w;
        for (int64_t b = 0; b < n / 256; b++) {
            const float d = mendel_f16_to_f32(x[b].d);
            const uint8_t *ql = x[b].ql, *qh = x[b].qh; const int8_t *sc = x[b].scales;
            for (int half = 0; half < 2; half++, ql += 64, qh += 32, sc += 8, y += 128) {
                for (int l = 0; l < 32; l++) {
                    const int is = l / 16;
                    y[l] = d * sc[is + 0] * (((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32);
                    y[l + 32] = d * sc[is + 2] * (((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32);
                    y[l + 64] = d * sc[is + 4] * (((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32);
                    y[l + 96] = d * sc[is + 6] * (((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32);
                }
            }
        }
        break;
    }
    default: break;
    }
}

const mendel_kernel_table mendel_table_scalar = {
    .quant_q8 = quant_q8_scalar, .quant_q8k = mendel_quant_q8k_scalar,
    .dot_q4_0 = dot_q4_0_scalar, .dot_q4_1 = dot_q4_1_scalar, .dot_q8_0 = dot_q8_0_scalar,
    .dot_q4_k = dot_q4_k_scalar, .dot_q6_k = dot_q6_k_scalar,
    .dot_f32 = dot_f32_scalar, .dot_f16 = dot_f16_scalar, .dot_bf16 = dot_bf16_scalar,
    .sgemm_nt = sgemm_nt_scalar, .sgemm_nn = sgemm_nn_scalar,
};
