// Run-time selection of the kernel level and the public entry points.
#include "kernels_internal.h"
#if defined(__unix__) || defined(__APPLE__)
#include <pthread.h>
#endif

static int level_supported_raw(int level) {
    if (level == MENDEL_LEVEL_SCALAR) return 1;
#if defined(__x86_64__)
    const uint32_t f = mendel_cpu_features();
    const uint32_t avx2 = MENDEL_CPU_AVX2 | MENDEL_CPU_FMA | MENDEL_CPU_F16C;
    if ((f & avx2) != avx2) return 0;
    switch (level) {
    case MENDEL_LEVEL_AVX2: return 1;
    case MENDEL_LEVEL_AVXVNNI: return (f & MENDEL_CPU_AVXVNNI) != 0;
    case MENDEL_LEVEL_AVX512: {
        const uint32_t need = MENDEL_CPU_AVX512F | MENDEL_CPU_AVX512BW | MENDEL_CPU_AVX512VL | MENDEL_CPU_AVX512DQ | MENDEL_CPU_AVX512VNNI;
        return (f & need) == need;
    }
    default: return 0;
    }
#else
    return 0;
#endif
}

int mendel_level_supported(int level) {
    if (level < 0 || level >= MENDEL_LEVEL_COUNT) return 0;
    return level_supported_raw(level);
}

int mendel_level_best(void) {
    static int best = -1;
    int b = __atomic_load_n(&best, __ATOMIC_RELAXED);
    if (b >= 0) return b;
    b = MENDEL_LEVEL_SCALAR;
    for (int l = MENDEL_LEVEL_COUNT - 1; l > 0; l--) if (level_supported_raw(l)) { b = l; break; }
    __atomic_store_n(&best, b, __ATOMIC_RELAXED);
    return b;
}

static int current_level = -1;

int mendel_level_current(void) {
    int l = __atomic_load_n(&current_level, __ATOMIC_RELAXED);
    return l >= 0 ? l : mendel_level_best();
}

static int clamp_level(int level) {
    if (level >= MENDEL_LEVEL_COUNT) level = MENDEL_LEVEL_COUNT - 1;
    while (level > 0 && !level_supported_raw(level)) level--;
    return level < 0 ? MENDEL_LEVEL_SCALAR : level;
}

int mendel_level_set(int level) {
    const int l = clamp_level(level);
    __atomic_store_n(&current_level, l, __ATOMIC_RELAXED);
    return l;
}

static mendel_kernel_table tables[MENDEL_LEVEL_COUNT];

/// Fills `tables`: each level's table with missing entries taken from the levels below it.
static void build_tables(void) {
    const mendel_kernel_table *raw[MENDEL_LEVEL_COUNT] = {&mendel_table_scalar, 0, 0, 0};
#if defined(__x86_64__)
    raw[MENDEL_LEVEL_AVX2] = &mendel_table_avx2;
    raw[MENDEL_LEVEL_AVXVNNI] = &mendel_table_avxvnni;
    raw[MENDEL_LEVEL_AVX512] = &mendel_table_avx512;
#endif
    mendel_kernel_table acc = mendel_table_scalar;
    for (int l = 0; l < MENDEL_LEVEL_COUNT; l++) {
        const mendel_kernel_table *t = raw[l];
        // AVX-512 does not imply AVX-VNNI: it builds on the AVX2 table, not the AVX-VNNI one.
        if (l == MENDEL_LEVEL_AVX512 && raw[MENDEL_LEVEL_AVX2]) acc = tables[MENDEL_LEVEL_AVX2];
        if (t) {
#define TAKE(f) if (t->f) acc.f = t->f
            TAKE(quant_q8); TAKE(quant_q8k); TAKE(dot_q4_0); TAKE(dot_q4_1); TAKE(dot_q8_0); TAKE(dot_q4_k);
            TAKE(dot_q6_k); TAKE(dot_f32); TAKE(dot_f16); TAKE(dot_bf16); TAKE(sgemm_nt); TAKE(sgemm_nn);
            TAKE(dot4_q4_0); TAKE(dot4_q4_1); TAKE(dot4_q8_0); TAKE(rows4_q4_0); TAKE(rows4_q4_1); TAKE(rows4_q8_0);
#undef TAKE
        }
        tables[l] = acc;
    }
}

static const mendel_kernel_table *table_for(int level) {
#if defined(__unix__) || defined(__APPLE__)
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, build_tables);
#else
    static int ready = 0;
    if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) { build_tables(); __atomic_store_n(&ready, 1, __ATOMIC_RELEASE); }
#endif
    return &tables[clamp_level(level)];
}

int mendel_type_supported(uint32_t type, int64_t n) {
    if (n <= 0) return 0;
    switch (type) {
    case MENDEL_TYPE_F32: case MENDEL_TYPE_F16: case MENDEL_TYPE_BF16: return 1;
    case MENDEL_TYPE_Q4_0: case MENDEL_TYPE_Q4_1: case MENDEL_TYPE_Q8_0: return n % 32 == 0;
    case MENDEL_TYPE_Q4_K: case MENDEL_TYPE_Q6_K: return n % 256 == 0;
    default: return 0;
    }
}

size_t mendel_activation_bytes(uint32_t type, int64_t n) {
    switch (type) {
    case MENDEL_TYPE_Q4_0: case MENDEL_TYPE_Q4_1: case MENDEL_TYPE_Q8_0: return (size_t)(n / 32) * sizeof(mendel_block_q8);
    case MENDEL_TYPE_Q4_K: case MENDEL_TYPE_Q6_K: return (size_t)(n / 256) * sizeof(mendel_block_q8k);
    default: return (size_t)n * sizeof(float);
    }
}

