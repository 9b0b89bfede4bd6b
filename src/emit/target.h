/* target.h - what the generated code may assume about the machine.
 *
 * A target is a name, the ISA features its kernels may use and the compiler
 * flags the package's build adds. Op emitters ask emit_isa() and pick the
 * most specialised kernel candidate the target allows (AVX-512 -> AVX2 ->
 * portable C); portable C is always available.
 */
#ifndef KILN_TARGET_H
#define KILN_TARGET_H

enum {
  KILN_ISA_AVX2 = 1u << 0,   /* AVX2 + FMA3 */
  KILN_ISA_AVX512 = 1u << 1, /* AVX-512 F/BW/DQ/VL (implies AVX2) */
  KILN_ISA_NEON = 1u << 2    /* ARMv8.0 Advanced SIMD */
};

typedef struct kiln_target {
  const char *name;   /* as given to --target */
  unsigned isa;       /* KILN_ISA_* bits */
  const char *cflags; /* added to the package's build */
  const char *about;  /* one line for --help */
  /* For `kiln run`/`bench` on a host of another architecture: the cross
   * compiler and the emulator that runs its binaries (NULL = native build).
   * KILN_TARGET_CC / KILN_TARGET_RUNNER override them. */
  const char *cross_cc;
  const char *runner;
} kiln_target;

/* Looks a target up by name; "native" is resolved to the build host's
 * features. NULL if unknown. */
const kiln_target *target_find(const char *name);
/* Space-separated list of target names, for messages. */
const char *target_names(void);

#endif
