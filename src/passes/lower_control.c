/* lower_control.c - control flow, sequences and optionals, lowered at
 * compile time into plain tensor nodes.
 *
 * kiln compiles for static shapes, so the structure of every value must be
 * known when the model is compiled:
 *  - If with a constant condition is replaced by its taken branch; with a
 *    run-time condition both branches are inlined and each output selected
 *    with Where (the branches must then agree on kinds, dtypes and shapes).
 *  - Loop and Scan are unrolled: a Loop needs a constant trip count and a
 *    condition that folds to a constant after every iteration.
 *  - A sequence is an ordered list of IR tensors (ir_tensor.vkind/elems), a
 *    present optional is its value itself, an absent one is IR_VAL_NONE.
 *    Sequence and optional ops rewire those lists; positions must be
 *    constants.
 * The generated C API therefore sees tensors only: a sequence graph input
 * `x` of N elements becomes N tensor inputs `x.0` .. `x.N-1` (its length and
 * element shapes are bound from kiln run's input file), a sequence output
 * becomes its element tensors, and an absent optional is simply absent.
 *
 * Subgraphs refer to outer values by name. When a node that owns subgraphs
 * is itself copied out of a subgraph (an If inside a Loop body), the outer
 * values its subgraphs use are appended to its inputs ("captures", named by
 * its `__captures` attribute), so the names keep resolving after inlining.
 */
#include "lower.h"
#include "passes.h"
#include "../ops/op.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int oom(kiln_diag *d) { return kiln_fail(d, "out of memory"); }

const char *lower_kind_name(const ir_tensor *t) {
  return t->vkind == IR_VAL_SEQ ? "a sequence" : t->vkind == IR_VAL_NONE ? "an absent optional" : "a tensor";
}

int pass_has_value_input(const ir_graph *g, const ir_node *n) {
  for (int i = 0; i < n->n_inputs; i++)
    if (n->inputs[i] >= 0 && g->tensors[n->inputs[i]].vkind != IR_VAL_TENSOR) return 1;
  return 0;
}

/* ---- placing appended nodes ---------------------------------------------- */

/* Moves nodes [first, n_nodes) to position pos (<= first), keeping order,
 * and renumbers producers. */
static int splice(kiln_diag *d, ir_graph *g, int pos, int first) {
  int cnt = g->n_nodes - first;
  if (cnt <= 0 || pos == first) return 0;
  ir_node *tmp = kiln_malloc((size_t)cnt * sizeof *tmp);
  if (!tmp) return oom(d);
  memcpy(tmp, &g->nodes[first], (size_t)cnt * sizeof *tmp);
  memmove(&g->nodes[pos + cnt], &g->nodes[pos], (size_t)(first - pos) * sizeof *tmp);
  memcpy(&g->nodes[pos], tmp, (size_t)cnt * sizeof *tmp);
  free(tmp);
  for (int i = 0; i < g->n_tensors; i++) {
    int p = g->tensors[i].producer;
    if (p >= first) g->tensors[i].producer = pos + (p - first);
    else if (p >= pos) g->tensors[i].producer = p + cnt;
  }
  return 0;
}

void lower_begin(ir_graph *g, int k, lower_state *s) {
  s->k = k;
  s->first = g->n_nodes;
  s->todo = g->n_nodes;
}

int lower_run(kiln_diag *d, ir_graph *g, lower_state *s) {
  if (g->n_nodes - s->first > LOWER_MAX_NODES)
    return ir_node_fail(d, &g->nodes[s->k], "lowering creates more than %d nodes; kiln unrolls control flow "
                        "at compile time and stops there", LOWER_MAX_NODES);
  int from = s->todo;
  s->todo = g->n_nodes;
  /* nested lowerings place their nodes inside [from, n_nodes) themselves */
  if (pass_infer_nodes(d, g, from)) return -1;
  s->todo = g->n_nodes;
  return 0;
}

int lower_finish(kiln_diag *d, ir_graph *g, lower_state *s, int *added) {
  if (lower_run(d, g, s)) return -1;
  g->nodes[s->k].dead = 1;
  if (splice(d, g, s->k + 1, s->first)) return -1;
  *added = g->n_nodes - s->first;
  return 0;
}

/* ---- building nodes -------------------------------------------------------- */

