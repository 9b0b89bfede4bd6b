/* strops.c - string tensor kernels, portable C.
 *
 * A string tensor at run time is an array of `const char *`, each a
 * NUL-terminated UTF-8 string (NULL reads as ""). Strings a kernel makes
 * are written into the run's string pool, an arena buffer whose size is
 * fixed at compile time (plan.h): its first 8 bytes hold the offset of
 * the first free byte. A kernel that would overflow it returns
 * KILN_STR_ERR_POOL and writes nothing past the end; a kernel whose
 * output size depends on the values and differs from the compiled shape
 * returns KILN_STR_ERR_SHAPE.
 */
#include "kiln_kernels.h" /* outside any section: packages include it themselves */
#include "strops.h"

//@kernel kiln_str_pool
#define KILN_STR_ERR_POOL (-1)
#define KILN_STR_ERR_SHAPE (-2)
/* Empties the pool (the first string-making node of a run calls it). */
static inline void kiln_str_pool_reset(unsigned char *pool) {
  uint64_t used = 8;
  memcpy(pool, &used, 8);
}
/* n bytes from the pool, or NULL when it is full. */
static inline char *kiln_str_pool_alloc(unsigned char *pool, size_t cap, size_t n) {
  uint64_t used;
  memcpy(&used, pool, 8);
  if (used > cap || n > cap - used) return NULL;
  memcpy(pool, &(uint64_t){used + n}, 8);
  return (char *)pool + used;
}
static inline const char *kiln_str_or_empty(const char *s) { return s ? s : ""; }
//@end

//@kernel kiln_str_bcast_next
/* Advances a broadcast odometer (idx, per-input offsets off[0..1]). */
static inline void kiln_str_bcast_next(const kiln_bcast *bc, int64_t *idx, int64_t *off) {
  int k;
  for (k = bc->rank - 1; k >= 0; k--) {
    off[0] += bc->stride[0][k];
    off[1] += bc->stride[1][k];
    if (++idx[k] < bc->dims[k]) return;
    off[0] -= bc->stride[0][k] * bc->dims[k];
    off[1] -= bc->stride[1][k] * bc->dims[k];
    idx[k] = 0;
  }
}
//@end

//@kernel kiln_str_equal__c needs kiln_str_pool kiln_str_bcast_next
/* Equal on strings: y = (a == b) bytewise, numpy broadcasting over bc. */
KILN_KERNEL void kiln_str_equal__c(const kiln_bcast *bc, const char *const *a, const char *const *b,
                                   uint8_t *y) {
  int64_t idx[KILN_MAX_RANK] = {0}, off[2] = {0, 0}, i;
  for (i = 0; i < bc->n; i++) {
    y[i] = strcmp(kiln_str_or_empty(a[off[0]]), kiln_str_or_empty(b[off[1]])) == 0;
    kiln_str_bcast_next(bc, idx, off);
  }
}
//@end

//@kernel kiln_str_concat__c needs kiln_str_pool kiln_str_bcast_next
/* StringConcat: y = a + b elementwise with broadcasting; the results go
 * into the pool. Returns 0 or KILN_STR_ERR_POOL. */
KILN_KERNEL int kiln_str_concat__c(const kiln_bcast *bc, const char *const *a, const char *const *b,
                                   const char **y, unsigned char *pool, size_t cap) {
  int64_t idx[KILN_MAX_RANK] = {0}, off[2] = {0, 0}, i;
  for (i = 0; i < bc->n; i++) {
    const char *sa = kiln_str_or_empty(a[off[0]]), *sb = kiln_str_or_empty(b[off[1]]);
    size_t la = strlen(sa), lb = strlen(sb);
    char *r = kiln_str_pool_alloc(pool, cap, la + lb + 1);
    if (!r) return KILN_STR_ERR_POOL;
    memcpy(r, sa, la);
    memcpy(r + la, sb, lb + 1);
    y[i] = r;
    kiln_str_bcast_next(bc, idx, off);
  }
  return 0;
}
//@end

//@kernel kiln_str_case
/* Case mapping of one UTF-8 string into dst (same length): ASCII and the
 * Latin-1 letters U+00C0..U+00DE <-> U+00E0..U+00FE (not U+00D7/U+00F7).
 * up = 1: to upper case, 0: to lower case. Other bytes are copied. */
