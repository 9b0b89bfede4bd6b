/* test_kernels_simd.c - the SIMD GEMM and convolution kernels (x86-64
 * AVX-512 and AVX2+FMA; arm64 NEON when built for aarch64) against the
 * portable reference kernels.
 *
 * Every variant runs at sizes below, equal to, above and multiples of its
 * tile (MR = 6; NR = 64 / 16), with odd channel counts, strides, padding,
 * dilation, groups, bias, residual and activations. A variant whose ISA the
 * CPU lacks prints `SKIP name: reason`. Ends with `N passed, N failed`.
 * tests/models/test_aarch64.sh cross-builds it with the NEON kernels and
 * runs it under qemu.
 *
 *   test_kernels_simd            the checks
 *   test_kernels_simd --bench    also GFLOP/s of typical layers (one thread)
 */
#define _POSIX_C_SOURCE 199309L
#include "kiln_kernels.h"
#include "conv.h"
#include "gemm.h"
#include "gemm_avx2.h"
#include "gemm_avx512.h"
#include "gemm_neon.h"
#include "pool.h"
#include "unary.h"
#include "binary.h"
#include "par.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int passed, failed;

static void check(const char *name, const float *got, const float *want, int64_t n, float tol) {
  float scale = 1.0f;
  for (int64_t i = 0; i < n; i++) scale = fmaxf(scale, fabsf(want[i]));
  for (int64_t i = 0; i < n; i++) {
    if (!(fabsf(got[i] - want[i]) <= tol * scale)) {
      printf("FAIL %s: index %lld got %.7g expected %.7g\n", name, (long long)i, got[i], want[i]);
      failed++;
      return;
    }
  }
  passed++;
}

/* A parallel-for that runs the ranges of FAKE_THREADS workers one after
 * another, last range first, each with its own worker id: the kernels'
 * task split and per-worker scratch are checked without threads (the
 * pthread pool itself runs in tests/models/test_threads.sh). Results must
 * match the single-threaded run bit for bit: no task splits a sum. */
#define FAKE_THREADS 3
static void fake_run(void *pool, kiln_task_fn fn, void *arg, int64_t n) {
  (void)pool;
  for (int w = FAKE_THREADS - 1; w >= 0; w--) {
    const int64_t lo = n * w / FAKE_THREADS, hi = n * (w + 1) / FAKE_THREADS;
    if (lo < hi) fn(arg, lo, hi, w);
  }
}
static const kiln_par fake_par = {fake_run, NULL, FAKE_THREADS};

static void check_same(const char *name, const float *got, const float *want, int64_t n) {
  if (memcmp(got, want, (size_t)n * sizeof(float)) != 0) {
    printf("FAIL %s: differs from the single-threaded result\n", name);
    failed++;
    return;
  }
  passed++;
}

static unsigned rng = 12345u;
static float frand(void) {
  rng = rng * 1664525u + 1013904223u;
  return (float)((rng >> 8) & 0xFFFF) / 32768.0f - 1.0f;
}
static float *randv(int64_t n) {
  float *p = malloc((size_t)(n > 0 ? n : 1) * sizeof(float));
  for (int64_t i = 0; i < n; i++) p[i] = frand();
  return p;
}

#if defined(KILN_HAVE_AVX512_KERNELS) || defined(KILN_HAVE_AVX2_KERNELS) || defined(KILN_HAVE_NEON_KERNELS)
enum { ISA_AVX2, ISA_AVX512, ISA_NEON };
static const char *isa_name[] = {"avx2", "avx512", "neon"};
static int have_isa(int isa) {
#if defined(KILN_HAVE_NEON_KERNELS)
  return isa == ISA_NEON; /* ARMv8.0 always has Advanced SIMD */
#else
  if (isa == ISA_NEON) return 0;
  __builtin_cpu_init();
  if (isa == ISA_AVX2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
#endif
}
/* The one 6 x 16 family of this build: AVX2 on x86-64, NEON on arm64. */
#if defined(KILN_HAVE_NEON_KERNELS)
#define K16(name) name##__neon
#else
#define K16(name) name##__avx2
#endif

/* Conv weights [c_out][K] -> [g][ceil(cog/6)][K][6] (what src/ops/conv.c
 * emits); taps > 0: K reordered tap-major, (tap, ic) instead of (ic, tap). */
static float *pack_w_taps(const float *w, int64_t G, int64_t cog, int64_t K, int64_t taps) {
  const int64_t bl = (cog + 5) / 6;
  float *o = calloc((size_t)(G * bl * 6 * K + 1), sizeof(float));
  for (int64_t g = 0; g < G; g++)
    for (int64_t oc = 0; oc < cog; oc++)
      for (int64_t k = 0; k < K; k++) {
        const int64_t cig = taps ? K / taps : 0;
        const int64_t ks = taps ? (k % cig) * taps + k / cig : k;
        o[((g * bl + oc / 6) * K + k) * 6 + oc % 6] = w[(g * cog + oc) * K + ks];
      }
  return o;
}
static float *pack_w(const float *w, int64_t G, int64_t cog, int64_t K) {
  return pack_w_taps(w, G, cog, K, 0);
}
/* W [oc][ic][3][3] -> U = G w G^T, [36][ceil(oc/6)][ic][6] (what src/ops/conv.c
 * emits for Winograd F(4x4, 3x3)). */
static float *pack_wino(const float *w, int64_t OC, int64_t IC) {
  static const double G[6][3] = {{0.25, 0, 0}, {-1.0 / 6, -1.0 / 6, -1.0 / 6},
                                 {-1.0 / 6, 1.0 / 6, -1.0 / 6}, {1.0 / 24, 1.0 / 12, 1.0 / 6},
                                 {1.0 / 24, -1.0 / 12, 1.0 / 6}, {0, 0, 1}};
  const int64_t wxi = (OC + 5) / 6 * 6 * IC;
  float *o = calloc((size_t)(36 * wxi + 1), sizeof(float));
  for (int64_t oc = 0; oc < OC; oc++)
    for (int64_t ic = 0; ic < IC; ic++)
      for (int i = 0; i < 6; i++)
        for (int j = 0; j < 6; j++) {
          double u = 0;
          for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++) u += G[i][a] * w[(oc * IC + ic) * 9 + a * 3 + b] * G[j][b];
          o[(i * 6 + j) * wxi + ((oc / 6) * IC + ic) * 6 + oc % 6] = (float)u;
        }
  return o;
}