static int new_tensor(kiln_diag *d, ir_graph *g, const char *a, const char *b, const char *c) {
  size_t len = strlen(a) + strlen(b) + strlen(c) + 3;
  char *name = kiln_malloc(len);
  if (!name) return oom(d);
  snprintf(name, len, "%s/%s%s%s", a, b, c[0] ? "/" : "", c);
  int t = ir_add_tensor(g, name);
  free(name);
  return t < 0 ? oom(d) : t;
}

int lower_add_node(kiln_diag *d, ir_graph *g, lower_state *s, const char *op, int opset, const int *ins,
                   int n_in, int n_out, int *outs) {
  char tag[96];
  snprintf(tag, sizeof tag, "%s_%d", op, g->n_nodes - s->first);
  int idx = ir_add_node(g);
  if (idx < 0) return oom(d);
  ir_node *n = &g->nodes[idx];
  const char *base = g->nodes[s->k].name;
  size_t len = strlen(base) + strlen(tag) + 2;
  if (!(n->name = kiln_malloc(len)) || !(n->op_type = kiln_strdup(op)) || !(n->domain = kiln_strdup("")) ||
      !(n->inputs = kiln_malloc(((size_t)n_in + 1) * sizeof(int))) ||
      !(n->outputs = kiln_malloc(((size_t)n_out + 1) * sizeof(int))))
    return oom(d);
  snprintf(n->name, len, "%s/%s", base, tag);
  n->opset = opset;
  for (int i = 0; i < n_in; i++) n->inputs[i] = ins[i];
  n->n_inputs = n_in;
  for (int i = 0; i < n_out; i++) {
    char on[16];
    snprintf(on, sizeof on, "%d", i);
    int t = new_tensor(d, g, g->nodes[s->k].name, tag, on);
    if (t < 0) return -1;
    n = &g->nodes[idx];
    n->outputs[n->n_outputs++] = t;
    g->tensors[t].producer = idx;
    if (outs) outs[i] = t;
  }
  return idx;
}

static ir_attr *add_attr(kiln_diag *d, ir_graph *g, int node, const char *name, ir_attr_type type) {
  ir_node *n = &g->nodes[node];
  ir_attr *a = kiln_realloc(n->attrs, (size_t)(n->n_attrs + 1) * sizeof *a);
  if (!a) { oom(d); return NULL; }
  n->attrs = a;
  a = &a[n->n_attrs];
  memset(a, 0, sizeof *a);
  if (!(a->name = kiln_strdup(name))) { oom(d); return NULL; }
  a->type = type;
  n->n_attrs++;
  return a;
}

int lower_attr_int(kiln_diag *d, ir_graph *g, int node, const char *name, int64_t v) {
  ir_attr *a = add_attr(d, g, node, name, IR_ATTR_INT);
  if (!a) return -1;
  a->i = v;
  return 0;
}

static int const_tensor(kiln_diag *d, ir_graph *g, lower_state *s, const char *what, ir_dtype dt, int rank,
                        const int64_t *dims) {
  char tag[48];
  snprintf(tag, sizeof tag, "%s_%d", what, g->n_tensors);
  int t = new_tensor(d, g, g->nodes[s->k].name, tag, "");
  if (t < 0) return -1;
  ir_set_shape(&g->tensors[t], dt, rank, dims);
  if (!ir_alloc_data(&g->tensors[t])) return oom(d);
  g->tensors[t].is_initializer = 1;
  return t;
}

int lower_const_i64(kiln_diag *d, ir_graph *g, lower_state *s, int rank, const int64_t *v, int n) {
  int64_t dims[1] = {n};
  int t = const_tensor(d, g, s, "const", IR_I64, rank ? 1 : 0, dims);
  if (t < 0) return -1;
  memcpy(g->tensors[t].owned, v, (size_t)(rank ? n : 1) * sizeof(int64_t));
  return t;
}

int lower_const_bool(kiln_diag *d, ir_graph *g, lower_state *s, int v) {
  int t = const_tensor(d, g, s, "cond", IR_BOOL, 0, NULL);
  if (t < 0) return -1;
  *(unsigned char *)g->tensors[t].owned = (unsigned char)(v != 0);
  return t;
}

