/* linalg.c - Det, TensorScatter and DeformConv kernels (see linalg.h). */
#include "kiln_kernels.h"
#include "linalg.h"

//@kernel kiln_f32_det__c
/* Determinants of `batch` row-major m x m matrices: LU decomposition with
 * partial pivoting, in double (scratch holds m * m doubles). */
KILN_KERNEL void kiln_f32_det__c(int64_t batch, int64_t m, const float *x, float *y, double *scratch) {
  int64_t b, i, j, k;
  for (b = 0; b < batch; b++) {
    double *a = scratch, det = 1.0;
    const float *xb = x + b * m * m;
    for (i = 0; i < m * m; i++) a[i] = xb[i];
    for (k = 0; k < m && det != 0.0; k++) {
      int64_t piv = k;
      for (i = k + 1; i < m; i++)
        if (fabs(a[i * m + k]) > fabs(a[piv * m + k])) piv = i;
      if (a[piv * m + k] == 0.0) {
        det = 0.0;
        break;
      }
      if (piv != k) { /* a row swap flips the sign */
        for (j = 0; j < m; j++) {
          double t = a[k * m + j];
          a[k * m + j] = a[piv * m + j];
          a[piv * m + j] = t;
        }
        det = -det;
      }
      det *= a[k * m + k];
      for (i = k + 1; i < m; i++) {
        double f = a[i * m + k] / a[k * m + k];
        for (j = k + 1; j < m; j++) a[i * m + j] -= f * a[k * m + j];
      }
    }
    y[b] = (float)det;
  }
}
//@end

//@kernel kiln_tensorscatter__c needs kiln_tensorscatter_params
/* y = x with update's rows written at write_indices[b] + s along the axis
 * (NULL indices: 0). Circular positions wrap modulo len; linear positions
 * outside [0, len) are skipped (the spec leaves them undefined; memory
 * stays safe). x may equal y (in place). */
KILN_KERNEL void kiln_tensorscatter__c(const kiln_tensorscatter_params *p, const void *x, const void *update,
                                       const int64_t *write_indices, void *y) {
  const unsigned char *u = (const unsigned char *)update;
  unsigned char *dst = (unsigned char *)y;
  int64_t b, m, s;
  if (x != y) memcpy(y, x, (size_t)(p->batch * p->mid * p->len * p->inner));
  for (b = 0; b < p->batch; b++) {
    int64_t w0 = write_indices ? write_indices[b] : 0;
    for (m = 0; m < p->mid; m++)
      for (s = 0; s < p->seq; s++) {
        int64_t t = w0 + s;
        if (p->circular) t = ((t % p->len) + p->len) % p->len;
        else if (t < 0 || t >= p->len) continue;
        memcpy(dst + ((b * p->mid + m) * p->len + t) * p->inner, u + ((b * p->mid + m) * p->seq + s) * p->inner,
               (size_t)p->inner);
      }
  }
}
//@end

//@kernel kiln_f32_deform_conv2d__c needs kiln_deform_conv2d_params
/* DeformConv: each tap samples x bilinearly at its grid position plus its
 * learned offset (zero outside the input), times the mask (1 without),
 * times the weight; y starts at the bias (0 without). Each sample is
 * computed once per input channel and used by the output channels of its
 * group. */
KILN_KERNEL void kiln_f32_deform_conv2d__c(const kiln_deform_conv2d_params *p, const float *x, const float *w,
                                           const float *offset, const float *bias, const float *mask, float *y) {
  const int64_t H = p->h, W = p->w, OH = p->oh, OW = p->ow, KK = p->kh * p->kw;
  const int64_t icg = p->c / p->group, ocg = p->oc / p->group, ico = p->c / p->offset_group;
  int64_t nb, c, oc, i, j, a, bb;
  for (nb = 0; nb < p->n; nb++) {
    float *yb = y + nb * p->oc * OH * OW;
    for (oc = 0; oc < p->oc; oc++)
      for (i = 0; i < OH * OW; i++) yb[oc * OH * OW + i] = bias ? bias[oc] : 0.0f;
    for (c = 0; c < p->c; c++) {
      const float *xc = x + (nb * p->c + c) * H * W;
      const int64_t g = c / icg, og = c / ico;
      const float *off = offset + (nb * p->offset_group + og) * KK * 2 * OH * OW;
      const float *mk = mask ? mask + (nb * p->offset_group + og) * KK * OH * OW : 0;
      for (a = 0; a < p->kh; a++)
        for (bb = 0; bb < p->kw; bb++) {
          const int64_t k = a * p->kw + bb;
          for (i = 0; i < OH; i++)
            for (j = 0; j < OW; j++) {
              const int64_t o = i * OW + j;
              const float py = (float)(i * p->sh - p->ph + a * p->dh) + off[(2 * k) * OH * OW + o];
              const float px = (float)(j * p->sw - p->pw + bb * p->dw) + off[(2 * k + 1) * OH * OW + o];
              const float fy = floorf(py), fx = floorf(px), ly = py - fy, lx = px - fx;
              float v = 0.0f;
              if (py > -1.0f && py < (float)H && px > -1.0f && px < (float)W) { /* else all 4 taps are 0 */
                const int64_t y0 = (int64_t)fy, x0 = (int64_t)fx;
                if (y0 >= 0 && x0 >= 0) v += (1 - ly) * (1 - lx) * xc[y0 * W + x0];
                if (y0 >= 0 && x0 + 1 < W) v += (1 - ly) * lx * xc[y0 * W + x0 + 1];
                if (y0 + 1 < H && x0 >= 0) v += ly * (1 - lx) * xc[(y0 + 1) * W + x0];
                if (y0 + 1 < H && x0 + 1 < W) v += ly * lx * xc[(y0 + 1) * W + x0 + 1];
              }
              if (mk) v *= mk[k * OH * OW + o];
              for (oc = g * ocg; oc < (g + 1) * ocg; oc++)
                yb[oc * OH * OW + o] += w[((oc * icg) + (c - g * icg)) * KK + k] * v;
            }
        }
    }
  }
}
//@end
