/* main.c - the kiln command line: compile, run, info.
 *
 * Exit codes: 0 success, 1 the model or its inputs are bad (one message on
 * stderr: `kiln: FILE: node 'X' (Op, opset N): what is wrong`), 2 usage.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../emit/package.h"
#include "../emit/target.h"
#include "../ir/ir.h"
#include "../mge/mge_import.h"
#include "../onnx/onnx_import.h"
#include "../onnx/tensor_file.h"
#include "../ops/op.h"
#include "../passes/passes.h"
#include "../plan/plan.h"

#define KILN_VERSION "0.1.0"
#define MAX_BINDINGS 64
#define MAX_FILES 64

typedef struct options {
  const char *cmd, *model, *out_dir, *name, *target;
  int embed_weights;
  int opt_size;
  long long string_pool; /* --string-pool BYTES, 0 = default */
  int threads;           /* --threads N: most threads a run may use, 0 = 1 */
  pass_shape_binding shapes[MAX_BINDINGS];
  int n_shapes;
  const char *inputs[MAX_FILES], *outputs[MAX_FILES];
  int n_inputs, n_outputs;
  const char *keep;
  int runs;
  const char *consts[MAX_FILES]; /* --const NAME=FILE */
  int n_consts;
  const char *seqs[MAX_FILES]; /* --seq NAME=DIMS:DIMS... */
  int n_seqs;
} options;

static void usage(FILE *f) {
  fputs("usage:\n"
        "  kiln compile MODEL.onnx -o OUT [--name NAME] [--target TARGET]\n"
        "               [--embed-weights] [--opt size|speed] [--shape NAME=1x3x224x224]...\n"
        "               [--const NAME=FILE]... [--seq NAME=DIMS:DIMS...]... [--string-pool BYTES]\n"
        "               [--threads N]\n"
        "  kiln run MODEL.onnx [--target T] [--shape ...] [--threads N] --input [NAME=]FILE...\n"
        "               --output FILE... [--keep DIR]\n"
        "  kiln info MODEL.onnx [--shape ...]\n"
        "  kiln bench MODEL.onnx [--target T] [--shape ...] [--threads N] [--runs N]\n"
        "  kiln --version\n"
        "TARGET: generic (portable C, default), native, x86-64-avx2, x86-64-avx512,\n"
        "aarch64 (run/bench cross-build with aarch64-linux-gnu-gcc and run under qemu-aarch64).\n"
        "FILE is .npy or an ONNX TensorProto .pb. --shape binds unknown dims:\n"
        "NAME=DIMS for a whole input, NAME.K=N for dim K, SYMBOL=N for a named dim.\n"
        "--const compiles a graph input in as the constant tensor in FILE. kiln run does\n"
        "that by itself for inputs an op needs at compile time (shapes, axes, ...).\n"
        "--seq binds a sequence (or optional sequence) input for compile and info: its\n"
        "element shapes separated by ':' (2x3:4x5; '()' a scalar; nothing: empty;\n"
        "'none': an absent optional). It becomes inputs NAME.0, NAME.1, ...; kiln run\n"
        "takes all that from the input file.\n"
        "--string-pool sets the arena bytes for strings made at run time (StringConcat,\n"
        "StringSplit, ...; default 65536); a run that needs more returns ERR_STRING_POOL.\n"
        "--threads N (1..64, default 1): runs may split convolutions and GEMMs over up to N\n"
        "threads through NAME_set_parallel; N > 1 adds per-thread scratch to the arena and\n"
        "ships kiln_pool.{c,h}, a pthread pool. run and bench then use N threads.\n",
        f);
}

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "kiln: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n");
  usage(stderr);
  return 2;
}

static int parse_shape(options *o, const char *arg) {
  const char *eq = strrchr(arg, '=');
  if (!eq || eq == arg || !eq[1] || o->n_shapes == MAX_BINDINGS) return -1;
  pass_shape_binding *b = &o->shapes[o->n_shapes];
  memset(b, 0, sizeof *b);
  static char names[MAX_BINDINGS][256];
  size_t len = (size_t)(eq - arg);
  if (len >= sizeof names[0]) return -1;
  memcpy(names[o->n_shapes], arg, len);
  names[o->n_shapes][len] = 0;
  b->name = names[o->n_shapes];
  const char *p = eq + 1;
  while (*p) {
    if (b->rank == IR_MAX_RANK) return -1;
    char *end;
    errno = 0;
    long long v = strtoll(p, &end, 10);
    if (end == p || v < 0 || errno) return -1;
    b->dims[b->rank++] = v;
    if (*end == 'x' || *end == 'X' || *end == ',') p = end + 1;
    else if (*end == 0) p = end;
    else return -1;
    if (*end && !*p) return -1;
  }
  o->n_shapes++;
  return 0;
}

