/* op_test.c - the shared harness of the op unit tests: reporting, graph
 * building and the stand-in emitter with its package programs. See
 * op_test.h. */
#define _POSIX_C_SOURCE 200809L
#include "op_test.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---------------------------------------------------------------- reporting */

int ot_quiet;
static int n_pass, n_fail;

static void vline(const char *tag, const char *name, const char *fmt, va_list ap) {
  printf("%s %s: ", tag, name);
  vprintf(fmt, ap);
  printf("\n");
}

void ot_check(int ok, const char *name, const char *fmt, ...) {
  if (ok) {
    ot_pass(name);
    return;
  }
  if (!ot_quiet) n_fail++;
  va_list ap;
  va_start(ap, fmt);
  vline("FAIL", name, fmt, ap);
  va_end(ap);
}

void ot_pass(const char *name) {
  if (ot_quiet) return;
  n_pass++;
  printf("PASS %s\n", name);
}

void ot_fail(const char *name, const char *fmt, ...) {
  if (!ot_quiet) n_fail++;
  va_list ap;
  va_start(ap, fmt);
  vline("FAIL", name, fmt, ap);
  va_end(ap);
}

void ot_skip(const char *name, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vline("SKIP", name, fmt, ap);
  va_end(ap);
}

int ot_failures(void) { return n_fail; }

static void lib_free(void);
static void pkg_free(void);

int ot_report(void) {
  lib_free();
  pkg_free();
  printf("%d passed, %d failed\n", n_pass, n_fail);
  return n_fail ? 1 : 0;
}

/* ------------------------------------------------------------ graph building */

int ot_tensor(ir_graph *g, const char *name, ir_dtype dt, int rank, const int64_t *dims,
              const void *data) {
  int t = ir_add_tensor(g, name);
  ir_tensor *x = &g->tensors[t];
  ir_set_shape(x, dt, rank, dims);
  if (data) {
    void *p = ir_alloc_data(x);
    if (!p) { fprintf(stderr, "out of memory\n"); exit(2); }
    if (x->nbytes) memcpy(p, data, x->nbytes);
  }
  return t;
}

int ot_tensor_str(ir_graph *g, const char *name, ir_dtype dt, const char *shape, const void *data) {
  int t = ir_add_tensor(g, name);
  ir_tensor *x = &g->tensors[t];
  x->dtype = dt;
  if (strcmp(shape, "?") == 0) return t;
  x->rank = 0;
  for (const char *p = shape; *p;) {
    x->dims[x->rank++] = strtoll(p, (char **)&p, 10);
    if (*p == 'x') p++;
  }
  if (data) {
    void *buf = ir_alloc_data(x); /* sets x->nbytes */
    if (!buf) { fprintf(stderr, "out of memory\n"); exit(2); }
    if (x->nbytes) memcpy(buf, data, x->nbytes);
  }
  return t;
}

int ot_node(ir_graph *g, const char *name, const char *op, int opset, int n_in, const int *in,
            int n_out, const int *outs) {
  int k = ir_add_node(g);
  ir_node *n = &g->nodes[k];
  n->name = kiln_strdup(name);
  n->op_type = kiln_strdup(op);
  n->domain = kiln_strdup("");
  n->opset = opset;
  n->inputs = kiln_malloc(sizeof(int) * (size_t)(n_in ? n_in : 1));
  n->n_inputs = n_in;
  for (int i = 0; i < n_in; i++) n->inputs[i] = in[i];
  n->outputs = kiln_malloc(sizeof(int) * (size_t)(n_out ? n_out : 1));
  n->n_outputs = n_out;
  for (int i = 0; i < n_out; i++) {
    if (outs) {
      n->outputs[i] = outs[i];
    } else {
      char tn[160];
      snprintf(tn, sizeof tn, "%s_out%d", name, i);
      int t = ir_add_tensor(g, tn);
      g->nodes[k].outputs[i] = t;
    }
  }
  return k;
}

ir_attr *ot_attr(ir_node *n, const char *name, ir_attr_type type) {
  n->attrs = kiln_realloc(n->attrs, sizeof(ir_attr) * (size_t)(n->n_attrs + 1));
  ir_attr *a = &n->attrs[n->n_attrs++];
  memset(a, 0, sizeof *a);
  a->name = kiln_strdup(name);
  a->type = type;
  return a;
}
void ot_attr_int(ir_node *n, const char *name, int64_t v) { ot_attr(n, name, IR_ATTR_INT)->i = v; }
void ot_attr_float(ir_node *n, const char *name, float v) { ot_attr(n, name, IR_ATTR_FLOAT)->f = v; }
void ot_attr_str(ir_node *n, const char *name, const char *v) {
  ir_attr *a = ot_attr(n, name, IR_ATTR_STRING);
  a->s = kiln_strdup(v);
  a->s_len = strlen(v);
}
void ot_attr_ints(ir_node *n, const char *name, int k, const int64_t *v) {
  ir_attr *a = ot_attr(n, name, IR_ATTR_INTS);
  a->n = k;
  a->ints = kiln_malloc(sizeof(int64_t) * (size_t)(k ? k : 1));
  if (k) memcpy(a->ints, v, sizeof(int64_t) * (size_t)k);
}
void ot_attr_floats(ir_node *n, const char *name, int k, const float *v) {
  ir_attr *a = ot_attr(n, name, IR_ATTR_FLOATS);
  a->n = k;
  a->floats = kiln_malloc(sizeof(float) * (size_t)(k ? k : 1));
  if (k) memcpy(a->floats, v, sizeof(float) * (size_t)k);
}
void ot_attr_tensor(ir_node *n, const char *name, ir_dtype dt, int rank, const int64_t *dims,
                    const void *data) {
  ir_attr *a = ot_attr(n, name, IR_ATTR_TENSOR);
  a->t = kiln_calloc(1, sizeof *a->t);
  a->t->name = kiln_strdup(name);
  a->t->alias_of = -1;
  ir_set_shape(a->t, dt, rank, dims);
  void *p = ir_alloc_data(a->t);
  if (a->t->nbytes) memcpy(p, data, a->t->nbytes);
}

