/* rnn.c - ONNX RNN / GRU / LSTM recurrences, float32, portable C.
 *
 * One kernel runs every cell type and direction. Per direction it keeps the
 * hidden (and cell) state of every batch row in scratch, computes each
 * step's gate pre-activations as X_t W^T + H_{t-1} R^T + biases (row-major
 * dot products over contiguous rows of W and R), then the cell update.
 * Batch rows whose sequence_lens entry ends before step t are frozen and
 * write zeros to Y, as the spec requires; Y_h/Y_c get each row's state at
 * its last valid step.
 */
#include "kiln_kernels.h"
#include "rnn.h"

//@kernel kiln_f32_ract__c needs kiln_rnn_params
static inline float kiln_f32_ract__c(const kiln_ract *a, float v) {
  switch (a->kind) {
  case KILN_RACT_RELU: return v > 0.0f ? v : 0.0f;
  case KILN_RACT_TANH: return tanhf(v);
  case KILN_RACT_SIGMOID:
    if (v >= 0.0f) return 1.0f / (1.0f + expf(-v));
    else { float e = expf(v); return e / (1.0f + e); }
  case KILN_RACT_AFFINE: return a->alpha * v + a->beta;
  case KILN_RACT_LEAKY_RELU: return v >= 0.0f ? v : a->alpha * v;
  case KILN_RACT_THRESHOLDED_RELU: return v > a->alpha ? v : 0.0f;
  case KILN_RACT_SCALED_TANH: return a->alpha * tanhf(a->beta * v);
  case KILN_RACT_HARD_SIGMOID: {
    float y = a->alpha * v + a->beta;
    return y < 0.0f ? 0.0f : (y > 1.0f ? 1.0f : y);
  }
  case KILN_RACT_ELU: return v >= 0.0f ? v : a->alpha * (expf(v) - 1.0f);
  case KILN_RACT_SOFTSIGN: return v / (1.0f + fabsf(v));
  case KILN_RACT_SOFTPLUS: return v > 20.0f ? v : log1pf(expf(v));
  default: return v;
  }
}
//@end