static int parse_args(options *o, int argc, char **argv) {
  memset(o, 0, sizeof *o);
  o->target = "generic";
  if (argc < 2) { usage(stderr); return 2; }
  o->cmd = argv[1];
  if (!strcmp(o->cmd, "--version")) return 0;
  if (!strcmp(o->cmd, "-h") || !strcmp(o->cmd, "--help") || !strcmp(o->cmd, "help")) return 0;
  if (strcmp(o->cmd, "compile") && strcmp(o->cmd, "run") && strcmp(o->cmd, "info") && strcmp(o->cmd, "bench"))
    return usage_error("unknown command '%s'", o->cmd);
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_VALUE() do { if (!v) return usage_error("%s needs a value", a); i++; } while (0)
    if (!strcmp(a, "-o") || !strcmp(a, "--out")) { NEED_VALUE(); o->out_dir = v; }
    else if (!strcmp(a, "--name")) { NEED_VALUE(); o->name = v; }
    else if (!strcmp(a, "--target")) { NEED_VALUE(); o->target = v; }
    else if (!strcmp(a, "--embed-weights")) o->embed_weights = 1;
    else if (!strcmp(a, "--opt")) {
      NEED_VALUE();
      if (!strcmp(v, "size")) o->opt_size = 1;
      else if (!strcmp(v, "speed")) o->opt_size = 0;
      else return usage_error("unknown --opt '%s' (supported: size, speed)", v);
    }
    else if (!strcmp(a, "--string-pool")) {
      NEED_VALUE();
      char *end;
      errno = 0;
      o->string_pool = strtoll(v, &end, 10);
      if (end == v || *end || errno || o->string_pool < 64 || o->string_pool > (1LL << 40))
        return usage_error("bad --string-pool '%s' (bytes, 64 .. 2^40)", v);
    }
    else if (!strcmp(a, "--threads")) {
      NEED_VALUE();
      char *end;
      errno = 0;
      long t = strtol(v, &end, 10);
      if (end == v || *end || errno || t < 1 || t > 64) return usage_error("bad --threads '%s' (1 .. 64)", v);
      o->threads = (int)t;
    }
    else if (!strcmp(a, "--shape")) {
      NEED_VALUE();
      if (parse_shape(o, v)) return usage_error("bad --shape '%s' (expected NAME=1x3x224x224 or NAME.K=N)", v);
    } else if (!strcmp(a, "--input")) {
      NEED_VALUE();
      if (o->n_inputs == MAX_FILES) return usage_error("too many %s", a);
      o->inputs[o->n_inputs++] = v;
    } else if (!strcmp(a, "--output")) {
      NEED_VALUE();
      if (o->n_outputs == MAX_FILES) return usage_error("too many %s", a);
      o->outputs[o->n_outputs++] = v;
    } else if (!strcmp(a, "--const")) {
      NEED_VALUE();
      if (!strchr(v, '=') || v[0] == '=') return usage_error("bad --const '%s' (expected NAME=FILE)", v);
      if (o->n_consts == MAX_FILES) return usage_error("too many %s", a);
      o->consts[o->n_consts++] = v;
    } else if (!strcmp(a, "--seq")) {
      NEED_VALUE();
      if (!strchr(v, '=') || v[0] == '=') return usage_error("bad --seq '%s' (expected NAME=DIMS:DIMS...)", v);
      if (o->n_seqs == MAX_FILES) return usage_error("too many %s", a);
      o->seqs[o->n_seqs++] = v;
    } else if (!strcmp(a, "--keep")) { NEED_VALUE(); o->keep = v; }
    else if (!strcmp(a, "--runs")) { NEED_VALUE(); o->runs = atoi(v); }
    else if (a[0] == '-' && a[1]) return usage_error("unknown option '%s'", a);
    else if (!o->model) o->model = a;
    else return usage_error("unexpected argument '%s'", a);
#undef NEED_VALUE
  }
  if (!o->model) return usage_error("%s needs a model file", o->cmd);
  if (!target_find(o->target)) {
    fprintf(stderr, "kiln: unknown --target '%s' (supported: %s)\n", o->target, target_names());
    usage(stderr);
    return 2;
  }
  if (!strcmp(o->cmd, "compile") && !o->out_dir) return usage_error("%s needs -o OUT", o->cmd);
  if (!strcmp(o->cmd, "run") && o->n_outputs == 0) return usage_error("%s needs at least one --output FILE", o->cmd);
  if (o->runs < 0 || o->runs > 1000000) return usage_error("--runs must be between 1 and 1000000%s", "");
  return 0;
}

/* ONNX or MegEngine, by the file's first bytes. */
static int model_import(kiln_diag *d, const char *path, ir_graph **out) {
  unsigned char head[16] = {0};
  size_t n = 0;
  FILE *f = fopen(path, "rb");
  if (f) {
    n = fread(head, 1, sizeof head, f);
    fclose(f);
  }
  if (mge_sniff(head, n)) return mge_import(d, path, out);
  return onnx_import(d, path, out);
}

/* Hash of the model bytes and everything that changes the blob layout. */
static uint64_t model_hash(const char *path, const options *o) {
  uint64_t h = KILN_FNV_SEED;
  int fd = open(path, O_RDONLY);
  if (fd >= 0) {
    struct stat st;
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
      void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p != MAP_FAILED) {
        h = kiln_fnv1a64(&h, 0, h);
        h ^= kiln_checksum64(p, (size_t)st.st_size);
        munmap(p, (size_t)st.st_size);
      }
    }
    close(fd);
  }
  h = kiln_fnv1a64(o->target, strlen(o->target), h);
  if (o->string_pool) h = kiln_fnv1a64(&o->string_pool, sizeof o->string_pool, h);
  h = kiln_fnv1a64(KILN_VERSION, strlen(KILN_VERSION), h);
  return h;
}

/* Lists every operator the model uses that kiln lacks, with node counts:
 * the unsupported nodes are sorted by (domain, op) so that a model with
 * thousands of them is still reported at once. */
static const ir_graph *missing_graph;
static int by_op(const void *pa, const void *pb) {
  const ir_node *a = &missing_graph->nodes[*(const int *)pa], *b = &missing_graph->nodes[*(const int *)pb];
  int c = strcmp(a->domain, b->domain);
  if (!c) c = strcmp(a->op_type, b->op_type);
  return c ? c : *(const int *)pa - *(const int *)pb;
}

static int check_supported(kiln_diag *d, ir_graph *g, FILE *report) {
  int *miss = kiln_malloc(sizeof(int) * (size_t)(g->n_nodes + 1));
  if (!miss) return kiln_fail(d, "out of memory");
  int m = 0;
  for (int k = 0; k < g->n_nodes; k++)
    if (!ops_find(g->nodes[k].domain, g->nodes[k].op_type)) miss[m++] = k;
  if (m == 0) {
    free(miss);
    return 0;
  }
  missing_graph = g;
  qsort(miss, (size_t)m, sizeof(int), by_op);
  kiln_buf b;
  kiln_buf_init(&b);
  int n_missing = 0;
  for (int i = 0; i < m;) {
    const ir_node *n = &g->nodes[miss[i]];
    int j = i;
    while (j < m && !strcmp(g->nodes[miss[j]].domain, n->domain) &&
           !strcmp(g->nodes[miss[j]].op_type, n->op_type))
      j++;
    int count = j - i;
    kiln_buf_printf(&b, "%s%s%s%s (%d node%s, first '%s')", n_missing ? ", " : "", n->domain,
                    n->domain[0] ? "." : "", n->op_type, count, count == 1 ? "" : "s", n->name);
    n_missing++;
    i = j;
  }
  free(miss);
  if (report) fprintf(report, "unsupported operators (%d): %s\n", n_missing, b.data ? b.data : "");
  int rc = kiln_fail(d, "%d unsupported operator%s: %s", n_missing, n_missing == 1 ? "" : "s",
                     b.data ? b.data : "");
  kiln_buf_free(&b);
  return rc;
}

