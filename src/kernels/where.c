/* where.c - Where(cond, X, Y) with 3-way numpy broadcasting, portable C.
 *
 * `void NAME(const kiln_bcast *bc, const uint8_t *c, const T *x0,
 * const T *x1, T *y)`: y = c ? x0 : x1 elementwise. bc->stride[0] is the
 * condition's, [1] X's and [2] Y's; the compiler coalesces bc as for the
 * binary kernels (see KILN_BINARY in binary.c): rank >= 1, the last dim is the
 * inner run. y never aliases an input (Where is not an in-place op).
 */
#include "kiln_kernels.h" /* outside any section: packages include it themselves */
#include "where.h"

//@kernel kiln_where_macros
/* KILN_WHERE(NAME, T). Inner-run fast paths: a condition that is constant
 * along the run (stride 0, e.g. a per-row mask) copies the run from one side;
 * all-contiguous runs select elementwise. */
#define KILN_WHERE(NAME, T)                                                      \
  KILN_KERNEL void NAME(const kiln_bcast *bc, const uint8_t *c, const T *x0,     \
                        const T *x1, T *y) {                                     \
    int64_t idx[KILN_MAX_RANK];                                                  \
    int64_t inner, sc, s0, s1, oc = 0, o0 = 0, o1 = 0, done, i;                  \
    int r = bc->rank, k;                                                         \
    if (bc->n <= 0 || r < 1) return;                                             \
    inner = bc->dims[r - 1];                                                     \
    sc = bc->stride[0][r - 1];                                                   \
    s0 = bc->stride[1][r - 1];                                                   \
    s1 = bc->stride[2][r - 1];                                                   \
    for (k = 0; k < r; k++) idx[k] = 0;                                          \
    for (done = 0; done < bc->n; done += inner) {                                \
      const uint8_t *pc = c + oc;                                                \
      const T *p0 = x0 + o0;                                                     \
      const T *p1 = x1 + o1;                                                     \
      T *q = y + done;                                                           \
      if (sc == 0) {                                                             \
        const T *p = pc[0] ? p0 : p1;                                            \
        const int64_t s = pc[0] ? s0 : s1;                                       \
        if (s == 1)                                                              \
          for (i = 0; i < inner; i++) q[i] = p[i];                               \
        else                                                                     \
          for (i = 0; i < inner; i++) q[i] = p[i * s];                           \
      } else if (sc == 1 && s0 == 1 && s1 == 1) {                                \
        for (i = 0; i < inner; i++) q[i] = pc[i] ? p0[i] : p1[i];                \
      } else {                                                                   \
        for (i = 0; i < inner; i++) q[i] = pc[i * sc] ? p0[i * s0] : p1[i * s1]; \
      }                                                                          \
      for (k = r - 2; k >= 0; k--) {                                             \
        oc += bc->stride[0][k];                                                  \
        o0 += bc->stride[1][k];                                                  \
        o1 += bc->stride[2][k];                                                  \
        if (++idx[k] < bc->dims[k]) break;                                       \
        oc -= bc->stride[0][k] * bc->dims[k];                                    \
        o0 -= bc->stride[1][k] * bc->dims[k];                                    \
        o1 -= bc->stride[2][k] * bc->dims[k];                                    \
        idx[k] = 0;                                                              \
      }                                                                          \
    }                                                                            \
  }
//@end

//@kernel kiln_f32_where__c needs kiln_where_macros
/* Where, float32 */
KILN_WHERE(kiln_f32_where__c, float)
//@end

//@kernel kiln_f64_where__c needs kiln_where_macros
/* Where, float64 */
KILN_WHERE(kiln_f64_where__c, double)
//@end

//@kernel kiln_i32_where__c needs kiln_where_macros
/* Where, int32 */
KILN_WHERE(kiln_i32_where__c, int32_t)
//@end

//@kernel kiln_i64_where__c needs kiln_where_macros
/* Where, int64 */
KILN_WHERE(kiln_i64_where__c, int64_t)
//@end

//@kernel kiln_bool_where__c needs kiln_where_macros
/* Where, bool (uint8_t); also int8 and uint8 (selection moves bytes). */
KILN_WHERE(kiln_bool_where__c, uint8_t)
//@end

//@kernel kiln_u16_where__c needs kiln_where_macros
/* Where, any 2-byte dtype (int16, uint16, float16, bfloat16 bits). */
KILN_WHERE(kiln_u16_where__c, uint16_t)
//@end

#ifndef KILN_HOST
/* Package-mode self-check: compiled alone without KILN_HOST (see
 * docs/writing-an-op.md) every kernel is static, so reference each one or
 * -Wunused-function fires. Outside any section: never copied into packages. */
typedef void (*kiln_where_any_fn)(void);
const kiln_where_any_fn kiln_where_c_all[] = {
  (kiln_where_any_fn)kiln_f32_where__c, (kiln_where_any_fn)kiln_f64_where__c,
  (kiln_where_any_fn)kiln_i32_where__c, (kiln_where_any_fn)kiln_i64_where__c,
  (kiln_where_any_fn)kiln_bool_where__c, (kiln_where_any_fn)kiln_u16_where__c,
};
#endif
