/* plan.c - liveness + greedy arena offset assignment (see plan.h). */
#include "plan.h"
#include "../ops/op.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t align_up(size_t v) { return (v + PLAN_ALIGN - 1) / PLAN_ALIGN * PLAN_ALIGN; }

/* Arena buffers are storage roots produced by a code-emitting live node. */
static int needs_arena(const ir_graph *g, int t) {
  const ir_tensor *x = &g->tensors[t];
  return x->loc == IR_LOC_ARENA && x->alias_of < 0;
}

static void extend(ir_graph *g, int t, int pos) {
  int root = ir_storage_root(g, t, NULL);
  ir_tensor *r = &g->tensors[root];
  if (r->first_use < 0 || pos < r->first_use) r->first_use = pos;
  if (pos > r->last_use) r->last_use = pos;
}

static int live_together(const ir_tensor *a, const ir_tensor *b) {
  return a->first_use <= b->last_use && b->first_use <= a->last_use;
}

static int by_size_desc(const void *pa, const void *pb, void *ctx);

static ir_graph *sort_graph; /* qsort has no context argument in C11 */
static int cmp_size(const void *pa, const void *pb) { return by_size_desc(pa, pb, sort_graph); }

static int by_size_desc(const void *pa, const void *pb, void *ctx) {
  const ir_graph *g = ctx;
  int a = *(const int *)pa, b = *(const int *)pb;
  int64_t sa = ir_nbytes(&g->tensors[a]), sb = ir_nbytes(&g->tensors[b]);
  if (sa != sb) return sa > sb ? -1 : 1;
  if (g->tensors[a].first_use != g->tensors[b].first_use)
    return g->tensors[a].first_use < g->tensors[b].first_use ? -1 : 1;
  return a - b;
}

/* Per-node scratch becomes a byte tensor that lives for that step only. */
static int add_scratch(kiln_diag *d, ir_graph *g) {
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead || !n->def || !n->def->scratch || n->scratch >= 0) continue;
    size_t bytes = n->def->scratch(g, n);
    if (bytes == 0) continue;
    char name[300];
    snprintf(name, sizeof name, "%s/scratch", n->name);
    int t = ir_add_tensor(g, name);
    if (t < 0) return kiln_fail(d, "out of memory");
    n = &g->nodes[k];
    int64_t dims[1] = {(int64_t)bytes};
    ir_set_shape(&g->tensors[t], IR_U8, 1, dims);
    n->scratch = t;
  }
  return 0;
}

/* The run's string pool (plan.h): one U8 buffer, live for the whole run. */
static int add_string_pool(kiln_diag *d, ir_graph *g) {
  int need = 0;
  for (int k = 0; k < g->n_nodes; k++)
    if (!g->nodes[k].dead && g->nodes[k].def && (g->nodes[k].def->flags & OP_STRINGS)) need = 1;
  if (!need || ir_find_tensor(g, PLAN_STRING_POOL) >= 0) return 0;
  int t = ir_add_tensor(g, PLAN_STRING_POOL);
  if (t < 0) return kiln_fail(d, "out of memory");
  int64_t dims[1] = {g->string_pool_bytes ? (int64_t)g->string_pool_bytes : PLAN_STRING_POOL_DEFAULT};
  if (dims[0] < 64) dims[0] = 64;
  ir_set_shape(&g->tensors[t], IR_U8, 1, dims);
  return 0;
}

