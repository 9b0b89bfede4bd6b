/* spectral.h - DFT and STFT kernels, float32 data, double accumulation. */
#ifndef KILN_KERNELS_SPECTRAL_H
#define KILN_KERNELS_SPECTRAL_H

#include "kiln_kernels.h"

//@kernel kiln_dft_params
/* x [outer][n_in][inner][cin] -> y [outer][n_out][inner][cout] along the
 * middle axis; n = dft_length (input zero-padded or truncated to it).
 * inverse: e^{+2 pi i k t / n} and 1/n. irfft: x is the one-sided spectrum of
 * a real signal of length n (Hermitian-completed), y real (cout = 1).
 * tw: 2n doubles, cos and sin of 2 pi j / n (j < n), interleaved. */
typedef struct kiln_dft_params {
  int64_t outer, inner, n_in, n, n_out;
  int cin, cout, inverse, irfft;
} kiln_dft_params;
//@end

//@kernel kiln_stft_params
/* signal [batch][len][cin] -> y [batch][frames][bins][2]; frame f is
 * signal[f*step .. f*step+flen) times the window (NULL = ones), transformed
 * with a DFT of length flen; bins = flen/2+1 when onesided, else flen. */
typedef struct kiln_stft_params {
  int64_t batch, len, frames, step, flen, bins;
  int cin;
} kiln_stft_params;
//@end

#ifdef KILN_HOST
KILN_KERNEL void kiln_f32_dft__c(const kiln_dft_params *p, const double *tw, const float *x,
                                 float *y);
KILN_KERNEL void kiln_f32_stft__c(const kiln_stft_params *p, const double *tw, const float *x,
                                  const float *window, float *y);
/* Compiler-side helper: fills tw[2n] (cos, sin of 2 pi j / n). */
void kiln_spectral_twiddles(int64_t n, double *tw);
#endif

#endif
