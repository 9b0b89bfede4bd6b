/* emit.c - generates NAME.c: kernels, parameters, metadata, init and run.
 * Ops write their part through the API in emit.h. */
#include "emit.h"
#include "klib.h"
#include "package.h"
#include "../ops/op.h"

#include <stdlib.h>
#include <string.h>

struct emit_ctx {
  kiln_diag *d;
  ir_graph *g;
  const package_options *o;
  kiln_buf kernels, decls, code;
  kiln_buf *weights;
  const klib_section **used;
  int n_used, cap_used;
  char ring[8][384];
  int ring_i;
  int depth;
};

kiln_diag *emit_diag(emit_ctx *e) { return e->d; }

unsigned emit_isa(emit_ctx *e) { return e->g->isa; }
int emit_opt_size(emit_ctx *e) { return e->g->opt_size; }
int emit_threads(emit_ctx *e) { return e->g->threads > 1 ? e->g->threads : 1; }

static char *ring_next(emit_ctx *e) {
  e->ring_i = (e->ring_i + 1) % 8;
  return e->ring[e->ring_i];
}

int emit_use(emit_ctx *e, const char *name) {
  for (int i = 0; i < e->n_used; i++)
    if (strlen(name) == e->used[i]->name_len && memcmp(e->used[i]->name, name, e->used[i]->name_len) == 0)
      return 0;
  const klib_section *s = klib_find(name);
  if (!s) return kiln_fail(e->d, "internal: kernel '%s' is not in kiln's kernel library", name);
  if (e->depth > 32) return kiln_fail(e->d, "internal: kernel '%s': dependency cycle", name);
  if (e->n_used == e->cap_used) {
    int cap = e->cap_used ? e->cap_used * 2 : 32;
    const klib_section **p = kiln_realloc(e->used, (size_t)cap * sizeof *p);
    if (!p) return kiln_fail(e->d, "out of memory");
    e->used = p;
    e->cap_used = cap;
  }
  e->used[e->n_used++] = s; /* before deps: a cycle then ends here */
  e->depth++;
  const char *p = s->needs, *end = s->needs + s->needs_len;
  while (p < end) {
    while (p < end && *p == ' ') p++;
    const char *q = p;
    while (q < end && *q != ' ' && *q != '\r') q++;
    if (q > p) {
      char dep[128];
      size_t len = (size_t)(q - p) < sizeof dep - 1 ? (size_t)(q - p) : sizeof dep - 1;
      memcpy(dep, p, len);
      dep[len] = 0;
      if (emit_use(e, dep)) { e->depth--; return -1; }
    }
    p = q + (q < end);
  }
  e->depth--;
  kiln_buf_printf(&e->kernels, "/* %.*s (kiln kernel library: %s) */\n", (int)s->name_len, s->name, s->file);
  kiln_buf_put(&e->kernels, s->body, s->body_len);
  kiln_buf_puts(&e->kernels, "\n");
  return 0;
}

static size_t place_weight(emit_ctx *e, const void *data, size_t n) {
  while (e->weights->len % PLAN_ALIGN) kiln_buf_put(e->weights, "", 1);
  size_t off = e->weights->len;
  kiln_buf_put(e->weights, data, n);
  return off;
}

static const char *ref(emit_ctx *e, int t, int bytes) {
  char *buf = ring_next(e);
  size_t off;
  int root = ir_storage_root(e->g, t, &off);
  ir_tensor *r = &e->g->tensors[root];
  const char *ct = bytes ? "unsigned char" : ir_dtype_ctype(e->g->tensors[t].dtype);
  if (r->loc == IR_LOC_WEIGHTS && r->offset == (size_t)-1) r->offset = place_weight(e, r->data, r->nbytes);
  off += r->offset;
  switch (r->loc) {
  case IR_LOC_ARENA: snprintf(buf, 384, "((%s *)(A + %zu))", ct, off); break;
  case IR_LOC_WEIGHTS: snprintf(buf, 384, "((const %s *)(W + %zu))", ct, off); break;
  case IR_LOC_INPUT:
    snprintf(buf, 384, "((const %s *)((const unsigned char *)in[%d] + %zu))", ct, r->loc_index, off);
    break;
  case IR_LOC_OUTPUT:
    snprintf(buf, 384, "((%s *)((unsigned char *)out[%d] + %zu))", ct, r->loc_index, off);
    break;
  default:
    kiln_fail(e->d, "internal: tensor '%s' has no storage", e->g->tensors[t].name);
    snprintf(buf, 384, "0");
  }
  return buf;
}