void mendel_prepare_activation_level(int level, uint32_t type, const float *x, int64_t n, void *out) {
    const mendel_kernel_table *t = table_for(level);
    switch (type) {
    case MENDEL_TYPE_Q4_0: case MENDEL_TYPE_Q4_1: case MENDEL_TYPE_Q8_0: t->quant_q8(x, n, out); break;
    case MENDEL_TYPE_Q4_K: case MENDEL_TYPE_Q6_K: t->quant_q8k(x, n, out); break;
    default: memcpy(out, x, (size_t)n * sizeof(float)); break;
    }
}

void mendel_prepare_activation(uint32_t type, const float *x, int64_t n, void *out) {
    mendel_prepare_activation_level(mendel_level_current(), type, x, n, out);
}

static mendel_dot_fn dot_for(const mendel_kernel_table *t, uint32_t type) {
    switch (type) {
    case MENDEL_TYPE_Q4_0: return t->dot_q4_0;
    case MENDEL_TYPE_Q4_1: return t->dot_q4_1;
    case MENDEL_TYPE_Q8_0: return t->dot_q8_0;
    case MENDEL_TYPE_Q4_K: return t->dot_q4_k;
    case MENDEL_TYPE_Q6_K: return t->dot_q6_k;
    case MENDEL_TYPE_F16: return t->dot_f16;
    case MENDEL_TYPE_BF16: return t->dot_bf16;
    default: return t->dot_f32;
    }
}

float mendel_vec_dot_level(int level, uint32_t type, int64_t n, const void *w, const void *act) {
    return dot_for(table_for(level), type)(n, w, act);
}

float mendel_vec_dot(uint32_t type, int64_t n, const void *w, const void *act) {
    return mendel_vec_dot_level(mendel_level_current(), type, n, w, act);
}

void mendel_matmul_level(int level, uint32_t type, const void *w, size_t w_row_bytes, int64_t n, int64_t row_begin,
                         int64_t row_end, const void *act, size_t act_stride, int64_t m, float *y, int64_t ldy) {
    const mendel_kernel_table *table = table_for(level);
    const mendel_dot_fn dot = dot_for(table, type);
    const mendel_dot4_fn dot4 = type == MENDEL_TYPE_Q4_0 ? table->dot4_q4_0 : type == MENDEL_TYPE_Q4_1 ? table->dot4_q4_1
                              : type == MENDEL_TYPE_Q8_0 ? table->dot4_q8_0 : 0;
    const uint8_t *wb = w;
    const uint8_t *ab = act;
    if (m == 1) {
        int64_t r = row_begin;
        const mendel_rows4_fn rows4 = type == MENDEL_TYPE_Q4_0 ? table->rows4_q4_0 : type == MENDEL_TYPE_Q4_1 ? table->rows4_q4_1
                                    : type == MENDEL_TYPE_Q8_0 ? table->rows4_q8_0 : 0;
        if (rows4) for (; r + 4 <= row_end; r += 4) rows4(n, wb + (size_t)r * w_row_bytes, w_row_bytes, ab, y + r);
        for (; r < row_end; r++) y[r] = dot(n, wb + (size_t)r * w_row_bytes, ab);
        return;
    }
    // A tile of weight rows stays in L1 while every activation row passes over it.
    int64_t tile = (int64_t)(16384 / (w_row_bytes ? w_row_bytes : 1));
    if (tile < 4) tile = 4;
    if (tile > 64) tile = 64;
    for (int64_t r0 = row_begin; r0 < row_end; r0 += tile) {
        const int64_t r1 = r0 + tile < row_end ? r0 + tile : row_end;
        int64_t i = 0;
        if (dot4) {
            for (; i + 4 <= m; i += 4) {
                const void *a = ab + (size_t)i * act_stride;
                for (int64_t r = r0; r < r1; r++) {
                    float out[4];
                    dot4(n, wb + (size_t)r * w_row_bytes, a, act_stride, out);
                    for (int t = 0; t < 4; t++) y[(i + t) * ldy + r] = out[t];
                }
            }
        }
        for (; i < m; i++) {
            const void *a = ab + (size_t)i * act_stride;
            float *yi = y + i * ldy;
            for (int64_t r = r0; r < r1; r++) yi[r] = dot(n, wb + (size_t)r * w_row_bytes, a);
        }
    }
}

void mendel_matmul(uint32_t type, const void *w, size_t w_row_bytes, int64_t n, int64_t row_begin, int64_t row_end,
                   const void *act, size_t act_stride, int64_t m, float *y, int64_t ldy) {
    mendel_matmul_level(mendel_level_current(), type, w, w_row_bytes, n, row_begin, row_end, act, act_stride, m, y, ldy);
}

void mendel_sgemm_nt_level(int level, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                           const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
    if (m <= 0 || n <= 0) return;
    table_for(level)->sgemm_nt(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void mendel_sgemm_nt(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda, const float *b,
                     int64_t ldb, float beta, float *c, int64_t ldc) {
    mendel_sgemm_nt_level(mendel_level_current(), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void mendel_sgemm_nn_level(int level, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
                           const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
    if (m <= 0 || n <= 0) return;
    table_for(level)->sgemm_nn(m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void mendel_sgemm_nn(int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda, const float *b,
                     int64_t ldb, float beta, float *c, int64_t ldc) {
    mendel_sgemm_nn_level(mendel_level_current(), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