/* B [K][N] -> [ceil(N/nr)][K][nr] (what src/ops/gemm.c and matmul.c emit). */
static float *pack_b(const float *b, int64_t K, int64_t N, int64_t nr) {
  const int64_t pn = (N + nr - 1) / nr;
  float *o = calloc((size_t)(pn * nr * K + 1), sizeof(float));
  for (int64_t k = 0; k < K; k++)
    for (int64_t j = 0; j < N; j++) o[((j / nr) * K + k) * nr + j % nr] = b[k * N + j];
  return o;
}

static void ugemm(int isa, const kiln_ugemm_params *u, const float *a, const float *b,
                  const float *bias, const float *r, float *y) {
#ifdef KILN_HAVE_AVX512_KERNELS
  if (isa == ISA_AVX512) { kiln_f32_gemm_6x64__avx512(u, a, b, bias, r, y); return; }
#endif
  (void)isa;
  K16(kiln_f32_gemm_6x16)(u, a, b, bias, r, y);
}

/* The GEMM driver: A packed or strided (also transposed), B packed or
 * direct, bias, residual, activations, accumulate. */
static void test_ugemm(int isa) {
  static const int64_t ms[] = {1, 5, 6, 7, 12, 13};
  static const int64_t ns[] = {1, 8, 15, 16, 17, 33, 63, 64, 65, 128, 130};
  static const int64_t ks[] = {0, 1, 7, 256, 257, 600};
  const int64_t nr = isa == ISA_AVX512 ? 64 : 16;
  char name[160];
  int cnt = 0;
  for (size_t mi = 0; mi < sizeof ms / sizeof *ms; mi++)
    for (size_t ni = 0; ni < sizeof ns / sizeof *ns; ni++)
      for (size_t ki = 0; ki < sizeof ks / sizeof *ks; ki++) {
        const int64_t M = ms[mi], N = ns[ni], K = ks[ki];
        const int variant = cnt++ % 6;
        const int ap = variant & 1, bp = (variant >> 1) & 1, ta = variant == 4;
        float *a = randv(M * K), *b = randv(K * N), *bias = randv(M), *r = randv(M * N);
        float *y = randv(M * N), *want = malloc((size_t)(M * N) * sizeof(float));
        kiln_act act = {variant % 3 == 0   ? KILN_ACT_RELU
                        : variant % 3 == 1 ? KILN_ACT_NONE
                        : cnt % 2          ? KILN_ACT_SIGMOID
                                           : KILN_ACT_SILU,
                        0, 0};
        if (variant == 5) act.kind = KILN_ACT_CLIP, act.alpha = -0.2f, act.beta = 0.3f;
        const int use_bias = variant != 2, use_r = variant >= 2;
        for (int64_t i = 0; i < M; i++)
          for (int64_t j = 0; j < N; j++) {
            double s = (use_bias ? bias[i] : 0) + (use_r ? r[i * N + j] : 0);
            for (int64_t k = 0; k < K; k++)
              s += (double)(ta ? a[k * M + i] : a[i * K + k]) * b[k * N + j];
            want[i * N + j] = kiln_act_apply(&act, (float)s);
          }
        kiln_ugemm_params u = {M, N, K, ta ? 1 : K, ta ? M : 1, N, N, ap && !ta, bp, 0, act};
        float *pa = u.a_packed ? pack_w(a, 1, M, K) : a, *pb = bp ? pack_b(b, K, N, nr) : b;
        if (u.a_packed) u.a_rs = 1, u.a_cs = 6;
        ugemm(isa, &u, pa, pb, use_bias ? bias : NULL, use_r ? r : NULL, y);
        snprintf(name, sizeof name, "gemm_%s m=%lld n=%lld k=%lld apack=%d bpack=%d transA=%d act=%d",
                 isa_name[isa], (long long)M, (long long)N, (long long)K, u.a_packed, bp, ta, act.kind);
        check(name, y, want, M * N, 1e-6f * (float)(K + 16)); /* float sums of K terms */
        /* accumulate: Y already holds the additive terms; in-place residual */
        if (K > 0 && variant == 3) {
          memcpy(y, r, (size_t)(M * N) * sizeof(float));
          u.accumulate = 1;
          u.act.kind = KILN_ACT_NONE;
          ugemm(isa, &u, pa, pb, NULL, NULL, y);
          for (int64_t i = 0; i < M; i++)
            for (int64_t j = 0; j < N; j++) {
              double s = r[i * N + j];
              for (int64_t k = 0; k < K; k++) s += (double)a[i * K + k] * b[k * N + j];
              want[i * N + j] = (float)s;
            }
          snprintf(name, sizeof name, "gemm_%s accumulate m=%lld n=%lld k=%lld", isa_name[isa],
                   (long long)M, (long long)N, (long long)K);
          check(name, y, want, M * N, 1e-6f * (float)(K + 16)); /* float sums of K terms */
        }
        if (pa != a) free(pa);
        if (pb != b) free(pb);
        free(a), free(b), free(bias), free(r), free(y), free(want);
      }
}

