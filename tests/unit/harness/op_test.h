/* op_test.h - the shared harness of the op unit tests (tests/unit/test_ops_*.c).
 *
 * Three parts, used by every op test:
 *   - reporting: `PASS name` / `FAIL name: why` / `SKIP name: why` lines and
 *     the final `N passed, N failed` (ot_report() returns the exit status);
 *   - graph building: tensors, nodes and attributes by hand, infer + eval;
 *   - a stand-in for src/emit/emit.c (link op tests WITHOUT the src/emit
 *     objects): it records what an op's emit() writes (sections used,
 *     declarations, code) and can turn one or more emitted nodes into a
 *     standalone C99 package program, compile it as package code
 *     (-std=c99 -Wall -Wextra -Werror -pedantic, no KILN_HOST), run it and
 *     compare every output with eval's.
 *
 * Generated-code conventions of the stand-in: tensor t lives in the array
 * T<t>; emit_ref gives "((float *)(T3))" ("const" unless the tensor is
 * written: a node output or storage an output aliases), emit_bytes
 * "((unsigned char *)(T3))", emit_id "n<node index>", emit_weight
 * "((const float *)(W + off))" (W: the job's weights blob, 64-byte aligned
 * entries), emit_scratch "0", emit_isa 0 (portable C), emit_opt_size 0, emit_threads 1.
 *
 * Environment:
 *   KILN_TEST_NO_PACKAGE=1 or KILN_TEST_NO_CC=1  skip everything that runs
 *                          the C compiler (package checks)
 *   KILN_TEST_CC           the compiler (default cc)
 *   KILN_TEST_CFLAGS       its optimisation flags (else KILN_RUN_CFLAGS, as
 *                          exported by `make test SANITIZE=1`; default -O2)
 *   KILN_TEST_SANITIZE=1   adds -fsanitize=address,undefined
 *   KILN_TEST_KEEP=1       keeps the generated programs (kept on failure anyway)
 * Paths (kernel files, runtime/) are relative to the repository root, found
 * from this file's __FILE__ or else the current directory.
 */
#ifndef KILN_OP_TEST_H
#define KILN_OP_TEST_H

#include "ops/op.h"
#include "emit/emit.h"
#include "ir/ir.h"
#include "util/util.h"

#include <stddef.h>
#include <stdint.h>

/* ---------------------------------------------------------------- reporting */

/* While set (random sweeps), passes are not printed or counted. */
extern int ot_quiet;

void ot_check(int ok, const char *name, const char *fmt, ...) KILN_PRINTF(3, 4);
void ot_pass(const char *name);
void ot_fail(const char *name, const char *fmt, ...) KILN_PRINTF(2, 3);
void ot_skip(const char *name, const char *fmt, ...) KILN_PRINTF(2, 3);
int ot_failures(void);
/* Prints `N passed, N failed`, frees the harness; returns the exit status. */
int ot_report(void);

/* ------------------------------------------------------------ graph building */

#define OT_I64(...) ((const int64_t[]){__VA_ARGS__})
#define OT_NI64(...) ((int)(sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t)))
#define OT_IDS(...) ((const int[]){__VA_ARGS__})
#define OT_NIDS(...) ((int)(sizeof((const int[]){__VA_ARGS__}) / sizeof(int)))
#define OT_F32(...) ((const float[]){__VA_ARGS__})

/* A tensor of known shape; with data (copied) it is a constant. */
int ot_tensor(ir_graph *g, const char *name, ir_dtype dt, int rank, const int64_t *dims,
              const void *data);
/* The same with the shape as text: "2x3x4", "" a scalar, "?" unknown. */
int ot_tensor_str(ir_graph *g, const char *name, ir_dtype dt, const char *shape, const void *data);
/* A node; in[i] = -1 for an omitted input. outs NULL: n_out new tensors
 * named "<name>_out<i>". Returns the node index. */
int ot_node(ir_graph *g, const char *name, const char *op, int opset, int n_in, const int *in,
            int n_out, const int *outs);

ir_attr *ot_attr(ir_node *n, const char *name, ir_attr_type type);
void ot_attr_int(ir_node *n, const char *name, int64_t v);
void ot_attr_float(ir_node *n, const char *name, float v);
void ot_attr_str(ir_node *n, const char *name, const char *v);
void ot_attr_ints(ir_node *n, const char *name, int k, const int64_t *v);
void ot_attr_floats(ir_node *n, const char *name, int k, const float *v);
void ot_attr_tensor(ir_node *n, const char *name, ir_dtype dt, int rank, const int64_t *dims,
                    const void *data);

/* infer, then eval when every present input is constant. d is reset with
 * d->file = file. 0, or -1 with d->msg. */
int ot_run(const op_def *op, ir_graph *g, int nd, kiln_diag *d, const char *file);

/* Deterministic data: an LCG over *state, uniform in [-1, 1); a malloc'd
 * buffer of n such values times scale. */
float ot_frand(uint32_t *state);
float *ot_rand_buf(uint32_t *state, int64_t n, float scale);

int ot_shape_is(const ir_tensor *t, int rank, const int64_t *dims);
/* |got - want| <= abs_tol + rel * |want|; NaN matches NaN, inf matches itself. */
int ot_close(double got, double want, double rel, double abs_tol);

