/* resize.c - ONNX Resize (opsets 10-19) and Upsample (7-9), float32.
 *
 * The compiler turns the whole resampling geometry into per-axis tap tables
 * (see kiln_resize_params in kernels/resize.h), emitted into the weights
 * blob; the run-time kernel is a table-driven weighted gather. The tables
 * follow the ONNX reference implementation (onnx/reference/ops/op_resize.py)
 * step by step, in double precision:
 *  - output size: floor(in * scale) from scales, or sizes (with
 *    keep_aspect_ratio_policy not_larger/not_smaller: one common scale,
 *    size = floor(scale * in + 0.5)); the coordinate transform uses
 *    scale (sizes: out / in) and the fractional "output width" scale * in.
 *  - x_ori from coordinate_transformation_mode; tf_crop_and_resize marks
 *    sources outside [0, in - 1] as extrapolated.
 *  - ratio = x_ori - floor(x_ori), or 1 when x_ori is an integer (the left
 *    neighbour is preferred), taps at floor-based positions, coefficients
 *    for nearest (nearest_mode), linear, cubic (cubic_coeff_a) and their
 *    antialias variants (filter stretched by 1/scale when downscaling),
 *    exclude_outside renormalisation, then indices clamped to the edge.
 *  - an axis with scale 1, out == in and the default roi is left unchanged.
 * Resize-10 and Upsample use asymmetric coordinates; their nearest mode
 * rounds down when upscaling and up when downscaling (onnxruntime's rule,
 * which equals np.repeat for the integer scales of the Upsample tests).
 * scales, sizes and roi must be constant. tf_crop_and_resize's float32 roi
 * arithmetic is done in float, as numpy does.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/resize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RZ_NEAREST, RZ_LINEAR, RZ_CUBIC };
enum { CT_HALF_PIXEL, CT_HALF_PIXEL_SYM, CT_PYTORCH, CT_ALIGN, CT_ASYM, CT_TF_CROP, CT_TF_NN };
enum { NM_ROUND_FLOOR, NM_ROUND_CEIL, NM_FLOOR, NM_CEIL, NM_SIMPLE };

/* Largest antialias filter accepted (taps per output index along an axis). */
#define RZ_MAX_TAPS 4096

typedef struct rz_plan {
  int rank;
  int64_t in[IR_MAX_RANK], out[IR_MAX_RANK];
  double scale[IR_MAX_RANK];
  double out_w[IR_MAX_RANK];      /* scale * in: the reference's fractional output width */
  int identity[IR_MAX_RANK];
  double roi0[IR_MAX_RANK], roi1[IR_MAX_RANK];
  int roi_f32;                    /* roi arithmetic in float (numpy float32 scalars) */
  int mode, ctm, nearest, exclude, antialias;
  double cubic_a;
  float extrap;
} rz_plan;

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};

static int str_pick(kiln_diag *d, ir_node *n, const char *attr, const char *v,
                    const char *const *names, int count, int *out) {
  for (int i = 0; i < count; i++)
    if (strcmp(v, names[i]) == 0) {
      *out = i;
      return 0;
    }
  char list[256] = "";
  for (int i = 0; i < count; i++) {
    size_t l = strlen(list);
    snprintf(list + l, sizeof list - l, "%s%s", i ? ", " : "", names[i]);
  }
  return ir_node_fail(d, n, "attribute '%s' = '%s' is not supported (supported: %s)", attr, v,
                      list);
}

/* An optional input that is present and non-empty, or NULL. */
static ir_tensor *opt_in(ir_graph *g, ir_node *n, int i) {
  ir_tensor *t = ir_in(g, n, i);
  if (!t || t->rank < 0) return t;
  return ir_numel(t) == 0 ? NULL : t;
}

static int need_const(kiln_diag *d, ir_node *n, const ir_tensor *t, int i, const char *what) {
  if (t->rank < 0) return ir_node_fail(d, n, "input %d '%s' has an unknown shape", i, what);
  if (!t->data)
    return ir_node_fail(d, n, "input %d '%s' must be a constant (computed at compile time); kiln "
                        "needs static shapes", i, what);
  if (t->rank != 1)
    return ir_node_fail(d, n, "input %d '%s' has rank %d, expected 1", i, what, t->rank);
  if (t->nbytes < (size_t)ir_numel(t) * ir_dtype_size(t->dtype))
    return ir_node_fail(d, n, "input %d '%s' has no valid data", i, what);
  return 0;
}

