/* random.c - random number kernels, portable C.
 *
 * splitmix64 over (key, index) gives 64 random bits per element; uniforms
 * take the top 53 bits; normals use Box-Muller on two uniforms. Every
 * output element depends only on the node's key and its index, so the
 * kernels keep no state and are safe on any number of threads.
 */
#include "kiln_kernels.h"
#include "random.h"

//@kernel kiln_random_u01__c needs kiln_random_params
static inline double kiln_random_u01__c(uint64_t key, uint64_t i) {
  uint64_t z = key + (i + 1) * 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}
static inline void kiln_random_store__c(void *y, int out, int64_t i, double v) {
  switch (out) {
  case 0: ((float *)y)[i] = (float)v; break;
  case 1: ((double *)y)[i] = v; break;
  case 2: ((int32_t *)y)[i] = (int32_t)v; break;
  case 3: ((int64_t *)y)[i] = (int64_t)v; break;
  case 4: ((uint8_t *)y)[i] = (uint8_t)(v != 0.0); break;
  default: ((int16_t *)y)[i] = (int16_t)v; break;
  }
}
//@end

//@kernel kiln_random_fill__c needs kiln_random_u01__c
KILN_KERNEL void kiln_random_fill__c(const kiln_random_params *p, int64_t n, void *y) {
  for (int64_t i = 0; i < n; i++) {
    double v;
    if (p->kind == 0) {
      v = p->a + (p->b - p->a) * kiln_random_u01__c(p->key, (uint64_t)i);
    } else {
      const double u1 = 1.0 - kiln_random_u01__c(p->key, 2 * (uint64_t)i); /* (0, 1] */
      const double u2 = kiln_random_u01__c(p->key, 2 * (uint64_t)i + 1);
      v = p->a + p->b * sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
    }
    kiln_random_store__c(y, p->out, i, v);
  }
}
//@end

//@kernel kiln_f32_bernoulli__c needs kiln_random_u01__c
KILN_KERNEL void kiln_f32_bernoulli__c(const kiln_random_params *p, int64_t n, const float *x, void *y) {
  for (int64_t i = 0; i < n; i++)
    kiln_random_store__c(y, p->out, i, kiln_random_u01__c(p->key, (uint64_t)i) < (double)x[i] ? 1.0 : 0.0);
}
//@end

//@kernel kiln_f64_bernoulli__c needs kiln_random_u01__c
KILN_KERNEL void kiln_f64_bernoulli__c(const kiln_random_params *p, int64_t n, const double *x, void *y) {
  for (int64_t i = 0; i < n; i++)
    kiln_random_store__c(y, p->out, i, kiln_random_u01__c(p->key, (uint64_t)i) < x[i] ? 1.0 : 0.0);
}
//@end

//@kernel kiln_multinomial_body__c needs kiln_random_u01__c
/* x [batch][classes] unnormalised log-probabilities (f64: double, else
 * float) -> y [batch][samples] class indices. */
static inline void kiln_multinomial_body__c(const kiln_random_params *p, const void *x, int f64, void *y) {
  const int64_t C = p->classes;
  for (int64_t b = 0; b < p->batch; b++) {
    const int64_t base = b * C;
    double mx = -HUGE_VAL, tot = 0.0;
    for (int64_t c = 0; c < C; c++) {
      const double v = f64 ? ((const double *)x)[base + c] : (double)((const float *)x)[base + c];
      mx = v > mx ? v : mx;
    }
    for (int64_t c = 0; c < C; c++)
      tot += exp((f64 ? ((const double *)x)[base + c] : (double)((const float *)x)[base + c]) - mx);
    for (int64_t s = 0; s < p->samples; s++) {
      const int64_t o = b * p->samples + s;
      const double u = kiln_random_u01__c(p->key, (uint64_t)o) * tot;
      double acc = 0.0;
      int64_t k = C - 1;
      for (int64_t c = 0; c < C; c++) {
        acc += exp((f64 ? ((const double *)x)[base + c] : (double)((const float *)x)[base + c]) - mx);
        if (u < acc) {
          k = c;
          break;
        }
      }
      kiln_random_store__c(y, p->out, o, (double)(k < 0 ? 0 : k));
    }
  }
}
//@end

//@kernel kiln_f32_multinomial__c needs kiln_multinomial_body__c
KILN_KERNEL void kiln_f32_multinomial__c(const kiln_random_params *p, const float *x, void *y) {
  kiln_multinomial_body__c(p, x, 0, y);
}
//@end

//@kernel kiln_f64_multinomial__c needs kiln_multinomial_body__c
KILN_KERNEL void kiln_f64_multinomial__c(const kiln_random_params *p, const double *x, void *y) {
  kiln_multinomial_body__c(p, x, 1, y);
}
//@end