/* One node per case (op_test_case.h): graph, node index, run-time inputs. */
#define OT_RT 0x40000000 /* flag on an input id: a run-time input */
typedef struct ot_case {
  ir_graph *g;
  int node;
  const op_def *op;
  int runtime[16]; /* run-time inputs: no data for infer and emit */
  int n_runtime;
  kiln_diag d;
} ot_case;
ot_case ot_case_new(const op_def *op);
/* Node "node0" (op type `op`) with inputs ins[] (may carry OT_RT; -1 =
 * omitted) and outputs outs[] (NULL: one new tensor "y"). */
ir_node *ot_case_node(ot_case *t, const char *op, int opset, int nin, const int *ins, int nout,
                      const int *outs);
/* infer with the run-time inputs hidden; d is reset (file "test.onnx"). */
int ot_case_infer(ot_case *t, const op_def *op, kiln_diag *d);
/* infer (run-time inputs hidden) must fail with a message holding `want`
 * and the prefix "test.onnx: node 'node0'". One check. */
void ot_case_expect_error(const char *name, ot_case *t, const op_def *op, const char *want);
/* Hides the run-time inputs (and the fused residual) from emit, emits the
 * node, and runs it as a package program whose outputs must match eval's
 * (float32 within f32_tol relative, else exact). 0, or -1 with why. */
int ot_case_package(const char *name, ot_case *t, const op_def *op, double f32_tol, char *why,
                    size_t wn);

/* Checks named `name` on an output: its values read as doubles equal want[]
 * exactly; its bytes equal want[]; its dtype and shape. */
void ot_expect_data(const char *name, const ir_tensor *t, int64_t k, const double *want);
void ot_expect_bytes(const char *name, const ir_tensor *t, const void *want, size_t n);
int ot_expect_shape(const char *name, const ir_tensor *y, ir_dtype dt, int rank, const int64_t *dims);
/* Output y has dtype dt and n values (read as double / int64) matching
 * want[]: reals within abs_tol + rel * |want| (NaN and inf exactly). */
void ot_expect_reals(const char *name, const ir_tensor *y, ir_dtype dt, const double *want,
                     int64_t n, double rel, double abs_tol);
void ot_expect_ints(const char *name, const ir_tensor *y, ir_dtype dt, const int64_t *want,
                    int64_t n);
/* rc must be negative and d->msg must contain text. */
void ot_expect_error(const char *name, int rc, const kiln_diag *d, const char *text);

/* ------------------------------------------------------ stand-in emitter */

/* Kernel library: the //@kernel sections of these files (relative to the
 * repository root, headers first), loaded now. Returns the section count. */
int ot_library(const char *const *files, int n_files);
int ot_section_exists(const char *name);
/* Checks of the loaded library as a whole: kernel_sections_declare_needs
 * (an identifier another section defines is in the `needs` closure),
 * kernel_section_names_unique, and with KILN_TEST_SECTIONS=1 (slow)
 * kernel_sections_compile_alone (each section with its closure, as strict
 * C99 package code). */
void ot_check_library(void);
const char *ot_root(void);

struct emit_ctx {
  ir_graph *g;
  kiln_diag d;
  kiln_buf decl, code; /* what emit_decl / emit_code wrote */
  kiln_buf uses;       /* the sections emit_use pulled, "a;b;" */
  kiln_buf weights;    /* emit_weight's blob */
  int *alias;          /* per tensor: the tensor whose storage it uses, or -1 */
  char *referenced;    /* per tensor: emit_ref/emit_bytes named it */
  int n_tensors;
  char ring[8][512];
  int ri;
};

void ot_emit_begin(emit_ctx *e, ir_graph *g);
void ot_emit_end(emit_ctx *e);
/* Output `out` shares the storage of tensor `in` (in place). */
void ot_emit_alias(emit_ctx *e, int out, int in);
static inline const char *ot_str(const kiln_buf *b) { return b->data ? b->data : ""; }

/* 1 when KILN_TEST_NO_PACKAGE or KILN_TEST_NO_CC is set (not "0"). */
int ot_no_cc(void);

/* Package programs. A job is one emitted node (e, after emit() succeeded):
 * its sections, declarations and code become function job_N() of a
 * program; the tensors it names are arrays initialised with their data
 * (node outputs start as 0xAB bytes unless they alias an input). want[k]
 * (NULL: the tensor's current data) is what output k must hold; f32_tol > 0
 * compares float32 outputs with that relative tolerance, else bytes must be
 * equal. ot_pkg_add queues the job (0, or -1 with why); ot_pkg_run builds
 * and runs every queued job in one program and reports through done(name,
 * why) per job (why NULL on success); it returns -1, with why, if the
 * program did not build or run (then done is not called). */
int ot_pkg_add(const char *name, emit_ctx *e, const ir_node *n, const void *const *want,
               double f32_tol, char *why, size_t wn);
typedef void (*ot_pkg_done)(const char *name, const char *why);
int ot_pkg_run(ot_pkg_done done, char *why, size_t wn);
/* One job at once: 0 on a match, else -1 with why. */
int ot_pkg_one(const char *name, emit_ctx *e, const ir_node *n, const void *const *want,
               double f32_tol, char *why, size_t wn);

/* Emits node nd (infer and eval already ran: eval's outputs are the
 * expectation) with op->emit and runs it as a package program: one check
 * `name`. Prints SKIP instead when ot_no_cc(). */
void ot_pkg_check(const char *name, const op_def *op, ir_graph *g, int nd, double f32_tol);

#endif
