/* matmul.c - ONNX MatMul (numpy matmul semantics), float32; also float16,
 * bfloat16 (computed in float, each result rounded once, as numpy does for
 * float16) and float64, without fused epilogues (the fusion passes only
 * fuse float32).
 *
 * A 1-D A is promoted to [1, K] and a 1-D B to [K, 1]; the promoted dim is
 * removed from the output. Leading (batch) dims broadcast numpy-style.
 * Fusion: n->act and n->fused_add give Y = act(A @ B + R).
 * At compile time the batch dims are simplified: size-1 dims are dropped,
 * adjacent dims that step contiguously in both A and B are merged, and a
 * trailing batch dim over which B is broadcast (x @ W with W 2-D) is folded
 * into M, so a [b, s, K] x [K, N] product runs as one (b*s) x N GEMM.
 * On SIMD targets the node runs kiln_f32_matmul__avx512 / __avx2 / __neon; a constant
 * B shared by every batch is packed at compile time into the microkernel's
 * column panels ([ceil(N / NR)][K][NR]), a run-time B is read in place.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/gemm.h"
#include "../kernels/matmul_t.h"
#include "../emit/target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ir_dtype mm_types[] = {IR_F32, IR_F16, IR_BF16, IR_F64, IR_UNDEFINED};

typedef struct mm_shape {
  int64_t m, n, k;
  int rank;                  /* output batch rank */
  int64_t bd[IR_MAX_RANK];   /* output batch dims */
  int64_t abs_[IR_MAX_RANK]; /* A / B element strides per output batch dim (0 = broadcast) */
  int64_t bbs[IR_MAX_RANK];
  int out_rank;
  int64_t out[IR_MAX_RANK];
} mm_shape;

static int mm_shapes(kiln_diag *d, ir_graph *g, ir_node *n, mm_shape *s) {
  if (op_need_inputs(d, g, n, 0, 1)) return -1;
  ir_tensor *a = ir_in(g, n, 0), *b = ir_in(g, n, 1);
  if (op_check_dtype(d, n, a, 0, mm_types)) return -1;
  const ir_dtype same[] = {a->dtype, IR_UNDEFINED};
  if (op_check_dtype(d, n, b, 1, same)) return -1;
  if (a->rank < 1) return ir_node_fail(d, n, "input 0 'A' is a scalar; MatMul needs rank >= 1");
  if (b->rank < 1) return ir_node_fail(d, n, "input 1 'B' is a scalar; MatMul needs rank >= 1");
  const int ra = a->rank, rb = b->rank;
  s->k = a->dims[ra - 1];
  s->m = ra >= 2 ? a->dims[ra - 2] : 1;
  const int64_t kb = rb >= 2 ? b->dims[rb - 2] : b->dims[0];
  s->n = rb >= 2 ? b->dims[rb - 1] : 1;
  if (s->k != kb) {
    char x[96], y[96];
    return ir_node_fail(d, n, "inner dimensions differ: A is %s and B is %s (%lld vs %lld)",
                        ir_shape_str(a, x, sizeof x), ir_shape_str(b, y, sizeof y),
                        (long long)s->k, (long long)kb);
  }
  const int ba = ra > 2 ? ra - 2 : 0, bb = rb > 2 ? rb - 2 : 0;
  s->rank = ba > bb ? ba : bb;
  /* element strides of each batch dim within A and B */
  int64_t sa = s->m * s->k, sb = s->k * s->n;
  for (int i = s->rank - 1; i >= 0; i--) {
    const int ia = i - (s->rank - ba), ib = i - (s->rank - bb);
    const int64_t da = ia >= 0 ? a->dims[ia] : 1, db = ib >= 0 ? b->dims[ib] : 1;
    if (da != db && da != 1 && db != 1) {
      char x[96], y[96];
      return ir_node_fail(d, n, "batch dimensions of A %s and B %s cannot be broadcast together",
                          ir_shape_str(a, x, sizeof x), ir_shape_str(b, y, sizeof y));
    }
    s->bd[i] = da > db ? da : (db > da ? db : da);
    s->abs_[i] = da == 1 ? 0 : sa;
    s->bbs[i] = db == 1 ? 0 : sb;
    sa *= da;
    sb *= db;
  }
  s->out_rank = 0;
  for (int i = 0; i < s->rank; i++) s->out[s->out_rank++] = s->bd[i];
  if (ra >= 2) s->out[s->out_rank++] = s->m;
  if (rb >= 2) s->out[s->out_rank++] = s->n;
  return 0;
}

static int matmul_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  mm_shape s;
  if (mm_shapes(d, g, n, &s)) return -1;
  ir_tensor *y = ir_out(g, n, 0);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  ir_set_shape(y, ir_in(g, n, 0)->dtype, s.out_rank, s.out);
  if (ir_numel(y) < 0) return ir_node_fail(d, n, "output size overflows");
  return 0;
}

