/* klib.h - the kernel library carried inside the compiler.
 *
 * tools/embed.c stores src/kernels/FAMILY.{c,h} and runtime/ files as text; klib
 * splits the kernel files into sections:
 *   //@kernel NAME [needs DEP ...]
 *   ...
 *   //@end
 * and hands out a section's text with its dependencies first.
 */
#ifndef KILN_KLIB_H
#define KILN_KLIB_H

#include "../util/util.h"

typedef struct klib_section {
  const char *name; size_t name_len;
  const char *file;        /* kernel file it came from */
  const char *body; size_t body_len; /* text between the markers */
  const char *needs; size_t needs_len; /* space-separated names */
  int order;               /* position in the library, for stable output */
} klib_section;

/* Indexes the embedded library once; returns -1 on a malformed library. */
int klib_init(kiln_diag *d);
const klib_section *klib_find(const char *name);
/* Text of an embedded file by basename (e.g. "kiln_kernels.h"), or NULL. */
const char *klib_file(const char *name);

#endif
