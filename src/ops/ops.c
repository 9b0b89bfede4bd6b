/* ops.c - the operator registry, built from ops.def. */
#include "op.h"

#include <string.h>

#define OP(id) extern const op_def op_##id;
#include "ops.def"
#undef OP

static const op_def *const all_ops[] = {
#define OP(id) &op_##id,
#include "ops.def"
#undef OP
};

const op_def *const *ops_all(int *count) {
  *count = (int)(sizeof all_ops / sizeof all_ops[0]);
  return all_ops;
}

static int is_default_domain(const char *d) {
  return !d || !*d || strcmp(d, "ai.onnx") == 0;
}

const op_def *ops_find(const char *domain, const char *name) {
  for (size_t i = 0; i < sizeof all_ops / sizeof all_ops[0]; i++) {
    const op_def *o = all_ops[i];
    int same_domain = is_default_domain(domain) ? is_default_domain(o->domain)
                                                : (o->domain && strcmp(o->domain, domain) == 0);
    if (same_domain && strcmp(o->name, name) == 0) return o;
  }
  return NULL;
}

int ops_resolve(kiln_diag *d, ir_node *n) {
  const op_def *o = ops_find(n->domain, n->op_type);
  if (!o) {
    if (!is_default_domain(n->domain))
      return ir_node_fail(d, n, "unsupported operator %s in domain '%s' (kiln supports the "
                          "default ONNX domain; `kiln info` lists every unsupported op)",
                          n->op_type, n->domain);
    return ir_node_fail(d, n, "unsupported operator %s (`kiln info` lists every op kiln "
                        "supports and every unsupported op in the model)", n->op_type);
  }
  if (n->opset < o->since || (o->until && n->opset > o->until))
    return ir_node_fail(d, n, "%s is supported for opsets %d..%d, not %d", n->op_type,
                        o->since, o->until ? o->until : 99, n->opset);
  n->def = o;
  return 0;
}