const char *emit_ref(emit_ctx *e, int t) { return ref(e, t, 0); }
const char *emit_bytes(emit_ctx *e, int t) { return ref(e, t, 1); }

const char *emit_dims(emit_ctx *e, int t) {
  char *buf = ring_next(e);
  const ir_tensor *x = &e->g->tensors[t];
  if (!x->dynamic) {
    kiln_fail(e->d, "internal: tensor '%s' has a static shape, it has no dims record", x->name);
    snprintf(buf, 384, "0");
  } else {
    snprintf(buf, 384, "((int64_t *)(A + %zu))", x->dims_offset);
  }
  return buf;
}

const char *emit_scratch(emit_ctx *e, const ir_node *n) {
  if (n->scratch < 0) {
    char *buf = ring_next(e);
    snprintf(buf, 384, "0");
    return buf;
  }
  return emit_bytes(e, n->scratch);
}

const char *emit_id(emit_ctx *e, const ir_node *n) {
  char *buf = ring_next(e);
  snprintf(buf, 384, "n%d", (int)(n - e->g->nodes));
  return buf;
}

void emit_decl(emit_ctx *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kiln_buf_vprintf(&e->decls, fmt, ap);
  va_end(ap);
}

void emit_code(emit_ctx *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kiln_buf_puts(&e->code, "  ");
  kiln_buf_vprintf(&e->code, fmt, ap);
  va_end(ap);
}

const char *emit_weight(emit_ctx *e, const void *data, size_t nbytes, const char *ctype) {
  char *buf = ring_next(e);
  size_t off = place_weight(e, data, nbytes);
  snprintf(buf, 384, "((const %s *)(W + %zu))", ctype, off);
  return buf;
}

const char *emit_i64_list(emit_ctx *e, const int64_t *v, int n) {
  char *buf = ring_next(e);
  size_t off = 0;
  buf[0] = 0;
  off += (size_t)snprintf(buf, 384, "{");
  for (int i = 0; i < n && off < 360; i++)
    off += (size_t)snprintf(buf + off, 384 - off, "%s%lld", i ? ", " : "", (long long)v[i]);
  if (n == 0 && off < 380) off += (size_t)snprintf(buf + off, 384 - off, "0");
  if (off < 382) snprintf(buf + off, 384 - off, "}");
  return buf;
}

/* Node and tensor names come from the model: keep them from closing a
 * comment or smuggling in a newline. */
static void put_comment_safe(kiln_buf *b, const char *s) {
  for (; *s; s++) {
    if (s[0] == '*' && s[1] == '/') { kiln_buf_puts(b, "*_"); s++; continue; }
    if ((unsigned char)*s < 32) { kiln_buf_puts(b, "?"); continue; }
    kiln_buf_put(b, s, 1);
  }
}

static void put_c_string(kiln_buf *b, const char *s) {
  kiln_buf_puts(b, "\"");
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') kiln_buf_printf(b, "\\%c", c);
    else if (c == '?') kiln_buf_puts(b, "\\?");
    else if (c < 32 || c > 126) kiln_buf_printf(b, "\\%03o", c);
    else kiln_buf_put(b, s, 1);
  }
  kiln_buf_puts(b, "\"");
}

static void put_tensor_info(kiln_buf *b, const ir_tensor *t) {
  kiln_buf_puts(b, "  {");
  put_c_string(b, t->name);
  kiln_buf_printf(b, ", %d, \"%s\", %d, {", (int)t->dtype, ir_dtype_name(t->dtype), t->rank);
  for (int i = 0; i < t->rank; i++) kiln_buf_printf(b, "%s%lld", i ? ", " : "", (long long)t->dims[i]);
  if (t->rank == 0) kiln_buf_puts(b, "0");
  kiln_buf_printf(b, "}, %lld, %d},\n", (long long)ir_nbytes(t), t->dynamic ? 1 : 0);
}