int ot_run(const op_def *op, ir_graph *g, int nd, kiln_diag *d, const char *file) {
  memset(d, 0, sizeof *d);
  d->file = file;
  ir_node *n = &g->nodes[nd];
  n->def = op;
  if (op->infer(d, g, n) < 0) return -1;
  for (int i = 0; i < n->n_inputs; i++)
    if (n->inputs[i] >= 0 && !g->tensors[n->inputs[i]].data) return 0;
  /* infer may hand the node to another op_def (training-mode Dropout), as
   * in the compiler, which then evaluates through n->def */
  if (n->def->eval && n->def->eval(d, g, n) < 0) return -1;
  return 0;
}

float ot_frand(uint32_t *state) {
  *state = *state * 1664525u + 1013904223u;
  return (float)((*state >> 8) & 0xffff) / 32768.0f - 1.0f;
}

float *ot_rand_buf(uint32_t *state, int64_t n, float scale) {
  float *p = malloc((size_t)(n ? n : 1) * sizeof(float));
  if (!p) { fprintf(stderr, "out of memory\n"); exit(2); }
  for (int64_t i = 0; i < n; i++) p[i] = ot_frand(state) * scale;
  return p;
}

int ot_shape_is(const ir_tensor *t, int rank, const int64_t *dims) {
  if (t->rank != rank) return 0;
  for (int i = 0; i < rank; i++)
    if (t->dims[i] != dims[i]) return 0;
  return 1;
}

int ot_close(double got, double want, double rel, double abs_tol) {
  if (isnan(want)) return isnan(got);
  if (isinf(want)) return got == want;
  return fabs(got - want) <= abs_tol + rel * fabs(want);
}

static const char *shp(const ir_tensor *t) {
  static char buf[4][128];
  static int k;
  k = (k + 1) % 4;
  return ir_shape_str(t, buf[k], sizeof buf[k]);
}

void ot_expect_data(const char *name, const ir_tensor *t, int64_t k, const double *want) {
  if (!t->data) { ot_fail(name, "output is not constant"); return; }
  if (ir_numel(t) != k) { ot_fail(name, "%lld elements, want %lld", (long long)ir_numel(t), (long long)k); return; }
  for (int64_t i = 0; i < k; i++)
    if (ir_get_f64(t, i) != want[i]) {
      ot_fail(name, "element %lld: got %g, want %g", (long long)i, ir_get_f64(t, i), want[i]);
      return;
    }
  ot_pass(name);
}

void ot_expect_bytes(const char *name, const ir_tensor *t, const void *want, size_t n) {
  if (!t->data || t->nbytes != n) {
    ot_fail(name, "output is %s with %zu bytes, want %zu", t->data ? "constant" : "not constant",
            t->nbytes, n);
    return;
  }
  const unsigned char *a = t->data, *b = want;
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i]) { ot_fail(name, "byte %zu differs: got %u, want %u", i, a[i], b[i]); return; }
  ot_pass(name);
}

int ot_expect_shape(const char *name, const ir_tensor *y, ir_dtype dt, int rank, const int64_t *dims) {
  ir_tensor want;
  memset(&want, 0, sizeof want);
  want.rank = rank;
  for (int k = 0; k < rank; k++) want.dims[k] = dims[k];
  int ok = ot_shape_is(y, rank, dims) && y->dtype == dt;
  ot_check(ok, name, "got %s %s, want %s %s", ir_dtype_name(y->dtype), shp(y), ir_dtype_name(dt),
           shp(&want));
  return ok;
}

void ot_expect_reals(const char *name, const ir_tensor *y, ir_dtype dt, const double *want,
                     int64_t n, double rel, double abs_tol) {
  if (!y->data) { ot_fail(name, "no output data"); return; }
  if (y->dtype != dt) { ot_fail(name, "dtype %s, want %s", ir_dtype_name(y->dtype), ir_dtype_name(dt)); return; }
  if (ir_numel(y) != n) { ot_fail(name, "%lld elements, want %lld", (long long)ir_numel(y), (long long)n); return; }
  for (int64_t i = 0; i < n; i++) {
    double got = ir_get_f64(y, i);
    if (!ot_close(got, want[i], rel, abs_tol)) {
      ot_fail(name, "element %lld: got %.9g, want %.9g", (long long)i, got, want[i]);
      return;
    }
  }
  ot_pass(name);
}

