/* spectral.c - direct DFT / STFT, portable C.
 *
 * A direct O(n^2) transform per line over a compile-time twiddle table
 * (cos/sin of 2 pi j / n, indexed by k t mod n, so no trigonometry runs
 * at run time), accumulated in double. Exact for any length, not only
 * powers of two.
 */
#include "kiln_kernels.h"
#include "spectral.h"

#ifdef KILN_HOST
void kiln_spectral_twiddles(int64_t n, double *tw) {
  const double pi2 = 6.283185307179586476925286766559;
  for (int64_t j = 0; j < n; j++) {
    tw[2 * j] = cos(pi2 * (double)j / (double)n);
    tw[2 * j + 1] = sin(pi2 * (double)j / (double)n);
  }
}
#endif

//@kernel kiln_f32_dft__c needs kiln_dft_params
KILN_KERNEL void kiln_f32_dft__c(const kiln_dft_params *p, const double *tw, const float *x,
                                 float *y) {
  const int64_t N = p->n, I = p->inner, cin = p->cin, cout = p->cout;
  const int64_t m = p->n_in < N ? p->n_in : N;
  const double sgn = p->inverse ? 1.0 : -1.0, scale = p->inverse ? 1.0 / (double)N : 1.0;
  for (int64_t o = 0; o < p->outer; o++)
    for (int64_t i = 0; i < I; i++) {
      const float *xl = x + (o * p->n_in * I + i) * cin;
      float *yl = y + (o * p->n_out * I + i) * cout;
      for (int64_t k = 0; k < p->n_out; k++) {
        double re = 0.0, im = 0.0;
        if (p->irfft) {
          /* y[k] = (1/N) sum_j w_j Re(X_j e^{+2 pi i j k / N}), j <= N/2 */
          const int64_t J = p->n_in < N / 2 + 1 ? p->n_in : N / 2 + 1;
          int64_t idx = 0;
          for (int64_t j = 0; j < J; j++) {
            const double xr = xl[j * I * cin], xi = cin == 2 ? xl[j * I * cin + 1] : 0.0;
            const double w = (j == 0 || 2 * j == N) ? 1.0 : 2.0;
            if (j > 0) re += w * (xr * tw[2 * idx] - xi * tw[2 * idx + 1]);
            else re += xr;
            idx += k;
            if (idx >= N) idx %= N;
          }
          yl[k * I * cout] = (float)(re * scale);
          if (cout == 2) yl[k * I * cout + 1] = 0.0f;
          continue;
        }
        int64_t idx = 0;
        for (int64_t t = 0; t < m; t++) {
          const double xr = xl[t * I * cin], xi = cin == 2 ? xl[t * I * cin + 1] : 0.0;
          const double c = tw[2 * idx], s = sgn * tw[2 * idx + 1];
          re += xr * c - xi * s;
          im += xr * s + xi * c;
          idx += k;
          if (idx >= N) idx %= N;
        }
        yl[k * I * cout] = (float)(re * scale);
        if (cout == 2) yl[k * I * cout + 1] = (float)(im * scale);
      }
    }
}
//@end

//@kernel kiln_f32_stft__c needs kiln_stft_params
KILN_KERNEL void kiln_f32_stft__c(const kiln_stft_params *p, const double *tw, const float *x,
                                  const float *window, float *y) {
  const int64_t N = p->flen, cin = p->cin;
  for (int64_t b = 0; b < p->batch; b++)
    for (int64_t f = 0; f < p->frames; f++) {
      const int64_t start = f * p->step;
      int64_t m = p->len - start < N ? p->len - start : N;
      if (m < 0) m = 0;
      const float *xf = x + (b * p->len + start) * cin;
      float *yf = y + (b * p->frames + f) * p->bins * 2;
      for (int64_t k = 0; k < p->bins; k++) {
        double re = 0.0, im = 0.0;
        int64_t idx = 0;
        for (int64_t t = 0; t < m; t++) {
          const double w = window ? (double)window[t] : 1.0;
          const double xr = w * xf[t * cin], xi = cin == 2 ? w * xf[t * cin + 1] : 0.0;
          const double c = tw[2 * idx], s = -tw[2 * idx + 1];
          re += xr * c - xi * s;
          im += xr * s + xi * c;
          idx += k;
          if (idx >= N) idx %= N;
        }
        yf[2 * k] = (float)re;
        yf[2 * k + 1] = (float)im;
      }
    }
}
//@end
