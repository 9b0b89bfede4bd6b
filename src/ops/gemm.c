/* gemm.c - ONNX Gemm: Y = alpha * op(A) * op(B) + beta * C, float32.
 *
 * Versions: C is required before opset 11; before opset 7 an explicit
 * `broadcast` attribute decides whether C may broadcast (0: C must be MxN),
 * from opset 7 C broadcasts unidirectionally to MxN.
 * Fusion: n->act and n->fused_add give Y = act(Gemm(...) + R).
 * A constant B with transB = 1 is transposed at compile time into [K][N], so
 * the kernel streams contiguous rows of B (the common nn.Linear export).
 * On SIMD targets a constant B instead becomes alpha * op(B) packed into the
 * microkernel's column panels ([ceil(N / NR)][K][NR], NR = 64 for AVX-512,
 * 16 for AVX2 and NEON) and the node runs kiln_f32_gemm__avx512 / __avx2 / __neon.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/gemm.h"
#include "../emit/target.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Gemm ---- */

static const ir_dtype f32_only[] = {IR_F32, IR_UNDEFINED};

typedef struct gemm_shape {
  int64_t m, n, k;
  int ta, tb;
} gemm_shape;

static int gemm_shapes(kiln_diag *d, ir_graph *g, ir_node *n, gemm_shape *s) {
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *a = ir_in(g, n, 0), *b = ir_in(g, n, 1);
  if (op_check_dtype(d, n, a, 0, f32_only) || op_check_dtype(d, n, b, 1, f32_only)) return -1;
  if (a->rank != 2) return ir_node_fail(d, n, "input 0 'A' has rank %d, expected 2", a->rank);
  if (b->rank != 2) return ir_node_fail(d, n, "input 1 'B' has rank %d, expected 2", b->rank);
  s->ta = ir_attr_int(n, "transA", 0) != 0;
  s->tb = ir_attr_int(n, "transB", 0) != 0;
  s->m = s->ta ? a->dims[1] : a->dims[0];
  s->k = s->ta ? a->dims[0] : a->dims[1];
  int64_t kb = s->tb ? b->dims[1] : b->dims[0];
  s->n = s->tb ? b->dims[0] : b->dims[1];
  if (s->k != kb)
    return ir_node_fail(d, n, "inner dimensions differ: op(A) is %lldx%lld but op(B) is %lldx%lld "
                        "(transA=%d, transB=%d)", (long long)s->m, (long long)s->k,
                        (long long)kb, (long long)s->n, s->ta, s->tb);
  return 0;
}

static int gemm_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  gemm_shape s;
  if (gemm_shapes(d, g, n, &s)) return -1;
  (void)ir_attr_float(n, "alpha", 1.0f);
  (void)ir_attr_float(n, "beta", 1.0f);
  ir_tensor *c = ir_in(g, n, 2);
  int has_bc = ir_attr_find(n, "broadcast") != NULL;
  int bc = (int)ir_attr_int(n, "broadcast", 0);
  if (n->opset >= 7 && has_bc)
    return ir_node_fail(d, n, "attribute 'broadcast' was removed in opset 7 (C always broadcasts)");
  if (!c) {
    if (n->opset < 11) return ir_node_fail(d, n, "input 2 'C' is required before opset 11");
  } else {
    char buf[96];
    if (op_need_inputs(d, g, n, 2, 2) || op_check_dtype(d, n, c, 2, f32_only)) return -1;
    if (n->opset < 7 && !bc) {
      if (c->rank != 2 || c->dims[0] != s.m || c->dims[1] != s.n)
        return ir_node_fail(d, n, "input 2 'C' has shape %s but must be %lldx%lld when "
                            "broadcast=0", ir_shape_str(c, buf, sizeof buf), (long long)s.m,
                            (long long)s.n);
    } else {
      int ok = c->rank <= 2;
      if (ok && c->rank >= 1) ok = c->dims[c->rank - 1] == s.n || c->dims[c->rank - 1] == 1;
      if (ok && c->rank == 2) ok = c->dims[0] == s.m || c->dims[0] == 1;
      if (!ok)
        return ir_node_fail(d, n, "input 2 'C' has shape %s, which does not broadcast to %lldx%lld",
                            ir_shape_str(c, buf, sizeof buf), (long long)s.m, (long long)s.n);
    }
  }
  ir_tensor *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  int64_t dims[2] = {s.m, s.n};
  ir_set_shape(y, IR_F32, 2, dims);
  return 0;
}

/* Everything the kernel call needs, shared by eval and emit so constant
 * folding runs exactly what the package runs. */
typedef struct gemm_plan {
  kiln_gemm_params p;
  float *packed_b; /* B transposed to [K][N] (constant B with transB), or NULL */
  int use_c;
} gemm_plan;

