// AVX2 kernels with 256-bit AVX-VNNI dot products (vpdpbusd, VEX encoding) for the 32-element blocks.
#include "kernels_internal.h"
#if defined(__x86_64__)

#define MK_TARGET __attribute__((target("avx2,fma,f16c,avxvnni")))
#define MK_NAME(x) x##_avxvnni
#define MK_DPBUSD(acc, u, s) _mm256_dpbusd_avx_epi32(acc, u, s)
#include "qdot_x86_template.h"

const mendel_kernel_table mendel_table_avxvnni = {
    .quant_q8 = quant_q8_avxvnni, .quant_q8k = mendel_quant_q8k_scalar,
    .dot_q4_0 = dot_q4_0_avxvnni, .dot_q4_1 = dot_q4_1_avxvnni, .dot_q8_0 = dot_q8_0_avxvnni,
    .dot4_q4_0 = dot4_q4_0_avxvnni, .dot4_q4_1 = dot4_q4_1_avxvnni, .dot4_q8_0 = dot4_q8_0_avxvnni, 
    .rows4_q4_0 = rows4_q4_0_avxvnni, .rows4_q4_1 = rows4_q4_1_avxvnni, .rows4_q8_0 = rows4_q8_0_avxvnni,
    .dot_q4_k = 0, .dot_q6_k = 0, .dot_f32 = 0, .dot_f16 = 0, .dot_bf16 = 0,  // filled from AVX2 at dispatch
    .sgemm_nt = 0, .sgemm_nn = 0,
};

#endif
