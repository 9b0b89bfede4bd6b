/* unary_avx512.c - elementwise unary kernels for x86-64 AVX-512, where libm
 * per element is the bottleneck (GELU's Erf in transformer MLPs).
 */
#include "kiln_kernels.h"
#include "unary.h"
#include "gemm_avx512.h"

#if defined(__x86_64__) && defined(__GNUC__)

//@kernel kiln_f32_erf__avx512 needs kiln_f32_act16__avx512
/* erf on 16 lanes. |x| < 0.5: the Maclaurin series 2/sqrt(pi) * x * (1 -
 * x^2/3 + x^4/10 - ... + x^12/9360), truncated below 1e-9 relative.
 * |x| >= 0.5: erf = 1 - erfc, erfc(z) = t * exp(-z^2 + P(t)), t = 1 / (1 +
 * z / 2), with the degree-9 Chebyshev fit of Press et al. (Numerical
 * Recipes, erfcc; fractional error below 1.2e-7), so erf there is within
 * about 2e-7 relative. Odd in x; NaN stays NaN, +-inf give +-1. */
KILN_AVX512_INLINE __m512 kiln_f32_erf16__avx512(__m512 x) {
  const __m512 ax = _mm512_abs_ps(x), x2 = _mm512_mul_ps(x, x);
  /* small: series in x^2 */
  __m512 s = _mm512_set1_ps(1.0f / 9360.0f);
  s = _mm512_fmadd_ps(s, x2, _mm512_set1_ps(-1.0f / 1320.0f));
  s = _mm512_fmadd_ps(s, x2, _mm512_set1_ps(1.0f / 216.0f));
  s = _mm512_fmadd_ps(s, x2, _mm512_set1_ps(-1.0f / 42.0f));
  s = _mm512_fmadd_ps(s, x2, _mm512_set1_ps(1.0f / 10.0f));
  s = _mm512_fmadd_ps(s, x2, _mm512_set1_ps(-1.0f / 3.0f));
  s = _mm512_fmadd_ps(s, x2, _mm512_set1_ps(1.0f));
  s = _mm512_mul_ps(_mm512_mul_ps(s, x), _mm512_set1_ps(1.12837916709551257f));
  /* large: 1 - erfc(|x|), sign of x */
  const __m512 t = _mm512_div_ps(_mm512_set1_ps(1.0f), _mm512_fmadd_ps(ax, _mm512_set1_ps(0.5f), _mm512_set1_ps(1.0f)));
  __m512 p = _mm512_set1_ps(0.17087277f);
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-0.82215223f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(1.48851587f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-1.13520398f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.27886807f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-0.18628806f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.09678418f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(0.37409196f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(1.00002368f));
  p = _mm512_fmadd_ps(p, t, _mm512_set1_ps(-1.26551223f));
  const __m512 e = kiln_f32_exp_neg16__avx512(_mm512_sub_ps(p, _mm512_mul_ps(ax, ax)));
  __m512 l = _mm512_fnmadd_ps(t, e, _mm512_set1_ps(1.0f));
  l = _mm512_or_ps(l, _mm512_and_ps(x, _mm512_set1_ps(-0.0f))); /* sign of x */
  const __mmask16 big = _mm512_cmp_ps_mask(ax, _mm512_set1_ps(0.5f), _CMP_GE_OQ);
  return _mm512_mask_blend_ps(big, s, l); /* NaN: not big, and the series keeps it NaN */
}

/* y = erf(x), n elements; y may be x. */
KILN_KERNEL KILN_AVX512_FN void kiln_f32_erf__avx512(int64_t n, const float *x, float *y) {
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, kiln_f32_erf16__avx512(_mm512_loadu_ps(x + i)));
  if (i < n) {
    const __mmask16 m = (__mmask16)((1u << (n - i)) - 1u);
    _mm512_mask_storeu_ps(y + i, m, kiln_f32_erf16__avx512(_mm512_maskz_loadu_ps(m, x + i)));
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package). */
typedef void (*kiln_unary_avx512_fn_)(void);
extern const kiln_unary_avx512_fn_ kiln_unary_avx512_used_[];
const kiln_unary_avx512_fn_ kiln_unary_avx512_used_[] = {(kiln_unary_avx512_fn_)kiln_f32_erf__avx512};
#endif

#endif
