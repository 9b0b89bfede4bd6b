/* wino_avx512.c - 3x3 stride-1 convolution by Winograd F(4x4, 3x3) on
 * x86-64 AVX-512.
 *
 * Each 4x4 block of output pixels (a "tile") needs the 6x6 input patch
 * around it. With the transforms of F(4x4, 3x3) (interpolation points 0,
 * +-1, +-2 and infinity):
 *     V = B^T d B        (6x6, per tile and input channel, at run time)
 *     U = G g G^T        (6x6, per output and input channel, at compile time)
 *     M = U . V          (36 independent GEMMs over the input channels)
 *     y = A^T M A        (4x4, per tile and output channel)
 * so a tile costs 36 multiply-adds per channel pair instead of 144. The
 * compiler (src/ops/conv.c) stores U as 36 matrices [c_out][c_in] packed in
 * the 6-row panels of the AVX-512 GEMM: [36][ceil(c_out / 6)][c_in][6].
 *
 * At run time tiles go in blocks of up to 64 (the GEMM's N): for a block
 * the input transform writes V[36][c_in][tb] into the node's scratch, the
 * 36 GEMMs write M[36][c_out][tb] after it, and the output transform adds
 * bias and residual, applies the activation and stores the pixels inside
 * the output. Both transforms handle 16 tiles per vector (gathers and
 * scatters), so they cost far less than the GEMMs. Measured on Zen 4,
 * 3x3 layers of resnet18 (64x56x56 .. 256x14x14) ran 1.5-1.75x faster
 * than the in-place-tap kernel (test_kernels_simd --bench). Bigger rounding errors than direct convolution (the
 * transform constants reach 8 and 1/24); test_kernels_simd bounds them.
 */
#include "kiln_kernels.h"
#include "conv.h"
#include "gemm.h"
#include "gemm_avx512.h"

#if defined(__x86_64__) && defined(__GNUC__)

#ifndef KILN_HOST
/* Package-mode compile check of this file alone (never copied into a
 * package): the GEMM driver it calls lives in gemm_avx512.c. */
#include "gemm_avx512.c"
#endif

//@kernel kiln_f32_conv2d_wino4x4__avx512 needs kiln_conv2d_params kiln_f32_gemm_6x64__avx512 kiln_f32_act16__avx512
/* Tiles per block (same formula as conv_scratch in src/ops/conv.c). */
static inline int64_t kiln_wino_tb(const kiln_conv2d_params *p) {
  const int64_t t = ((p->h_out + 3) / 4) * ((p->w_out + 3) / 4);
  return t < 64 ? t : 64;
}

/* The 1-D transforms on 16 tiles at once (one lane per tile). */
KILN_AVX512_INLINE void kiln_wino_bt6__avx512(const __m512 d[6], __m512 e[6]) { /* B^T d */
  const __m512 c2 = _mm512_set1_ps(2.0f), c4 = _mm512_set1_ps(4.0f), c5 = _mm512_set1_ps(5.0f);
  const __m512 d13 = _mm512_sub_ps(d[1], d[3]), d4m2 = _mm512_sub_ps(d[4], d[2]);
  e[0] = _mm512_add_ps(_mm512_fnmadd_ps(c5, d[2], _mm512_mul_ps(c4, d[0])), d[4]);
  e[1] = _mm512_sub_ps(_mm512_add_ps(d[3], d[4]), _mm512_mul_ps(c4, _mm512_add_ps(d[1], d[2])));
  e[2] = _mm512_add_ps(_mm512_sub_ps(d[4], d[3]), _mm512_mul_ps(c4, _mm512_sub_ps(d[1], d[2])));
  e[3] = _mm512_fnmadd_ps(c2, d13, d4m2);
  e[4] = _mm512_fmadd_ps(c2, d13, d4m2);
  e[5] = _mm512_add_ps(_mm512_fnmadd_ps(c5, d[3], _mm512_mul_ps(c4, d[1])), d[5]);
}
KILN_AVX512_INLINE void kiln_wino_at4__avx512(const __m512 m[6], __m512 f[4]) { /* A^T m */
  const __m512 a = _mm512_add_ps(m[1], m[2]), b = _mm512_sub_ps(m[1], m[2]);
  const __m512 c = _mm512_add_ps(m[3], m[4]), d = _mm512_sub_ps(m[3], m[4]);
  f[0] = _mm512_add_ps(_mm512_add_ps(m[0], a), c);
  f[1] = _mm512_fmadd_ps(_mm512_set1_ps(2.0f), d, b);
  f[2] = _mm512_fmadd_ps(_mm512_set1_ps(4.0f), c, a);
  f[3] = _mm512_add_ps(_mm512_fmadd_ps(_mm512_set1_ps(8.0f), d, b), m[5]);
}