static int matmul_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_matmul_params *p) {
  mm_shape s;
  memset(p, 0, sizeof *p);
  if (mm_shapes(d, g, n, &s)) return -1;
  p->m = s.m;
  p->n = s.n;
  p->k = s.k;
  p->a_rs = s.k;
  p->a_cs = 1;
  p->b_rs = s.n;
  p->b_cs = 1;
  /* drop size-1 batch dims, merge dims that step contiguously in A and B */
  int r = 0;
  for (int i = 0; i < s.rank; i++) {
    if (s.bd[i] == 1) continue;
    if (r > 0 && p->a_bs[r - 1] == s.abs_[i] * s.bd[i] && p->b_bs[r - 1] == s.bbs[i] * s.bd[i]) {
      p->dims[r - 1] *= s.bd[i];
      p->a_bs[r - 1] = s.abs_[i];
      p->b_bs[r - 1] = s.bbs[i];
      continue;
    }
    p->dims[r] = s.bd[i];
    p->a_bs[r] = s.abs_[i];
    p->b_bs[r] = s.bbs[i];
    r++;
  }
  /* fold a trailing batch dim with broadcast B and contiguous A into M */
  while (r > 0 && p->b_bs[r - 1] == 0 && p->a_bs[r - 1] == p->m * p->k) {
    p->m *= p->dims[r - 1];
    r--;
  }
  p->rank = r;
  op_act_from_node(n, &p->act);
  return 0;
}

/* Input i's data, copied when not aligned for its dtype (initializers may
 * sit unaligned in the model file). */
static const void *mm_aligned(ir_graph *g, ir_node *n, int i, void **tmp) {
  const ir_tensor *t = ir_in(g, n, i);
  const size_t sz = ir_dtype_size(t->dtype);
  *tmp = NULL;
  if ((uintptr_t)t->data % sz == 0) return t->data;
  const size_t nb = (size_t)ir_numel(t) * sz;
  if ((*tmp = kiln_malloc(nb ? nb : 1))) memcpy(*tmp, t->data, nb);
  return *tmp;
}

/* float16 / bfloat16 / float64: no epilogue (the fusion passes keep off). */
static int matmul_eval_t(kiln_diag *d, ir_graph *g, ir_node *n, const kiln_matmul_params *p) {
  ir_tensor *y = ir_out(g, n, 0);
  if (n->act != IR_ACT_NONE || n->fused_add >= 0)
    return ir_node_fail(d, n, "internal: fused epilogue on a %s MatMul", ir_dtype_name(y->dtype));
  void *ta, *tb;
  const void *a = mm_aligned(g, n, 0, &ta), *b = mm_aligned(g, n, 1, &tb);
  void *out = a && b ? ir_alloc_data(y) : NULL;
  if (out && y->dtype == IR_F16) kiln_f16_matmul__c(p, a, b, out);
  else if (out && y->dtype == IR_BF16) kiln_bf16_matmul__c(p, a, b, out);
  else if (out) kiln_f64_matmul__c(p, a, b, out);
  free(ta);
  free(tb);
  return out ? 0 : ir_node_fail(d, n, "out of memory");
}

static int matmul_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_matmul_params p;
  const float *r;
  ir_tensor *y = ir_out(g, n, 0);
  if (y->dtype != IR_F32) return matmul_plan(d, g, n, &p) ? -1 : matmul_eval_t(d, g, n, &p);
  if (matmul_plan(d, g, n, &p) || op_check_fused_add(d, g, n, y) || op_fused_add_data(d, g, n, &r))
    return -1;
  float *out = ir_alloc_data(y);
  if (!out) return ir_node_fail(d, n, "out of memory");
  kiln_f32_matmul__c(&p, ir_in(g, n, 0)->data, ir_in(g, n, 1)->data, r, out);
  return 0;
}

static void i64_list(char *buf, size_t size, const int64_t *v, int cnt) {
  size_t off = 0;
  buf[0] = 0;
  off += (size_t)snprintf(buf, size, "{");
  for (int i = 0; i < cnt && off < size; i++)
    off += (size_t)snprintf(buf + off, size - off, "%s%lld", i ? ", " : "", (long long)v[i]);
  if (off < size) snprintf(buf + off, size - off, cnt ? "}" : "0}");
}

static int matmul_emit_t(emit_ctx *e, ir_graph *g, ir_node *n, const kiln_matmul_params *p) {
  const ir_dtype dt = ir_out(g, n, 0)->dtype;
  if (n->act != IR_ACT_NONE || n->fused_add >= 0)
    return ir_node_fail(emit_diag(e), n, "internal: fused epilogue on a %s MatMul",
                        ir_dtype_name(dt));
  const char *sym = dt == IR_F16 ? "kiln_f16_matmul__c"
                  : dt == IR_BF16 ? "kiln_bf16_matmul__c" : "kiln_f64_matmul__c";
  char id[64], a[160], b[160], out[160], dims[256], as[256], bs[256];
  if (emit_use(e, sym)) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (op_emit_ref(e, n->inputs[0], a, sizeof a) || op_emit_ref(e, n->inputs[1], b, sizeof b) ||
      op_emit_ref(e, n->outputs[0], out, sizeof out))
    return -1;
  i64_list(dims, sizeof dims, p->dims, p->rank);
  i64_list(as, sizeof as, p->a_bs, p->rank);
  i64_list(bs, sizeof bs, p->b_bs, p->rank);
  emit_decl(e,
            "static const kiln_matmul_params %s_p = {.m = %lld, .n = %lld, .k = %lld, "
            ".a_rs = %lld, .a_cs = %lld, .b_rs = %lld, .b_cs = %lld, .rank = %d, .dims = %s, "
            ".a_bs = %s, .b_bs = %s, .act = {KILN_ACT_NONE, 0.0f, 0.0f}};\n",
            id, (long long)p->m, (long long)p->n, (long long)p->k, (long long)p->a_rs,
            (long long)p->a_cs, (long long)p->b_rs, (long long)p->b_cs, p->rank, dims, as, bs);
  emit_code(e, "%s(&%s_p, %s, %s, %s);\n", sym, id, a, b, out);
  return 0;
}