void ot_expect_ints(const char *name, const ir_tensor *y, ir_dtype dt, const int64_t *want,
                    int64_t n) {
  if (!y->data) { ot_fail(name, "no output data"); return; }
  if (y->dtype != dt) { ot_fail(name, "dtype %s, want %s", ir_dtype_name(y->dtype), ir_dtype_name(dt)); return; }
  if (ir_numel(y) != n) { ot_fail(name, "%lld elements, want %lld", (long long)ir_numel(y), (long long)n); return; }
  for (int64_t i = 0; i < n; i++) {
    int64_t got = ir_get_i64(y, i);
    if (got != want[i]) {
      ot_fail(name, "element %lld: got %lld, want %lld", (long long)i, (long long)got, (long long)want[i]);
      return;
    }
  }
  ot_pass(name);
}

void ot_expect_error(const char *name, int rc, const kiln_diag *d, const char *text) {
  ot_check(rc < 0 && strstr(d->msg, text) != NULL, name,
           "want an error containing \"%s\", got %s: %s", text, rc < 0 ? "error" : "success", d->msg);
}

ot_case ot_case_new(const op_def *op) {
  ot_case t;
  memset(&t, 0, sizeof t);
  t.g = ir_graph_new();
  if (!t.g) { fprintf(stderr, "out of memory\n"); exit(2); }
  t.node = -1;
  t.op = op;
  t.d.file = "test.onnx";
  return t;
}

ir_node *ot_case_node(ot_case *t, const char *op, int opset, int nin, const int *ins, int nout,
                      const int *outs) {
  int in[64], y = -1;
  if (nin > 64) { fprintf(stderr, "too many inputs\n"); exit(2); }
  for (int i = 0; i < nin; i++) {
    int v = ins[i];
    if (v >= 0 && (v & OT_RT)) {
      v &= ~OT_RT;
      if (t->n_runtime < 16) t->runtime[t->n_runtime++] = v;
    }
    in[i] = v;
  }
  if (!outs) y = ir_add_tensor(t->g, "y");
  t->node = ot_node(t->g, "node0", op, opset, nin, in, outs ? nout : 1, outs ? outs : &y);
  return &t->g->nodes[t->node];
}

/* Hides (hide=1) or restores (hide=0) the data of the run-time inputs. */
static void hide_runtime(ot_case *t, int extra, const void **saved, int hide) {
  int n = 0;
  for (int i = 0; i < t->n_runtime + (extra >= 0); i++, n++) {
    ir_tensor *x = &t->g->tensors[i < t->n_runtime ? t->runtime[i] : extra];
    if (hide) {
      saved[n] = x->data;
      x->data = NULL;
    } else {
      x->data = saved[n];
    }
  }
}

int ot_case_infer(ot_case *t, const op_def *op, kiln_diag *d) {
  memset(d, 0, sizeof *d);
  d->file = "test.onnx";
  const void *saved[17];
  hide_runtime(t, -1, saved, 1);
  int rc = op->infer(d, t->g, &t->g->nodes[t->node]);
  hide_runtime(t, -1, saved, 0);
  return rc;
}

void ot_case_expect_error(const char *name, ot_case *t, const op_def *op, const char *want) {
  kiln_diag d;
  int rc = ot_case_infer(t, op, &d);
  if (rc == 0) ot_fail(name, "infer succeeded, expected an error containing \"%s\"", want);
  else if (!strstr(d.msg, want)) ot_fail(name, "message \"%s\" lacks \"%s\"", d.msg, want);
  else if (!strstr(d.msg, "test.onnx: node 'node0'")) ot_fail(name, "message \"%s\" lacks the node prefix", d.msg);
  else ot_pass(name);
}

int ot_case_package(const char *name, ot_case *t, const op_def *op, double f32_tol, char *why,
                    size_t wn) {
  ir_node *n = &t->g->nodes[t->node];
  emit_ctx e;
  ot_emit_begin(&e, t->g);
  const void *saved[17];
  int extra = n->fused_add;
  hide_runtime(t, extra, saved, 1);
  int rc = op->emit(&e, t->g, n);
  hide_runtime(t, extra, saved, 0);
  if (rc) snprintf(why, wn, "emit failed: %.400s", e.d.msg);
  else rc = ot_pkg_one(name, &e, n, NULL, f32_tol, why, wn);
  ot_emit_end(&e);
  return rc ? -1 : 0;
}

/* ------------------------------------------------------------ kernel library */

static char root[512];

const char *ot_root(void) {
  if (root[0]) return root;
  const char *file = __FILE__, *tail = strstr(file, "tests/unit/harness/op_test.c");
  if (tail && tail > file) snprintf(root, sizeof root, "%.*s", (int)(tail - file - 1), file);
  if (!root[0] || root[0] != '/') {
    char cwd[400], rel[sizeof root];
    memcpy(rel, root, sizeof rel);
    if (getcwd(cwd, sizeof cwd)) snprintf(root, sizeof root, "%.400s%s%.100s", cwd, rel[0] ? "/" : "", rel);
    else snprintf(root, sizeof root, "%.500s", rel[0] ? rel : ".");
  }
  return root;
}

typedef struct section {
  char name[96];
  char needs[32][96];
  int n_needs;
  char *text;
} section;

static section *lib;
static int n_lib, cap_lib;

