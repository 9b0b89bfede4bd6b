/* package.h - writes a compiled model as a buildable folder:
 *   NAME.h, NAME.c, kiln_kernels.h, NAME.weights (unless embedded),
 *   Makefile, CMakeLists.txt, example_main.c
 */
#ifndef KILN_PACKAGE_H
#define KILN_PACKAGE_H

#include "../ir/ir.h"
#include "../plan/plan.h"
#include "target.h"

typedef struct package_options {
  const char *model_path;  /* for comments */
  const char *out_dir;
  const char *name;        /* C identifier prefix */
  const char *target;      /* target name, for comments */
  const kiln_target *tgt;  /* ISA features and build flags */
  int embed_weights;
  int opt_size;            /* --opt size: the package builds with -Os */
  uint64_t model_hash;     /* checked by NAME_init against the blob */
  const char **vars;       /* template variables, filled by package_write */
} package_options;

typedef struct package_stats {
  size_t weights_bytes;    /* blob payload */
  int n_kernels;           /* kernel sections emitted */
} package_stats;

int package_write(kiln_diag *d, ir_graph *g, const plan_result *plan, const package_options *o,
                  package_stats *st);



/* emit.c: generates NAME.c into c_out and the weights payload (without the
 * blob header) into weights_out. Used by package_write. */
int emit_model(kiln_diag *d, ir_graph *g, const plan_result *plan, const package_options *o,
               kiln_buf *c_out, kiln_buf *weights_out, int *n_kernels);
/* The 64-byte weights blob header, little-endian:
 *   0  char[8] "KILNWT01"   magic
 *   8  u32     1            format version (u32 4 bytes reserved after)
 *   16 u64     model hash   identifies model file + compile options
 *   24 u64     payload bytes
 *   32 u64     payload checksum (kiln_checksum64)
 *   40 24 bytes reserved, zero
 * The payload follows at byte 64; tensor offsets are 64-byte aligned. */
/* Expands ${KEY} holes in tmpl from kv = {"KEY", "value", ..., NULL};
 * unknown holes are kept as they are. */
void package_expand(kiln_buf *out, const char *tmpl, const char *const *kv);

void package_blob_header(unsigned char hdr[64], const void *payload, size_t n, uint64_t model_hash);
#endif