static int freeze_input(kiln_diag *d, ir_graph *g, int tid, const ir_tensor *value);
static void free_strings(ir_tensor *t);

/* --const NAME=FILE: compile graph input NAME in as the tensor in FILE. */
static int apply_consts(kiln_diag *d, options *o, ir_graph *g) {
  for (int c = 0; c < o->n_consts; c++) {
    const char *eq = strchr(o->consts[c], '=');
    int tid = -1;
    for (int i = 0; i < g->n_inputs; i++) {
      const char *nm = g->tensors[g->inputs[i]].name;
      if (strlen(nm) == (size_t)(eq - o->consts[c]) && !strncmp(nm, o->consts[c], (size_t)(eq - o->consts[c])))
        tid = g->inputs[i];
    }
    if (tid < 0)
      return kiln_fail(d, "--const %.*s: the model has no graph input of that name", (int)(eq - o->consts[c]),
                       o->consts[c]);
    ir_tensor value;
    memset(&value, 0, sizeof value);
    kiln_diag fd = {0};
    fd.file = eq + 1;
    int rc = tensor_file_read(&fd, eq + 1, &value);
    if (rc) kiln_fail(d, "--const: %s", fd.msg);
    else rc = freeze_input(d, g, tid, &value);
    free_strings(&value);
    free(value.owned);
    free(value.name);
    if (rc) return -1;
  }
  return 0;
}

/* --seq NAME=DIMS:DIMS...: binds a sequence input's length and element
 * shapes (element dtype as the model declares it). */
static int apply_seqs(kiln_diag *d, options *o, ir_graph *g) {
  for (int c = 0; c < o->n_seqs; c++) {
    const char *spec = o->seqs[c], *eq = strchr(spec, '=');
    int tid = -1;
    for (int i = 0; i < g->n_inputs; i++) {
      const char *nm = g->tensors[g->inputs[i]].name;
      if (strlen(nm) == (size_t)(eq - spec) && !strncmp(nm, spec, (size_t)(eq - spec))) tid = g->inputs[i];
    }
    ir_tensor *t = tid >= 0 ? &g->tensors[tid] : NULL;
    if (!t || (t->vdecl != IR_DECL_SEQ && t->vdecl != IR_DECL_OPT_SEQ))
      return kiln_fail(d, "--seq %.*s: the model has no sequence graph input of that name", (int)(eq - spec), spec);
    if (t->dtype == IR_UNDEFINED || !ir_dtype_size(t->dtype))
      return kiln_fail(d, "--seq %s: the model does not declare a supported element dtype", t->name);
    int present = strcmp(eq + 1, "none") != 0, n = 0;
    if (!present && t->vdecl != IR_DECL_OPT_SEQ) return kiln_fail(d, "--seq %s: only an optional can be 'none'", t->name);
    ir_tensor el[MAX_FILES];
    memset(el, 0, sizeof el);
    for (const char *p = eq + 1; present && *p;) {
      const char *end = strchr(p, ':');
      size_t len = end ? (size_t)(end - p) : strlen(p);
      if (n == MAX_FILES) return kiln_fail(d, "--seq %s: more than %d elements", t->name, MAX_FILES);
      el[n].dtype = t->dtype;
      if (len == 2 && !strncmp(p, "()", 2)) {
        el[n].rank = 0;
      } else { /* DIMS: N[xN]... */
        const char *q = p;
        int ok = len > 0;
        while (ok && q < p + len) {
          char *e;
          errno = 0;
          long long v = strtoll(q, &e, 10);
          ok = e != q && v >= 0 && !errno && el[n].rank < IR_MAX_RANK && e <= p + len &&
               (e == p + len || ((*e == 'x' || *e == 'X') && e + 1 < p + len));
          if (ok) el[n].dims[el[n].rank++] = v;
          q = e + 1;
        }
        if (!ok)
          return kiln_fail(d, "--seq %s: bad element shape '%.*s' (expected e.g. 2x3, or () for a scalar)", t->name,
                           (int)len, p);
      }
      n++;
      p = end ? end + 1 : p + len;
    }
    int ids[MAX_FILES];
    if (pass_bind_value_input(d, g, tid, present, el, n, ids)) return -1;
  }
  return 0;
}

static int compile_graph(kiln_diag *d, options *o, ir_graph **out, plan_result *plan, FILE *report) {
  ir_graph *g = NULL;
  if (model_import(d, o->model, &g)) return -1;
  *out = g;
  if (apply_consts(d, o, g) || apply_seqs(d, o, g)) return -1;
  if (check_supported(d, g, report)) return -1;
  g->isa = target_find(o->target)->isa;
  g->opt_size = o->opt_size;
  g->threads = o->threads > 1 ? o->threads : 1;
  g->string_pool_bytes = (size_t)o->string_pool;
  if (pass_run_all(d, g, o->shapes, o->n_shapes)) return -1;
  if (plan_memory(d, g, plan)) return -1;
  return 0;
}

static void default_name(const char *model, char *buf, size_t n) {
  const char *base = strrchr(model, '/') ? strrchr(model, '/') + 1 : model;
  size_t k = 0;
  if (!((base[0] >= 'a' && base[0] <= 'z') || (base[0] >= 'A' && base[0] <= 'Z'))) buf[k++] = 'm';
  for (; *base && *base != '.' && k < n - 1; base++) {
    char c = *base;
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    buf[k++] = ok ? c : '_';
  }
  buf[k] = 0;
}

