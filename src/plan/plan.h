/* plan.h - memory planning: where every run-time tensor lives.
 *
 * Locations: graph inputs stay in the caller's input buffers, outputs are
 * written straight into the caller's output buffers where possible,
 * constants go to the weights blob (placed by the emitter), views share
 * their base's storage, and everything else gets an offset in one arena.
 *
 * Arena algorithm (greedy by size, as TFLite Micro's planner): each
 * buffer's life is [position of its producer, position of its last reader]
 * in the schedule (views extend their base's life). Buffers are placed in
 * order of decreasing size at the lowest 64-byte-aligned offset that does
 * not overlap any already-placed buffer whose life intersects its own.
 * The lower bound is the largest sum of live buffer sizes at any step; no
 * plan can beat it, and `kiln info` prints both.
 */
#ifndef KILN_PLAN_H
#define KILN_PLAN_H

#include <stdio.h>
#include "../ir/ir.h"

#define PLAN_ALIGN 64

/* String pool: when a live node has OP_STRINGS (it makes new strings at run
 * time: StringConcat, StringSplit, ...), the plan adds one arena buffer
 * named PLAN_STRING_POOL of g->string_pool_bytes (default
 * PLAN_STRING_POOL_DEFAULT) live for the whole run. Its first 8 bytes hold
 * the bytes used so far (src/kernels/string.c); a run that needs more gets
 * NAME_ERR_STRING_POOL. */
#define PLAN_STRING_POOL "kiln/string_pool"
#define PLAN_STRING_POOL_DEFAULT 65536

typedef struct plan_result {
  size_t arena_bytes;   /* size of the arena the plan needs */
  size_t lower_bound;   /* max over steps of live bytes */
  int n_buffers;        /* arena buffers planned */
} plan_result;

int plan_memory(kiln_diag *d, ir_graph *g, plan_result *r);
/* Proves no two arena buffers with intersecting lives overlap; -1 + message if they do. */
int plan_check(kiln_diag *d, const ir_graph *g);
/* Human-readable plan: one line per arena buffer. */
void plan_dump(const ir_graph *g, FILE *f);

#endif
