/* strops.h - prototypes of the string kernels (strops.c), for the compiler.
 * The kiln_regex section (the compiled-regex type) reaches packages too. */
#ifndef KILN_KERNELS_STROPS_H
#define KILN_KERNELS_STROPS_H

#include "kiln_kernels.h"

#define KILN_STR_ERR_POOL (-1)
#define KILN_STR_ERR_SHAPE (-2)

//@kernel kiln_regex
/* A compiled regular expression (src/ops/regex.c): n instructions of 3
 * int32 each {op, a, b}; classes of 33 bytes each (a 128-bit ASCII set in
 * bytes 0..15, byte 32 = 1 if it matches every non-ASCII code point). */
enum {
  KILN_RE_CHAR = 0, /* a = code point */
  KILN_RE_ANY,      /* any code point but '\n' */
  KILN_RE_CLASS,    /* a = class index */
  KILN_RE_SPLIT,    /* try a, then b */
  KILN_RE_JMP,      /* a */
  KILN_RE_MATCH,
  KILN_RE_BOL,      /* start of text */
  KILN_RE_EOL,      /* end of text */
  KILN_RE_WORDB,    /* ASCII word boundary */
  KILN_RE_NWORDB
};
typedef struct kiln_regex {
  int32_t n;
  const int32_t *prog;
  const uint8_t *cls;
} kiln_regex;
//@end

KILN_KERNEL void kiln_str_equal__c(const kiln_bcast *bc, const char *const *a, const char *const *b,
                                   uint8_t *y);
KILN_KERNEL int kiln_str_concat__c(const kiln_bcast *bc, const char *const *a, const char *const *b,
                                   const char **y, unsigned char *pool, size_t cap);
KILN_KERNEL int kiln_str_normalize__c(int64_t n, const char *const *x, const char **y, int64_t ny,
                                      const char *const *stop, int64_t n_stop, int case_sensitive,
                                      int action, unsigned char *pool, size_t cap, int64_t *n_out);
KILN_KERNEL int kiln_str_split__c(int64_t n, const char *const *x, const char *delim, int64_t maxsplit,
                                  const char **y, int64_t k, int64_t *len, unsigned char *pool,
                                  size_t cap, int64_t *most);
KILN_KERNEL void kiln_str_regex_full_match__c(const kiln_regex *re, int64_t count, const char *const *x,
                                              uint8_t *y, int32_t *scratch);

#endif