static inline void kiln_str_case(char *dst, const char *src, int up) {
  const unsigned char *s = (const unsigned char *)src;
  unsigned char *d = (unsigned char *)dst;
  while (*s) {
    unsigned c = *s;
    if (c < 0x80) {
      if (up && c >= 'a' && c <= 'z') c -= 32;
      else if (!up && c >= 'A' && c <= 'Z') c += 32;
      *d++ = (unsigned char)c;
      s++;
    } else if (c == 0xC3 && s[1] >= 0x80 && s[1] <= 0xBF) { /* U+00C0..U+00FF */
      unsigned t = s[1];
      if (up && t >= 0xA0 && t <= 0xBE && t != 0xB7) t -= 0x20;
      else if (!up && t >= 0x80 && t <= 0x9E && t != 0x97) t += 0x20;
      *d++ = 0xC3;
      *d++ = (unsigned char)t;
      s += 2;
    } else {
      *d++ = *s++;
    }
  }
  *d = 0;
}
/* Strings equal with the same ASCII/Latin-1 case folding (lower case). */
static inline int kiln_str_eq_nocase(const char *a, const char *b) {
  const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;
  for (;;) {
    unsigned x = *p, y = *q;
    if (x >= 'A' && x <= 'Z') x += 32;
    if (y >= 'A' && y <= 'Z') y += 32;
    if (p > (const unsigned char *)a && p[-1] == 0xC3 && x >= 0x80 && x <= 0x9E && x != 0x97) x += 0x20;
    if (q > (const unsigned char *)b && q[-1] == 0xC3 && y >= 0x80 && y <= 0x9E && y != 0x97) y += 0x20;
    if (x != y) return 0;
    if (!x) return 1;
    p++;
    q++;
  }
}
//@end

//@kernel kiln_str_normalize__c needs kiln_str_pool kiln_str_case
/* StringNormalizer over n strings x: drops the stopwords (compared exactly,
 * or with case folding when case_sensitive is 0), then maps case
 * (action 0 none, 1 lower, 2 upper). The kept strings fill y, which has
 * ny slots: all stopwords -> one "" (the spec's [1] / [1, 1] output);
 * *n_out = the output's true size; if it is not ny -> KILN_STR_ERR_SHAPE.
 * Mapped strings go into the pool (KILN_STR_ERR_POOL when full); unmapped
 * ones alias x. */
KILN_KERNEL int kiln_str_normalize__c(int64_t n, const char *const *x, const char **y, int64_t ny,
                                      const char *const *stop, int64_t n_stop, int case_sensitive,
                                      int action, unsigned char *pool, size_t cap, int64_t *n_out) {
  int64_t i, j, kept = 0;
  *n_out = 0;
  for (i = 0; i < n; i++) {
    const char *s = kiln_str_or_empty(x[i]);
    int drop = 0;
    for (j = 0; j < n_stop && !drop; j++)
      drop = case_sensitive ? strcmp(s, stop[j]) == 0 : kiln_str_eq_nocase(s, stop[j]);
    if (drop) continue;
    *n_out = ++kept;
    if (kept > ny) continue; /* counted only */
    kept--;
    if (action == 0) {
      y[kept++] = s;
    } else {
      char *r = kiln_str_pool_alloc(pool, cap, strlen(s) + 1);
      if (!r) return KILN_STR_ERR_POOL;
      kiln_str_case(r, s, action == 2);
      y[kept++] = r;
    }
  }
  if (*n_out == 0) {
    *n_out = 1;
    if (ny != 1) return KILN_STR_ERR_SHAPE;
    y[0] = "";
    return 0;
  }
  return *n_out == ny ? 0 : KILN_STR_ERR_SHAPE;
}
//@end

//@kernel kiln_str_split__c needs kiln_str_pool
/* StringSplit of n strings x. delim NULL or "": split on runs of ASCII
 * whitespace, dropping leading/trailing ones (Python's str.split()); else
 * on each occurrence of delim (str.split(delim)). maxsplit < 0: no limit.
 * Row i of y (k slots) gets the pieces, padded with ""; len[i] their count.
 * *most = the largest count, the output's true last dim; if it is not
 * k (the compiled one) -> KILN_STR_ERR_SHAPE (pieces past k are counted,
 * not stored). Pieces go into the pool. */
KILN_KERNEL int kiln_str_split__c(int64_t n, const char *const *x, const char *delim, int64_t maxsplit,
                                  const char **y, int64_t k, int64_t *len, unsigned char *pool,
                                  size_t cap, int64_t *most) {
  int64_t i, j;
  int shape_ok = 1;
  *most = 0;
  size_t dl = delim ? strlen(delim) : 0;
  for (i = 0; i < n; i++) {
    const char *s = kiln_str_or_empty(x[i]);
    int64_t cnt = 0, splits = 0;
    for (;;) {
      const char *b, *e;
      if (dl == 0) {
        while (*s == ' ' || (*s >= '\t' && *s <= '\r')) s++;
        if (!*s) break;
        b = s;
        if (maxsplit >= 0 && splits >= maxsplit) { /* the rest, as is */
          e = b + strlen(b);
        } else {
          e = b;
          while (*e && !(*e == ' ' || (*e >= '\t' && *e <= '\r'))) e++;
        }
      } else {
        b = s;
        e = (maxsplit >= 0 && splits >= maxsplit) ? NULL : strstr(s, delim);
        if (!e) e = s + strlen(s);
      }
      if (cnt >= k) {
        shape_ok = 0;
        cnt++;
      } else {
        char *r = kiln_str_pool_alloc(pool, cap, (size_t)(e - b) + 1);
        if (!r) return KILN_STR_ERR_POOL;
        memcpy(r, b, (size_t)(e - b));
        r[e - b] = 0;
        y[i * k + cnt++] = r;
      }
      splits++;
      if (dl == 0) {
        s = e;
        if (!*s) break;
      } else {
        if (!*e) break;
        s = e + dl;
      }
    }
    for (j = cnt; j < k; j++) y[i * k + j] = "";
    if (shape_ok) len[i] = cnt;
    if (cnt > *most) *most = cnt;
  }
  return (!shape_ok || *most != k) ? KILN_STR_ERR_SHAPE : 0;
}
//@end