typedef struct conv_case {
  int64_t n, c_in, h, w, c_out, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw, group;
  int act, resid;
} conv_case;

static void conv_params(const conv_case *c, kiln_conv2d_params *p) {
  memset(p, 0, sizeof *p);
  p->n = c->n, p->c_in = c->c_in, p->h_in = c->h, p->w_in = c->w, p->c_out = c->c_out;
  p->k_h = c->kh, p->k_w = c->kw, p->stride_h = c->sh, p->stride_w = c->sw;
  p->pad_t = c->pt, p->pad_l = c->pl, p->dil_h = c->dh, p->dil_w = c->dw, p->group = c->group;
  p->h_out = (c->h + c->pt + c->pb - c->dh * (c->kh - 1) - 1) / c->sh + 1;
  p->w_out = (c->w + c->pl + c->pr - c->dw * (c->kw - 1) - 1) / c->sw + 1;
  p->act.kind = c->act;
  p->act.alpha = c->act == KILN_ACT_CLIP ? 0.0f : 0.1f;
  p->act.beta = c->act == KILN_ACT_CLIP ? 6.0f : 0.5f;
}

enum { K_1X1, K_GEMM, K_DW, K_S1, K_WINO };
/* Bytes of scratch kiln_f32_conv2d_wino4x4__avx512 needs (as src/ops/conv.c). */
static size_t wino_scratch(const kiln_conv2d_params *p) {
  int64_t tb = (p->h_out + 3) / 4 * ((p->w_out + 3) / 4);
  if (tb > 64) tb = 64;
  return (size_t)(36 * (p->c_in + p->c_out) * tb) * sizeof(float);
}
static void run_conv(int isa, int kind, const kiln_conv2d_params *p, const float *x,
                     const float *w, const float *pw, const float *bias, const float *r, float *y,
                     void *scratch, const kiln_par *par) {
#ifdef KILN_HAVE_AVX512_KERNELS
  if (isa == ISA_AVX512) {
    if (kind == K_1X1) kiln_f32_conv2d_1x1__avx512(p, x, pw, bias, r, y, par);
    else if (kind == K_GEMM) kiln_f32_conv2d_gemm__avx512(p, x, pw, bias, r, y, scratch, par);
    else if (kind == K_S1) kiln_f32_conv2d_s1__avx512(p, x, pw, bias, r, y, par);
    else if (kind == K_WINO) kiln_f32_conv2d_wino4x4__avx512(p, x, pw, bias, r, y, scratch, par);
    else kiln_f32_dwconv2d__avx512(p, x, w, bias, r, y, par);
    return;
  }
#endif
#ifdef KILN_HAVE_NEON_KERNELS
  if (kind == K_DW) { kiln_f32_dwconv2d__neon(p, x, w, bias, r, y, par); return; }
#endif
  (void)w, (void)isa;
  if (kind == K_1X1) K16(kiln_f32_conv2d_1x1)(p, x, pw, bias, r, y, par);
  else K16(kiln_f32_conv2d_gemm)(p, x, pw, bias, r, y, scratch, par);
}

static void test_conv_case(int isa, int kind, const conv_case *c) {
  kiln_conv2d_params p;
  conv_params(c, &p);
  const int64_t cig = p.c_in / p.group, K = cig * p.k_h * p.k_w;
  const int64_t ny = p.n * p.c_out * p.h_out * p.w_out;
  float *x = randv(p.n * p.c_in * p.h_in * p.w_in), *w = randv(p.c_out * K), *bias = randv(p.c_out);
  float *r = randv(ny), *y = randv(ny), *want = randv(ny);
  float *pw = kind == K_WINO ? pack_wino(w, p.c_out, p.c_in)
                            : pack_w_taps(w, p.group, p.c_out / p.group, K, kind == K_S1 ? p.k_h * p.k_w : 0);
  const size_t panels = FAKE_THREADS * KILN_CONV_KC * 64 * sizeof(float); /* one per worker */
  float *scratch = malloc(wino_scratch(&p) > panels ? wino_scratch(&p) : panels);
  if (kind == K_1X1) { /* the 1x1 kernels see the flattened plane */
    p.w_in = p.w_out = p.h_in * p.w_in;
    p.h_in = p.h_out = 1;
  }
  if (kind == K_DW) kiln_f32_dwconv2d__c(&p, x, w, bias, c->resid ? r : NULL, want);
  else kiln_f32_conv2d__c(&p, x, w, bias, c->resid ? r : NULL, want);
  run_conv(isa, kind, &p, x, w, pw, bias, c->resid ? r : NULL, y, scratch, NULL);
  char name[256];
  snprintf(name, sizeof name,
           "conv_%s_%s n=%lld c=%lld->%lld %lldx%lld k=%lldx%lld s=%lld,%lld p=%lld,%lld d=%lld "
           "g=%lld act=%d resid=%d",
           kind == K_1X1 ? "1x1" : kind == K_GEMM ? "gemm" : kind == K_S1 ? "s1" : kind == K_WINO ? "wino" : "dw",
           isa_name[isa], (long long)c->n,
           (long long)c->c_in, (long long)c->c_out, (long long)c->h, (long long)c->w,
           (long long)c->kh, (long long)c->kw, (long long)c->sh, (long long)c->sw,
           (long long)c->pt, (long long)c->pl, (long long)c->dh, (long long)c->group, c->act,
           c->resid);
  const float tol = kind == K_WINO ? 5e-5f : 1e-5f; /* Winograd rounds more: 2e-5 seen */
  check(name, y, want, ny, tol);
  { /* split into tasks for FAKE_THREADS workers: the same bits */
    float *yt = randv(ny);
    run_conv(isa, kind, &p, x, w, pw, bias, c->resid ? r : NULL, yt, scratch, &fake_par);
    char tname[300];
    snprintf(tname, sizeof tname, "%s threads=%d", name, FAKE_THREADS);
    check_same(tname, yt, y, ny);
    free(yt);
  }
  /* residual in place (y is r), as the planner may arrange */
  if (c->resid) {
    memcpy(y, r, (size_t)ny * sizeof(float));
    run_conv(isa, kind, &p, x, w, pw, bias, y, y, scratch, &fake_par);
    snprintf(name + strlen(name), sizeof name - strlen(name), " in-place");
    check(name, y, want, ny, tol);
  }
  free(x), free(w), free(bias), free(r), free(y), free(want), free(pw), free(scratch);
}