static int rz_plan_make(kiln_diag *d, ir_graph *g, ir_node *n, int upsample, rz_plan *p) {
  memset(p, 0, sizeof *p);
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  ir_tensor *x = ir_in(g, n, 0);
  if (op_check_dtype(d, n, x, 0, f32_only)) return -1;
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  const int r = x->rank;
  if (r < 1) return ir_node_fail(d, n, "input 0 'X' is a scalar; %s needs rank >= 1", n->op_type);
  p->rank = r;
  for (int i = 0; i < r; i++) {
    p->in[i] = x->dims[i];
    p->roi0[i] = 0.0;
    p->roi1[i] = 1.0;
    p->scale[i] = 1.0;
  }
  const int old = upsample || n->opset < 11; /* Upsample, Resize-10 */

  /* mode and its options */
  static const char *const modes[] = {"nearest", "linear", "cubic"};
  const char *m = ir_attr_str(n, "mode", "nearest");
  if (upsample && strcmp(m, "bilinear") == 0) m = "linear";
  if (str_pick(d, n, "mode", m, modes, old ? 2 : 3, &p->mode)) return -1;
  if (old) {
    p->ctm = CT_ASYM;
    p->nearest = NM_SIMPLE;
    p->cubic_a = -0.75;
  } else {
    static const char *const ctms[] = {"half_pixel", "half_pixel_symmetric",
                                       "pytorch_half_pixel", "align_corners", "asymmetric",
                                       "tf_crop_and_resize", "tf_half_pixel_for_nn"};
    static const char *const nms[] = {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"};
    /* tf_half_pixel_for_nn exists in opsets 11 and 12 only */
    if (str_pick(d, n, "coordinate_transformation_mode",
                 ir_attr_str(n, "coordinate_transformation_mode", "half_pixel"), ctms,
                 n->opset < 13 ? 7 : 6, &p->ctm))
      return -1;
    if (str_pick(d, n, "nearest_mode", ir_attr_str(n, "nearest_mode", "round_prefer_floor"), nms,
                 4, &p->nearest))
      return -1;
    p->cubic_a = (double)ir_attr_float(n, "cubic_coeff_a", -0.75f);
    p->exclude = ir_attr_int(n, "exclude_outside", 0) != 0;
    p->extrap = ir_attr_float(n, "extrapolation_value", 0.0f);
    p->antialias = ir_attr_int(n, "antialias", 0) != 0;
    if (p->antialias && p->mode == RZ_NEAREST)
      return ir_node_fail(d, n, "antialias=1 applies to modes linear and cubic only, not nearest");
  }

  /* axes (Resize-18+) */
  int axes[IR_MAX_RANK], naxes = r;
  for (int i = 0; i < r; i++) axes[i] = i;
  if (!old) {
    const int64_t *av;
    int cnt = ir_attr_ints(n, "axes", &av);
    if (cnt >= 0) {
      if (cnt < 1 || cnt > r)
        return ir_node_fail(d, n, "attribute 'axes' has %d values for an input of rank %d", cnt, r);
      int seen[IR_MAX_RANK] = {0};
      for (int i = 0; i < cnt; i++) {
        if (op_axis(d, n, av[i], r, &axes[i])) return -1;
        if (seen[axes[i]]++)
          return ir_node_fail(d, n, "attribute 'axes' repeats axis %lld", (long long)av[i]);
      }
      naxes = cnt;
    }
  }

  /* scales / sizes / roi */
  ir_tensor *scales = NULL, *sizes = NULL, *roi = NULL;
  float attr_scales[IR_MAX_RANK];
  int n_attr_scales = -1;
  int scales_idx = 2;
  if (upsample) {
    if (n->opset < 9) {
      const float *fv;
      n_attr_scales = ir_attr_floats(n, "scales", &fv);
      if (n_attr_scales < 0) return ir_node_fail(d, n, "attribute 'scales' is required");
      if (n_attr_scales != r)
        return ir_node_fail(d, n, "attribute 'scales' has %d values, expected %d (the rank of X)",
                            n_attr_scales, r);
      for (int i = 0; i < r; i++) attr_scales[i] = fv[i];
    } else {
      scales_idx = 1;
      scales = opt_in(g, n, 1);
      if (!scales) return ir_node_fail(d, n, "input 1 'scales' is required");
    }
  } else if (n->opset < 11) {
    scales_idx = 1;
    scales = opt_in(g, n, 1);
    if (!scales) return ir_node_fail(d, n, "input 1 'scales' is required");
  } else {
    scales = opt_in(g, n, 2);
    sizes = opt_in(g, n, 3);
    if (p->ctm == CT_TF_CROP) roi = opt_in(g, n, 1);
    if (!scales && !sizes)
      return ir_node_fail(d, n, "one of input 2 'scales' and input 3 'sizes' must be given");
    if (scales && sizes)
      return ir_node_fail(d, n, "only one of input 2 'scales' and input 3 'sizes' may be given");
  }
  if (scales) {
    if (need_const(d, n, scales, scales_idx, "scales")) return -1;
    if (scales->dtype != IR_F32)
      return ir_node_fail(d, n, "input %d 'scales' has dtype %s, expected float32", scales_idx,
                          ir_dtype_name(scales->dtype));
    if (ir_numel(scales) != naxes)
      return ir_node_fail(d, n, "input %d 'scales' has %lld values, expected %d", scales_idx,
                          (long long)ir_numel(scales), naxes);
    n_attr_scales = naxes;
    for (int i = 0; i < naxes; i++) attr_scales[i] = ((const float *)scales->data)[i];
  }
  if (n_attr_scales >= 0) {
    for (int i = 0; i < naxes; i++) {
      const float s = attr_scales[i];
      if (!(s > 0.0f) || isinf(s))
        return ir_node_fail(d, n, "scales[%d] = %g; scales must be positive and finite", i,
                            (double)s);
      const int a = axes[i];
      p->scale[a] = (double)s;
    }
    for (int a = 0; a < r; a++) {
      const double o = floor(p->scale[a] * (double)p->in[a]);
      if (o > 9.0e15) return ir_node_fail(d, n, "output size overflows");
      p->out[a] = (int64_t)o;
      p->out_w[a] = p->scale[a] * (double)p->in[a];
    }
  } else {
    if (need_const(d, n, sizes, 3, "sizes")) return -1;
    if (sizes->dtype != IR_I64)
      return ir_node_fail(d, n, "input 3 'sizes' has dtype %s, expected int64",
                          ir_dtype_name(sizes->dtype));
    if (ir_numel(sizes) != naxes)
      return ir_node_fail(d, n, "input 3 'sizes' has %lld values, expected %d",
                          (long long)ir_numel(sizes), naxes);
    for (int a = 0; a < r; a++) p->out[a] = p->in[a];
    for (int i = 0; i < naxes; i++) {
      const int64_t v = ir_get_i64(sizes, i);
      if (v < 1) return ir_node_fail(d, n, "sizes[%d] = %lld; sizes must be positive", i, (long long)v);
      if (p->in[axes[i]] == 0)
        return ir_node_fail(d, n, "axis %d of X has size 0 and cannot be resized", axes[i]);
      p->out[axes[i]] = v;
    }
    static const char *const pols[] = {"stretch", "not_larger", "not_smaller"};
    int pol = 0;
    if (str_pick(d, n, "keep_aspect_ratio_policy",
                 ir_attr_str(n, "keep_aspect_ratio_policy", "stretch"), pols, 3, &pol))
      return -1;
    for (int a = 0; a < r; a++)
      p->scale[a] = p->in[a] ? (double)p->out[a] / (double)p->in[a] : 1.0;
    if (pol != 0) {
      double s = p->scale[axes[0]];
      for (int i = 1; i < naxes; i++) {
        const double v = p->scale[axes[i]];
        if (pol == 1 ? v < s : v > s) s = v;
      }
      for (int i = 0; i < naxes; i++) {
        const int a = axes[i];
        p->scale[a] = s;
        const double o = s * (double)p->in[a] + 0.5;
        if (o > 9.0e15) return ir_node_fail(d, n, "output size overflows");
        p->out[a] = (int64_t)o;
      }
    }
    for (int a = 0; a < r; a++) p->out_w[a] = p->scale[a] * (double)p->in[a];
  }
  if (roi) {
    if (need_const(d, n, roi, 1, "roi")) return -1;
    if (!ir_dtype_is_float(roi->dtype))
      return ir_node_fail(d, n, "input 1 'roi' has dtype %s, expected a float type",
                          ir_dtype_name(roi->dtype));
    if (ir_numel(roi) != 2 * naxes)
      return ir_node_fail(d, n, "input 1 'roi' has %lld values, expected %d (starts, then ends)",
                          (long long)ir_numel(roi), 2 * naxes);
    p->roi_f32 = roi->dtype == IR_F32;
    for (int i = 0; i < naxes; i++) {
      p->roi0[axes[i]] = ir_get_f64(roi, i);
      p->roi1[axes[i]] = ir_get_f64(roi, naxes + i);
    }
  }
  for (int a = 0; a < r; a++) {
    if (p->in[a] == 0 && p->out[a] != 0)
      return ir_node_fail(d, n, "axis %d of X has size 0 and cannot be resized", a);
    p->identity[a] = fabs(p->scale[a] - 1.0) <= 1e-9 * fmax(1.0, fabs(p->scale[a])) &&
                     p->out[a] == p->in[a] &&
                     (p->ctm != CT_TF_CROP || (fabs(p->roi0[a]) <= 1e-9 &&
                                               fabs(p->roi1[a] - 1.0) <= 1e-9));
  }
  return 0;
}

static int rz_infer_(kiln_diag *d, ir_graph *g, ir_node *n, int upsample) {
  rz_plan p;
  if (rz_plan_make(d, g, n, upsample, &p)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  ir_set_shape(y, IR_F32, p.rank, p.out);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output size overflows");
  return 0;
}

/* Source coordinate of output index o along axis a; sets *ext for
 * tf_crop_and_resize sources outside the input. */
static double rz_x_ori(const rz_plan *p, int a, int64_t o, int *ext) {
  const double x = (double)o, s = p->scale[a], ow = p->out_w[a];
  const double in = (double)p->in[a];
  double xo = 0.0;
  *ext = 0;
  switch (p->ctm) {
  case CT_ALIGN: xo = ow == 1.0 ? 0.0 : x * (in - 1.0) / (ow - 1.0); break;
  case CT_ASYM: xo = x / s; break;
  case CT_TF_NN: xo = (x + 0.5) / s; break;
  case CT_PYTORCH: xo = ow == 1.0 ? -0.5 : (x + 0.5) / s - 0.5; break;
  case CT_HALF_PIXEL: xo = (x + 0.5) / s - 0.5; break;
  case CT_HALF_PIXEL_SYM: {
    const double adj = (double)p->out[a] / ow, center = in / 2.0;
    xo = center * (1.0 - adj) + (x + 0.5) / s - 0.5;
    break;
  }
  case CT_TF_CROP: {
    double span, off;
    if (p->roi_f32) {
      const float r0 = (float)p->roi0[a], r1 = (float)p->roi1[a];
      span = (double)(r1 - r0);
      off = (double)(r0 * (float)(p->in[a] - 1));
      if (ow == 1.0) xo = (double)((r1 - r0) * (float)(p->in[a] - 1) / 2.0f);
      else xo = x * span * (in - 1.0) / (ow - 1.0);
    } else {
      span = p->roi1[a] - p->roi0[a];
      off = p->roi0[a] * (in - 1.0);
      xo = ow == 1.0 ? span * (in - 1.0) / 2.0 : x * span * (in - 1.0) / (ow - 1.0);
    }
    xo += off;
    *ext = !(xo >= 0.0 && xo <= in - 1.0); /* NaN (from a NaN roi) too */
    break;
  }
  }
  return xo;
}

static double cubic_w(double x, double A) {
  x = fabs(x);
  const double x2 = x * x, x3 = x * x2;
  if (x <= 1.0) return (A + 2.0) * x3 - (A + 3.0) * x2 + 1.0;
  if (x < 2.0) return A * x3 - 5.0 * A * x2 + 8.0 * A * x - 4.0 * A;
  return 0.0;
}

/* Footprint of the filter: taps at base + start + i for i < count. */
static int rz_footprint(const rz_plan *p, int a, int64_t *start, int64_t *count) {
  const double s = fmin(p->scale[a], 1.0);
  if (p->antialias && p->mode != RZ_NEAREST && 2.0 / s > (double)RZ_MAX_TAPS / 2.0) return -1;
  switch (p->mode) {
  case RZ_NEAREST: *start = 0; *count = 2; return 0;
  case RZ_LINEAR: *start = p->antialias ? (int64_t)floor(-1.0 / s) + 1 : 0; break;
  default: *start = p->antialias ? (int64_t)floor(-2.0 / s) + 1 : -1; break;
  }
  *count = 2 - 2 * *start;
  return *count > RZ_MAX_TAPS ? -1 : 0;
}

/* Coefficients for one output index (count of them, for taps start..). */
static void rz_coeffs(const rz_plan *p, int a, double ratio, int64_t start, int64_t count,
                      double *c) {
  const double A = p->cubic_a;
  if (p->mode == RZ_NEAREST) {
    int hi = 0;
    if (ratio == 1.0) hi = 1;
    else switch (p->nearest) {
      case NM_ROUND_FLOOR: hi = ratio > 0.5; break;
      case NM_ROUND_CEIL: hi = ratio >= 0.5; break;
      case NM_FLOOR: hi = 0; break;
      case NM_CEIL: hi = 1; break;
      default: hi = p->scale[a] < 1.0; break; /* simple: ceil when downscaling */
      }
    c[0] = hi ? 0.0 : 1.0;
    c[1] = hi ? 1.0 : 0.0;
    return;
  }
  if (!p->antialias) {
    if (p->mode == RZ_LINEAR) {
      c[0] = 1.0 - ratio;
      c[1] = ratio;
    } else {
      const double r = ratio;
      c[0] = ((A * (r + 1.0) - 5.0 * A) * (r + 1.0) + 8.0 * A) * (r + 1.0) - 4.0 * A;
      c[1] = ((A + 2.0) * r - (A + 3.0)) * r * r + 1.0;
      c[2] = ((A + 2.0) * (1.0 - r) - (A + 3.0)) * (1.0 - r) * (1.0 - r) + 1.0;
      c[3] = ((A * ((1.0 - r) + 1.0) - 5.0 * A) * ((1.0 - r) + 1.0) + 8.0 * A) *
                 ((1.0 - r) + 1.0) - 4.0 * A;
    }
    return;
  }
  const double s = fmin(p->scale[a], 1.0);
  double sum = 0.0;
  for (int64_t i = 0; i < count; i++) {
    const double arg = ((double)(start + i) - ratio) * s;
    double v;
    if (p->mode == RZ_LINEAR) {
      v = 1.0 - fabs(arg);
      v = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
    } else {
      v = cubic_w(arg, A);
    }
    c[i] = v;
    sum += v;
  }
  for (int64_t i = 0; i < count; i++) c[i] /= sum;
}

/* Builds the kernel parameters and the tap tables (caller frees *idx, *w). */
static int rz_tables(kiln_diag *d, ir_node *n, const rz_plan *p, kiln_resize_params *kp,
                     int64_t **idx_out, float **w_out, int64_t *n_entries) {
  int64_t stride[IR_MAX_RANK], fp_start[IR_MAX_RANK], fp_count[IR_MAX_RANK], maxc = 2;
  int64_t *ti = NULL, *cnt = NULL, *idx = NULL;
  double *tw = NULL, *c = NULL;
  float *w = NULL;
  int64_t total = 0;
  memset(kp, 0, sizeof *kp);
  kp->rank = p->rank;
  kp->extrapolation = p->extrap;
  int64_t s = 1;
  for (int a = p->rank - 1; a >= 0; a--) {
    stride[a] = s;
    s *= p->in[a];
    if (rz_footprint(p, a, &fp_start[a], &fp_count[a]))
      return ir_node_fail(d, n, "the antialias filter along axis %d is wider than %d taps "
                          "(scale %g)", a, RZ_MAX_TAPS, p->scale[a]);
    if (fp_count[a] > maxc) maxc = fp_count[a];
  }
  /* pass 1: per axis, taps with merged clamped indices, into scratch */
  int64_t max_out = 1;
  for (int a = 0; a < p->rank; a++)
    if (p->out[a] > max_out) max_out = p->out[a];
  ti = malloc((size_t)(max_out * maxc) * sizeof *ti);
  tw = malloc((size_t)(max_out * maxc) * sizeof *tw);
  cnt = malloc((size_t)max_out * sizeof *cnt);
  c = malloc((size_t)maxc * sizeof *c);
  /* tables grow axis by axis */
  int64_t cap = 0;
  if (!ti || !tw || !cnt || !c) goto oom;
  for (int a = 0; a < p->rank; a++) {
    const int64_t O = p->out[a], in = p->in[a];
    int64_t K = 1;
    for (int64_t o = 0; o < O; o++) {
      int64_t *oi = ti + o * maxc;
      double *ow = tw + o * maxc;
      int64_t m = 0;
      if (p->identity[a]) {
        oi[0] = o;
        ow[0] = 1.0;
        cnt[o] = 1;
        continue;
      }
      int ext;
      const double xo = rz_x_ori(p, a, o, &ext);
      if (ext) {
        cnt[o] = -1;
        continue;
      }
      const double fl = floor(xo);
      int64_t base = (int64_t)fl;
      double ratio = xo - fl;
      if (ratio == 0.0) {
        ratio = 1.0;
        base -= 1;
      }
      rz_coeffs(p, a, ratio, fp_start[a], fp_count[a], c);
      if (p->exclude) {
        double sum = 0.0;
        for (int64_t i = 0; i < fp_count[a]; i++) {
          const int64_t j = base + fp_start[a] + i;
          if (j < 0 || j >= in) c[i] = 0.0;
          sum += c[i];
        }
        if (sum != 0.0)
          for (int64_t i = 0; i < fp_count[a]; i++) c[i] /= sum;
      }
      for (int64_t i = 0; i < fp_count[a]; i++) {
        if (c[i] == 0.0) continue;
        int64_t j = base + fp_start[a] + i;
        j = j < 0 ? 0 : (j >= in ? in - 1 : j);
        int64_t t = 0;
        while (t < m && oi[t] != j) t++;
        if (t == m) {
          oi[m] = j;
          ow[m++] = 0.0;
        }
        ow[t] += c[i];
      }
      if (m == 0) { /* all weights zero: read something valid with weight 0 */
        oi[0] = 0;
        ow[0] = 0.0;
        m = 1;
      }
      cnt[o] = m;
      if (m > K) K = m;
    }
    /* pass 2: append the axis's table, padded to K taps per output index */
    const int64_t need = total + O * K;
    if (need > cap) {
      int64_t nc = need * 2 + 16;
      int64_t *ni = realloc(idx, (size_t)nc * sizeof *ni);
      if (!ni) goto oom;
      idx = ni;
      float *nw = realloc(w, (size_t)nc * sizeof *nw);
      if (!nw) goto oom;
      w = nw;
      cap = nc;
    }
    kp->out[a] = O;
    kp->taps[a] = K;
    kp->tab[a] = total;
    for (int64_t o = 0; o < O; o++) {
      int64_t *di = idx + total + o * K;
      float *dw = w + total + o * K;
      for (int64_t t = 0; t < K; t++) {
        if (cnt[o] < 0) {
          di[t] = -1;
          dw[t] = 0.0f;
        } else if (t < cnt[o]) {
          di[t] = ti[o * maxc + t] * stride[a];
          dw[t] = (float)tw[o * maxc + t];
        } else {
          di[t] = ti[o * maxc] * stride[a];
          dw[t] = 0.0f;
        }
      }
    }
    total = need;
  }
  free(ti);
  free(tw);
  free(cnt);
  free(c);
  if (total == 0) { /* empty output: keep valid pointers */
    free(idx);
    free(w);
    idx = calloc(1, sizeof *idx);
    w = calloc(1, sizeof *w);
    if (!idx || !w) goto oom2;
    total = 1;
  }
  *idx_out = idx;
  *w_out = w;
  *n_entries = total;
  return 0;
oom:
  free(ti);
  free(tw);
  free(cnt);
  free(c);
oom2:
  free(idx);
  free(w);
  return ir_node_fail(d, n, "out of memory");
}

static int rz_eval_(kiln_diag *d, ir_graph *g, ir_node *n, int upsample) {
  rz_plan p;
  kiln_resize_params kp;
  int64_t *idx, ne;
  float *w;
  if (rz_plan_make(d, g, n, upsample, &p)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  float *out = ir_alloc_data(y);
  if (!out && ir_numel(y) > 0) return ir_node_fail(d, n, "out of memory");
  if (ir_numel(y) == 0) return 0;
  if (rz_tables(d, n, &p, &kp, &idx, &w, &ne)) return -1;
  kiln_f32_resize__c(&kp, idx, w, ir_in(g, n, 0)->data, out);
  free(idx);
  free(w);
  return 0;
}

static int rz_emit_(emit_ctx *e, ir_graph *g, ir_node *n, int upsample) {
  kiln_diag *d = emit_diag(e);
  rz_plan p;
  kiln_resize_params kp;
  int64_t *idx, ne;
  float *w;
  char id[64], xs[160], ys[160], is[160], ws[160];
  if (rz_plan_make(d, g, n, upsample, &p)) return -1;
  if (ir_numel(ir_out(g, n, 0)) == 0) return 0;
  if (rz_tables(d, n, &p, &kp, &idx, &w, &ne)) return -1;
  const char *s = emit_weight(e, idx, (size_t)ne * sizeof *idx, "int64_t");
  if (s) snprintf(is, sizeof is, "%s", s);
  const char *s2 = s ? emit_weight(e, w, (size_t)ne * sizeof *w, "float") : NULL;
  if (s2) snprintf(ws, sizeof ws, "%s", s2);
  free(idx);
  free(w);
  if (!s || !s2) return -1;
  if (emit_use(e, "kiln_f32_resize__c")) return -1;
  if (op_emit_ref(e, n->inputs[0], xs, sizeof xs) || op_emit_ref(e, n->outputs[0], ys, sizeof ys))
    return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  char fx[48];
  emit_decl(e, "static const kiln_resize_params %s_p = {.rank = %d, .out = %s, ", id, kp.rank,
            emit_i64_list(e, kp.out, kp.rank));
  emit_decl(e, ".taps = %s, ", emit_i64_list(e, kp.taps, kp.rank));
  emit_decl(e, ".tab = %s, .extrapolation = %s};\n", emit_i64_list(e, kp.tab, kp.rank),
            op_f32_literal(kp.extrapolation, fx, sizeof fx));
  emit_code(e, "kiln_f32_resize__c(&%s_p, %s, %s, %s, %s);\n", id, is, ws, xs, ys);
  return 0;
}

static int resize_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return rz_infer_(d, g, n, 0); }
static int resize_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return rz_eval_(d, g, n, 0); }
static int resize_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return rz_emit_(e, g, n, 0); }
static int upsample_infer(kiln_diag *d, ir_graph *g, ir_node *n) { return rz_infer_(d, g, n, 1); }
static int upsample_eval(kiln_diag *d, ir_graph *g, ir_node *n) { return rz_eval_(d, g, n, 1); }
static int upsample_emit(emit_ctx *e, ir_graph *g, ir_node *n) { return rz_emit_(e, g, n, 1); }

const op_def op_Resize = {.name = "Resize", .domain = "", .since = 10, .until = 0,
                          .attrs = "antialias axes coordinate_transformation_mode cubic_coeff_a "
                                   "exclude_outside extrapolation_value keep_aspect_ratio_policy "
                                   "mode nearest_mode",
                          .infer = resize_infer, .eval = resize_eval, .emit = resize_emit,
                          .flags = 0};
const op_def op_Upsample = {.name = "Upsample", .domain = "", .since = 7, .until = 9,
                            .attrs = "mode scales", .infer = upsample_infer,
                            .eval = upsample_eval, .emit = upsample_emit, .flags = 0};
