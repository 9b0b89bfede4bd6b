/* random.c - RandomUniform, RandomNormal, RandomUniformLike,
 * RandomNormalLike, Bernoulli and Multinomial.
 *
 * Never folded (OP_NO_FOLD): the values are drawn at run time by a
 * counter-based generator (kernels/random.c) keyed by a per-node constant:
 * the `seed` attribute when given, otherwise a hash of the node's name and
 * output name. Output element i depends only on that key and i, so the
 * package keeps no random state and a given build is reproducible.
 * Output dtypes: float32/float64 for the Random* ops; Bernoulli any of
 * float32, float64, int32, int64, int16, uint16, int8, uint8, bool;
 * Multinomial int32/int64. Probability inputs are float32 or float64.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/random.h"

#include <stdio.h>
#include <string.h>

static const ir_dtype prob_ok[] = {IR_F32, IR_F64, IR_UNDEFINED};

static uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static uint64_t node_key(ir_graph *g, ir_node *n) {
  if (ir_attr_find(n, "seed")) {
    double s = (double)ir_attr_float(n, "seed", 0.0f);
    uint64_t bits;
    memcpy(&bits, &s, sizeof bits);
    return mix64(bits ^ 0x5EEDull);
  }
  uint64_t h = 1469598103934665603ull; /* FNV-1a of the node and output names */
  const char *names[2] = {n->name, ir_out(g, n, 0) ? ir_out(g, n, 0)->name : ""};
  for (int k = 0; k < 2; k++)
    for (const char *c = names[k] ? names[k] : ""; *c; c++) h = (h ^ (unsigned char)*c) * 1099511628211ull;
  return mix64(h);
}

static int out_code(ir_dtype dt) {
  switch (dt) {
  case IR_F32: return 0;
  case IR_F64: return 1;
  case IR_I32: return 2;
  case IR_I64: return 3;
  case IR_BOOL: case IR_U8: case IR_I8: return 4;
  case IR_I16: case IR_U16: return 5;
  default: return -1;
  }
}

typedef enum { R_UNIFORM, R_NORMAL, R_UNIFORM_LIKE, R_NORMAL_LIKE, R_BERNOULLI, R_MULTINOMIAL } rkind;

static rkind kind_of(const ir_node *n) {
  const char *t = n->op_type;
  return !strcmp(t, "RandomUniform") ? R_UNIFORM : !strcmp(t, "RandomNormal") ? R_NORMAL
       : !strcmp(t, "RandomUniformLike") ? R_UNIFORM_LIKE : !strcmp(t, "RandomNormalLike") ? R_NORMAL_LIKE
       : !strcmp(t, "Bernoulli") ? R_BERNOULLI : R_MULTINOMIAL;
}

static int rnd_plan(kiln_diag *d, ir_graph *g, ir_node *n, kiln_random_params *p, ir_dtype *dt, int *rank,
                    int64_t *dims) {
  memset(p, 0, sizeof *p);
  const rkind k = kind_of(n);
  if (!ir_out(g, n, 0)) return ir_node_fail(d, n, "output 0 is missing");
  p->key = node_key(g, n);
  if (k == R_UNIFORM || k == R_NORMAL) {
    if (n->n_inputs != 0) return ir_node_fail(d, n, "has %d inputs, expected none", n->n_inputs);
    const int64_t *sh;
    int r = ir_attr_ints(n, "shape", &sh);
    if (r < 0) return ir_node_fail(d, n, "attribute 'shape' is required");
    if (r > IR_MAX_RANK) return ir_node_fail(d, n, "shape has rank %d, kiln supports up to %d", r, IR_MAX_RANK);
    for (int i = 0; i < r; i++) {
      if (sh[i] < 0) return ir_node_fail(d, n, "shape[%d] = %lld is negative", i, (long long)sh[i]);
      dims[i] = sh[i];
    }
    *rank = r;
    *dt = (ir_dtype)ir_attr_int(n, "dtype", IR_F32);
  } else {
    if (op_need_inputs(d, g, n, 0, 0)) return -1;
    if (n->n_inputs != 1) return ir_node_fail(d, n, "has %d inputs, expected 1", n->n_inputs);
    const ir_tensor *x = ir_in(g, n, 0);
    if ((k == R_BERNOULLI || k == R_MULTINOMIAL) && op_check_dtype(d, n, x, 0, prob_ok)) return -1;
    *rank = x->rank;
    memcpy(dims, x->dims, sizeof(int64_t) * (size_t)x->rank);
    *dt = (ir_dtype)ir_attr_int(n, "dtype", k == R_MULTINOMIAL ? IR_I32 : x->dtype);
    if (k == R_MULTINOMIAL) {
      if (x->rank != 2)
        return ir_node_fail(d, n, "input 0 'input' has rank %d, expected 2 ([batch_size, class_size])", x->rank);
      p->batch = x->dims[0];
      p->classes = x->dims[1];
      p->samples = ir_attr_int(n, "sample_size", 1);
      if (p->samples < 1) return ir_node_fail(d, n, "sample_size = %lld, expected >= 1", (long long)p->samples);
      if (p->classes < 1 && p->batch > 0) return ir_node_fail(d, n, "input 0 has no classes");
      dims[1] = p->samples;
      if (*dt != IR_I32 && *dt != IR_I64)
        return ir_node_fail(d, n, "dtype %s is not allowed (expected int32 or int64)", ir_dtype_name(*dt));
    }
  }
  if (k == R_UNIFORM || k == R_UNIFORM_LIKE) {
    p->kind = 0;
    p->a = ir_attr_float(n, "low", 0.0f);
    p->b = ir_attr_float(n, "high", 1.0f);
  } else if (k == R_NORMAL || k == R_NORMAL_LIKE) {
    p->kind = 1;
    p->a = ir_attr_float(n, "mean", 0.0f);
    p->b = ir_attr_float(n, "scale", 1.0f);
  }
  p->out = out_code(*dt);
  const int float_only = k != R_BERNOULLI && k != R_MULTINOMIAL;
  if (p->out < 0 || (float_only && p->out > 1))
    return ir_node_fail(d, n, "dtype %s is not supported at run time (supported: float32, float64%s)",
                        ir_dtype_name(*dt), float_only ? "" : ", int32, int64, int16, uint16, int8, uint8, bool");
  return 0;
}