static void test_conv(int isa) {
  /* n, c_in, h, w, c_out, kh, kw, sh, sw, pt, pl, pb, pr, dh, dw, group, act, resid */
  static const conv_case c1x1[] = {
    {1, 3, 5, 5, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, KILN_ACT_NONE, 0},
    {1, 16, 8, 8, 6, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, KILN_ACT_RELU, 1},
    {2, 17, 7, 7, 13, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, KILN_ACT_CLIP, 1},
    {1, 300, 4, 16, 64, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, KILN_ACT_RELU, 0},
    {1, 24, 9, 15, 36, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 2, KILN_ACT_HARD_SWISH, 1},
    {1, 8, 130, 1, 7, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, KILN_ACT_SILU, 1},
  };
  static const conv_case cg[] = {
    {1, 3, 9, 9, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, KILN_ACT_NONE, 0},
    {1, 16, 14, 14, 12, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, KILN_ACT_RELU, 1},
    {2, 7, 13, 11, 13, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, KILN_ACT_RELU, 1},
    {1, 3, 23, 23, 8, 7, 7, 2, 2, 3, 3, 3, 3, 1, 1, 1, KILN_ACT_CLIP, 0},
    {1, 40, 9, 9, 7, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, KILN_ACT_NONE, 1}, /* K = 360 > KC */
    {1, 6, 12, 10, 6, 5, 5, 1, 1, 4, 4, 4, 4, 2, 2, 1, KILN_ACT_LEAKY_RELU, 0},
    {1, 8, 6, 17, 10, 1, 3, 1, 1, 0, 1, 0, 1, 1, 1, 2, KILN_ACT_RELU, 1},
    {1, 9, 10, 10, 9, 3, 3, 3, 3, 0, 2, 1, 0, 1, 1, 3, KILN_ACT_NONE, 0},
    {1, 12, 11, 11, 18, 1, 1, 2, 2, 0, 0, 0, 0, 1, 1, 1, KILN_ACT_NONE, 1}, /* 1x1 s2 */
    {1, 5, 3, 70, 4, 2, 2, 1, 1, 0, 0, 0, 0, 1, 1, 1, KILN_ACT_TANH, 1},
  };
  static const conv_case cdw[] = {
    {1, 5, 9, 9, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 5, KILN_ACT_RELU, 0},
    {2, 3, 17, 17, 3, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 3, KILN_ACT_CLIP, 1},
    {1, 4, 33, 35, 4, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 4, KILN_ACT_HARD_SWISH, 1},
    {1, 3, 20, 40, 3, 5, 5, 2, 2, 2, 2, 2, 2, 1, 1, 3, KILN_ACT_NONE, 0},
    {1, 2, 7, 7, 2, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 2, KILN_ACT_SILU, 1},
    {1, 2, 16, 16, 2, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 2, KILN_ACT_RELU, 0},
    {1, 3, 5, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 3, KILN_ACT_CLIP, 1},  /* no whole vector */
    {1, 2, 9, 50, 2, 7, 7, 2, 2, 3, 3, 3, 3, 1, 1, 2, KILN_ACT_RELU, 1}, /* 7x7 s2 */
    {1, 4, 6, 33, 4, 3, 3, 2, 2, 0, 0, 0, 0, 1, 1, 4, KILN_ACT_NONE, 0}, /* s2 to the row end */
    {2, 5, 7, 29, 5, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 5, KILN_ACT_HARD_SWISH, 1},
  };
  static const conv_case cs1[] = { /* stride 1, output plane == input plane */
    {1, 3, 9, 9, 5, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, KILN_ACT_NONE, 0},
    {1, 16, 14, 14, 12, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, KILN_ACT_RELU, 1},
    {2, 7, 7, 7, 13, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, KILN_ACT_CLIP, 1},
    {1, 9, 8, 8, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, KILN_ACT_RELU, 1},
    {1, 6, 12, 10, 7, 5, 5, 1, 1, 4, 4, 4, 4, 2, 2, 1, KILN_ACT_SIGMOID, 0},
    {1, 8, 6, 17, 10, 1, 3, 1, 1, 0, 1, 0, 1, 1, 1, 2, KILN_ACT_RELU, 1},
    {1, 4, 5, 30, 6, 2, 2, 1, 1, 0, 0, 1, 1, 1, 1, 1, KILN_ACT_NONE, 1}, /* asymmetric pads */
    {1, 5, 11, 13, 19, 7, 7, 1, 1, 3, 3, 3, 3, 1, 1, 1, KILN_ACT_NONE, 0},
  };
  for (size_t i = 0; i < sizeof c1x1 / sizeof *c1x1; i++) test_conv_case(isa, K_1X1, &c1x1[i]);
  if (isa == ISA_AVX512)
    for (size_t i = 0; i < sizeof cs1 / sizeof *cs1; i++) test_conv_case(isa, K_S1, &cs1[i]);
  static const conv_case cw[] = { /* 3x3 stride 1, group 1: Winograd F(4x4, 3x3) */
    {1, 16, 16, 16, 16, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, KILN_ACT_NONE, 0},
    {2, 17, 13, 19, 23, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, KILN_ACT_RELU, 1},  /* partial tiles */
    {1, 32, 30, 30, 40, 3, 3, 1, 1, 0, 0, 0, 0, 1, 1, 1, KILN_ACT_CLIP, 1},  /* no padding */
    {1, 64, 56, 56, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, KILN_ACT_RELU, 1},  /* several tile blocks */
    {1, 20, 9, 40, 7, 3, 3, 1, 1, 2, 0, 1, 2, 1, 1, 1, KILN_ACT_SILU, 0},    /* asymmetric pads */
    {1, 300, 14, 14, 18, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, KILN_ACT_NONE, 0}, /* K > KC */
  };
  if (isa == ISA_AVX512)
    for (size_t i = 0; i < sizeof cw / sizeof *cw; i++) test_conv_case(isa, K_WINO, &cw[i]);
  for (size_t i = 0; i < sizeof cg / sizeof *cg; i++) test_conv_case(isa, K_GEMM, &cg[i]);
  if (isa == ISA_AVX512 || isa == ISA_NEON)
    for (size_t i = 0; i < sizeof cdw / sizeof *cdw; i++) test_conv_case(isa, K_DW, &cdw[i]);
}