int lower_set_seq(kiln_diag *d, ir_graph *g, int y, const int *elems, int n, ir_dtype dt) {
  ir_tensor *t = &g->tensors[y];
  free(t->elems);
  t->elems = NULL;
  if (n > 0 && !(t->elems = kiln_malloc((size_t)n * sizeof(int)))) return oom(d);
  if (n > 0) memcpy(t->elems, elems, (size_t)n * sizeof(int));
  t->n_elems = n;
  t->vkind = IR_VAL_SEQ;
  t->dtype = dt;
  t->rank = -1;
  return 0;
}

int lower_connect(kiln_diag *d, ir_graph *g, lower_state *s, int y, int src) {
  if (y < 0) return 0;
  ir_tensor *x = &g->tensors[src];
  if (x->vkind == IR_VAL_SEQ) {
    /* copy: elems may be freed if x is rebound */
    int n = x->n_elems;
    int *e = kiln_malloc((size_t)(n + 1) * sizeof(int));
    if (!e) return oom(d);
    if (n) memcpy(e, x->elems, (size_t)n * sizeof(int));
    int rc = lower_set_seq(d, g, y, e, n, x->dtype);
    free(e);
    g->tensors[y].producer = -1;
    return rc;
  }
  if (x->vkind == IR_VAL_NONE) {
    g->tensors[y].vkind = IR_VAL_NONE;
    g->tensors[y].producer = -1;
    return 0;
  }
  int idx = lower_add_node(d, g, s, "Identity", 13, &src, 1, 0, NULL);
  if (idx < 0) return -1;
  ir_node *n = &g->nodes[idx];
  n->outputs[0] = y;
  n->n_outputs = 1;
  g->tensors[y].producer = idx;
  g->tensors[y].vkind = IR_VAL_TENSOR;
  return 0;
}

int lower_stack(kiln_diag *d, ir_graph *g, lower_state *s, const int *xs, int n, int axis, int *out) {
  int *us = kiln_malloc((size_t)(n + 1) * sizeof(int));
  if (!us) return oom(d);
  int64_t ax = axis;
  int axes = lower_const_i64(d, g, s, 1, &ax, 1);
  int rc = axes < 0 ? -1 : 0;
  for (int i = 0; i < n && !rc; i++) {
    int ins[2] = {xs[i], axes};
    if (lower_add_node(d, g, s, "Unsqueeze", 13, ins, 2, 1, &us[i]) < 0) rc = -1;
  }
  if (!rc) {
    int c = lower_add_node(d, g, s, "Concat", 13, us, n, 1, out);
    if (c < 0 || lower_attr_int(d, g, c, "axis", axis)) rc = -1;
  }
  free(us);
  return rc;
}

/* ---- inlining subgraphs --------------------------------------------------- */

int lower_n_inputs(const ir_node *n) {
  for (int i = 0; i < n->n_attrs; i++)
    if (!strcmp(n->attrs[i].name, "__captures") && n->attrs[i].n <= n->n_inputs)
      return n->n_inputs - n->attrs[i].n;
  return n->n_inputs;
}

static int is_outer_ref(const ir_tensor *t) {
  return t->producer < 0 && !t->data && !t->is_input;
}

/* Outer value `name` as node k of g sees it: a capture, else g's own. */
static int resolve_outer(kiln_diag *d, ir_graph *g, int k, const char *name) {
  const ir_node *n = &g->nodes[k];
  for (int i = 0; i < n->n_attrs; i++) {
    const ir_attr *a = &n->attrs[i];
    if (strcmp(a->name, "__captures") || !a->strings || a->n > n->n_inputs) continue;
    for (int j = 0; j < a->n; j++)
      if (!strcmp(a->strings[j], name)) return n->inputs[n->n_inputs - a->n + j];
  }
  int t = ir_find_tensor(g, name);
  if (t < 0) return ir_node_fail(d, n, "a subgraph uses '%s', which no enclosing graph defines", name);
  return t;
}

typedef struct names {
  char **v;
  int n, cap;
} names;