/* Where each output's actual-dims record lives in the arena (dynamic
 * outputs; 0 for static ones, which never read it). */
static void put_dims_table(kiln_buf *c, const ir_graph *g, const char *N) {
  kiln_buf_printf(c, "/* arena offsets of the actual dims of outputs whose shape is an upper bound */\n"
                     "static const size_t %s_dims_at[${UP}_NUM_OUTPUTS + 1] = {", N);
  for (int i = 0; i < g->n_outputs; i++) {
    const ir_tensor *t = &g->tensors[g->outputs[i]];
    kiln_buf_printf(c, "%zu, ", t->dynamic ? t->dims_offset : (size_t)0);
  }
  kiln_buf_puts(c, "0};\n\n");
}

static int emit_nodes(emit_ctx *e) {
  ir_graph *g = e->g;
  char shape[128];
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead) continue;
    kiln_buf_puts(&e->code, "  /* node '");
    put_comment_safe(&e->code, n->name);
    kiln_buf_printf(&e->code, "' (%s, opset %d)", n->op_type, n->opset);
    if (n->fused[0]) kiln_buf_printf(&e->code, " fused %s", n->fused);
    ir_tensor *o = ir_out(g, n, 0);
    if (o) kiln_buf_printf(&e->code, " -> %s %s", ir_shape_str(o, shape, sizeof shape), ir_dtype_name(o->dtype));
    kiln_buf_puts(&e->code, " */\n");
    if (!n->def->emit) {
      if (n->def->flags & OP_VIEW) {
        kiln_buf_puts(&e->code, "  /* view: shares its input's memory, no code */\n");
        continue;
      }
      return ir_node_fail(e->d, n, "internal: operator has no code generator");
    }
    if (n->def->emit(e, g, n)) {
      if (!e->d->failed) ir_node_fail(e->d, n, "code generation failed");
      return -1;
    }
    if (e->d->failed) return -1;
  }
  /* Outputs that do not already live in the caller's buffer. */
  for (int i = 0; i < g->n_outputs; i++) {
    int t = g->outputs[i];
    size_t off;
    int root = ir_storage_root(g, t, &off);
    const ir_tensor *r = &g->tensors[root];
    if (r->loc == IR_LOC_OUTPUT && r->loc_index == i && off == 0) continue;
    int64_t nb = ir_nbytes(&g->tensors[t]);
    if (nb <= 0) continue;
    kiln_buf_printf(&e->code, "  /* graph output %d '", i);
    put_comment_safe(&e->code, g->tensors[t].name);
    if (r->loc == IR_LOC_WEIGHTS && g->tensors[t].dtype == IR_STRING) {
      /* constant strings: pointers to literals, never the weights blob */
      const char *const *sv = g->tensors[t].data;
      kiln_buf_printf(&e->code, "' */\n  {\n    static const char *const s[%lld] = {", (long long)(nb / 8));
      for (int64_t k = 0; k < nb / 8; k++) {
        kiln_buf_puts(&e->code, k ? ", " : "");
        put_c_string(&e->code, sv[k] ? sv[k] : "");
      }
      kiln_buf_printf(&e->code, "};\n    memcpy(out[%d], s, %lld);\n  }\n", i, (long long)nb);
      continue;
    }
    kiln_buf_printf(&e->code, "' */\n  memcpy(out[%d], %s, %lld);\n", i, emit_bytes(e, t), (long long)nb);
  }
  return e->d->failed ? -1 : 0;
}