/* ONNX Gemm and MatMul entry points (packed B, C broadcast, batches). */
static void test_gemm_matmul(int isa) {
  const int64_t nr = isa == ISA_AVX512 ? 64 : 16;
  static const int64_t sz[][3] = {{1, 1000, 512}, {3, 17, 5}, {7, 65, 130}};
  char name[128];
  for (size_t t = 0; t < 3; t++) {
    const int64_t M = sz[t][0], N = sz[t][1], K = sz[t][2];
    float *a = randv(M * K), *b = randv(K * N), *c = randv(N), *y = randv(M * N), *want = randv(M * N);
    const float alpha = 0.5f, beta = 2.0f;
    kiln_gemm_params gp = {M, N, K, K, 1, N, 1, alpha, beta, 0, 1, {KILN_ACT_RELU, 0, 0}};
    kiln_f32_gemm__c(&gp, a, b, c, NULL, want);
    float *sb = malloc((size_t)(K * N + 1) * sizeof(float));
    for (int64_t i = 0; i < K * N; i++) sb[i] = alpha * b[i];
    float *pb = pack_b(sb, K, N, nr);
    kiln_ugemm_params u = {M, N, K, K, 1, nr, N, 0, 1, 1, gp.act};
#ifdef KILN_HAVE_AVX512_KERNELS
    if (isa == ISA_AVX512) kiln_f32_gemm__avx512(&gp, &u, a, pb, c, NULL, y, &fake_par);
    else
#endif
      K16(kiln_f32_gemm)(&gp, &u, a, pb, c, NULL, y, &fake_par);
    snprintf(name, sizeof name, "gemm_op_%s %lldx%lldx%lld", isa_name[isa], (long long)M,
             (long long)N, (long long)K);
    check(name, y, want, M * N, 1e-6f * (float)(K + 16)); /* float sums of K terms */
    /* batched MatMul [2][3][M][K] x [K][N] with packed B, and run-time B [3][K][N] */
    const int64_t B = 6;
    float *ab = randv(B * M * K), *yb = randv(B * M * N), *wb = randv(B * M * N);
    float *bb = randv(3 * K * N);
    kiln_matmul_params mp = {M, N, K, K, 1, N, 1, 1, {B}, {M * K}, {0}, {KILN_ACT_NONE, 0, 0}};
    kiln_f32_matmul__c(&mp, ab, b, NULL, wb);
    float *pb2 = pack_b(b, K, N, nr);
    kiln_ugemm_params um = {M, N, K, K, 1, nr, N, 0, 1, 0, mp.act};
#ifdef KILN_HAVE_AVX512_KERNELS
    if (isa == ISA_AVX512) kiln_f32_matmul__avx512(&mp, &um, ab, pb2, NULL, yb, &fake_par);
    else
#endif
      K16(kiln_f32_matmul)(&mp, &um, ab, pb2, NULL, yb, &fake_par);
    snprintf(name, sizeof name, "matmul_%s packed B batch=%lld %lldx%lldx%lld", isa_name[isa],
             (long long)B, (long long)M, (long long)N, (long long)K);
    check(name, yb, wb, B * M * N, 1e-5f);
    kiln_matmul_params mq = {M, N, K, K, 1, N, 1, 2, {2, 3}, {3 * M * K, M * K}, {0, K * N},
                             {KILN_ACT_NONE, 0, 0}};
    kiln_f32_matmul__c(&mq, ab, bb, NULL, wb);
    kiln_ugemm_params uq = {M, N, K, K, 1, N, N, 0, 0, 0, mq.act};
#ifdef KILN_HAVE_AVX512_KERNELS
    if (isa == ISA_AVX512) kiln_f32_matmul__avx512(&mq, &uq, ab, bb, NULL, yb, &fake_par);
    else
#endif
      K16(kiln_f32_matmul)(&mq, &uq, ab, bb, NULL, yb, &fake_par);
    snprintf(name, sizeof name, "matmul_%s run-time B batch=2x3 %lldx%lldx%lld", isa_name[isa],
             (long long)M, (long long)N, (long long)K);
    check(name, yb, wb, B * M * N, 1e-5f);
    free(a), free(b), free(c), free(y), free(want), free(sb), free(pb), free(ab), free(yb);
    free(wb), free(bb), free(pb2);
  }
}

