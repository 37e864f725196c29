#include "CMendelKernels.h"

uint32_t mendel_cpu_features(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    uint32_t features = 0;
    if (__builtin_cpu_supports("avx2")) features |= MENDEL_CPU_AVX2;
    if (__builtin_cpu_supports("fma")) features |= MENDEL_CPU_FMA;
    if (__builtin_cpu_supports("f16c")) features |= MENDEL_CPU_F16C;
    if (__builtin_cpu_supports("avx512f")) features |= MENDEL_CPU_AVX512F;
    if (__builtin_cpu_supports("avx512bw")) features |= MENDEL_CPU_AVX512BW;
    if (__builtin_cpu_supports("avx512vnni")) features |= MENDEL_CPU_AVX512VNNI;
    if (__builtin_cpu_supports("avxvnni")) features |= MENDEL_CPU_AVXVNNI;
    if (__builtin_cpu_supports("avx512vl")) features |= MENDEL_CPU_AVX512VL;
    if (__builtin_cpu_supports("avx512dq")) features |= MENDEL_CPU_AVX512DQ;
    return features;
#else
    return 0;
#endif
}
