/* conv_neon.c - depthwise f32 convolution for ARMv8.0 NEON (the GEMM-based
 * convolutions are in gemm_neon.c).
 */
#include "kiln_kernels.h"
#include "conv.h"
#include "gemm_neon.h"

#if defined(__aarch64__)

//@kernel kiln_f32_dwconv2d__neon needs kiln_conv_job kiln_f32_ukr__neon
/* Depthwise convolution (group == c_in == c_out), dilation 1, stride 1 or 2;
 * w in ONNX layout. Four output columns per vector where every tap of the
 * four lies inside the row (stride 2 de-interleaves with vld2q, which reads
 * one element further); the columns near the left and right padding run
 * scalar. */
/* Tasks: the planes (image, channel) [t0, t1). */
static void kiln_f32_dwconv2d_task__neon(void *arg, int64_t t0, int64_t t1, int worker) {
  const kiln_conv_job *jb = (const kiln_conv_job *)arg;
  const kiln_conv2d_params *p = jb->p;
  const float *x = jb->x, *w = jb->w, *bias = jb->bias, *r = jb->r;
  float *y = jb->y;
  const int64_t C = p->c_out, H = p->h_in, Wd = p->w_in, OH = p->h_out, OW = p->w_out;
  const int64_t KH = p->k_h, KW = p->k_w, SH = p->stride_h, SW = p->stride_w;
  const int vec = kiln_act_vec4(&p->act);
  (void)worker;
  /* vector columns [lo, hi): ow * SW - pad_l >= 0 and the last element a
   * vector of 4 reads, (ow + 3) * SW - pad_l + KW - 1 + (SW - 1), < Wd */
  int64_t lo = (p->pad_l + SW - 1) / SW, hi = 0;
  {
    const int64_t last = Wd - 1 - (KW - 1) - (SW - 1) + p->pad_l - 3 * SW; /* max ow * SW */
    hi = last < 0 ? 0 : last / SW + 1;
    if (hi > OW) hi = OW;
    if (lo > hi) lo = hi;
    hi = lo + (hi - lo) / 4 * 4;
  }
  for (int64_t t = t0; t < t1; t++) {
    const int64_t b = t / C, c = t % C;
    {
      const float *xc = x + (b * C + c) * H * Wd, *wc = w + c * KH * KW;
      const int64_t yoff = (b * C + c) * OH * OW;
      const float b0 = bias ? bias[c] : 0.0f;
      for (int64_t oh = 0; oh < OH; oh++) {
        float *yr = y + yoff + oh * OW;
        const float *rr = r ? r + yoff + oh * OW : NULL;
        const int64_t ih0 = oh * SH - p->pad_t;
        for (int64_t ow = 0; ow < OW; ow++) { /* scalar columns */
          if (ow == lo) ow = hi;
          if (ow >= OW) break;
          float acc = b0 + (rr ? rr[ow] : 0.0f);
          for (int64_t kh = 0; kh < KH; kh++) {
            const int64_t ih = ih0 + kh;
            if (ih < 0 || ih >= H) continue;
            for (int64_t kw = 0; kw < KW; kw++) {
              const int64_t iw = ow * SW - p->pad_l + kw;
              if (iw >= 0 && iw < Wd) acc += wc[kh * KW + kw] * xc[ih * Wd + iw];
            }
          }
          yr[ow] = kiln_act_apply(&p->act, acc);
        }
        for (int64_t ow = lo; ow < hi; ow += 4) { /* vector columns */
          float32x4_t acc = vdupq_n_f32(b0);
          if (rr) acc = vaddq_f32(acc, vld1q_f32(rr + ow));
          for (int64_t kh = 0; kh < KH; kh++) {
            const int64_t ih = ih0 + kh;
            if (ih < 0 || ih >= H) continue;
            const float *xr = xc + ih * Wd + ow * SW - p->pad_l, *wr = wc + kh * KW;
            if (SW == 1)
              for (int64_t kw = 0; kw < KW; kw++) acc = vfmaq_n_f32(acc, vld1q_f32(xr + kw), wr[kw]);
            else
              for (int64_t kw = 0; kw < KW; kw++) acc = vfmaq_n_f32(acc, vld2q_f32(xr + kw).val[0], wr[kw]);
          }
          if (vec) {
            vst1q_f32(yr + ow, kiln_f32_act4__neon(&p->act, acc));
          } else {
            vst1q_f32(yr + ow, acc);
            for (int l = 0; l < 4; l++) yr[ow + l] = kiln_act_apply(&p->act, yr[ow + l]);
          }
        }
      }
    }
}
}

KILN_KERNEL void kiln_f32_dwconv2d__neon(const kiln_conv2d_params *p, const float *x,
                                         const float *w, const float *bias, const float *r,
                                         float *y, const kiln_par *par) {
  kiln_conv_job jb;
  kiln_conv_job_init(&jb, p, x, w, bias, r, y, NULL);
  kiln_par_for(par, p->n * p->c_out, kiln_f32_dwconv2d_task__neon, &jb);
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package). */
typedef void (*kiln_conv_neon_fn_)(void);
extern const kiln_conv_neon_fn_ kiln_conv_neon_used_[];
const kiln_conv_neon_fn_ kiln_conv_neon_used_[] = {(kiln_conv_neon_fn_)kiln_f32_dwconv2d__neon};
#endif

#endif