/* AVX-512 2-D max pooling against the portable kernel: kernel sizes,
 * strides 1 and 2, padding, ceil-mode tails, rows narrower and wider than
 * 16 columns, NaN and -inf inputs; then split across FAKE_THREADS. */
static void test_maxpool(int isa) {
#ifdef KILN_HAVE_AVX512_KERNELS
  static const int64_t cs[][8] = {
      /* nc, h, w, k, s, pad, pad_end, */
      {3, 112, 112, 3, 2, 0, 1}, {5, 7, 7, 3, 1, 1, 1}, {2, 13, 13, 3, 2, 0, 0}, {4, 9, 40, 2, 2, 0, 0},
      {1, 33, 17, 5, 1, 2, 2}, {2, 56, 56, 3, 2, 1, 1}, {3, 4, 3, 3, 1, 1, 1}, {2, 20, 300, 3, 1, 1, 1},
  };
  char name[160];
  if (isa != ISA_AVX512) return;
  for (size_t i = 0; i < sizeof cs / sizeof *cs; i++) {
    kiln_pool_params p;
    memset(&p, 0, sizeof p);
    const int64_t k = cs[i][3], s = cs[i][4], pad = cs[i][5], pe = cs[i][6];
    p.nc = cs[i][0];
    p.in[0] = p.out[0] = p.k[0] = p.stride[0] = p.dil[0] = 1;
    p.in[1] = cs[i][1], p.in[2] = cs[i][2];
    p.k[1] = p.k[2] = k, p.stride[1] = p.stride[2] = s, p.pad[1] = p.pad[2] = pad;
    p.pad_end[1] = p.pad_end[2] = pe, p.dil[1] = p.dil[2] = 1;
    p.out[1] = (p.in[1] + pad + pe - k) / s + 1, p.out[2] = (p.in[2] + pad + pe - k) / s + 1;
    if (p.out[2] > 256) continue; /* the kernel's limit; 300 wide rows stay portable */
    const int64_t nx = p.nc * p.in[1] * p.in[2], ny = p.nc * p.out[1] * p.out[2];
    float *x = randv(nx), *want = randv(ny), *y = randv(ny), *yt = randv(ny);
    x[nx / 3] = NAN, x[nx / 2] = -INFINITY;
    kiln_f32_maxpool2d__c(&p, x, want);
    kiln_f32_maxpool2d__avx512(&p, x, y, NULL);
    kiln_f32_maxpool2d__avx512(&p, x, yt, &fake_par);
    snprintf(name, sizeof name, "maxpool_avx512 nc=%lld %lldx%lld k=%lld s=%lld p=%lld,%lld", (long long)p.nc,
             (long long)p.in[1], (long long)p.in[2], (long long)k, (long long)s, (long long)pad, (long long)pe);
    check_same(name, y, want, ny);
    snprintf(name + strlen(name), sizeof name - strlen(name), " threads=%d", FAKE_THREADS);
    check_same(name, yt, want, ny);
    free(x), free(want), free(y), free(yt);
  }
#else
  (void)isa;
#endif
}

/* AVX-512 erf against the double-precision erf: within 4e-7 relative (or
 * 1e-30 absolute near 0), odd, +-inf -> +-1, NaN stays NaN. */