int plan_memory(kiln_diag *d, ir_graph *g, plan_result *r) {
  memset(r, 0, sizeof *r);
  if (add_scratch(d, g) || add_string_pool(d, g)) return -1;
  int pool = ir_find_tensor(g, PLAN_STRING_POOL);
  /* 1. Locations. */
  for (int i = 0; i < g->n_tensors; i++) {
    ir_tensor *t = &g->tensors[i];
    t->first_use = -1;
    t->last_use = -1;
    t->loc = IR_LOC_NONE;
    t->offset = 0;
  }
  for (int i = 0; i < g->n_inputs; i++) {
    ir_tensor *t = &g->tensors[g->inputs[i]];
    t->loc = IR_LOC_INPUT;
    t->loc_index = i;
  }
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead) continue;
    for (int i = 0; i < n->n_inputs; i++) {
      ir_tensor *t = ir_in(g, n, i);
      if (t && t->data) { t->loc = IR_LOC_WEIGHTS; t->offset = (size_t)-1; }
    }
    if (n->fused_add >= 0 && g->tensors[n->fused_add].data) {
      g->tensors[n->fused_add].loc = IR_LOC_WEIGHTS;
      g->tensors[n->fused_add].offset = (size_t)-1;
    }
    for (int i = 0; i < n->n_outputs; i++) {
      ir_tensor *t = ir_out(g, n, i);
      if (t && !t->data && t->alias_of < 0) t->loc = IR_LOC_ARENA;
    }
    if (n->scratch >= 0) g->tensors[n->scratch].loc = IR_LOC_ARENA;
  }
  if (pool >= 0) g->tensors[pool].loc = IR_LOC_ARENA;
  /* A graph output that owns its storage and is computed by a kernel is
   * written straight into the caller's buffer; other outputs (views,
   * constants, inputs, repeats) are copied there at the end of run. */
  for (int i = 0; i < g->n_outputs; i++) {
    int oi = g->outputs[i];
    ir_tensor *t = &g->tensors[oi];
    int repeated = 0;
    for (int j = 0; j < i; j++)
      if (g->outputs[j] == oi) repeated = 1;
    if (t->data) { t->loc = IR_LOC_WEIGHTS; if (t->offset != (size_t)-1) t->offset = (size_t)-1; continue; }
    if (!repeated && t->loc == IR_LOC_ARENA && t->alias_of < 0) {
      t->loc = IR_LOC_OUTPUT;
      t->loc_index = i;
    }
  }
  /* Views alias in-place outputs: a root must not be an output buffer that
   * another tensor uses in place (inplace.c refuses outputs already). */

  /* 2. Lives over the schedule (positions = node indices). */
  int end = g->n_nodes; /* the final copy-out step */
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead) continue;
    for (int i = 0; i < n->n_inputs; i++)
      if (n->inputs[i] >= 0) extend(g, n->inputs[i], k);
    if (n->fused_add >= 0) extend(g, n->fused_add, k);
    for (int i = 0; i < n->n_outputs; i++)
      if (n->outputs[i] >= 0) extend(g, n->outputs[i], k);
    if (n->scratch >= 0) extend(g, n->scratch, k);
  }
  for (int i = 0; i < g->n_outputs; i++) extend(g, g->outputs[i], end);
  if (pool >= 0) { /* outputs may point into it: the whole run */
    extend(g, pool, 0);
    extend(g, pool, end);
  }

  /* 3. Greedy placement. */
  int *order = kiln_malloc((size_t)(g->n_tensors + 1) * sizeof(int));
  if (!order) return kiln_fail(d, "out of memory");
  int m = 0;
  for (int i = 0; i < g->n_tensors; i++)
    if (needs_arena(g, i) && g->tensors[i].first_use >= 0) order[m++] = i;
  sort_graph = g;
  qsort(order, (size_t)m, sizeof(int), cmp_size);
  size_t arena = 0;
  /* placed[] holds already-placed buffers sorted by offset for gap search */
  int *placed = kiln_malloc((size_t)(m + 1) * sizeof(int));
  if (!placed) { free(order); return kiln_fail(d, "out of memory"); }
  int np = 0;
  for (int q = 0; q < m; q++) {
    ir_tensor *t = &g->tensors[order[q]];
    size_t size = align_up((size_t)ir_nbytes(t));
    size_t off = 0;
    for (int j = 0; j < np; j++) { /* placed is sorted by offset */
      ir_tensor *o = &g->tensors[placed[j]];
      if (!live_together(t, o)) continue;
      size_t osz = align_up((size_t)ir_nbytes(o));
      if (off + size <= o->offset) break; /* fits in the gap before o */
      if (o->offset + osz > off) off = o->offset + osz;
    }
    t->offset = off;
    if (off + size > arena) arena = off + size;
    int j = np++;
    while (j > 0 && g->tensors[placed[j - 1]].offset > off) { placed[j] = placed[j - 1]; j--; }
    placed[j] = order[q];
  }
  free(placed);

  /* 4. Lower bound: live bytes at each step. */
  size_t lb = 0;
  for (int k = 0; k <= end; k++) {
    size_t live = 0;
    for (int q = 0; q < m; q++) {
      ir_tensor *t = &g->tensors[order[q]];
      if (t->first_use <= k && k <= t->last_use) live += align_up((size_t)ir_nbytes(t));
    }
    if (live > lb) lb = live;
  }
  free(order);
  /* Actual dims of data-dependent tensors (ir_tensor.dynamic): one 64-byte
   * record each (int64[8]) at the end of the arena, live for the whole run
   * so NAME_output_dims() can read them after it. */
  for (int i = 0; i < g->n_tensors; i++) {
    ir_tensor *t = &g->tensors[i];
    if (!t->dynamic || t->data || t->first_use < 0) continue;
    t->dims_offset = arena;
    arena += PLAN_ALIGN;
    lb += PLAN_ALIGN;
  }
  r->arena_bytes = arena;
  r->lower_bound = lb;
  r->n_buffers = m;
  return plan_check(d, g);
}

int plan_check(kiln_diag *d, const ir_graph *g) {
  for (int a = 0; a < g->n_tensors; a++) {
    const ir_tensor *x = &g->tensors[a];
    if (!needs_arena(g, a) || x->first_use < 0) continue;
    for (int b = a + 1; b < g->n_tensors; b++) {
      const ir_tensor *y = &g->tensors[b];
      if (!needs_arena(g, b) || y->first_use < 0 || !live_together(x, y)) continue;
      size_t xe = x->offset + (size_t)ir_nbytes(x), ye = y->offset + (size_t)ir_nbytes(y);
      if (x->offset < ye && y->offset < xe)
        return kiln_fail(d, "internal: memory plan overlaps '%s' [%zu,%zu) and '%s' [%zu,%zu)",
                         x->name, x->offset, xe, y->name, y->offset, ye);
    }
  }
  return 0;
}

void plan_dump(const ir_graph *g, FILE *f) {
  fprintf(f, "%-40s %12s %12s %6s %6s\n", "buffer", "offset", "bytes", "first", "last");
  for (int a = 0; a < g->n_tensors; a++) {
    const ir_tensor *x = &g->tensors[a];
    if (!needs_arena(g, a) || x->first_use < 0) continue;
    fprintf(f, "%-40s %12zu %12lld %6d %6d\n", x->name, x->offset, (long long)ir_nbytes(x),
            x->first_use, x->last_use);
  }
}
