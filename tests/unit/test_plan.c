/* test_plan.c - the memory planner: no two live buffers overlap (checked
 * independently here, not only by plan_check), the arena is never below the
 * lower bound, simple chains reach it, and plan_check catches overlaps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ir/ir.h"
#include "plan/plan.h"

static int passed, failed;
#define CHECK(name, cond, ...) do { \
  if (cond) { passed++; printf("PASS %s\n", name); } \
  else { failed++; printf("FAIL %s: ", name); printf(__VA_ARGS__); printf("\n"); } } while (0)

static int tensor(ir_graph *g, const char *name, int64_t floats) {
  int t = ir_add_tensor(g, name);
  int64_t d[1] = {floats};
  ir_set_shape(&g->tensors[t], IR_F32, 1, d);
  return t;
}

static void node(ir_graph *g, const int *in, int n_in, int out) {
  int k = ir_add_node(g);
  ir_node *n = &g->nodes[k];
  n->name = kiln_strdup("n");
  n->op_type = kiln_strdup("Fake");
  n->domain = kiln_strdup("");
  n->inputs = malloc(sizeof(int) * (size_t)(n_in ? n_in : 1));
  memcpy(n->inputs, in, sizeof(int) * (size_t)n_in);
  n->n_inputs = n_in;
  n->outputs = malloc(sizeof(int));
  n->outputs[0] = out;
  n->n_outputs = 1;
  g->tensors[out].producer = k;
}

/* Independent overlap check over the schedule. */
static int overlaps(const ir_graph *g) {
  for (int a = 0; a < g->n_tensors; a++)
    for (int b = a + 1; b < g->n_tensors; b++) {
      const ir_tensor *x = &g->tensors[a], *y = &g->tensors[b];
      if (x->loc != IR_LOC_ARENA || y->loc != IR_LOC_ARENA || x->alias_of >= 0 || y->alias_of >= 0) continue;
      int live = x->first_use <= y->last_use && y->first_use <= x->last_use;
      size_t xe = x->offset + (size_t)ir_nbytes(x), ye = y->offset + (size_t)ir_nbytes(y);
      if (live && x->offset < ye && y->offset < xe) return 1;
    }
  return 0;
}

static void set_io(ir_graph *g, int in, int out) {
  g->inputs = malloc(sizeof(int));
  g->inputs[0] = in;
  g->n_inputs = 1;
  g->tensors[in].is_input = 1;
  g->outputs = malloc(sizeof(int));
  g->outputs[0] = out;
  g->n_outputs = 1;
  g->tensors[out].is_output = 1;
}

int main(void) {
  kiln_diag d = {0};
  /* chain x -> a -> b -> c -> y: two buffers ping-pong */
  {
    ir_graph *g = ir_graph_new();
    int x = tensor(g, "x", 1000), a = tensor(g, "a", 1000), b = tensor(g, "b", 1000),
        c = tensor(g, "c", 1000), y = tensor(g, "y", 1000);
    node(g, &x, 1, a); node(g, &a, 1, b); node(g, &b, 1, c); node(g, &c, 1, y);
    set_io(g, x, y);
    plan_result r;
    int rc = plan_memory(&d, g, &r);
    CHECK("chain-plans", rc == 0, "%s", d.msg);
    CHECK("chain-no-overlap", !overlaps(g), "overlap");
    CHECK("chain-at-lower-bound", r.arena_bytes == r.lower_bound && r.arena_bytes == 2 * 4032,
          "arena %zu lower %zu", r.arena_bytes, r.lower_bound);
    CHECK("chain-output-in-user-buffer", g->tensors[y].loc == IR_LOC_OUTPUT, "loc %d", g->tensors[y].loc);
    CHECK("chain-input-in-user-buffer", g->tensors[x].loc == IR_LOC_INPUT, "loc %d", g->tensors[x].loc);
    /* corrupt the plan: plan_check must notice */
    g->tensors[b].offset = g->tensors[a].offset;
    kiln_diag d2 = {0};
    CHECK("check-catches-overlap", plan_check(&d2, g) == -1 && strstr(d2.msg, "overlaps"), "%s", d2.msg);
    ir_graph_free(g);
  }
  /* random DAGs: each node reads 1-3 earlier tensors */
  srand(1234);
  int worst_ok = 1;
  double worst = 1.0;
  for (int trial = 0; trial < 200; trial++) {
    ir_graph *g = ir_graph_new();
    int n = 2 + rand() % 40;
    int ids[64];
    ids[0] = tensor(g, "x", 1 + rand() % 5000);
    for (int i = 1; i <= n; i++) {
      char nm[16];
      snprintf(nm, sizeof nm, "t%d", i);
      ids[i] = tensor(g, nm, 1 + rand() % 5000);
      int in[3], k = 1 + rand() % 3;
      for (int j = 0; j < k; j++) in[j] = ids[rand() % i];
      node(g, in, k, ids[i]);
    }
    set_io(g, ids[0], ids[n]);
    plan_result r;
    kiln_diag d3 = {0};
    if (plan_memory(&d3, g, &r) || overlaps(g) || r.arena_bytes < r.lower_bound) {
      worst_ok = 0;
      printf("trial %d: rc msg '%s' arena %zu lower %zu\n", trial, d3.msg, r.arena_bytes, r.lower_bound);
    }
    if (r.lower_bound && (double)r.arena_bytes / (double)r.lower_bound > worst)
      worst = (double)r.arena_bytes / (double)r.lower_bound;
    ir_graph_free(g);
  }
  CHECK("random-dags-valid", worst_ok, "see above");
  printf("random DAGs: worst arena / lower bound = %.3f\n", worst);
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