static void test_erf(int isa) {
#ifdef KILN_HAVE_AVX512_KERNELS
  if (isa != ISA_AVX512) return;
  enum { N = 20011 };
  float *x = malloc(N * sizeof(float)), *y = malloc(N * sizeof(float));
  for (int i = 0; i < N - 8; i++) x[i] = (float)(i - (N - 8) / 2) * 6.5f / (float)((N - 8) / 2); /* -6.5 .. 6.5 */
  const float special[8] = {0.0f, -0.0f, 0.49999997f, 0.5f, 1e-30f, -3e-8f, INFINITY, -INFINITY};
  for (int i = 0; i < 8; i++) x[N - 8 + i] = special[i];
  kiln_f32_erf__avx512(N, x, y);
  double worst = 0.0;
  int bad = -1;
  for (int i = 0; i < N; i++) {
    const double want = erf((double)x[i]), err = fabs((double)y[i] - want);
    const double rel = err / fmax(fabs(want), 1e-30);
    if (rel > worst) worst = rel;
    if (!(rel <= 4e-7) && bad < 0) bad = i;
  }
  if (bad >= 0) {
    printf("FAIL erf_avx512: x=%.9g got %.9g want %.9g (worst rel %.3g)\n", x[bad], y[bad], erf((double)x[bad]), worst);
    failed++;
  } else {
    passed++;
  }
  float nan_in = NAN, nan_out = 0.0f;
  kiln_f32_erf__avx512(1, &nan_in, &nan_out);
  if (nan_out == nan_out) { printf("FAIL erf_avx512: NaN in, %g out\n", nan_out); failed++; }
  else passed++;
  free(x), free(y);
#else
  (void)isa;
#endif
}

/* par.h: elementwise kernels split into blocks (portable, so outside the
 * ISA loop): same bits as one call, for same-shape, per-channel and
 * broadcast-row operands, in place too. */
static void test_par_elementwise(void) {
  enum { C = 7, HW = 9001, N = 2 * C * HW };
  float *a = randv(N), *b = randv(N), *bias = randv(C), *y = randv(N), *want = randv(N);
  char name[96];
  kiln_bcast same, chan;
  memset(&same, 0, sizeof same);
  same.rank = 1, same.n = N, same.dims[0] = N, same.stride[0][0] = 1, same.stride[1][0] = 1;
  memset(&chan, 0, sizeof chan); /* [2][C][HW] + [C][1] */
  chan.rank = 3, chan.n = N, chan.dims[0] = 2, chan.dims[1] = C, chan.dims[2] = HW;
  chan.stride[0][0] = C * HW, chan.stride[0][1] = HW, chan.stride[0][2] = 1;
  chan.stride[1][0] = 0, chan.stride[1][1] = 1, chan.stride[1][2] = 0;
  kiln_f32_mul__c(&same, a, b, want);
  kiln_f32_binary_par(&fake_par, kiln_f32_mul__c, &same, a, b, y);
  snprintf(name, sizeof name, "par binary same-shape n=%d threads=%d", N, FAKE_THREADS);
  check_same(name, y, want, N);
  kiln_f32_add__c(&chan, a, bias, want);
  kiln_f32_binary_par(&fake_par, kiln_f32_add__c, &chan, a, bias, y);
  snprintf(name, sizeof name, "par binary per-channel threads=%d", FAKE_THREADS);
  check_same(name, y, want, N);
  memcpy(y, a, N * sizeof(float)); /* in place: y is x0 */
  kiln_f32_binary_par(&fake_par, kiln_f32_add__c, &chan, y, bias, y);
  check_same("par binary per-channel in place", y, want, N);
  { /* a transpose [2][C][HW] -> [HW][2][C] (tile axis) and a strided slab copy */
    kiln_copy_params cp;
    memset(&cp, 0, sizeof cp);
    cp.rank = 3, cp.tile = 0, cp.elem = 4;
    cp.dims[0] = HW, cp.dims[1] = 2, cp.dims[2] = C;                 /* y order */
    cp.xs[0] = 4, cp.xs[1] = C * HW * 4, cp.xs[2] = HW * 4;          /* x strides */
    cp.ys[0] = 2 * C * 4, cp.ys[1] = C * 4, cp.ys[2] = 4;
    kiln_copy_nd__c(&cp, a, want);
    kiln_copy_nd_par(&fake_par, &cp, a, y);
    check_same("par copy_nd transpose", y, want, N);
  }
  kiln_f32_sigmoid__c(N, a, want);
  kiln_f32_map_par(&fake_par, kiln_f32_sigmoid__c, N, a, y);
  snprintf(name, sizeof name, "par unary n=%d threads=%d", N, FAKE_THREADS);
  check_same(name, y, want, N);
  free(a), free(b), free(bias), free(y), free(want);
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); /* CPU time: other jobs on the machine do not count */
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* GFLOP/s of one layer shape, best of a few timed repetitions. */
static void bench_conv(int isa, int kind, const char *what, const conv_case *c) {
  kiln_conv2d_params p;
  conv_params(c, &p);
  const int64_t K = p.c_in / p.group * p.k_h * p.k_w, ny = p.n * p.c_out * p.h_out * p.w_out;
  float *x = randv(p.n * p.c_in * p.h_in * p.w_in), *w = randv(p.c_out * K), *bias = randv(p.c_out);
  float *y = randv(ny);
  float *pw = kind == K_WINO ? pack_wino(w, p.c_out, p.c_in)
                            : pack_w_taps(w, p.group, p.c_out / p.group, K, kind == K_S1 ? p.k_h * p.k_w : 0);
  float *scratch = malloc(wino_scratch(&p) > KILN_CONV_KC * 64 * sizeof(float) ? wino_scratch(&p)
                                                                              : KILN_CONV_KC * 64 * sizeof(float));
  if (kind == K_1X1) {
    p.w_in = p.w_out = p.h_in * p.w_in;
    p.h_in = p.h_out = 1;
  }
  const double flops = 2.0 * (double)ny * (double)K;
  double best = 1e30, bestc = 1e30;
  int reps = (int)(2e8 / flops) + 1;
  for (int t = 0; t < 5; t++) {
    double t0 = now();
    for (int i = 0; i < reps; i++) run_conv(isa, kind, &p, x, w, pw, bias, NULL, y, scratch, NULL);
    double dt = (now() - t0) / reps;
    if (dt < best) best = dt;
    t0 = now();
    if (kind == K_DW) kiln_f32_dwconv2d__c(&p, x, w, bias, NULL, y);
    else kiln_f32_conv2d__c(&p, x, w, bias, NULL, y);
    dt = now() - t0;
    if (dt < bestc) bestc = dt;
  }
  printf("BENCH %-6s %-34s %8.1f GFLOP/s (%.3f ms; portable C %.1f GFLOP/s)\n", isa_name[isa], what,
         flops / best * 1e-9, best * 1e3, flops / bestc * 1e-9);
  free(x), free(w), free(bias), free(y), free(pw), free(scratch);
}

