/* loss.c - NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss kernels
 * (f32, portable C).
 *
 * One pass over the [n][d] positions. SoftmaxCrossEntropyLoss computes the
 * log-softmax over the class dim (stride d) per position with the maximum
 * subtracted first; it needs no scratch memory: log_prob, when requested,
 * is written directly. Reductions accumulate in double.
 */
#include "kiln_kernels.h"
#include "loss.h"

//@kernel kiln_loss_target__c needs kiln_loss_params
/* Target class of element i; -1 when ignored, else clamped into [0, c). */
static inline int64_t kiln_loss_target__c(const kiln_loss_params *p, const int64_t *t64,
                                          const int32_t *t32, int64_t i) {
  int64_t t = t64 ? t64[i] : (int64_t)t32[i];
  if (p->has_ignore && t == p->ignore_index) return -1;
  return t < 0 ? 0 : (t >= p->c ? p->c - 1 : t);
}
//@end

//@kernel kiln_loss_finish__c needs kiln_loss_params
/* Writes the reduced loss. */
static inline void kiln_loss_finish__c(const kiln_loss_params *p, double sum, double wsum,
                                       float *loss) {
  if (p->reduction == 1) loss[0] = (float)sum;
  else if (p->reduction == 2) loss[0] = (float)(sum / wsum);
}
//@end

//@kernel kiln_f32_nllloss__c needs kiln_loss_params kiln_loss_target__c kiln_loss_finish__c
KILN_KERNEL void kiln_f32_nllloss__c(const kiln_loss_params *p, const float *x,
                                     const int64_t *t64, const int32_t *t32, const float *w,
                                     float *loss) {
  const int64_t C = p->c, D = p->d;
  double sum = 0.0, wsum = 0.0;
  for (int64_t n = 0; n < p->n; n++)
    for (int64_t d = 0; d < D; d++) {
      const int64_t i = n * D + d, t = kiln_loss_target__c(p, t64, t32, i);
      float l = 0.0f, wt = 0.0f;
      if (t >= 0) {
        wt = w ? w[t] : 1.0f;
        l = -x[(n * C + t) * D + d] * wt;
      }
      if (p->reduction == 0) loss[i] = l;
      sum += l;
      wsum += wt;
    }
  kiln_loss_finish__c(p, sum, wsum, loss);
}
//@end

//@kernel kiln_f32_sce_loss__c needs kiln_loss_params kiln_loss_target__c kiln_loss_finish__c
KILN_KERNEL void kiln_f32_sce_loss__c(const kiln_loss_params *p, const float *x,
                                      const int64_t *t64, const int32_t *t32, const float *w,
                                      float *loss, float *log_prob) {
  const int64_t C = p->c, D = p->d;
  double sum = 0.0, wsum = 0.0;
  for (int64_t n = 0; n < p->n; n++)
    for (int64_t d = 0; d < D; d++) {
      const float *xr = x + n * C * D + d;
      float m = xr[0], s = 0.0f;
      for (int64_t c = 1; c < C; c++) m = xr[c * D] > m ? xr[c * D] : m;
      for (int64_t c = 0; c < C; c++) s += expf(xr[c * D] - m);
      const float ls = logf(s);
      if (log_prob) {
        float *lr = log_prob + n * C * D + d;
        for (int64_t c = 0; c < C; c++) lr[c * D] = (xr[c * D] - m) - ls;
      }
      const int64_t i = n * D + d, t = kiln_loss_target__c(p, t64, t32, i);
      float l = 0.0f, wt = 0.0f;
      if (t >= 0) {
        wt = w ? w[t] : 1.0f;
        l = -((xr[t * D] - m) - ls) * wt;
      }
      if (p->reduction == 0) loss[i] = l;
      sum += l;
      wsum += wt;
    }
  kiln_loss_finish__c(p, sum, wsum, loss);
}
//@end