static int names_add(names *s, const char *x) {
  for (int i = 0; i < s->n; i++)
    if (!strcmp(s->v[i], x)) return 0;
  if (s->n == s->cap) {
    int cap = s->cap ? s->cap * 2 : 16;
    char **v = kiln_realloc(s->v, (size_t)cap * sizeof *v);
    if (!v) return -1;
    s->v = v;
    s->cap = cap;
  }
  s->v[s->n] = (char *)x; /* borrowed: the subgraphs outlive the list */
  s->n++;
  return 0;
}

/* Names graph h uses but does not define (its outer-scope references),
 * including those of subgraphs nested in it. */
static int free_names(const ir_graph *h, names *out) {
  for (int i = 0; i < h->n_tensors; i++)
    if (is_outer_ref(&h->tensors[i]) && names_add(out, h->tensors[i].name)) return -1;
  for (int k = 0; k < h->n_nodes; k++) {
    const ir_node *n = &h->nodes[k];
    for (int a = 0; a < n->n_attrs; a++) {
      const ir_attr *at = &n->attrs[a];
      int cnt = at->g ? 1 : at->graphs ? at->n : 0;
      for (int j = 0; j < cnt; j++) {
        names inner = {0};
        if (free_names(at->g ? at->g : at->graphs[j], &inner)) { free(inner.v); return -1; }
        for (int q = 0; q < inner.n; q++) {
          int t = ir_find_tensor(h, inner.v[q]);
          if ((t < 0 || is_outer_ref(&h->tensors[t])) && names_add(out, inner.v[q])) { free(inner.v); return -1; }
        }
        free(inner.v);
      }
    }
  }
  return 0;
}

typedef struct scope {
  ir_graph *g;
  lower_state *s;
  ir_graph *sub;
  int *map; /* sub tensor -> g tensor, -1 = not yet */
  const char *tag;
} scope;

static int resolve_id(kiln_diag *d, scope *sc, int id) {
  if (id < 0) return -1;
  if (sc->map[id] >= 0) return sc->map[id];
  const ir_tensor *t = &sc->sub->tensors[id];
  int r;
  if (t->data) {
    if (t->dtype == IR_STRING)
      return ir_node_fail(d, &sc->g->nodes[sc->s->k], "string constants in subgraphs are unsupported");
    r = new_tensor(d, sc->g, sc->g->nodes[sc->s->k].name, sc->tag, t->name);
    if (r < 0) return -1;
    ir_tensor *c = &sc->g->tensors[r];
    ir_set_shape(c, t->dtype, t->rank, t->dims);
    if (!ir_alloc_data(c)) return oom(d);
    if (t->nbytes) memcpy(c->owned, t->data, t->nbytes);
    c->is_initializer = 1;
  } else if (is_outer_ref(t)) {
    r = resolve_outer(d, sc->g, sc->s->k, t->name);
    if (r < 0) return -1;
  } else {
    return ir_node_fail(d, &sc->g->nodes[sc->s->k], "internal: subgraph value '%s' used before it is defined",
                        t->name);
  }
  sc->map[id] = r;
  return r;
}