static void bench(int isa) {
  static const struct { int kind; const char *what; conv_case c; } L[] = {
    {K_1X1, "1x1 64->256 56x56", {1, 64, 56, 56, 256, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0}},
    {K_1X1, "1x1 256->256 14x14", {1, 256, 14, 14, 256, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0}},
    {K_1X1, "1x1 1024->256 14x14", {1, 1024, 14, 14, 256, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0}},
    {K_1X1, "1x1 512->2048 7x7", {1, 512, 7, 7, 2048, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0}},
    /* mobilenet_v2 shapes: narrow expand / project 1x1 convolutions */
    {K_1X1, "1x1 24->144 56x56 (mv2)", {1, 24, 56, 56, 144, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0}},
    {K_1X1, "1x1 144->24 56x56 (mv2)", {1, 144, 56, 56, 24, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0}},
    {K_1X1, "1x1 16->96 112x112 (mv2)", {1, 16, 112, 112, 96, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0}},
    {K_1X1, "1x1 576->96 14x14 (mv2)", {1, 576, 14, 14, 96, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0}},
    {K_1X1, "1x1 160->960 7x7 (mv2)", {1, 160, 7, 7, 960, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0}},
    {K_GEMM, "3x3 64->64 56x56", {1, 64, 56, 56, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {K_GEMM, "3x3 128->128 28x28", {1, 128, 28, 28, 128, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {K_GEMM, "3x3 256->256 14x14", {1, 256, 14, 14, 256, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {K_GEMM, "3x3 512->512 7x7", {1, 512, 7, 7, 512, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {K_S1, "3x3 64->64 56x56 (s1 taps)", {1, 64, 56, 56, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {K_S1, "3x3 128->128 28x28 (s1 taps)", {1, 128, 28, 28, 128, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {K_S1, "3x3 256->256 14x14 (s1 taps)", {1, 256, 14, 14, 256, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {K_S1, "3x3 512->512 7x7 (s1 taps)", {1, 512, 7, 7, 512, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {K_WINO, "3x3 64->64 56x56 (winograd)", {1, 64, 56, 56, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {K_WINO, "3x3 128->128 28x28 (winograd)", {1, 128, 28, 28, 128, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {K_WINO, "3x3 256->256 14x14 (winograd)", {1, 256, 14, 14, 256, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {K_GEMM, "3x3 s2 64->128 56x56", {1, 64, 56, 56, 128, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0}},
    {K_GEMM, "7x7 s2 3->64 224x224 (stem)", {1, 3, 224, 224, 64, 7, 7, 2, 2, 3, 3, 3, 3, 1, 1, 1, 1, 0}},
    {K_DW, "dw3x3 144 56x56", {1, 144, 56, 56, 144, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 144, 2, 0}},
    {K_DW, "dw3x3 s2 96 112x112", {1, 96, 112, 112, 96, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 96, 2, 0}},
    {K_DW, "dw5x5 480 14x14", {1, 480, 14, 14, 480, 5, 5, 1, 1, 2, 2, 2, 2, 1, 1, 480, 2, 0}},
  };
  for (size_t i = 0; i < sizeof L / sizeof *L; i++) {
    if ((L[i].kind == K_DW || L[i].kind == K_S1 || L[i].kind == K_WINO) && isa != ISA_AVX512) continue;
    bench_conv(isa, L[i].kind, L[i].what, &L[i].c);
  }
}
#endif

int main(int argc, char **argv) {
  const int do_bench = argc > 1 && strcmp(argv[1], "--bench") == 0;
#if defined(KILN_HAVE_AVX512_KERNELS) || defined(KILN_HAVE_AVX2_KERNELS) || defined(KILN_HAVE_NEON_KERNELS)
  for (int isa = ISA_AVX2; isa <= ISA_NEON; isa++) {
    if (!have_isa(isa)) {
#if !defined(KILN_HAVE_NEON_KERNELS)
      if (isa != ISA_NEON) /* NEON is tested by the aarch64 build under qemu */
        printf("SKIP %s kernels: this CPU lacks %s\n", isa_name[isa],
               isa == ISA_AVX2 ? "AVX2/FMA" : "AVX-512 F/BW/DQ/VL");
#endif
      continue;
    }
    test_ugemm(isa);
    test_conv(isa);
    test_gemm_matmul(isa);
    test_maxpool(isa);
    test_erf(isa);
    if (do_bench) bench(isa);
  }
#else
  (void)do_bench;
  (void)randv;
  (void)check;
  printf("SKIP SIMD kernels: this build has no x86-64 or arm64 SIMD kernels\n");
#endif
  test_par_elementwise();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