int ot_library(const char *const *files, int n_files) {
  for (int f = 0; f < n_files; f++) {
    char path[700];
    snprintf(path, sizeof path, "%s/%s", ot_root(), files[f]);
    FILE *fp = fopen(path, "r");
    if (!fp) {
      ot_fail("kernel library", "cannot open %s", path);
      continue;
    }
    char line[4096];
    section *cur = NULL;
    kiln_buf b;
    kiln_buf_init(&b);
    while (fgets(line, sizeof line, fp)) {
      if (!strncmp(line, "//@kernel ", 10)) {
        if (n_lib == cap_lib) {
          cap_lib = cap_lib ? 2 * cap_lib : 256;
          lib = kiln_realloc(lib, sizeof *lib * (size_t)cap_lib);
        }
        kiln_buf_free(&b);
        kiln_buf_init(&b);
        cur = &lib[n_lib++];
        memset(cur, 0, sizeof *cur);
        char *tok = strtok(line + 10, " \t\n");
        snprintf(cur->name, sizeof cur->name, "%s", tok ? tok : "");
        tok = strtok(NULL, " \t\n");
        if (tok && !strcmp(tok, "needs"))
          while ((tok = strtok(NULL, " \t\n"))) {
            if (cur->n_needs == 32) { /* never drop a need silently */
              fprintf(stderr, "op_test: section %s has more than 32 needs\n", cur->name);
              exit(2);
            }
            snprintf(cur->needs[cur->n_needs++], sizeof cur->needs[0], "%s", tok);
          }
      } else if (!strncmp(line, "//@end", 6)) {
        if (cur) {
          kiln_buf_put(&b, "", 1);
          cur->text = b.data;
          kiln_buf_init(&b);
        }
        cur = NULL;
      } else if (cur) {
        kiln_buf_puts(&b, line);
      }
    }
    kiln_buf_free(&b);
    fclose(fp);
  }
  return n_lib;
}

static void lib_free(void) {
  for (int i = 0; i < n_lib; i++) free(lib[i].text);
  free(lib);
  lib = NULL;
  n_lib = cap_lib = 0;
}

static int lib_find(const char *name) {
  for (int i = 0; i < n_lib; i++)
    if (!strcmp(lib[i].name, name)) return i;
  return -1;
}

int ot_section_exists(const char *name) { return lib_find(name) >= 0; }

/* Marks section i and its needs (transitively); 0 if a need is unknown. */
static int lib_close(int i, char *mark, char *missing, size_t nm) {
  if (mark[i]) return 1;
  mark[i] = 1;
  for (int k = 0; k < lib[i].n_needs; k++) {
    int j = lib_find(lib[i].needs[k]);
    if (j < 0) { snprintf(missing, nm, "%s needs unknown %s", lib[i].name, lib[i].needs[k]); return 0; }
    if (!lib_close(j, mark, missing, nm)) return 0;
  }
  return 1;
}

static int env_on(const char *name);