int emit_model(kiln_diag *d, ir_graph *g, const plan_result *plan, const package_options *o,
               kiln_buf *c_final, kiln_buf *weights, int *n_kernels) {
  /* Written with ${HOLES} (the macro prefix is the upper-cased name), then
   * expanded once into c_final. */
  kiln_buf pre, *c = &pre;
  kiln_buf_init(&pre);
  (void)plan; /* locations are already on the tensors */
  if (klib_init(d)) return -1;
  emit_ctx e;
  memset(&e, 0, sizeof e);
  e.d = d;
  e.g = g;
  e.o = o;
  e.weights = weights;
  kiln_buf_init(&e.kernels);
  kiln_buf_init(&e.decls);
  kiln_buf_init(&e.code);
  int rc = emit_nodes(&e);
  const char *N = o->name;
  if (rc == 0) {
    kiln_buf_printf(c,
      "/* %s.c - generated by kiln from '", N);
    put_comment_safe(c, o->model_path);
    kiln_buf_printf(c, "' for target %s.\n"
      " * Do not edit: regenerate with `kiln compile`. Each call in %s_run() is\n"
      " * preceded by the ONNX node it implements and what was fused into it. */\n"
      "#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n#include <math.h>\n"
      "#include \"%s.h\"\n#include \"kiln_kernels.h\"\n\n", o->target, N, N);
    kiln_buf_puts(c, "/* ---- kernels used by this model ---- */\n\n");
    kiln_buf_put(c, e.kernels.data ? e.kernels.data : "", e.kernels.len);
    kiln_buf_puts(c, "/* ---- per-node parameters (compile-time constants) ---- */\n\n");
    kiln_buf_put(c, e.decls.data ? e.decls.data : "", e.decls.len);
    kiln_buf_puts(c, "\n/* ---- model metadata ---- */\n\n");
    kiln_buf_printf(c, "const %s_tensor_info %s_inputs[${UP}_NUM_INPUTS + 1] = {\n", N, N);
    for (int i = 0; i < g->n_inputs; i++) put_tensor_info(c, &g->tensors[g->inputs[i]]);
    kiln_buf_puts(c, "  {0, 0, 0, 0, {0}, 0, 0}\n};\n");
    kiln_buf_printf(c, "const %s_tensor_info %s_outputs[${UP}_NUM_OUTPUTS + 1] = {\n", N, N);
    for (int i = 0; i < g->n_outputs; i++) put_tensor_info(c, &g->tensors[g->outputs[i]]);
    kiln_buf_puts(c, "  {0, 0, 0, 0, {0}, 0, 0}\n};\n\n");
    put_dims_table(c, g, N);
    if (o->embed_weights) {
      kiln_buf_printf(c, "/* The weights blob (header + payload), embedded by --embed-weights. */\n"
                         "#if defined(__GNUC__)\n__attribute__((aligned(64)))\n#endif\n"
                         "static const unsigned char %s_blob[%zu] = {\n", N, (size_t)64 + weights->len);
      unsigned char hdr[64];
      package_blob_header(hdr, weights->data, weights->len, o->model_hash);
      for (size_t i = 0; i < 64 + weights->len; i++) {
        unsigned v = i < 64 ? hdr[i] : (unsigned char)weights->data[i - 64];
        kiln_buf_printf(c, "%u,%s", v, i % 24 == 23 ? "\n" : "");
      }
      kiln_buf_puts(c, "\n};\n\n");
    }
    kiln_buf_puts(c, "\n");
    if (e.code.oom) {
      rc = kiln_fail(d, "out of memory");
    } else {
      const char *kv[] = {"BODY", e.code.data ? e.code.data : "",
                          "EMBEDDED_INIT", o->embed_weights ?
                            "  /* weights are compiled in: the weights arguments are ignored */\n"
                            "  (void)weights;\n  w = ${NAME}_blob;\n  weights_bytes = sizeof ${NAME}_blob;\n" : "",
                          NULL};
      /* BODY/EMBEDDED_INIT first; the names inside them below */
      package_expand(c, klib_file("model_glue.c.in"), kv);
      package_expand(c_final, c->data ? c->data : "", o->vars);
    }
    *n_kernels = e.n_used;
  }
  if (e.kernels.oom || e.decls.oom || e.code.oom || c->oom || c_final->oom || weights->oom)
    rc = kiln_fail(d, "out of memory while generating code");
  kiln_buf_free(&e.kernels);
  kiln_buf_free(&e.decls);
  kiln_buf_free(&e.code);
  kiln_buf_free(&pre);
  free(e.used);
  return rc;
}