//@kernel kiln_f32_rnn__c needs kiln_rnn_params kiln_f32_ract__c
KILN_KERNEL void kiln_f32_rnn__c(const kiln_rnn_params *p, const float *X, const float *W,
                                 const float *R, const float *Bias, const int32_t *seq,
                                 const float *h0, const float *c0, const float *P, float *Y,
                                 float *Yh, float *Yc, float *scratch) {
  const int64_t T = p->T, B = p->B, I = p->I, H = p->H, D = p->num_dirs;
  const int G = p->cell == 0 ? 1 : (p->cell == 1 ? 3 : 4);
  float *h = scratch, *c = h + B * H, *gt = c + B * H, *tmp = gt + 4 * B * H;
  const float clip = p->clip;
  for (int64_t d = 0; d < D; d++) {
    const int rev = p->dir == 1 || (p->dir == 2 && d == 1);
    const float *Wd = W + d * G * H * I, *Rd = R + d * G * H * H;
    const float *Wb = Bias ? Bias + d * 2 * G * H : 0, *Rb = Bias ? Wb + G * H : 0;
    const float *Pd = P ? P + d * 3 * H : 0;
    const kiln_ract *af = &p->act[d * 3], *ag = &p->act[d * 3 + 1], *ah = &p->act[d * 3 + 2];
    for (int64_t b = 0; b < B; b++)
      for (int64_t j = 0; j < H; j++) {
        const int64_t s = p->layout ? (b * D + d) * H + j : (d * B + b) * H + j;
        h[b * H + j] = h0 ? h0[s] : 0.0f;
        c[b * H + j] = c0 ? c0[s] : 0.0f;
      }
    for (int64_t step = 0; step < T; step++) {
      const int64_t t = rev ? T - 1 - step : step;
      for (int64_t b = 0; b < B; b++) {
        int64_t len = seq ? (int64_t)seq[b] : T;
        if (len > T) len = T;
        float *yrow = 0;
        if (Y) yrow = p->layout ? Y + ((b * T + t) * D + d) * H : Y + ((t * D + d) * B + b) * H;
        if (t >= len) { /* padding step: state frozen, Y zero */
          if (yrow) for (int64_t j = 0; j < H; j++) yrow[j] = 0.0f;
          continue;
        }
        const float *x = p->layout ? X + (b * T + t) * I : X + (t * B + b) * I;
        float *hb = h + b * H, *cb = c + b * H, *g = gt + b * 4 * H, *hr = tmp + b * H;
        /* g[k*H + j] = x . W[k*H+j] + Wb (+ Rb, and h . R except GRU's h gate) */
        for (int64_t r = 0; r < G * H; r++) {
          const float *w = Wd + r * I;
          float acc = Wb ? Wb[r] : 0.0f;
          for (int64_t i = 0; i < I; i++) acc += x[i] * w[i];
          if (p->cell == 1 && r >= 2 * H) { /* GRU h gate: recurrent part below */
            g[r] = acc;
            continue;
          }
          const float *rr = Rd + r * H;
          float ar = Rb ? Rb[r] : 0.0f;
          for (int64_t i = 0; i < H; i++) ar += hb[i] * rr[i];
          g[r] = acc + ar;
        }
        if (p->cell == 0) {
          for (int64_t j = 0; j < H; j++) {
            float v = g[j];
            if (clip > 0.0f) v = v < -clip ? -clip : (v > clip ? clip : v);
            hr[j] = kiln_f32_ract__c(af, v);
          }
          for (int64_t j = 0; j < H; j++) hb[j] = hr[j];
        } else if (p->cell == 1) {
          float *z = g, *rg = g + H, *hh = g + 2 * H;
          for (int64_t j = 0; j < 2 * H; j++) {
            float v = g[j];
            if (clip > 0.0f) v = v < -clip ? -clip : (v > clip ? clip : v);
            g[j] = kiln_f32_ract__c(af, v);
          }
          const float *Rh = Rd + 2 * H * H;
          const float *Rbh = Rb ? Rb + 2 * H : 0;
          for (int64_t j = 0; j < H; j++) {
            const float *rr = Rh + j * H;
            float a = 0.0f;
            if (p->lbr) {
              for (int64_t i = 0; i < H; i++) a += hb[i] * rr[i];
              if (Rbh) a += Rbh[j];
              a *= rg[j];
            } else {
              for (int64_t i = 0; i < H; i++) a += rg[i] * hb[i] * rr[i];
              if (Rbh) a += Rbh[j];
            }
            float v = hh[j] + a;
            if (clip > 0.0f) v = v < -clip ? -clip : (v > clip ? clip : v);
            hr[j] = kiln_f32_ract__c(ag, v);
          }
          for (int64_t j = 0; j < H; j++) hb[j] = (1.0f - z[j]) * hr[j] + z[j] * hb[j];
        } else {
          float *gi = g, *go = g + H, *gf = g + 2 * H, *gc = g + 3 * H;
          for (int64_t j = 0; j < H; j++) {
            float vi = gi[j] + (Pd ? Pd[j] * cb[j] : 0.0f);
            float vf = gf[j] + (Pd ? Pd[2 * H + j] * cb[j] : 0.0f);
            float vc = gc[j];
            if (clip > 0.0f) {
              vi = vi < -clip ? -clip : (vi > clip ? clip : vi);
              vf = vf < -clip ? -clip : (vf > clip ? clip : vf);
              vc = vc < -clip ? -clip : (vc > clip ? clip : vc);
            }
            const float it = kiln_f32_ract__c(af, vi);
            const float ft = p->input_forget ? 1.0f - it : kiln_f32_ract__c(af, vf);
            const float ct = kiln_f32_ract__c(ag, vc);
            const float cn = ft * cb[j] + it * ct;
            float vo = go[j] + (Pd ? Pd[H + j] * cn : 0.0f);
            if (clip > 0.0f) vo = vo < -clip ? -clip : (vo > clip ? clip : vo);
            const float ot = kiln_f32_ract__c(af, vo);
            cb[j] = cn;
            hb[j] = ot * kiln_f32_ract__c(ah, cn);
          }
        }
        if (yrow) for (int64_t j = 0; j < H; j++) yrow[j] = hb[j];
      }
    }
    for (int64_t b = 0; b < B; b++)
      for (int64_t j = 0; j < H; j++) {
        const int64_t s = p->layout ? (b * D + d) * H + j : (d * B + b) * H + j;
        if (Yh) Yh[s] = h[b * H + j];
        if (Yc) Yc[s] = c[b * H + j];
      }
  }
}
//@end
