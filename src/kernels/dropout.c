/* dropout.c - Dropout (training mode), portable C.
 *
 * The keep decisions come from MT19937 (Matsumoto & Nishimura, 1998)
 * seeded with init_genrand(seed), each uniform double built from two 32-bit
 * outputs as (a >> 5) * 2^26 + (b >> 6), over 2^53: the generator and
 * sampling of numpy's legacy RandomState, which the ONNX reference uses for
 * Dropout (seed, then uniform(0, 1, shape) >= ratio). The state (2.5 KB)
 * lives on the stack of one call: the package keeps no random state, so a
 * given seed gives the same mask on every run.
 */
#include "kiln_kernels.h"
#include "dropout.h"

//@kernel kiln_mt19937__c
typedef struct kiln_mt19937 {
  uint32_t mt[624];
  int i;
} kiln_mt19937;

static void kiln_mt19937_seed__c(kiln_mt19937 *s, uint32_t seed) {
  int k;
  s->mt[0] = seed;
  for (k = 1; k < 624; k++)
    s->mt[k] = (uint32_t)(1812433253u * (s->mt[k - 1] ^ (s->mt[k - 1] >> 30)) + (uint32_t)k);
  s->i = 624;
}

static uint32_t kiln_mt19937_next__c(kiln_mt19937 *s) {
  uint32_t y;
  if (s->i >= 624) { /* regenerate the whole block */
    int k;
    for (k = 0; k < 624; k++) {
      y = (s->mt[k] & 0x80000000u) | (s->mt[(k + 1) % 624] & 0x7fffffffu);
      s->mt[k] = s->mt[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
    }
    s->i = 0;
  }
  y = s->mt[s->i++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

/* A double in [0, 1) with 53 random bits. */
static double kiln_mt19937_double__c(kiln_mt19937 *s) {
  const uint32_t a = kiln_mt19937_next__c(s) >> 5, b = kiln_mt19937_next__c(s) >> 6;
  return ((double)a * 67108864.0 + (double)b) / 9007199254740992.0;
}
//@end

//@kernel kiln_f32_dropout__c needs kiln_mt19937__c
KILN_KERNEL void kiln_f32_dropout__c(int64_t n, uint32_t seed, float ratio, int training,
                                     const float *x, float *y, uint8_t *mask) {
  int64_t i;
  if (!training || ratio == 0.0f) {
    for (i = 0; i < n; i++) {
      y[i] = x[i];
      if (mask) mask[i] = 1;
    }
    return;
  }
  {
    kiln_mt19937 s;
    const float sc = 1.0f / (1.0f - ratio); /* the reference scales by 1 / (1 - ratio) */
    kiln_mt19937_seed__c(&s, seed);
    for (i = 0; i < n; i++) {
      const int keep = kiln_mt19937_double__c(&s) >= (double)ratio;
      y[i] = (keep ? x[i] : 0.0f * x[i]) * sc;
      if (mask) mask[i] = (uint8_t)keep;
    }
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package). */
typedef void (*kiln_dropout_fn_)(void);
extern const kiln_dropout_fn_ kiln_dropout_used_[];
const kiln_dropout_fn_ kiln_dropout_used_[] = {(kiln_dropout_fn_)kiln_f32_dropout__c};
#endif