static int gemm_plan_make(kiln_diag *d, ir_graph *g, ir_node *n, gemm_plan *gp) {
  gemm_shape s;
  memset(gp, 0, sizeof *gp);
  if (gemm_shapes(d, g, n, &s)) return -1;
  kiln_gemm_params *p = &gp->p;
  p->m = s.m;
  p->n = s.n;
  p->k = s.k;
  p->alpha = ir_attr_float(n, "alpha", 1.0f);
  p->beta = ir_attr_float(n, "beta", 1.0f);
  /* A is stored [M][K], or [K][M] with transA. */
  p->a_rs = s.ta ? 1 : s.k;
  p->a_cs = s.ta ? s.m : 1;
  /* B is stored [K][N], or [N][K] with transB. */
  p->b_rs = s.tb ? 1 : s.n;
  p->b_cs = s.tb ? s.k : 1;
  const ir_tensor *b = ir_in(g, n, 1);
  if (s.tb && b->data && s.k > 0 && s.n > 0) {
    size_t bytes;
    if (kiln_mul_size((size_t)s.k * sizeof(float), (size_t)s.n, &bytes) ||
        !(gp->packed_b = kiln_malloc(bytes)))
      return ir_node_fail(d, n, "out of memory packing B (%lldx%lld)", (long long)s.n,
                          (long long)s.k);
    const float *src = b->data;
    for (int64_t j = 0; j < s.n; j++)
      for (int64_t kk = 0; kk < s.k; kk++) gp->packed_b[kk * s.n + j] = src[j * s.k + kk];
    p->b_rs = s.n;
    p->b_cs = 1;
  }
  const ir_tensor *c = ir_in(g, n, 2);
  gp->use_c = c && p->beta != 0.0f;
  if (gp->use_c) {
    p->c_rs = c->rank == 2 && c->dims[0] != 1 ? c->dims[1] : 0;
    p->c_cs = c->rank >= 1 && c->dims[c->rank - 1] != 1 ? 1 : 0;
  }
  op_act_from_node(n, &p->act);
  return 0;
}

static int gemm_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  gemm_plan gp;
  const float *r;
  ir_tensor *y = ir_out(g, n, 0);
  if (gemm_plan_make(d, g, n, &gp)) return -1;
  if (op_check_fused_add(d, g, n, y) || op_fused_add_data(d, g, n, &r)) {
    free(gp.packed_b);
    return -1;
  }
  float *out = ir_alloc_data(y);
  if (!out) {
    free(gp.packed_b);
    return ir_node_fail(d, n, "out of memory");
  }
  const ir_tensor *c = ir_in(g, n, 2);
  kiln_f32_gemm__c(&gp.p, ir_in(g, n, 0)->data, gp.packed_b ? gp.packed_b : ir_in(g, n, 1)->data,
                   gp.use_c ? c->data : NULL, r, out);
  free(gp.packed_b);
  return 0;
}

/* The SIMD path (AVX-512, AVX2, NEON): B packed with alpha folded in (see
 * the file comment). */