static int copy_attr(kiln_diag *d, ir_attr *dst, const ir_attr *a) {
  memset(dst, 0, sizeof *dst);
  if (!(dst->name = kiln_strdup(a->name))) return oom(d);
  dst->type = a->type;
  dst->f = a->f;
  dst->i = a->i;
  dst->n = a->n;
  if (a->s) {
    if (!(dst->s = kiln_malloc(a->s_len + 1))) return oom(d);
    memcpy(dst->s, a->s, a->s_len + 1);
    dst->s_len = a->s_len;
  }
  if (a->floats && a->n) {
    if (!(dst->floats = kiln_malloc((size_t)a->n * sizeof(float)))) return oom(d);
    memcpy(dst->floats, a->floats, (size_t)a->n * sizeof(float));
  }
  if (a->ints && a->n) {
    if (!(dst->ints = kiln_malloc((size_t)a->n * sizeof(int64_t)))) return oom(d);
    memcpy(dst->ints, a->ints, (size_t)a->n * sizeof(int64_t));
  }
  if (a->strings) {
    if (!(dst->strings = kiln_calloc((size_t)a->n + 1, sizeof(char *))) ||
        !(dst->string_lens = kiln_calloc((size_t)a->n + 1, sizeof(size_t))))
      return oom(d);
    for (int i = 0; i < a->n; i++) {
      size_t len = a->string_lens ? a->string_lens[i] : strlen(a->strings[i]);
      if (!(dst->strings[i] = kiln_malloc(len + 1))) return oom(d);
      memcpy(dst->strings[i], a->strings[i], len + 1);
      dst->string_lens[i] = len;
    }
  }
  if (a->t) {
    if (a->t->dtype == IR_STRING) return kiln_fail(d, "string tensor attributes in subgraphs are unsupported");
    if (!(dst->t = kiln_calloc(1, sizeof *dst->t))) return oom(d);
    ir_tensor *t = dst->t;
    t->alias_of = -1;
    t->producer = -1;
    if (!(t->name = kiln_strdup(a->t->name ? a->t->name : ""))) return oom(d);
    ir_set_shape(t, a->t->dtype, a->t->rank, a->t->dims);
    if (!ir_alloc_data(t)) return oom(d);
    if (a->t->nbytes) memcpy(t->owned, a->t->data, a->t->nbytes);
  }
  if (a->tensors) return kiln_fail(d, "TENSORS attributes in subgraphs are unsupported");
  if (a->g || a->graphs) {
    dst->borrowed = 1;
    dst->g = a->g;
    if (a->graphs) {
      if (!(dst->graphs = kiln_malloc((size_t)(a->n + 1) * sizeof(ir_graph *)))) return oom(d);
      memcpy(dst->graphs, a->graphs, (size_t)a->n * sizeof(ir_graph *));
    }
  }
  return 0;
}

static int has_graphs(const ir_node *n) {
  for (int a = 0; a < n->n_attrs; a++)
    if (n->attrs[a].g || n->attrs[a].graphs) return 1;
  return 0;
}

/* Copies sub node j into g (inputs resolved, outputs new, captures added). */
static int copy_node(kiln_diag *d, scope *sc, int j) {
  ir_graph *g = sc->g;
  const ir_node *src = &sc->sub->nodes[j];
  names caps = {0};
  if (has_graphs(src)) {
    names inner = {0};
    for (int a = 0; a < src->n_attrs; a++) {
      const ir_attr *at = &src->attrs[a];
      int cnt = at->g ? 1 : at->graphs ? at->n : 0;
      for (int q = 0; q < cnt; q++)
        if (free_names(at->g ? at->g : at->graphs[q], &inner)) { free(inner.v); return oom(d); }
    }
    caps = inner;
  }
  int rc = -1;
  int idx = ir_add_node(g);
  if (idx < 0) { oom(d); goto out; }
  ir_node *n = &g->nodes[idx];
  const char *base = g->nodes[sc->s->k].name;
  size_t len = strlen(base) + strlen(sc->tag) + strlen(src->name) + 3;
  if (!(n->name = kiln_malloc(len)) || !(n->op_type = kiln_strdup(src->op_type)) ||
      !(n->domain = kiln_strdup(src->domain)) ||
      !(n->inputs = kiln_malloc((size_t)(src->n_inputs + caps.n + 1) * sizeof(int))) ||
      !(n->outputs = kiln_malloc((size_t)(src->n_outputs + 1) * sizeof(int))) ||
      !(n->attrs = kiln_calloc((size_t)src->n_attrs + 2, sizeof(ir_attr)))) {
    oom(d);
    goto out;
  }
  snprintf(n->name, len, "%s/%s/%s", base, sc->tag, src->name);
  n->opset = src->opset;
  n->fused_add = -1;
  for (int a = 0; a < src->n_attrs; a++) {
    n = &g->nodes[idx];
    n->n_attrs++;
    if (copy_attr(d, &n->attrs[a], &src->attrs[a])) goto out;
  }
  for (int i = 0; i < src->n_inputs; i++) {
    int t = resolve_id(d, sc, src->inputs[i]);
    if (t < 0 && src->inputs[i] >= 0) goto out;
    n = &g->nodes[idx];
    n->inputs[n->n_inputs++] = t;
  }
  if (caps.n) {
    n = &g->nodes[idx];
    ir_attr *a = &n->attrs[n->n_attrs];
    memset(a, 0, sizeof *a);
    n->n_attrs++;
    a->type = IR_ATTR_STRINGS;
    if (!(a->name = kiln_strdup("__captures")) || !(a->strings = kiln_calloc((size_t)caps.n, sizeof(char *))) ||
        !(a->string_lens = kiln_calloc((size_t)caps.n, sizeof(size_t)))) {
      oom(d);
      goto out;
    }
    a->n = caps.n;
    for (int q = 0; q < caps.n; q++) {
      if (!(a->strings[q] = kiln_strdup(caps.v[q]))) { oom(d); goto out; }
      a->string_lens[q] = strlen(caps.v[q]);
      int t = ir_find_tensor(sc->sub, caps.v[q]);
      int r = t >= 0 && !is_outer_ref(&sc->sub->tensors[t]) ? resolve_id(d, sc, t)
                                                             : resolve_outer(d, g, sc->s->k, caps.v[q]);
      if (r < 0) goto out;
      n = &g->nodes[idx];
      n->inputs[n->n_inputs++] = r;
    }
  }
  for (int i = 0; i < src->n_outputs; i++) {
    int o = src->outputs[i], t = -1;
    if (o >= 0) {
      if ((t = new_tensor(d, g, base, sc->tag, sc->sub->tensors[o].name)) < 0) goto out;
      g->tensors[t].producer = idx;
      sc->map[o] = t;
    }
    n = &g->nodes[idx];
    n->outputs[n->n_outputs++] = t;
  }
  rc = 0;
out:
  free(caps.v);
  return rc;
}