static int valid_ident(const char *s) {
  if (!*s || (*s >= '0' && *s <= '9') || strlen(s) > 64) return 0;
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
      return 0;
  return 1;
}

static int write_package(kiln_diag *d, options *o, ir_graph *g, const plan_result *plan,
                         const char *dir, const char *name, package_stats *st) {
  if (mkdir(dir, 0777) != 0 && errno != EEXIST) return kiln_fail(d, "cannot create %s: %s", dir, strerror(errno));
  package_options po = {0};
  po.model_path = o->model;
  po.out_dir = dir;
  po.name = name;
  po.target = o->target;
  po.tgt = target_find(o->target);
  po.embed_weights = o->embed_weights;
  po.opt_size = o->opt_size;
  po.model_hash = model_hash(o->model, o);
  return package_write(d, g, plan, &po, st);
}

static int fail_exit(kiln_diag *d, ir_graph *g) {
  fprintf(stderr, "kiln: %s\n", d->msg[0] ? d->msg : "failed");
  ir_graph_free(g);
  return 1;
}

static int cmd_compile(options *o) {
  kiln_diag d = {0};
  d.file = o->model;
  ir_graph *g = NULL;
  plan_result plan;
  char name[80];
  if (o->name) {
    if (!valid_ident(o->name)) return usage_error("--name '%s' is not a C identifier", o->name);
    snprintf(name, sizeof name, "%s", o->name);
  } else {
    default_name(o->model, name, sizeof name);
  }
  if (compile_graph(&d, o, &g, &plan, NULL)) return fail_exit(&d, g);
  package_stats st;
  if (write_package(&d, o, g, &plan, o->out_dir, name, &st)) return fail_exit(&d, g);
  printf("kiln: wrote %s/%s.{h,c}%s: %d kernels, arena %zu bytes (lower bound %zu), weights %zu bytes\n",
         o->out_dir, name, o->embed_weights ? "" : " + weights", st.n_kernels, plan.arena_bytes,
         plan.lower_bound, st.weights_bytes);
  ir_graph_free(g);
  return 0;
}

static int cmd_info(options *o) {
  kiln_diag d = {0};
  d.file = o->model;
  ir_graph *g = NULL;
  plan_result plan;
  if (model_import(&d, o->model, &g) || apply_consts(&d, o, g) || apply_seqs(&d, o, g)) return fail_exit(&d, g);
  printf("model: %s (ir_version %lld", o->model, (long long)g->ir_version);
  for (int i = 0; i < g->n_opsets; i++)
    printf(", opset %s%s%d", g->opset_domain[i][0] ? g->opset_domain[i] : "", g->opset_domain[i][0] ? " " : "",
           g->opset_version[i]);
  printf(")\n");
  /* op histogram */
  printf("operators:");
  for (int k = 0; k < g->n_nodes; k++) {
    int seen = 0, count = 0;
    for (int j = 0; j < k; j++)
      if (!strcmp(g->nodes[j].op_type, g->nodes[k].op_type)) seen = 1;
    if (seen) continue;
    for (int j = k; j < g->n_nodes; j++)
      if (!strcmp(g->nodes[j].op_type, g->nodes[k].op_type)) count++;
    printf(" %s=%d", g->nodes[k].op_type, count);
  }
  printf("\n");
  int unsupported = check_supported(&d, g, stdout);
  if (unsupported) return fail_exit(&d, g);
  g->isa = target_find(o->target)->isa;
  g->opt_size = o->opt_size;
  g->threads = o->threads > 1 ? o->threads : 1;
  g->string_pool_bytes = (size_t)o->string_pool;
  if (pass_run_all(&d, g, o->shapes, o->n_shapes) || plan_memory(&d, g, &plan)) return fail_exit(&d, g);
  char shape[128];
  for (int i = 0; i < g->n_inputs; i++) {
    ir_tensor *t = &g->tensors[g->inputs[i]];
    printf("input  %d '%s' %s %s\n", i, t->name, ir_dtype_name(t->dtype), ir_shape_str(t, shape, sizeof shape));
  }
  for (int i = 0; i < g->n_outputs; i++) {
    ir_tensor *t = &g->tensors[g->outputs[i]];
    printf("output %d '%s' %s %s%s\n", i, t->name, ir_dtype_name(t->dtype), ir_shape_str(t, shape, sizeof shape),
           t->dynamic ? " (upper bound: the shape depends on the input values)" : "");
  }
  int live = 0, folded = 0;
  size_t weights = 0;
  printf("nodes (after folding and fusion):\n");
  for (int k = 0; k < g->n_nodes; k++) {
    ir_node *n = &g->nodes[k];
    if (n->dead) { folded++; continue; }
    live++;
    printf("  %-40s %-20s", n->name, n->op_type);
    for (int i = 0; i < n->n_outputs; i++) {
      ir_tensor *t = ir_out(g, n, i);
      if (t) printf(" -> %s", ir_shape_str(t, shape, sizeof shape));
    }
    if (n->fused[0]) printf("  fused: %s", n->fused);
    if (n->def->flags & OP_VIEW) printf("  (view)");
    else if (n->n_outputs > 0 && n->outputs[0] >= 0 && g->tensors[n->outputs[0]].alias_of >= 0) printf("  (in place)");
    printf("\n");
  }
  for (int i = 0; i < g->n_tensors; i++)
    if (g->tensors[i].loc == IR_LOC_WEIGHTS) weights += g->tensors[i].nbytes;
  printf("nodes: %d run-time, %d folded or fused away\n", live, folded);
  printf("arena: %zu bytes in %d buffers, lower bound %zu bytes (%.3fx)\n", plan.arena_bytes, plan.n_buffers,
         plan.lower_bound, plan.lower_bound ? (double)plan.arena_bytes / (double)plan.lower_bound : 1.0);
  printf("weights: %zu bytes\n", weights);
  ir_graph_free(g);
  return 0;
}

/* ---- kiln run ---- */