static int rnd_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_random_params p;
  ir_dtype dt;
  int rank;
  int64_t dims[IR_MAX_RANK];
  if (rnd_plan(d, g, n, &p, &dt, &rank, dims)) return -1;
  ir_set_shape(ir_out(g, n, 0), dt, rank, dims);
  if (ir_numel(ir_out(g, n, 0)) < 0) return ir_node_fail(d, n, "output is too large");
  return 0;
}

static int rnd_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  kiln_random_params p;
  ir_dtype dt;
  int rank;
  int64_t dims[IR_MAX_RANK];
  if (rnd_plan(d, g, n, &p, &dt, &rank, dims)) return -1;
  ir_tensor *out = ir_out(g, n, 0);
  void *y = ir_alloc_data(out);
  const int64_t cnt = ir_numel(out);
  if (!y && cnt > 0) return ir_node_fail(d, n, "out of memory");
  const rkind k = kind_of(n);
  const ir_tensor *x = ir_in(g, n, 0);
  if (k == R_BERNOULLI) {
    if (x->dtype == IR_F32) kiln_f32_bernoulli__c(&p, cnt, x->data, y);
    else kiln_f64_bernoulli__c(&p, cnt, x->data, y);
  } else if (k == R_MULTINOMIAL) {
    if (x->dtype == IR_F32) kiln_f32_multinomial__c(&p, x->data, y);
    else kiln_f64_multinomial__c(&p, x->data, y);
  } else {
    kiln_random_fill__c(&p, cnt, y);
  }
  return 0;
}

static int rnd_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_random_params p;
  ir_dtype dt;
  int rank;
  int64_t dims[IR_MAX_RANK];
  if (rnd_plan(emit_diag(e), g, n, &p, &dt, &rank, dims)) return -1;
  const rkind k = kind_of(n);
  const ir_tensor *x = n->n_inputs > 0 ? ir_in(g, n, 0) : NULL;
  const char *sym = k == R_BERNOULLI ? (x->dtype == IR_F32 ? "kiln_f32_bernoulli__c" : "kiln_f64_bernoulli__c")
                  : k == R_MULTINOMIAL ? (x->dtype == IR_F32 ? "kiln_f32_multinomial__c" : "kiln_f64_multinomial__c")
                  : "kiln_random_fill__c";
  if (emit_use(e, sym)) return -1;
  char id[64], xr[160], y[160];
  snprintf(id, sizeof id, "%s", emit_id(e, n));
  emit_decl(e, "static const kiln_random_params %s_p = {0x%016llxull, %d, %d, %.17g, %.17g, %lld, %lld, %lld};\n",
            id, (unsigned long long)p.key, p.kind, p.out, p.a, p.b, (long long)p.batch, (long long)p.classes,
            (long long)p.samples);
  if (op_emit_ref(e, n->outputs[0], y, sizeof y)) return -1;
  const long long cnt = (long long)ir_numel(ir_out(g, n, 0));
  if (k == R_BERNOULLI || k == R_MULTINOMIAL) {
    if (op_emit_ref(e, n->inputs[0], xr, sizeof xr)) return -1;
    if (k == R_BERNOULLI) emit_code(e, "%s(&%s_p, %lld, %s, %s);\n", sym, id, cnt, xr, y);
    else emit_code(e, "%s(&%s_p, %s, %s);\n", sym, id, xr, y);
  } else {
    emit_code(e, "%s(&%s_p, %lld, %s);\n", sym, id, cnt, y);
  }
  return 0;
}

#define RND_DEF(ident, nm, since_, attrs_)                                                       \
  const op_def op_##ident = {.name = nm, .domain = "", .since = since_, .until = 0, .attrs = attrs_, \
                             .infer = rnd_infer, .eval = rnd_eval, .emit = rnd_emit, .flags = OP_NO_FOLD}
RND_DEF(RandomUniform, "RandomUniform", 1, "dtype high low seed shape");
RND_DEF(RandomNormal, "RandomNormal", 1, "dtype mean scale seed shape");
RND_DEF(RandomUniformLike, "RandomUniformLike", 1, "dtype high low seed");
RND_DEF(RandomNormalLike, "RandomNormalLike", 1, "dtype mean scale seed");
RND_DEF(Bernoulli, "Bernoulli", 15, "dtype seed");
RND_DEF(Multinomial, "Multinomial", 7, "dtype sample_size seed");