int lower_inline(kiln_diag *d, ir_graph *g, lower_state *s, ir_graph *sub, const int *ins, int n_ins,
                 int *outs, const char *tag) {
  if (n_ins != sub->n_inputs)
    return ir_node_fail(d, &g->nodes[s->k], "subgraph '%s' has %d inputs, expected %d", sub->name ? sub->name : "",
                        sub->n_inputs, n_ins);
  scope sc = {g, s, sub, NULL, tag};
  if (!(sc.map = kiln_malloc(((size_t)sub->n_tensors + 1) * sizeof(int)))) return oom(d);
  for (int i = 0; i < sub->n_tensors; i++) sc.map[i] = -1;
  for (int i = 0; i < n_ins; i++) sc.map[sub->inputs[i]] = ins[i];
  int rc = 0;
  for (int j = 0; j < sub->n_nodes && !rc; j++) rc = copy_node(d, &sc, j);
  if (!rc) rc = lower_run(d, g, s);
  for (int i = 0; i < sub->n_outputs && !rc; i++) {
    outs[i] = resolve_id(d, &sc, sub->outputs[i]);
    if (outs[i] < 0) rc = -1;
  }
  free(sc.map);
  return rc;
}

/* ---- plain ops given sequences; graph inputs and outputs ------------------- */

int pass_lower_node(kiln_diag *d, ir_graph *g, int k, int *added) {
  ir_node *n = &g->nodes[k];
  *added = 0;
  if (n->def->lower) return n->def->lower(d, g, k, added);
  /* Identity passes any value through (opset 14+ types include sequences
   * and optionals); every other op takes tensors only. */
  for (int i = 0; i < n->n_inputs; i++) {
    const ir_tensor *t = n->inputs[i] >= 0 ? &g->tensors[n->inputs[i]] : NULL;
    if (!t || t->vkind == IR_VAL_TENSOR) continue;
    if (strcmp(n->op_type, "Identity") != 0 || i != 0)
      return ir_node_fail(d, n, "input %d '%s' is %s; %s takes tensors", i, t->name, lower_kind_name(t),
                          n->op_type);
  }
  lower_state s;
  lower_begin(g, k, &s);
  if (n->n_outputs > 0 && lower_connect(d, g, &s, n->outputs[0], n->inputs[0])) return -1;
  return lower_finish(d, g, &s, added);
}

