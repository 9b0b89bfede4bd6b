/* training.c - one optimizer step per tensor, portable C.
 *
 * Element math is done in double and rounded once to float. Every element
 * is read before its outputs are written, so outputs may alias inputs.
 */
#include "kiln_kernels.h"
#include "training.h"

//@kernel kiln_f32_adagrad__c needs kiln_optim_params
/* r = R / (1 + T decay); g = norm X + G; H' = H + g^2; X' = X - r g / (sqrt(H') + eps) */
KILN_KERNEL void kiln_f32_adagrad__c(const kiln_optim_params *p, int64_t n, const float *R,
                                     const int64_t *T, const float *X, const float *G,
                                     const float *H, float *Xn, float *Hn) {
  const double r = (double)R[0] / (1.0 + (double)T[0] * p->decay);
  for (int64_t i = 0; i < n; i++) {
    const double g = p->norm * (double)X[i] + (double)G[i];
    const double h = (double)H[i] + g * g;
    const double x = (double)X[i] - r * g / (sqrt(h) + p->epsilon);
    Hn[i] = (float)h;
    Xn[i] = (float)x;
  }
}
//@end

//@kernel kiln_f32_momentum__c needs kiln_optim_params
/* g = norm X + G; V' = alpha V + (T > 0 ? beta : 1) g;
 * X' = X - R V' (standard) or X - R (g + alpha V') (nesterov) */
KILN_KERNEL void kiln_f32_momentum__c(const kiln_optim_params *p, int64_t n, const float *R,
                                      const int64_t *T, const float *X, const float *G,
                                      const float *V, float *Xn, float *Vn) {
  const double r = (double)R[0], b = T[0] > 0 ? p->beta : 1.0;
  for (int64_t i = 0; i < n; i++) {
    const double g = p->norm * (double)X[i] + (double)G[i];
    const double v = p->alpha * (double)V[i] + b * g;
    const double x = p->nesterov ? (double)X[i] - r * (g + p->alpha * v) : (double)X[i] - r * v;
    Vn[i] = (float)v;
    Xn[i] = (float)x;
  }
}
//@end

//@kernel kiln_f32_adam__c needs kiln_optim_params
/* g = norm X + G; V' = alpha V + (1 - alpha) g; H' = beta H + (1 - beta) g^2;
 * r = T > 0 ? R sqrt(1 - beta^T) / (1 - alpha^T) : R;
 * X' = (1 - norm_post) (X - r V' / (sqrt(H') + eps)) */
KILN_KERNEL void kiln_f32_adam__c(const kiln_optim_params *p, int64_t n, const float *R,
                                  const int64_t *T, const float *X, const float *G, const float *V,
                                  const float *H, float *Xn, float *Vn, float *Hn) {
  double r = (double)R[0];
  if (T[0] > 0)
    r = r * sqrt(1.0 - pow(p->beta, (double)T[0])) / (1.0 - pow(p->alpha, (double)T[0]));
  for (int64_t i = 0; i < n; i++) {
    const double g = p->norm * (double)X[i] + (double)G[i];
    const double v = p->alpha * (double)V[i] + (1.0 - p->alpha) * g;
    const double h = p->beta * (double)H[i] + (1.0 - p->beta) * g * g;
    const double x = (1.0 - p->norm_post) * ((double)X[i] - r * v / (sqrt(h) + p->epsilon));
    Vn[i] = (float)v;
    Hn[i] = (float)h;
    Xn[i] = (float)x;
  }
}
//@end
//@kernel kiln_f32_batchnorm_train__c needs kiln_batchnorm_params
/* Statistics in double (two passes: mean, then squared deviations), each
 * result rounded once to float. */
KILN_KERNEL void kiln_f32_batchnorm_train__c(const kiln_batchnorm_params *p, float momentum,
                                             const float *x, const float *scale,
                                             const float *bias, const float *mean,
                                             const float *var, float *y, float *run_mean,
                                             float *run_var) {
  const int64_t C = p->c, I = p->inner, cnt = p->n * p->inner;
  for (int64_t c = 0; c < C; c++) {
    double s = 0.0, q = 0.0;
    for (int64_t b = 0; b < p->n; b++) {
      const float *xr = x + (b * C + c) * I;
      for (int64_t i = 0; i < I; i++) s += (double)xr[i];
    }
    const double m = s / (double)cnt;
    for (int64_t b = 0; b < p->n; b++) {
      const float *xr = x + (b * C + c) * I;
      for (int64_t i = 0; i < I; i++) q += ((double)xr[i] - m) * ((double)xr[i] - m);
    }
    const double v = q / (double)cnt;
    const double k = (double)scale[c] / sqrt(v + (double)p->epsilon), t = (double)bias[c];
    const double mo = (double)momentum;
    const float rm = (float)((double)mean[c] * mo + m * (1.0 - mo));
    const float rv = (float)((double)var[c] * mo + v * (1.0 - mo));
    for (int64_t b = 0; b < p->n; b++) {
      const float *xr = x + (b * C + c) * I;
      float *yr = y + (b * C + c) * I;
      for (int64_t i = 0; i < I; i++) yr[i] = (float)(((double)xr[i] - m) * k + t);
    }
    if (run_mean) run_mean[c] = rm;
    if (run_var) run_var[c] = rv;
  }
}
//@end


#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_training_fn_)(void);
extern const kiln_training_fn_ kiln_training_used_[];
const kiln_training_fn_ kiln_training_used_[] = {
    (kiln_training_fn_)kiln_f32_adagrad__c, (kiln_training_fn_)kiln_f32_momentum__c,
    (kiln_training_fn_)kiln_f32_adam__c, (kiln_training_fn_)kiln_f32_batchnorm_train__c};
#endif