static int run_command(const char *cmd) {
  int rc = system(cmd);
  if (rc == -1) return -1;
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : 128;
}

static void remove_tree(const char *dir) {
  DIR *dp = opendir(dir);
  if (!dp) return;
  struct dirent *e;
  char path[4096];
  while ((e = readdir(dp)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    unlink(path);
  }
  closedir(dp);
  rmdir(dir);
}

static int same_shape(const ir_tensor *a, const ir_tensor *b) {
  if (a->rank != b->rank) return 0;
  for (int i = 0; i < a->rank; i++)
    if (a->dims[i] != b->dims[i]) return 0;
  return 1;
}

/* String tensors (dtype string): data is an array of char *, each string
 * malloc'd and owned by the tensor (tensor_file_read, read_string_bin). */
static void free_strings(ir_tensor *t) {
  if (t->dtype != IR_STRING || !t->owned) return;
  for (size_t i = 0; i < t->nbytes / sizeof(char *); i++) free(((char **)t->owned)[i]);
}

/* The run-time .bin form of a string tensor, which example_main.c reads
 * and writes: the elements in order, each followed by one NUL byte. */
static int write_string_bin(const char *path, const ir_tensor *t) {
  kiln_buf b;
  kiln_buf_init(&b);
  const char *const *sv = t->data;
  for (size_t i = 0; sv && i < t->nbytes / sizeof(char *); i++) {
    if (sv[i]) kiln_buf_puts(&b, sv[i]);
    kiln_buf_put(&b, "", 1);
  }
  int rc = b.oom ? -1 : kiln_write_file(path, b.data ? b.data : "", b.len);
  kiln_buf_free(&b);
  return rc;
}

/* Parses that form back into t (count strings expected); -1 if malformed. */
static int read_string_bin(const char *data, size_t len, int64_t count, ir_tensor *t) {
  char **sv = kiln_calloc((size_t)count + 1, sizeof(char *));
  if (!sv) return -1;
  size_t p = 0;
  for (int64_t i = 0; i < count; i++) {
    const char *z = p < len ? memchr(data + p, 0, len - p) : NULL;
    if (!z || !(sv[i] = kiln_strndup(data + p, (size_t)(z - (data + p))))) {
      for (int64_t j = 0; j < i; j++) free(sv[j]);
      free(sv);
      return -1;
    }
    p = (size_t)(z - data) + 1;
  }
  if (p != len) {
    for (int64_t j = 0; j < count; j++) free(sv[j]);
    free(sv);
    return -1;
  }
  t->data = t->owned = sv;
  t->nbytes = (size_t)count * sizeof(char *);
  return 0;
}

/* Makes graph input `tid` a constant holding value's data (kiln run's
 * compile-time inputs, --const). */
static int freeze_input(kiln_diag *d, ir_graph *g, int tid, const ir_tensor *value) {
  ir_tensor *t = &g->tensors[tid];
  char a[128], b[128];
  if (value->dtype != t->dtype)
    return kiln_fail(d, "input '%s' is %s, the value given for it is %s", t->name, ir_dtype_name(t->dtype),
                     ir_dtype_name(value->dtype));
  int ok = t->rank < 0 || t->rank == value->rank;
  for (int i = 0; ok && i < t->rank; i++) ok = t->dims[i] < 0 || t->dims[i] == value->dims[i];
  if (!ok)
    return kiln_fail(d, "input '%s' has shape %s, the value given for it %s", t->name,
                     ir_shape_str(t, a, sizeof a), ir_shape_str(value, b, sizeof b));
  ir_set_shape(t, value->dtype, value->rank, value->dims);
  void *p = ir_alloc_data(t);
  if (!p) return kiln_fail(d, "out of memory");
  memcpy(p, value->data, value->nbytes);
  if (t->dtype == IR_STRING) /* the graph owns its own copies */
    for (size_t i = 0; i < value->nbytes / sizeof(char *); i++) {
      const char *v = ((char *const *)value->data)[i];
      if (v && !(((char **)p)[i] = kiln_strdup(v))) return kiln_fail(d, "out of memory");
    }
  t->is_input = 0;
  t->is_initializer = 1;
  int j = 0;
  for (int i = 0; i < g->n_inputs; i++)
    if (g->inputs[i] != tid) {
      g->inputs[j] = g->inputs[i];
      g->tensors[g->inputs[j]].io_index = j;
      j++;
    }
  g->n_inputs = j;
  return 0;
}

/* kiln bench: seeded random inputs of the model's declared shapes (unknown
 * dims from --shape). Floats uniform in [-1, 1), integers in [0, 4). */
static int bench_inputs(kiln_diag *d, options *o, ir_graph *g, ir_tensor *files) {
  uint64_t seed = 0x9e3779b97f4a7c15ULL;
  for (int k = 0; k < g->n_inputs && k < MAX_FILES; k++) {
    ir_tensor *t = &g->tensors[g->inputs[k]];
    ir_tensor *f = &files[k];
    *f = *t;
    f->name = NULL;
    f->owned = NULL;
    f->data = NULL;
    for (int i = 0; i < IR_MAX_RANK; i++) f->dim_param[i] = NULL;
    for (int s = 0; s < o->n_shapes; s++)
      if (!strcmp(o->shapes[s].name, t->name)) {
        f->rank = o->shapes[s].rank;
        for (int i = 0; i < f->rank; i++) f->dims[i] = o->shapes[s].dims[i];
      }
    for (int i = 0; i < f->rank; i++)
      if (f->dims[i] < 0)
        return kiln_fail(d, "input '%s' has an unknown dim %d; give its shape with --shape", t->name, i);
    if (f->rank < 0 || ir_nbytes(f) < 0 || !ir_alloc_data(f))
      return kiln_fail(d, "input '%s': cannot make a random input of this shape", t->name);
    int64_t n = f->dtype == IR_STRING ? 0 : ir_numel(f); /* strings stay empty */
    for (int64_t i = 0; i < n; i++) {
      seed ^= seed << 13; seed ^= seed >> 7; seed ^= seed << 17; /* xorshift64 */
      double u = (double)(seed >> 11) / 9007199254740992.0;
      if (ir_dtype_is_float(f->dtype)) ir_put_f64(f->owned, f->dtype, i, 2.0 * u - 1.0);
      else ir_put_i64(f->owned, f->dtype, i, (int64_t)(u * 4));
    }
  }
  return 0;
}

typedef struct value_input {
  int used;          /* a sequence, or an absent optional */
  int present, n;
  ir_tensor *elems;  /* the file's element tensors */
  int *ids;          /* the graph inputs they became */
} value_input;

/* Reads output file j (out<j>.bin in dir) into t (a copy of the tensor). */
static int read_actual_dims(kiln_diag *d, const char *path, ir_tensor *t);

static int read_output(kiln_diag *d, ir_graph *g, const char *dir, int j, ir_tensor *t) {
  char path[4200];
  size_t len = 0;
  *t = g->tensors[g->outputs[j]];
  snprintf(path, sizeof path, "%s/out%d.bin", dir, j);
  if (t->dynamic && read_actual_dims(d, path, t)) return -1; /* a data-dependent element */
  void *data = kiln_read_file(path, &len);
  if (!data || (int64_t)len != ir_nbytes(t)) {
    free(data);
    return kiln_fail(d, "output %d: %s is missing or has the wrong size", j, path);
  }
  t->data = data;
  t->nbytes = len;
  t->owned = data;
  return 0;
}

/* The model's declared outputs when some are sequences or optionals: each
 * gathered from its element outputs (lower_control.c's order) and written
 * as a TensorProto, SequenceProto or OptionalProto. */
static int write_value_outputs(kiln_diag *d, options *o, ir_graph *g, const char *dir) {
  int p = 0;
  for (int k = 0; k < g->n_decl_outputs && k < o->n_outputs; k++) {
    const ir_tensor *t = &g->tensors[g->decl_outputs[k]];
    int n = t->vkind == IR_VAL_SEQ ? t->n_elems : t->vkind == IR_VAL_NONE ? 0 : 1;
    ir_tensor *el = kiln_calloc((size_t)n + 1, sizeof *el);
    if (!el) return kiln_fail(d, "out of memory");
    int rc = 0;
    for (int e = 0; e < n && !rc; e++) rc = read_output(d, g, dir, p + e, &el[e]);
    p += n;
    if (!rc) {
      kiln_diag od = {0};
      od.file = o->outputs[k];
      if (t->vdecl == IR_DECL_TENSOR) {
        el[0].name = t->name;
        rc = tensor_file_write(&od, o->outputs[k], &el[0]);
      } else {
        rc = tensor_file_write_value(&od, o->outputs[k], t->vdecl, t->name, t->vkind != IR_VAL_NONE, el, n);
      }
      if (rc) kiln_fail(d, "%s", od.msg);
    }
    for (int e = 0; e < n; e++) free(el[e].owned);
    free(el);
    if (rc) return -1;
  }
  return 0;
}

/* A data-dependent output (ir_tensor.dynamic): the example program wrote
 * its actual dims to PATH.shape as "RANK D0 D1 ..."; each must be within
 * the compile-time upper bound. */
static int read_actual_dims(kiln_diag *d, const char *path, ir_tensor *t) {
  char sp[4300];
  snprintf(sp, sizeof sp, "%s.shape", path);
  FILE *f = fopen(sp, "r");
  if (!f) return kiln_fail(d, "output '%s': %s is missing", t->name, sp);
  int rank = -1, ok = fscanf(f, "%d", &rank) == 1 && rank == t->rank;
  for (int i = 0; ok && i < rank; i++) {
    long long v = -1;
    ok = fscanf(f, "%lld", &v) == 1 && v >= 0 && v <= t->dims[i];
    if (ok) t->dims[i] = v;
  }
  fclose(f);
  if (!ok) return kiln_fail(d, "output '%s': %s does not hold dims within the upper bound", t->name, sp);
  return 0;
}

static int cmd_run(options *o) {
  kiln_diag d = {0};
  d.file = o->model;
  ir_graph *g = NULL;
  plan_result plan;
  ir_tensor files[MAX_FILES];
  memset(files, 0, sizeof files);
  int bind_to[MAX_FILES];
  char dir[4096] = "";
  int rc = 1;
  /* Sequence/optional inputs (lower_control.c): their values, bound each
   * compile attempt; the element inputs they become. */
  value_input vin[MAX_FILES];
  memset(vin, 0, sizeof vin);
  const ir_tensor **in_src = NULL;

  if (model_import(&d, o->model, &g) || apply_consts(&d, o, g)) goto done;
  int bench = !strcmp(o->cmd, "bench");
  if (bench && (o->n_inputs || o->n_outputs)) {
    kiln_fail(&d, "bench makes its own seeded random inputs; --input/--output are for run");
    goto done;
  }
  if (bench) {
    if (bench_inputs(&d, o, g, files)) goto done;
  } else if (o->n_inputs != g->n_inputs) {
    kiln_fail(&d, "the model has %d input%s, %d --input given", g->n_inputs, g->n_inputs == 1 ? "" : "s",
              o->n_inputs);
    goto done;
  }
  if (!bench && o->n_outputs != g->n_outputs) {
    kiln_fail(&d, "the model has %d output%s, %d --output given", g->n_outputs, g->n_outputs == 1 ? "" : "s",
              o->n_outputs);
    goto done;
  }
  /* Read inputs; bind them in order, or by NAME=FILE. Unknown dims of the
   * model's inputs take the files' shapes unless --shape says otherwise. */
  for (int i = 0; i < o->n_inputs; i++) {
    const char *spec = o->inputs[i], *path = spec, *eq = strchr(spec, '=');
    bind_to[i] = i;
    if (eq) {
      for (int k = 0; k < g->n_inputs; k++) {
        const char *nm = g->tensors[g->inputs[k]].name;
        if (strlen(nm) == (size_t)(eq - spec) && !strncmp(nm, spec, (size_t)(eq - spec))) {
          bind_to[i] = k;
          path = eq + 1;
        }
      }
    }
    kiln_diag fd = {0};
    fd.file = path;
    int decl = bind_to[i] < g->n_inputs ? g->tensors[g->inputs[bind_to[i]]].vdecl : IR_DECL_TENSOR;
    if (decl != IR_DECL_TENSOR) {
      value_input *v = &vin[bind_to[i]];
      if (tensor_file_read_value(&fd, path, decl, &v->present, &v->elems, &v->n)) {
        fprintf(stderr, "kiln: %s\n", fd.msg);
        goto done_quiet;
      }
      if (decl == IR_DECL_OPT && v->present) { /* a present optional tensor is that tensor */
        files[bind_to[i]] = v->elems[0];
        free(v->elems);
        v->elems = NULL;
        v->n = 0;
      } else {
        v->used = 1;
      }
    } else if (tensor_file_read(&fd, path, &files[bind_to[i]])) {
      fprintf(stderr, "kiln: %s\n", fd.msg);
      goto done_quiet;
    }
  }
  /* Unknown dims of the model's inputs take the files' shapes unless
   * --shape says otherwise. */
  int n_orig = g->n_inputs, orig_tid[MAX_FILES], frozen[MAX_FILES] = {0};
  for (int k = 0; k < n_orig && k < MAX_FILES; k++) {
    orig_tid[k] = g->inputs[k];
    ir_tensor *t = &g->tensors[g->inputs[k]];
    int bound = vin[k].used; /* sequence elements take the shapes of their values */
    for (int s = 0; s < o->n_shapes; s++)
      if (!strcmp(o->shapes[s].name, t->name)) bound = 1;
    int unknown = t->rank < 0;
    for (int i = 0; i < t->rank; i++)
      if (t->dims[i] < 0) unknown = 1;
    if (!bound && unknown && o->n_shapes < MAX_BINDINGS) {
      pass_shape_binding *b = &o->shapes[o->n_shapes++];
      memset(b, 0, sizeof *b);
      /* a copy: a retry below frees this graph, and its names with it */
      static char auto_names[MAX_FILES][256];
      snprintf(auto_names[k], sizeof auto_names[k], "%s", t->name);
      b->name = auto_names[k];
      b->rank = files[k].rank;
      for (int i = 0; i < b->rank; i++) b->dims[i] = files[k].dims[i];
    }
  }
  /* An input that an op needs at compile time (Reshape's shape, Reduce
   * axes, ...) is frozen to the value given for it, and we compile again:
   * `run` has the values, so the result is exact for them. */
  for (int attempt = 0;; attempt++) {
    for (int k = 0; k < n_orig; k++)
      if (frozen[k] && freeze_input(&d, g, orig_tid[k], &files[k])) goto done;
    for (int k = 0; k < n_orig; k++) {
      value_input *v = &vin[k];
      if (!v->used) continue;
      free(v->ids);
      if (!(v->ids = kiln_malloc(((size_t)v->n + 1) * sizeof(int)))) { kiln_fail(&d, "out of memory"); goto done; }
      if (pass_bind_value_input(&d, g, orig_tid[k], v->present, v->elems, v->n, v->ids)) goto done;
    }
    g->isa = target_find(o->target)->isa;
    g->opt_size = o->opt_size;
    g->threads = o->threads > 1 ? o->threads : 1;
    g->string_pool_bytes = (size_t)o->string_pool;
    if (check_supported(&d, g, NULL) == 0 && pass_run_all(&d, g, o->shapes, o->n_shapes) == 0 &&
        plan_memory(&d, g, &plan) == 0)
      break;
    int k = 0;
    while (k < n_orig && !(d.need_const[0] && !strcmp(g->tensors[orig_tid[k]].name, d.need_const))) k++;
    /* Only small tensors (shapes, axes, pads, scalar bounds) are parameters
     * worth compiling in; freezing a data input would fold the whole model. */
    if (k == n_orig || frozen[k] || attempt >= MAX_FILES || bench || ir_numel(&files[k]) > 64) goto done;
    frozen[k] = 1;
    fprintf(stderr, "kiln: note: input '%s' is compiled in as the constant from its file "
                    "(the model needs its value at compile time)\n", d.need_const);
    ir_graph_free(g);
    g = NULL;
    memset(&d, 0, sizeof d);
    d.file = o->model;
    if (model_import(&d, o->model, &g) || apply_consts(&d, o, g)) goto done;
  }
  if (!(in_src = kiln_calloc((size_t)g->n_inputs + 1, sizeof *in_src))) { kiln_fail(&d, "out of memory"); goto done; }
  for (int j = 0; j < g->n_inputs; j++) {
    int k = 0;
    while (k < n_orig && orig_tid[k] != g->inputs[j]) k++;
    in_src[j] = k < n_orig ? &files[k] : NULL;
    for (int q = 0; q < n_orig && !in_src[j]; q++) /* an element of a sequence input */
      for (int e = 0; vin[q].used && e < vin[q].n; e++)
        if (vin[q].ids[e] == g->inputs[j]) in_src[j] = &vin[q].elems[e], k = q;
    ir_tensor *t = &g->tensors[g->inputs[j]];
    char a[128], b[128];
    if (!in_src[j]) { kiln_fail(&d, "internal: no value for input '%s'", t->name); goto done; }
    if (in_src[j]->dtype != t->dtype || !same_shape(in_src[j], t)) {
      kiln_fail(&d, "input %d '%s' is %s %s, but the file holds %s %s", k, t->name, ir_dtype_name(t->dtype),
                ir_shape_str(t, a, sizeof a), ir_dtype_name(in_src[j]->dtype), ir_shape_str(in_src[j], b, sizeof b));
      goto done;
    }
  }
  if (o->keep) {
    snprintf(dir, sizeof dir, "%s", o->keep);
  } else {
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/kiln-run-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
      kiln_fail(&d, "cannot create a temporary folder: %s", strerror(errno));
      dir[0] = 0;
      goto done;
    }
  }
  if (write_package(&d, o, g, &plan, dir, "model", NULL)) goto done;
  char path[4200];
  for (int k = 0; k < g->n_inputs; k++) {
    snprintf(path, sizeof path, "%s/in%d.bin", dir, k);
    const ir_tensor *f = in_src[k];
    if (f->dtype == IR_STRING ? write_string_bin(path, f) : kiln_write_file(path, f->data, f->nbytes)) {
      kiln_fail(&d, "cannot write %s", path);
      goto done;
    }
  }
  {
    const kiln_target *tg = target_find(o->target);
    const char *cc = getenv("CC");
    const char *cflags = getenv("KILN_RUN_CFLAGS");
    const char *runner = getenv("KILN_TARGET_RUNNER");
    if (tg->cross_cc) { /* another architecture: cross-compile, run emulated */
      cc = getenv("KILN_TARGET_CC") ? getenv("KILN_TARGET_CC") : tg->cross_cc;
      if (!runner) runner = tg->runner;
      /* the host's KILN_RUN_CFLAGS (sanitizers) need not exist for the target */
      cflags = getenv("KILN_TARGET_CFLAGS") ? getenv("KILN_TARGET_CFLAGS") : (o->opt_size ? "-Os" : "-O3");
    }
    kiln_buf cmd;
    kiln_buf_init(&cmd);
    kiln_buf_printf(&cmd, "%s -std=c99 %s %s -o %s/model_example %s/model.c %s/example_main.c", cc && *cc ? cc : "cc",
                    cflags ? cflags : (o->opt_size ? "-Os" : "-O3"), tg->cflags, dir, dir, dir);
    if (o->threads > 1) kiln_buf_printf(&cmd, " %s/kiln_pool.c -pthread", dir);
    kiln_buf_puts(&cmd, " -lm");
    int b = cmd.oom ? -1 : run_command(cmd.data);
    kiln_buf_free(&cmd);
    if (b != 0) {
      kiln_fail(&d, "building the generated code failed (compiler exit %d); kept in %s", b, dir);
      o->keep = dir;
      goto done;
    }
    kiln_buf_init(&cmd);
    const char *wrap = getenv("KILN_RUN_WRAPPER"); /* e.g. valgrind */
    kiln_buf_printf(&cmd, "%s %s %s/model_example -w %s/model.weights", wrap ? wrap : "", runner ? runner : "",
                    dir, dir);
    for (int k = 0; k < g->n_inputs; k++) kiln_buf_printf(&cmd, " -i %s/in%d.bin", dir, k);
    if (!bench)
      for (int k = 0; k < g->n_outputs; k++) kiln_buf_printf(&cmd, " -o %s/out%d.bin", dir, k);
    if (o->runs > 0 || bench) kiln_buf_printf(&cmd, " -n %d", o->runs > 0 ? o->runs : 20);
    if (o->threads > 1) kiln_buf_printf(&cmd, " -t %d", o->threads);
    int r = cmd.oom ? -1 : run_command(cmd.data);
    kiln_buf_free(&cmd);
    if (r != 0) {
      kiln_fail(&d, "the compiled model failed (exit %d); kept in %s", r, dir);
      o->keep = dir;
      goto done;
    }
  }
  if (!bench && g->n_decl_outputs) {
    if (write_value_outputs(&d, o, g, dir)) goto done;
  }
  for (int k = 0; k < g->n_outputs && !bench && !g->n_decl_outputs; k++) {
    ir_tensor t = g->tensors[g->outputs[k]];
    size_t len = 0;
    snprintf(path, sizeof path, "%s/out%d.bin", dir, k);
    if (t.dynamic && read_actual_dims(&d, path, &t)) goto done;
    void *data = kiln_read_file(path, &len);
    t.owned = NULL;
    if (t.dtype == IR_STRING) { /* NUL-terminated strings, not pointers */
      int bad = !data || read_string_bin(data, len, ir_numel(&t), &t);
      free(data);
      data = NULL;
      if (bad) {
        kiln_fail(&d, "output %d: %s is missing or does not hold %lld strings", k, path,
                  (long long)ir_numel(&g->tensors[g->outputs[k]]));
        goto done;
      }
    } else if (!data || (int64_t)len != ir_nbytes(&t)) {
      free(data);
      kiln_fail(&d, "output %d: %s is missing or has the wrong size", k, path);
      goto done;
    } else {
      t.data = data;
      t.nbytes = len;
    }
    kiln_diag od = {0};
    od.file = o->outputs[k];
    int w = tensor_file_write(&od, o->outputs[k], &t);
    free(data);
    free_strings(&t);
    free(t.owned);
    if (w) {
      fprintf(stderr, "kiln: %s\n", od.msg);
      goto done_quiet;
    }
  }
  rc = 0;
done:
  if (rc) fprintf(stderr, "kiln: %s\n", d.msg[0] ? d.msg : "failed");
done_quiet:
  if (dir[0] && !o->keep) remove_tree(dir);
  for (int i = 0; i < MAX_FILES; i++) {
    free_strings(&files[i]);
    free(files[i].owned);
    free(files[i].name);
    for (int e = 0; e < vin[i].n; e++) tensor_file_free(&vin[i].elems[e]);
    free(vin[i].elems);
    free(vin[i].ids);
  }
  free(in_src);
  ir_graph_free(g);
  return rc;
}

int main(int argc, char **argv) {
  options o;
  int rc = parse_args(&o, argc, argv);
  if (rc) return rc;
  if (!strcmp(o.cmd, "--version")) { printf("kiln %s\n", KILN_VERSION); return 0; }
  if (!strcmp(o.cmd, "-h") || !strcmp(o.cmd, "--help") || !strcmp(o.cmd, "help")) { usage(stdout); return 0; }
  if (!strcmp(o.cmd, "compile")) return cmd_compile(&o);
  if (!strcmp(o.cmd, "info")) return cmd_info(&o);
  if (!strcmp(o.cmd, "run") || !strcmp(o.cmd, "bench")) return cmd_run(&o);
  return usage_error("'%s' is not implemented yet", o.cmd);
}
