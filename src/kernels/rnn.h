/* rnn.h - recurrent kernels (ONNX RNN, GRU, LSTM), float32. */
#ifndef KILN_KERNELS_RNN_H
#define KILN_KERNELS_RNN_H

#include "kiln_kernels.h"

//@kernel kiln_rnn_params
/* Activation kinds of the ONNX recurrent ops' `activations` attribute. */
enum {
  KILN_RACT_RELU = 0, KILN_RACT_TANH, KILN_RACT_SIGMOID, KILN_RACT_AFFINE, KILN_RACT_LEAKY_RELU,
  KILN_RACT_THRESHOLDED_RELU, KILN_RACT_SCALED_TANH, KILN_RACT_HARD_SIGMOID, KILN_RACT_ELU,
  KILN_RACT_SOFTSIGN, KILN_RACT_SOFTPLUS
};
typedef struct kiln_ract {
  int kind;
  float alpha, beta;
} kiln_ract;
/* cell: 0 RNN (1 gate), 1 GRU (z r h), 2 LSTM (i o f c). dir: 0 forward,
 * 1 reverse, 2 bidirectional (num_dirs = 2). layout 0: X [T][B][I],
 * Y [T][D][B][H], Y_h/Y_c [D][B][H]; layout 1: X [B][T][I], Y [B][T][D][H],
 * Y_h/Y_c [B][D][H]. act[d*3 + k] is activation k of direction d (f, g, h).
 * clip > 0 clips every gate pre-activation to [-clip, clip]. */
typedef struct kiln_rnn_params {
  int cell, dir, num_dirs, layout, lbr, input_forget;
  int64_t T, B, I, H;
  float clip;
  kiln_ract act[6];
} kiln_rnn_params;
//@end

#ifdef KILN_HOST
/* Scratch floats the kernel needs: 7 * B * H. Any of B (bias), seq (int32
 * lengths), h0, c0, P, Y, Yh, Yc may be NULL. */
KILN_KERNEL void kiln_f32_rnn__c(const kiln_rnn_params *p, const float *X, const float *W,
                                 const float *R, const float *Bias, const int32_t *seq,
                                 const float *h0, const float *c0, const float *P, float *Y,
                                 float *Yh, float *Yc, float *scratch);
#endif

#endif