void ot_check_library(void) {
  /* Every identifier a section uses that another section defines (a macro,
   * a helper function) must be in its `needs` closure: checked on the
   * comment-free text. */
  int undeclared = 0;
  char first[400] = "";
  char *mark = kiln_calloc((size_t)n_lib + 1, 1);
  for (int i = 0; i < n_lib; i++) {
    char missing[256] = "";
    memset(mark, 0, (size_t)n_lib + 1);
    if (!lib_close(i, mark, missing, sizeof missing)) {
      if (!undeclared++) snprintf(first, sizeof first, "%s", missing);
      continue;
    }
    const char *p = lib[i].text ? lib[i].text : "";
    while (*p) {
      if (p[0] == '/' && p[1] == '*') { const char *q = strstr(p + 2, "*/"); p = q ? q + 2 : p + strlen(p); continue; }
      if (p[0] == '/' && p[1] == '/') { while (*p && *p != '\n') p++; continue; }
      if (!(p[0] == '_' || (p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z'))) { p++; continue; }
      const char *q = p;
      while (*q == '_' || (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9')) q++;
      char id[96];
      snprintf(id, sizeof id, "%.*s", (int)(q - p), p);
      for (int j = 0; j < n_lib; j++) {
        if (j == i || mark[j]) continue;
        char def[120];
        snprintf(def, sizeof def, "#define %s", id);
        if (!strcmp(lib[j].name, id) || (lib[j].text && strstr(lib[j].text, def))) {
          if (!undeclared++) snprintf(first, sizeof first, "%s uses %s from %s without `needs`", lib[i].name, id, lib[j].name);
        }
      }
      p = q;
    }
  }
  ot_check(undeclared == 0, "kernel_sections_declare_needs", "%d problems; first: %s", undeclared, first);

  /* Thorough (slow): compile each section alone with its needs closure. */
  if (env_on("KILN_TEST_SECTIONS") && !ot_no_cc()) {
    int n_files = 0, bad = 0;
    char missing[256] = "", dir[] = "/tmp/kiln_ot_sections_XXXXXX";
    if (!mkdtemp(dir)) {
      ot_fail("kernel_sections_compile_alone", "mkdtemp failed");
    } else {
      for (int i = 0; i < n_lib; i++) {
        char path[400];
        memset(mark, 0, (size_t)n_lib + 1);
        if (!lib_close(i, mark, missing, sizeof missing)) { bad++; continue; }
        snprintf(path, sizeof path, "%s/sec_%03d.c", dir, i);
        FILE *f = fopen(path, "w");
        if (!f) { bad++; continue; }
        fprintf(f, "#include \"kiln_kernels.h\"\n");
        for (int k = 0; k < n_lib; k++)
          if (mark[k]) fprintf(f, "/* section %s */\n%s\n", lib[k].name, lib[k].text ? lib[k].text : "");
        size_t len = strlen(lib[i].name);
        if (len > 3 && !strcmp(lib[i].name + len - 3, "__c"))
          fprintf(f, "typedef void (*kiln_test_fn)(void);\nkiln_test_fn kiln_test_use = (kiln_test_fn)%s;\n", lib[i].name);
        fclose(f);
        n_files++;
      }
      char cmd[1400];
      const char *cc = getenv("KILN_TEST_CC");
      snprintf(cmd, sizeof cmd, "cd %s && ls sec_*.c | xargs -P 8 -n 8 %s -std=c99 -Wall -Wextra -Werror -pedantic "
               "-I%s/runtime -c > sections.txt 2>&1", dir, cc && *cc ? cc : "cc", ot_root());
      int rc = system(cmd);
      ot_check(bad == 0 && rc == 0 && n_files == n_lib, "kernel_sections_compile_alone",
               "%d of %d sections written, %d unresolved (%s), cc status %d (see %s/sections.txt)", n_files, n_lib,
               bad, missing, rc, dir);
      if (bad == 0 && rc == 0 && !env_on("KILN_TEST_KEEP")) {
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
      }
    }
  }
  free(mark);
  /* names are unique */
  int dup = 0;
  for (int i = 0; i < n_lib; i++)
    for (int j = i + 1; j < n_lib; j++)
      if (!strcmp(lib[i].name, lib[j].name)) dup++;
  ot_check(dup == 0, "kernel_section_names_unique", "%d duplicates", dup);
}

/* ------------------------------------------------------ stand-in emitter */

void ot_emit_begin(emit_ctx *e, ir_graph *g) {
  memset(e, 0, sizeof *e);
  e->g = g;
  e->d.file = "test.onnx";
  kiln_buf_init(&e->decl);
  kiln_buf_init(&e->code);
  kiln_buf_init(&e->uses);
  kiln_buf_init(&e->weights);
  e->n_tensors = g->n_tensors;
  e->alias = kiln_malloc(sizeof(int) * (size_t)(g->n_tensors + 1));
  e->referenced = kiln_calloc((size_t)g->n_tensors + 1, 1);
  for (int i = 0; i < g->n_tensors; i++) e->alias[i] = -1;
}

void ot_emit_end(emit_ctx *e) {
  kiln_buf_free(&e->decl);
  kiln_buf_free(&e->code);
  kiln_buf_free(&e->uses);
  kiln_buf_free(&e->weights);
  free(e->alias);
  free(e->referenced);
  e->alias = NULL;
  e->referenced = NULL;
}

void ot_emit_alias(emit_ctx *e, int out, int in) {
  if (out >= 0 && out < e->n_tensors) e->alias[out] = in;
}

static char *ring(emit_ctx *e) { return e->ring[e->ri++ % 8]; }

static int in_uses(const kiln_buf *uses, const char *name) {
  size_t l = strlen(name);
  for (const char *u = ot_str(uses); *u;) {
    const char *semi = strchr(u, ';');
    if ((size_t)(semi - u) == l && !strncmp(u, name, l)) return 1;
    u = semi + 1;
  }
  return 0;
}

int emit_use(emit_ctx *e, const char *name) {
  if (lib_find(name) < 0) return kiln_fail(&e->d, "no kernel section '%s'", name);
  if (!in_uses(&e->uses, name)) kiln_buf_printf(&e->uses, "%s;", name);
  return 0;
}

static int resolve(const emit_ctx *e, int t) { return e->alias[t] >= 0 ? e->alias[t] : t; }

/* A node output, or storage an output aliases. */
static int is_written(const emit_ctx *e, int t) {
  for (int i = 0; i < e->g->n_nodes; i++)
    for (int k = 0; k < e->g->nodes[i].n_outputs; k++) {
      int o = e->g->nodes[i].outputs[k];
      if (o == t || (o >= 0 && o < e->n_tensors && resolve(e, o) == t)) return 1;
    }
  return 0;
}

const char *emit_ref(emit_ctx *e, int t) {
  if (t < 0 || t >= e->n_tensors) {
    kiln_fail(&e->d, "stand-in emitter: no tensor %d", t);
    return NULL;
  }
  int r = resolve(e, t);
  e->referenced[r] = 1;
  char *s = ring(e);
  snprintf(s, sizeof e->ring[0], "((%s%s *)(T%d))", is_written(e, r) ? "" : "const ",
           ir_dtype_ctype(e->g->tensors[t].dtype), r);
  return s;
}

const char *emit_bytes(emit_ctx *e, int t) {
  if (t < 0 || t >= e->n_tensors) {
    kiln_fail(&e->d, "stand-in emitter: no tensor %d", t);
    return NULL;
  }
  int r = resolve(e, t);
  e->referenced[r] = 1;
  char *s = ring(e);
  snprintf(s, sizeof e->ring[0], "((unsigned char *)(T%d))", r);
  return s;
}

const char *emit_id(emit_ctx *e, const ir_node *n) {
  char *s = ring(e);
  snprintf(s, sizeof e->ring[0], "n%d", (int)(n - e->g->nodes));
  return s;
}

void emit_decl(emit_ctx *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kiln_buf_vprintf(&e->decl, fmt, ap);
  va_end(ap);
}

void emit_code(emit_ctx *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  kiln_buf_vprintf(&e->code, fmt, ap);
  va_end(ap);
}

const char *emit_weight(emit_ctx *e, const void *data, size_t nbytes, const char *ctype) {
  static const unsigned char zero[64];
  size_t off = e->weights.len;
  kiln_buf_put(&e->weights, data, nbytes);
  size_t pad = (64 - e->weights.len % 64) % 64;
  if (pad) kiln_buf_put(&e->weights, zero, pad);
  if (e->weights.oom) {
    kiln_fail(&e->d, "out of memory");
    return NULL;
  }
  char *s = ring(e);
  snprintf(s, sizeof e->ring[0], "((const %s *)(W + %zu))", ctype, off);
  return s;
}

/* Actual dims of a data-dependent output: a per-tensor array D<t>[8]
 * that ot_pkg_add declares for the node's dynamic outputs. */
const char *emit_dims(emit_ctx *e, int t) {
  char *s = ring(e);
  snprintf(s, sizeof e->ring[0], "(D%d)", t);
  return s;
}

kiln_diag *emit_diag(emit_ctx *e) { return &e->d; }
/* The generic target: no ISA features, no scratch, speed mode. */
const char *emit_scratch(emit_ctx *e, const ir_node *n) { (void)e; (void)n; return "0"; }
unsigned emit_isa(emit_ctx *e) { (void)e; return 0; }
int emit_opt_size(emit_ctx *e) { (void)e; return 0; }
int emit_threads(emit_ctx *e) { (void)e; return 1; }

const char *emit_i64_list(emit_ctx *e, const int64_t *v, int n) {
  char *s = ring(e);
  const size_t cap = sizeof e->ring[0];
  size_t o = (size_t)snprintf(s, cap, "{");
  for (int i = 0; i < n && o < cap - 24; i++)
    o += (size_t)snprintf(s + o, cap - o, "%s%lld", i ? ", " : "", (long long)v[i]);
  snprintf(s + o, cap - o, "}");
  return s;
}

/* ------------------------------------------------------ package programs */

static int env_on(const char *name) {
  const char *v = getenv(name);
  return v && *v && strcmp(v, "0") != 0;
}

int ot_no_cc(void) { return env_on("KILN_TEST_NO_PACKAGE") || env_on("KILN_TEST_NO_CC"); }

typedef struct pkg_out {
  size_t nbytes;
  size_t want_off; /* in pkg_want */
  int f32;         /* compare as float32 with the job's tolerance */
} pkg_out;

typedef struct pkg_job {
  char name[160];
  pkg_out outs[8];
  int n_outs;
  double tol;
} pkg_job;

static pkg_job *jobs;
static int n_jobs, cap_jobs;
static kiln_buf pkg_code; /* the job functions */
static kiln_buf pkg_want; /* expected output bytes, all jobs in order */
static kiln_buf pkg_uses; /* the union of the jobs' sections */
static int pkg_count;     /* programs built, for file names */

static void pkg_free(void) {
  free(jobs);
  jobs = NULL;
  n_jobs = cap_jobs = 0;
  kiln_buf_free(&pkg_code);
  kiln_buf_free(&pkg_want);
  kiln_buf_free(&pkg_uses);
}

static void put_bytes(kiln_buf *b, const void *p, size_t n) {
  const unsigned char *c = p;
  for (size_t i = 0; i < n; i++) kiln_buf_printf(b, "%u,%s", c[i], i % 32 == 31 ? "\n" : "");
  if (!n) kiln_buf_puts(b, "0");
}

static int is_output(const ir_node *n, int t) {
  for (int i = 0; i < n->n_outputs; i++)
    if (n->outputs[i] == t) return 1;
  return 0;
}

int ot_pkg_add(const char *name, emit_ctx *e, const ir_node *n, const void *const *want,
               double f32_tol, char *why, size_t wn) {
  ir_graph *g = e->g;
  if (n->n_outputs > 8) {
    snprintf(why, wn, "stand-in emitter: more than 8 outputs");
    return -1;
  }
  for (const char *u = ot_str(&e->uses); *u;) {
    const char *semi = strchr(u, ';');
    char nm[128];
    snprintf(nm, sizeof nm, "%.*s", (int)(semi - u), u);
    int li = lib_find(nm);
    if (li < 0) {
      snprintf(why, wn, "missing kernel section %s", nm);
      return -1;
    }
    char *mark = kiln_calloc((size_t)n_lib + 1, 1), missing[256] = "";
    int ok = lib_close(li, mark, missing, sizeof missing);
    free(mark);
    if (!ok) {
      snprintf(why, wn, "%s", missing);
      return -1;
    }
    if (!in_uses(&pkg_uses, nm)) kiln_buf_printf(&pkg_uses, "%s;", nm);
    u = semi + 1;
  }
  /* every tensor the code names, and the node's inputs and outputs */
  char *decl = kiln_calloc((size_t)e->n_tensors + 1, 1);
  for (int t = 0; t < e->n_tensors; t++)
    if (e->referenced[t]) decl[t] = 1;
  for (int i = 0; i < n->n_inputs; i++)
    if (n->inputs[i] >= 0) decl[resolve(e, n->inputs[i])] = 1;
  for (int i = 0; i < n->n_outputs; i++)
    if (n->outputs[i] >= 0) decl[resolve(e, n->outputs[i])] = 1;
  kiln_buf *b = &pkg_code;
  kiln_buf_printf(b, "/* %s */\nstatic void job_%d(void) {\n%s", name, n_jobs, ot_str(&e->decl));
  kiln_buf_printf(b, "static OT_ALIGN const unsigned char W[%zu] = {", e->weights.len + 1);
  put_bytes(b, e->weights.data, e->weights.len);
  kiln_buf_puts(b, "};\n");
  for (int t = 0; t < e->n_tensors; t++) {
    if (!decl[t]) continue;
    const ir_tensor *x = &g->tensors[t];
    int64_t nb = ir_nbytes(x);
    kiln_buf_printf(b, "static OT_ALIGN unsigned char T%d[%lld]", t, (long long)(nb > 0 ? nb : 1));
    if (x->data && nb > 0 && !is_output(n, t)) {
      kiln_buf_puts(b, " = {");
      put_bytes(b, x->data, (size_t)nb);
      kiln_buf_puts(b, "}");
    }
    kiln_buf_puts(b, ";\n");
  }
  for (int i = 0; i < n->n_outputs; i++)
    if (n->outputs[i] >= 0)
      kiln_buf_printf(b, "int64_t D%d[8] = {0}; (void)D%d;\n", n->outputs[i], n->outputs[i]);
  kiln_buf_puts(b, "(void)W;\n");
  for (int t = 0; t < e->n_tensors; t++)
    if (decl[t]) kiln_buf_printf(b, "(void)T%d;\n", t);
  for (int i = 0; i < n->n_outputs; i++) {
    int t = n->outputs[i];
    if (t >= 0 && resolve(e, t) == t) kiln_buf_printf(b, "memset(T%d, 0xAB, sizeof T%d);\n", t, t);
  }
  kiln_buf_printf(b, "{\n%s}\n", ot_str(&e->code));
  free(decl);
  if (n_jobs == cap_jobs) {
    cap_jobs = cap_jobs ? 2 * cap_jobs : 64;
    jobs = kiln_realloc(jobs, sizeof *jobs * (size_t)cap_jobs);
  }
  pkg_job *j = &jobs[n_jobs];
  memset(j, 0, sizeof *j);
  snprintf(j->name, sizeof j->name, "%s", name);
  j->tol = f32_tol;
  for (int i = 0; i < n->n_outputs; i++) {
    int t = n->outputs[i];
    if (t < 0) continue;
    const ir_tensor *y = &g->tensors[t];
    const void *w = want && want[i] ? want[i] : y->data;
    if (!w) continue; /* no value to compare with */
    pkg_out *o = &j->outs[j->n_outs++];
    o->nbytes = y->nbytes;
    o->want_off = pkg_want.len;
    o->f32 = y->dtype == IR_F32 && f32_tol > 0;
    kiln_buf_put(&pkg_want, w, y->nbytes);
    kiln_buf_printf(b, "if (fwrite(T%d, 1, %zu, stdout) != %zu) exit(1);\n", resolve(e, t),
                    y->nbytes, y->nbytes);
  }
  kiln_buf_puts(b, "}\n\n");
  n_jobs++;
  return 0;
}

/* Appends section i after its dependencies, once. */
static int add_section(kiln_buf *out, int i, char *done) {
  if (done[i]) return 0;
  done[i] = 1;
  for (int k = 0; k < lib[i].n_needs; k++) {
    int j = lib_find(lib[i].needs[k]);
    if (j < 0 || add_section(out, j, done)) return -1;
  }
  kiln_buf_printf(out, "/* section %s */\n%s\n", lib[i].name, lib[i].text ? lib[i].text : "");
  return 0;
}

static void pkg_reset(void) {
  n_jobs = 0;
  kiln_buf_free(&pkg_code);
  kiln_buf_free(&pkg_want);
  kiln_buf_free(&pkg_uses);
}

int ot_pkg_run(ot_pkg_done done, char *why, size_t wn) {
  if (!n_jobs) return 0;
  int rc = -1;
  kiln_buf prog;
  kiln_buf_init(&prog);
  kiln_buf_puts(&prog,
                "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
                "#include \"kiln_kernels.h\"\n"
                "#if defined(__GNUC__)\n#define OT_ALIGN __attribute__((aligned(64)))\n"
                "#else\n#define OT_ALIGN\n#endif\n\n");
  char *mark = kiln_calloc((size_t)n_lib + 1, 1);
  for (const char *u = ot_str(&pkg_uses); *u;) {
    const char *semi = strchr(u, ';');
    char nm[128];
    snprintf(nm, sizeof nm, "%.*s", (int)(semi - u), u);
    if (add_section(&prog, lib_find(nm), mark)) {
      snprintf(why, wn, "the needs of section %s are not all in the library", nm);
      free(mark);
      goto out;
    }
    u = semi + 1;
  }
  free(mark);
  kiln_buf_printf(&prog, "%s\nint main(void) {\n", ot_str(&pkg_code));
  for (int i = 0; i < n_jobs; i++) kiln_buf_printf(&prog, "  job_%d();\n", i);
  kiln_buf_puts(&prog, "  return 0;\n}\n");
  char src[160], bin[160], res[160], log[160], cmd[2048];
  int k = pkg_count++;
  snprintf(src, sizeof src, "/tmp/kiln_ot_%d_%d.c", (int)getpid(), k);
  snprintf(bin, sizeof bin, "/tmp/kiln_ot_%d_%d", (int)getpid(), k);
  snprintf(res, sizeof res, "/tmp/kiln_ot_%d_%d.out", (int)getpid(), k);
  snprintf(log, sizeof log, "/tmp/kiln_ot_%d_%d.log", (int)getpid(), k);
  if (prog.oom || kiln_write_file(src, prog.data, prog.len)) {
    snprintf(why, wn, "cannot write %s", src);
    goto out;
  }
  const char *cc = getenv("KILN_TEST_CC"), *cflags = getenv("KILN_TEST_CFLAGS");
  if (!cflags || !*cflags) cflags = getenv("KILN_RUN_CFLAGS"); /* set by make SANITIZE=1 */
  snprintf(cmd, sizeof cmd,
           "%s -std=c99 %s %s -Wall -Wextra -Werror -pedantic -I%s/runtime -o %s %s -lm > %s 2>&1",
           cc && *cc ? cc : "cc", cflags && *cflags ? cflags : "-O2",
           env_on("KILN_TEST_SANITIZE") ? "-fsanitize=address,undefined -fno-sanitize-recover=all" : "",
           ot_root(), bin, src, log);
  if (system(cmd) != 0) {
    size_t len = 0;
    char *msg = kiln_read_file(log, &len);
    snprintf(why, wn, "package does not compile (see %s, %s): %.600s", src, log, msg ? msg : "");
    free(msg);
    goto out;
  }
  snprintf(cmd, sizeof cmd, "%s > %s 2> %s", bin, res, log);
  if (system(cmd) != 0) {
    snprintf(why, wn, "package run failed (see %s, %s)", src, log);
    goto out;
  }
  size_t len = 0;
  unsigned char *got = kiln_read_file(res, &len);
  if (!got || len != pkg_want.len) {
    snprintf(why, wn, "package output has %zu bytes, expected %zu (see %s)", got ? len : 0,
             pkg_want.len, src);
    free(got);
    goto out;
  }
  int all_ok = 1;
  for (int i = 0; i < n_jobs; i++) {
    const pkg_job *j = &jobs[i];
    char jwhy[400] = "";
    for (int o = 0; o < j->n_outs && !jwhy[0]; o++) {
      const pkg_out *po = &j->outs[o];
      const unsigned char *a = got + po->want_off, *w = (const unsigned char *)pkg_want.data + po->want_off;
      if (po->f32) {
        for (size_t q = 0; q < po->nbytes / 4; q++) {
          float x, y;
          memcpy(&x, a + 4 * q, 4);
          memcpy(&y, w + 4 * q, 4);
          if (!(x == y || (isnan(x) && isnan(y)) || fabs((double)x - y) <= j->tol * (1.0 + fabs(y)))) {
            snprintf(jwhy, sizeof jwhy, "package output %d differs from eval at %zu: %.9g vs %.9g (job_%d in %s)",
                     o, q, (double)x, (double)y, i, src);
            break;
          }
        }
      } else {
        for (size_t q = 0; q < po->nbytes; q++)
          if (a[q] != w[q]) {
            snprintf(jwhy, sizeof jwhy, "package output %d differs from eval at byte %zu: got %u, want %u (job_%d in %s)",
                     o, q, a[q], w[q], i, src);
            break;
          }
      }
    }
    if (jwhy[0]) all_ok = 0;
    done(j->name, jwhy[0] ? jwhy : NULL);
  }
  free(got);
  rc = 0;
  if (all_ok && !env_on("KILN_TEST_KEEP")) {
    remove(src);
    remove(bin);
    remove(res);
    remove(log);
  }
out:
  kiln_buf_free(&prog);
  pkg_reset();
  return rc;
}

static char one_why[1200];
static int one_ok;
static void one_done(const char *name, const char *why) {
  (void)name;
  one_ok = !why;
  if (why) snprintf(one_why, sizeof one_why, "%s", why);
}

int ot_pkg_one(const char *name, emit_ctx *e, const ir_node *n, const void *const *want,
               double f32_tol, char *why, size_t wn) {
  if (n_jobs) {
    snprintf(why, wn, "stand-in emitter: jobs are queued");
    return -1;
  }
  if (ot_pkg_add(name, e, n, want, f32_tol, why, wn)) {
    pkg_reset();
    return -1;
  }
  one_ok = 0;
  if (ot_pkg_run(one_done, why, wn)) return -1;
  if (!one_ok) {
    snprintf(why, wn, "%s", one_why);
    return -1;
  }
  return 0;
}

void ot_pkg_check(const char *name, const op_def *op, ir_graph *g, int nd, double f32_tol) {
  if (ot_no_cc()) {
    ot_skip(name, "KILN_TEST_NO_PACKAGE or KILN_TEST_NO_CC is set");
    return;
  }
  emit_ctx e;
  ot_emit_begin(&e, g);
  char why[1200] = "";
  ir_node *n = &g->nodes[nd];
  if (op->emit(&e, g, n) < 0) snprintf(why, sizeof why, "emit failed: %s", e.d.msg);
  else ot_pkg_one(name, &e, n, NULL, f32_tol, why, sizeof why);
  ot_check(!why[0], name, "%s", why);
  ot_emit_end(&e);
}
