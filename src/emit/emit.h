/* emit.h - the API operator files use to write generated C.
 *
 * The emitter owns the generated translation unit NAME.c:
 *   header comment, #includes, the kernel library sections this model uses
 *   (each once), file-scope declarations written by ops (parameter structs),
 *   then NAME_run(), whose body is the sequence of node calls.
 *
 * Pointers: inside NAME_run these locals exist:
 *   unsigned char *A        arena base (ctx->arena)
 *   const unsigned char *W  weights base (verified blob payload)
 *   const void *const *in   user inputs, in graph input order
 *   void *const *out        user outputs, in graph output order
 * emit_ref() turns a planned tensor into a typed C expression over these.
 *
 * Kernel library: files src/kernels/FAMILY.c (portable C; ISA variants later as *_avx512.c etc.) are plain C compiled into the
 * compiler too (so constant folding runs the very code we emit). Inside them
 *   //@kernel NAME [needs OTHER ...]
 *   ...
 *   //@end
 * delimits a section; emit_use(e, "NAME") pulls that section (and what it
 * needs) into the output once, in library order. Kernel functions are
 * declared with KILN_KERNEL (static in generated code, external in the
 * compiler) and their prototypes are in the family header src/kernels/FAMILY.h.
 */
#ifndef KILN_EMIT_H
#define KILN_EMIT_H

#include "../ir/ir.h"

typedef struct emit_ctx emit_ctx;

/* Pull a kernel library section into the output. Returns 0, or -1 (with
 * an error recorded) if no such section exists. */
int emit_use(emit_ctx *e, const char *section);

/* Typed pointer expression for tensor t, e.g. "((float *)(A + 4096))" or
 * "((const float *)(W + 0))". The returned string lives until the next
 * emit_* call that returns a string (ring of 8 buffers): use it at once. */
const char *emit_ref(emit_ctx *e, int t);
/* Same, as an untyped (unsigned char *) / (const unsigned char *) pointer. */
const char *emit_bytes(emit_ctx *e, int t);

/* For a data-dependent output (ir_tensor.dynamic): "((int64_t *)(A + off))",
 * the record where the emitted code must store the actual dims (rank
 * values) after computing t; NAME_output_dims() returns them. */
const char *emit_dims(emit_ctx *e, int t);

/* The node's arena scratch (op_def.scratch) as "((unsigned char *)(A + off))",
 * or "0" if it has none. */
const char *emit_scratch(emit_ctx *e, const ir_node *n);

/* A unique C identifier prefix for node n, e.g. "n12". */
const char *emit_id(emit_ctx *e, const ir_node *n);

/* Append to file-scope declarations / to the body of NAME_run. */
void emit_decl(emit_ctx *e, const char *fmt, ...) KILN_PRINTF(2, 3);
void emit_code(emit_ctx *e, const char *fmt, ...) KILN_PRINTF(2, 3);

/* Add compile-time-prepared constant data (pre-packed weights, tables) to
 * the weights blob; returns an expression "((const float *)(W + off))" typed
 * with ctype, or NULL on failure. Data is copied. */
const char *emit_weight(emit_ctx *e, const void *data, size_t nbytes, const char *ctype);

/* The KILN_ISA_* features (target.h) the target guarantees: emitters pick
 * the most specialised kernel candidate allowed, portable C otherwise. */
unsigned emit_isa(emit_ctx *e);
/* 1 under --opt size: prefer one kernel shared across shapes (runtime
 * parameters) over specialised or unrolled variants. */
int emit_opt_size(emit_ctx *e);

/* Most threads a run may use (kiln compile --threads; 1 by default). Above
 * 1, ops may split elementwise work through par.h with the run's `&P`. */
int emit_threads(emit_ctx *e);

/* Diagnostics for emit failures. */
kiln_diag *emit_diag(emit_ctx *e);

/* Writes a C array initialiser "{1, 2, 3}" of int64 values into a static
 * ring buffer, for parameter structs. */
const char *emit_i64_list(emit_ctx *e, const int64_t *v, int n);

#endif