/* One block of up to tb tiles of kiln_f32_conv2d_wino4x4__avx512, whose
 * three phases each run as tasks: input transform per input channel, the
 * 36 GEMMs (kiln_f32_gemm_batch__avx512), output transform per output
 * channel. V and M (the node's scratch) are shared by all workers. */
typedef struct kiln_wino_job__avx512 {
  const kiln_conv2d_params *p;
  const float *xb, *bias, *rb;
  float *yb, *V, *M;
  int64_t t0, nt, TB;
} kiln_wino_job__avx512;

/* input transform: V[xi][ic][t] = (B^T d B)[xi] for ic in [c0, c1), 16 tiles per step */
static KILN_AVX512_FN void kiln_wino_in_task__avx512(void *arg, int64_t c0, int64_t c1, int worker) {
  const kiln_wino_job__avx512 *jb = (const kiln_wino_job__avx512 *)arg;
  const kiln_conv2d_params *p = jb->p;
  const int64_t IC = p->c_in, H = p->h_in, W = p->w_in, TW = (p->w_out + 3) / 4, TB = jb->TB;
  (void)worker;
  for (int64_t tg = 0; tg < jb->nt; tg += 16) {
    const int nl = jb->nt - tg < 16 ? (int)(jb->nt - tg) : 16;
    int32_t base[16];
    unsigned rowm[6] = {0}, colm[6] = {0};
    for (int l = 0; l < 16; l++) {
      const int64_t t = jb->t0 + tg + (l < nl ? l : 0), ty = t / TW, tx = t % TW;
      const int64_t iy0 = ty * 4 - p->pad_t, ix0 = tx * 4 - p->pad_l;
      base[l] = (int32_t)(iy0 * W + ix0);
      for (int i = 0; i < 6; i++) {
        if (l < nl && iy0 + i >= 0 && iy0 + i < H) rowm[i] |= 1u << l;
        if (l < nl && ix0 + i >= 0 && ix0 + i < W) colm[i] |= 1u << l;
      }
    }
    const __m512i vb = _mm512_loadu_si512(base);
    for (int64_t ic = c0; ic < c1; ic++) {
      const float *xc = jb->xb + ic * H * W;
      __m512 e[6][6];
      for (int j = 0; j < 6; j++) { /* column j of the patches, then B^T on it */
        __m512 d[6], t6[6];
        for (int i = 0; i < 6; i++)
          d[i] = _mm512_mask_i32gather_ps(_mm512_setzero_ps(), (__mmask16)(rowm[i] & colm[j]),
                                          _mm512_add_epi32(vb, _mm512_set1_epi32((int)(i * W + j))),
                                          xc, 4);
        kiln_wino_bt6__avx512(d, t6);
        for (int i = 0; i < 6; i++) e[i][j] = t6[i];
      }
      float *vt = jb->V + ic * TB + tg;
      for (int i = 0; i < 6; i++) { /* row i times B */
        __m512 v6[6];
        kiln_wino_bt6__avx512(e[i], v6);
        for (int j = 0; j < 6; j++)
          _mm512_mask_storeu_ps(vt + (i * 6 + j) * IC * TB, (__mmask16)((1u << nl) - 1u), v6[j]);
      }
    }
  }
}