static int matmul_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  kiln_matmul_params p;
  ir_tensor *y = ir_out(g, n, 0);
  if (matmul_plan(d, g, n, &p) || op_check_fused_add(d, g, n, y)) return -1;
  if (y->dtype != IR_F32) return matmul_emit_t(e, g, n, &p);
  char id[64], a[160], b[160], r[160], out[160], act[160], dims[256], as[256], bs[256];
  const unsigned isa = emit_isa(e);
  int64_t nr;
  const char *simd = op_gemm_isa(isa, &nr);
  const int simd_ok = simd && p.b_cs == 1 && p.m > 0 && p.n > 0; /* any SIMD family */
  int packed = 0;
  char sym[48];
  snprintf(sym, sizeof sym, "kiln_f32_matmul__%s", simd_ok ? simd : "c");
  if (simd_ok) {
    const ir_tensor *bt = ir_in(g, n, 1);
    packed = bt->data != NULL && p.k > 0;
    for (int i = 0; i < p.rank; i++) packed = packed && p.b_bs[i] == 0;
  }
  if (emit_use(e, sym)) return -1;
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  if (packed) {
    const int64_t panels = (p.n + nr - 1) / nr;
    const float *src = ir_in(g, n, 1)->data;
    size_t bytes = (size_t)(panels * nr * p.k) * sizeof(float);
    float *pb = kiln_malloc(bytes);
    if (!pb) return ir_node_fail(d, n, "out of memory packing B");
    for (int64_t pn = 0; pn < panels; pn++)
      for (int64_t k = 0; k < p.k; k++)
        for (int64_t jj = 0; jj < nr; jj++) {
          const int64_t j = pn * nr + jj;
          pb[(pn * p.k + k) * nr + jj] = j < p.n ? src[k * p.b_rs + j] : 0.0f;
        }
    const char *wref = emit_weight(e, pb, bytes, "float");
    free(pb);
    if (!wref) return -1;
    snprintf(b, sizeof b, "%s", wref);
  } else if (op_emit_ref(e, n->inputs[1], b, sizeof b)) {
    return -1;
  }
  if (op_emit_ref(e, n->inputs[0], a, sizeof a) || op_emit_ref(e, n->fused_add, r, sizeof r) ||
      op_emit_ref(e, n->outputs[0], out, sizeof out))
    return -1;
  i64_list(dims, sizeof dims, p.dims, p.rank);
  i64_list(as, sizeof as, p.a_bs, p.rank);
  i64_list(bs, sizeof bs, p.b_bs, p.rank);
  emit_decl(e,
            "static const kiln_matmul_params %s_p = {.m = %lld, .n = %lld, .k = %lld, "
            ".a_rs = %lld, .a_cs = %lld, .b_rs = %lld, .b_cs = %lld, .rank = %d, .dims = %s, "
            ".a_bs = %s, .b_bs = %s, .act = %s};\n",
            id, (long long)p.m, (long long)p.n, (long long)p.k, (long long)p.a_rs,
            (long long)p.a_cs, (long long)p.b_rs, (long long)p.b_cs, p.rank, dims, as, bs,
            op_act_literal(&p.act, act, sizeof act));
  if (!simd_ok) {
    emit_code(e, "kiln_f32_matmul__c(&%s_p, %s, %s, %s, %s);\n", id, a, b, r, out);
    return 0;
  }
  emit_decl(e,
            "static const kiln_ugemm_params %s_u = {.m = %lld, .n = %lld, .k = %lld, .a_rs = %lld, "
            ".a_cs = %lld, .b_rs = %lld, .ldy = %lld, .a_packed = 0, .b_packed = %d, "
            ".accumulate = 0, .act = %s};\n",
            id, (long long)p.m, (long long)p.n, (long long)p.k, (long long)p.a_rs,
            (long long)p.a_cs, (long long)(packed ? nr : p.b_rs), (long long)p.n, packed, act);
  emit_code(e, "%s(&%s_p, &%s_u, %s, %s, %s, %s, &P);\n", sym, id, id, a, b, r, out);
  return 0;
}

const op_def op_MatMul = {.name = "MatMul", .domain = "", .since = 1, .until = 0, .attrs = "",
                          .infer = matmul_infer, .eval = matmul_eval, .emit = matmul_emit,
                          .flags = OP_EPILOGUE};
