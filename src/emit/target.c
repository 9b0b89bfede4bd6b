/* target.c - the targets kiln can emit for (see target.h). */
#include "target.h"

#include <string.h>

static const kiln_target targets[] = {
  {"generic", 0, "", "portable C99, any machine", NULL, NULL},
  {"x86-64-avx2", KILN_ISA_AVX2, "-mavx2 -mfma", "x86-64 with AVX2 and FMA3", NULL, NULL},
  {"x86-64-avx512", KILN_ISA_AVX2 | KILN_ISA_AVX512,
   "-mavx2 -mfma -mavx512f -mavx512bw -mavx512dq -mavx512vl", "x86-64 with AVX-512 F/BW/DQ/VL", NULL, NULL},
  {"native", 0, "-march=native", "the features of the machine kiln runs on", NULL, NULL},
#if defined(__aarch64__)
  {"aarch64", KILN_ISA_NEON, "", "ARMv8.0-A with NEON", NULL, NULL},
#else
  {"aarch64", KILN_ISA_NEON, "", "ARMv8.0-A with NEON", "aarch64-linux-gnu-gcc",
   "qemu-aarch64 -L /usr/aarch64-linux-gnu"},
#endif
};

const kiln_target *target_find(const char *name) {
  static kiln_target native;
  for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++) {
    if (strcmp(targets[i].name, name) != 0) continue;
    if (strcmp(name, "native") != 0) return &targets[i];
    native = targets[i];
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) native.isa |= KILN_ISA_AVX2;
    if ((native.isa & KILN_ISA_AVX2) && __builtin_cpu_supports("avx512f") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512vl"))
      native.isa |= KILN_ISA_AVX512;
#elif defined(__aarch64__)
    native.isa |= KILN_ISA_NEON;
#endif
    return &native;
  }
  return NULL;
}

const char *target_names(void) { return "generic, native, x86-64-avx2, x86-64-avx512, aarch64"; }