/* output transform: y = A^T m A + bias (+ r), then the activation, for oc in [c0, c1) */
static KILN_AVX512_FN void kiln_wino_out_task__avx512(void *arg, int64_t c0, int64_t c1, int worker) {
  const kiln_wino_job__avx512 *jb = (const kiln_wino_job__avx512 *)arg;
  const kiln_conv2d_params *p = jb->p;
  const int64_t OC = p->c_out, OH = p->h_out, OW = p->w_out, TW = (OW + 3) / 4, TB = jb->TB;
  const int vec = kiln_act_vec(&p->act);
  (void)worker;
  for (int64_t tg = 0; tg < jb->nt; tg += 16) {
    const int nl = jb->nt - tg < 16 ? (int)(jb->nt - tg) : 16;
    const __mmask16 lm = (__mmask16)((1u << nl) - 1u);
    int32_t obase[16];
    unsigned orow[4] = {0}, ocol[4] = {0};
    for (int l = 0; l < 16; l++) {
      const int64_t t = jb->t0 + tg + (l < nl ? l : 0), ty = t / TW, tx = t % TW;
      obase[l] = (int32_t)(ty * 4 * OW + tx * 4);
      for (int i = 0; i < 4; i++) {
        if (l < nl && ty * 4 + i < OH) orow[i] |= 1u << l;
        if (l < nl && tx * 4 + i < OW) ocol[i] |= 1u << l;
      }
    }
    const __m512i ob = _mm512_loadu_si512(obase);
    for (int64_t oc = c0; oc < c1; oc++) {
      const float *mt = jb->M + oc * TB + tg;
      const __m512 bo = _mm512_set1_ps(jb->bias ? jb->bias[oc] : 0.0f);
      float *yc = jb->yb + oc * OH * OW;
      const float *rc = jb->rb ? jb->rb + oc * OH * OW : NULL;
      __m512 f[4][6];
      for (int j = 0; j < 6; j++) { /* column j of M, then A^T on it */
        __m512 m6[6], f4[4];
        for (int i = 0; i < 6; i++) m6[i] = _mm512_maskz_loadu_ps(lm, mt + (i * 6 + j) * OC * TB);
        kiln_wino_at4__avx512(m6, f4);
        for (int i = 0; i < 4; i++) f[i][j] = f4[i];
      }
      for (int i = 0; i < 4; i++) { /* row i times A */
        __m512 o[4];
        kiln_wino_at4__avx512(f[i], o);
        for (int j = 0; j < 4; j++) {
          const __mmask16 m = (__mmask16)(orow[i] & ocol[j]);
          const __m512i idx = _mm512_add_epi32(ob, _mm512_set1_epi32((int)(i * OW + j)));
          __m512 v = _mm512_add_ps(o[j], bo);
          if (rc) v = _mm512_add_ps(v, _mm512_mask_i32gather_ps(_mm512_setzero_ps(), m, idx, rc, 4));
          if (vec) {
            v = kiln_f32_act16__avx512(&p->act, v);
          } else {
            float t16[16];
            _mm512_storeu_ps(t16, v);
            kiln_f32_act_row__avx512(&p->act, t16, 16);
            v = _mm512_loadu_ps(t16);
          }
          _mm512_mask_i32scatter_ps(yc, m, idx, v, 4);
        }
      }
    }
  }
}

/* 3x3, stride 1, dilation 1, group 1; w = U as described above; scratch
 * holds 36 * (c_in + c_out) * tb floats. Transforms run on 16 tiles at a
 * time: patches are gathered (padding = masked-off lanes) and output
 * pixels scattered, so V and M are read and written 16 floats at a time. */
KILN_KERNEL KILN_AVX512_FN void kiln_f32_conv2d_wino4x4__avx512(const kiln_conv2d_params *p,
                                                                const float *x, const float *w,
                                                                const float *bias, const float *r,
                                                                float *y, void *scratch,
                                                                const kiln_par *par) {
  const int64_t IC = p->c_in, OC = p->c_out, H = p->h_in, W = p->w_in, OH = p->h_out, OW = p->w_out;
  const int64_t T = ((OH + 3) / 4) * ((OW + 3) / 4), TB = kiln_wino_tb(p);
  kiln_wino_job__avx512 jb;
  kiln_ugemm_params u;
  kiln_gemm_job gj;
  jb.p = p;
  jb.bias = bias;
  jb.TB = TB;
  jb.V = (float *)scratch;
  jb.M = jb.V + 36 * IC * TB;
  u.m = OC;
  u.k = IC;
  u.a_rs = 1;
  u.a_cs = 6;
  u.b_rs = TB;
  u.ldy = TB;
  u.a_packed = 1;
  u.b_packed = 0;
  u.accumulate = 0;
  u.act.kind = KILN_ACT_NONE;
  u.act.alpha = u.act.beta = 0.0f;
  /* M[xi][oc][t] = sum_ic U[xi][oc][ic] V[xi][ic][t] */
  kiln_gemm_job_init(&gj, &u, w, jb.V, NULL, jb.M);
  gj.a_bs = (OC + 5) / 6 * 6 * IC; /* floats of one packed U matrix */
  gj.a_mod = 36;
  gj.b_bs = IC * TB;
  gj.y_bs = OC * TB;
  for (int64_t b = 0; b < p->n; b++) {
    jb.xb = x + b * IC * H * W;
    jb.yb = y + b * OC * OH * OW;
    jb.rb = r ? r + b * OC * OH * OW : NULL;
    for (int64_t t0 = 0; t0 < T; t0 += TB) {
      jb.t0 = t0;
      jb.nt = T - t0 < TB ? T - t0 : TB;
      u.n = jb.nt;
      kiln_par_for(par, IC, kiln_wino_in_task__avx512, &jb);
      kiln_f32_gemm_batch__avx512(&gj, 36, par);
      kiln_par_for(par, OC, kiln_wino_out_task__avx512, &jb);
    }
  }
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package). */
typedef void (*kiln_wino_avx512_fn_)(void);
extern const kiln_wino_avx512_fn_ kiln_wino_avx512_used_[];
const kiln_wino_avx512_fn_ kiln_wino_avx512_used_[] = {(kiln_wino_avx512_fn_)kiln_f32_conv2d_wino4x4__avx512};
#endif

#endif