int pass_lower_outputs(kiln_diag *d, ir_graph *g) {
  int need = 0, total = 0;
  for (int i = 0; i < g->n_outputs; i++) {
    const ir_tensor *t = &g->tensors[g->outputs[i]];
    if (t->vkind != IR_VAL_TENSOR || t->vdecl != IR_DECL_TENSOR) need = 1;
    total += t->vkind == IR_VAL_SEQ ? t->n_elems : t->vkind == IR_VAL_NONE ? 0 : 1;
  }
  if (!need) return 0;
  int *outs = kiln_malloc((size_t)(total + 1) * sizeof(int));
  if (!outs) return oom(d);
  int m = 0;
  for (int i = 0; i < g->n_outputs; i++) {
    ir_tensor *t = &g->tensors[g->outputs[i]];
    if ((t->vdecl == IR_DECL_TENSOR && t->vkind != IR_VAL_TENSOR) ||
        (t->vdecl == IR_DECL_SEQ && t->vkind != IR_VAL_SEQ) ||
        (t->vdecl == IR_DECL_OPT && t->vkind == IR_VAL_SEQ) ||
        (t->vdecl == IR_DECL_OPT_SEQ && t->vkind == IR_VAL_TENSOR)) {
      free(outs);
      return kiln_fail(d, "graph output '%s' is %s, which does not match its declared type", t->name,
                       lower_kind_name(t));
    }
    if (t->vkind == IR_VAL_TENSOR) {
      outs[m++] = g->outputs[i];
      continue;
    }
    t->is_output = 0;
    for (int e = 0; e < (t->vkind == IR_VAL_SEQ ? t->n_elems : 0); e++) {
      int id = t->elems[e];
      ir_tensor *x = &g->tensors[id];
      /* name the element for the C API (x.0, x.1, ...) unless it already
       * has an interface name */
      if (!x->is_input && !x->is_output && !x->is_initializer) {
        char *nm = kiln_malloc(strlen(t->name) + 24);
        if (!nm) { free(outs); return oom(d); }
        sprintf(nm, "%s.%d", t->name, e);
        free(x->name);
        x->name = nm;
      }
      outs[m++] = id;
    }
  }
  for (int i = 0; i < m; i++) {
    ir_tensor *x = &g->tensors[outs[i]];
    if (!x->is_input && !x->is_output) x->io_index = i;
    x->is_output = 1;
  }
  free(g->decl_outputs);
  g->decl_outputs = g->outputs;
  g->n_decl_outputs = g->n_outputs;
  g->outputs = outs;
  g->n_outputs = m;
  return 0;
}

int pass_bind_value_input(kiln_diag *d, ir_graph *g, int tid, int present, const ir_tensor *elems, int n,
                          int *new_ids) {
  int pos = -1;
  for (int i = 0; i < g->n_inputs; i++)
    if (g->inputs[i] == tid) pos = i;
  if (pos < 0) return kiln_fail(d, "internal: '%s' is not a graph input", g->tensors[tid].name);
  int *ins = kiln_malloc((size_t)(g->n_inputs + n + 1) * sizeof(int));
  if (!ins) return oom(d);
  int m = 0;
  for (int i = 0; i < pos; i++) ins[m++] = g->inputs[i];
  for (int e = 0; present && e < n; e++) {
    ir_tensor *t = &g->tensors[tid];
    if (t->dtype != IR_UNDEFINED && elems[e].dtype != t->dtype) {
      free(ins);
      return kiln_fail(d, "input '%s' holds %s elements, the value given for it has a %s element", t->name,
                       ir_dtype_name(t->dtype), ir_dtype_name(elems[e].dtype));
    }
    char *nm = kiln_malloc(strlen(t->name) + 24);
    if (!nm) { free(ins); return oom(d); }
    sprintf(nm, "%s.%d", t->name, e);
    int x = ir_add_tensor(g, nm);
    free(nm);
    if (x < 0) { free(ins); return oom(d); }
    ir_tensor *xt = &g->tensors[x];
    ir_set_shape(xt, elems[e].dtype, elems[e].rank, elems[e].dims);
    xt->is_input = 1;
    new_ids[e] = x;
    ins[m++] = x;
  }
  for (int i = pos + 1; i < g->n_inputs; i++) ins[m++] = g->inputs[i];
  ir_tensor *t = &g->tensors[tid];
  t->is_input = 0;
  int rc = 0;
  if (!present) t->vkind = IR_VAL_NONE;
  else rc = lower_set_seq(d, g, tid, new_ids, n, t->dtype != IR_UNDEFINED ? t->dtype : n ? elems[0].dtype : IR_F32);
  free(g->inputs);
  g->inputs = ins;
  g->n_inputs = m;
  for (int i = 0; i < m; i++) g->tensors[ins[i]].io_index = i;
  return rc;
}