static int gemm_emit_simd(emit_ctx *e, ir_graph *g, ir_node *n, const gemm_plan *gp, unsigned isa) {
  kiln_diag *d = emit_diag(e);
  const kiln_gemm_params *p = &gp->p;
  int64_t nr;
  char sym[48];
  snprintf(sym, sizeof sym, "kiln_f32_gemm__%s", op_gemm_isa(isa, &nr));
  const int64_t panels = (p->n + nr - 1) / nr;
  const float *src = gp->packed_b ? gp->packed_b : ir_in(g, n, 1)->data;
  const int64_t brs = gp->packed_b ? p->n : p->b_rs, bcs = gp->packed_b ? 1 : p->b_cs;
  size_t bytes = (size_t)(panels * nr * p->k) * sizeof(float);
  float *pb = kiln_malloc(bytes);
  if (!pb) return ir_node_fail(d, n, "out of memory packing B");
  for (int64_t pn = 0; pn < panels; pn++)
    for (int64_t k = 0; k < p->k; k++)
      for (int64_t jj = 0; jj < nr; jj++) {
        const int64_t j = pn * nr + jj;
        pb[(pn * p->k + k) * nr + jj] = j < p->n ? p->alpha * src[k * brs + j * bcs] : 0.0f;
      }
  const char *wref = emit_weight(e, pb, bytes, "float");
  free(pb);
  if (!wref) return -1;
  char id[64], a[160], b[160], c[160], r[160], out[160], al[48], be[48], act[160];
  snprintf(b, sizeof b, "%s", wref);
  if (emit_use(e, sym)) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (op_emit_ref(e, n->inputs[0], a, sizeof a) ||
      op_emit_ref(e, gp->use_c ? n->inputs[2] : -1, c, sizeof c) ||
      op_emit_ref(e, n->fused_add, r, sizeof r) || op_emit_ref(e, n->outputs[0], out, sizeof out))
    return -1;
  op_act_literal(&p->act, act, sizeof act);
  emit_decl(e,
            "static const kiln_gemm_params %s_p = {.m = %lld, .n = %lld, .k = %lld, "
            ".a_rs = %lld, .a_cs = %lld, .b_rs = %lld, .b_cs = 1, .alpha = %s, .beta = %s, "
            ".c_rs = %lld, .c_cs = %lld, .act = %s};\n",
            id, (long long)p->m, (long long)p->n, (long long)p->k, (long long)p->a_rs,
            (long long)p->a_cs, (long long)nr, op_f32_literal(p->alpha, al, sizeof al),
            op_f32_literal(p->beta, be, sizeof be), (long long)p->c_rs, (long long)p->c_cs, act);
  emit_decl(e,
            "static const kiln_ugemm_params %s_u = {.m = %lld, .n = %lld, .k = %lld, .a_rs = %lld, "
            ".a_cs = %lld, .b_rs = %lld, .ldy = %lld, .a_packed = 0, .b_packed = 1, "
            ".accumulate = %d, .act = %s};\n",
            id, (long long)p->m, (long long)p->n, (long long)p->k, (long long)p->a_rs,
            (long long)p->a_cs, (long long)nr, (long long)p->n, gp->use_c, act);
  emit_code(e, "%s(&%s_p, &%s_u, %s, %s, %s, %s, %s, &P);\n", sym, id, id, a, b, c, r, out);
  return 0;
}

static int gemm_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  gemm_plan gp;
  ir_tensor *y = ir_out(g, n, 0);
  if (gemm_plan_make(d, g, n, &gp)) return -1;
  char id[64], a[160], b[160], c[160], r[160], out[160], al[48], be[48], act[160];
  int rc = -1;
  if (op_check_fused_add(d, g, n, y)) goto done;
  if (y->dtype != IR_F32) {
    ir_node_fail(d, n, "dtype %s is not supported at run time (supported: float32)",
                 ir_dtype_name(y->dtype));
    goto done;
  }
  const unsigned isa = emit_isa(e);
  const ir_tensor *bt = ir_in(g, n, 1);
  int64_t nr;
  if (op_gemm_isa(isa, &nr) && bt->data && gp.p.k > 0 && gp.p.n > 0) {
    rc = gemm_emit_simd(e, g, n, &gp, isa);
    goto done;
  }
  if (emit_use(e, "kiln_f32_gemm__c")) goto done;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (op_emit_ref(e, n->inputs[0], a, sizeof a) ||
      op_emit_ref(e, gp.use_c ? n->inputs[2] : -1, c, sizeof c) ||
      op_emit_ref(e, n->fused_add, r, sizeof r) || op_emit_ref(e, n->outputs[0], out, sizeof out))
    goto done;
  if (gp.packed_b) {
    const char *w = emit_weight(e, gp.packed_b, (size_t)(gp.p.k * gp.p.n) * sizeof(float), "float");
    if (!w) goto done;
    snprintf(b, sizeof b, "%s", w);
  } else if (op_emit_ref(e, n->inputs[1], b, sizeof b)) {
    goto done;
  }
  const kiln_gemm_params *p = &gp.p;
  emit_decl(e,
            "static const kiln_gemm_params %s_p = {.m = %lld, .n = %lld, .k = %lld, "
            ".a_rs = %lld, .a_cs = %lld, .b_rs = %lld, .b_cs = %lld, .alpha = %s, .beta = %s, "
            ".c_rs = %lld, .c_cs = %lld, .act = %s};\n",
            id, (long long)p->m, (long long)p->n, (long long)p->k, (long long)p->a_rs,
            (long long)p->a_cs, (long long)p->b_rs, (long long)p->b_cs,
            op_f32_literal(p->alpha, al, sizeof al), op_f32_literal(p->beta, be, sizeof be),
            (long long)p->c_rs, (long long)p->c_cs, op_act_literal(&p->act, act, sizeof act));
  emit_code(e, "kiln_f32_gemm__c(&%s_p, %s, %s, %s, %s, %s);\n", id, a, b, c, r, out);
  rc = 0;
done:
  free(gp.packed_b);
  return rc;
}

const op_def op_Gemm = {.name = "Gemm", .domain = "", .since = 1, .until = 0,
                        .attrs = "alpha beta transA transB broadcast",
                        .infer = gemm_infer, .eval = gemm_eval, .emit = gemm_emit, .flags = OP_EPILOGUE};