//@kernel kiln_str_regex_full_match__c needs kiln_regex kiln_str_pool
/* One UTF-8 code point at s (an invalid byte reads as itself + 0x110000);
 * *len = bytes. */
static int32_t kiln_re_decode(const unsigned char *s, int *len) {
  unsigned c = s[0];
  int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
  int32_t v;
  int i;
  if (n == 1) { *len = 1; return (int32_t)c; }
  if (n == 0) { *len = 1; return (int32_t)(c + 0x110000); }
  v = (int32_t)(c & (0x7F >> n));
  for (i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) { *len = 1; return (int32_t)(c + 0x110000); }
    v = (v << 6) | (s[i] & 0x3F);
  }
  *len = n;
  return v;
}
static int kiln_re_word(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
/* Adds pc and what it reaches without consuming input to list (size *cnt)
 * at a position with code points prev / next (-1 = none). mark[] holds
 * gen for states already in the list; stack has 2n + 1 slots. */
static void kiln_re_add(const kiln_regex *re, int32_t *list, int32_t *cnt, int32_t *mark, int32_t gen,
                        int32_t *stack, int32_t pc, int32_t prev, int32_t next) {
  int32_t sp = 0;
  stack[sp++] = pc;
  while (sp > 0) {
    const int32_t *in;
    pc = stack[--sp];
    if (pc < 0 || pc >= re->n || mark[pc] == gen) continue;
    mark[pc] = gen;
    in = re->prog + 3 * pc;
    switch (in[0]) {
    case KILN_RE_JMP: stack[sp++] = in[1]; break;
    case KILN_RE_SPLIT: stack[sp++] = in[2]; stack[sp++] = in[1]; break;
    case KILN_RE_BOL: if (prev < 0) stack[sp++] = pc + 1; break;
    case KILN_RE_EOL: if (next < 0) stack[sp++] = pc + 1; break;
    case KILN_RE_WORDB:
    case KILN_RE_NWORDB: {
      int at = (prev >= 0 && kiln_re_word(prev)) != (next >= 0 && kiln_re_word(next));
      if (at == (in[0] == KILN_RE_WORDB)) stack[sp++] = pc + 1;
      break;
    }
    default: list[(*cnt)++] = pc; break;
    }
  }
}
/* RegexFullMatch: y[i] = 1 if all of x[i] matches re. Thompson NFA
 * simulation: time O(len * n), memory the scratch of 5n + 1 int32
 * (two state lists, marks, stack), n = re->n. */
KILN_KERNEL void kiln_str_regex_full_match__c(const kiln_regex *re, int64_t count, const char *const *x,
                                              uint8_t *y, int32_t *scratch) {
  int32_t *cl = scratch, *nl = scratch + re->n, *mark = scratch + 2 * re->n, *stack = scratch + 3 * re->n;
  int64_t i;
  for (i = 0; i < count; i++) {
    const unsigned char *s = (const unsigned char *)kiln_str_or_empty(x[i]);
    int32_t nc = 0, nn, gen = 1, prev = -1, cur, k;
    int len = 0, ok = 0;
    for (k = 0; k < re->n; k++) mark[k] = 0;
    cur = *s ? kiln_re_decode(s, &len) : -1;
    kiln_re_add(re, cl, &nc, mark, gen, stack, 0, prev, cur);
    while (cur >= 0 && nc > 0) {
      int32_t next, nlen = 0;
      const unsigned char *t = s + len;
      int l2 = 0;
      next = *t ? kiln_re_decode(t, &l2) : -1;
      nlen = l2;
      nn = 0;
      gen++;
      for (k = 0; k < nc; k++) {
        const int32_t *in = re->prog + 3 * cl[k];
        int hit = 0;
        if (in[0] == KILN_RE_CHAR) hit = cur == in[1];
        else if (in[0] == KILN_RE_ANY) hit = cur != '\n';
        else if (in[0] == KILN_RE_CLASS) {
          const uint8_t *c = re->cls + 33 * in[1];
          hit = cur < 128 ? (c[cur >> 3] >> (cur & 7)) & 1 : c[32];
        }
        if (hit) kiln_re_add(re, nl, &nn, mark, gen, stack, cl[k] + 1, cur, next);
      }
      { int32_t *tmp = cl; cl = nl; nl = tmp; }
      nc = nn;
      prev = cur;
      cur = next;
      s = t;
      len = nlen;
    }
    if (cur < 0)
      for (k = 0; k < nc && !ok; k++) ok = re->prog[3 * cl[k]] == KILN_RE_MATCH;
    y[i] = (uint8_t)ok;
    (void)prev;
  }
}
//@end
