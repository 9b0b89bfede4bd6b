/* binary.c - elementwise binary kernels with numpy broadcasting, portable C.
 *
 * Every kernel is `void NAME(const kiln_bcast *bc, const TA *x0, const TB *x1,
 * TY *y)`. The compiler computes `bc` (a static const in the package) so the
 * kernel only walks constant shapes: see KILN_BINARY below. Integer
 * arithmetic wraps (computed in the unsigned type: signed overflow would be
 * undefined behaviour); integer division truncates toward zero like C and
 * defines x / 0 = 0 so that constant folding can never trap.
 */
#include "kiln_kernels.h" /* outside any section: packages include it themselves */
#include "binary.h"

//@kernel kiln_binary_macros
/* KILN_BINARY(NAME, TA, TB, TY, EXPR): y = EXPR(a, b) over a broadcast, with
 * `a` an element of x0 and `b` of x1.
 *
 * The compiler coalesces `bc`: output dims of size 1 are dropped and adjacent
 * dims are merged whenever every input is contiguous across them, so rank >= 1
 * and same-shape inputs become one dim. The last dim is the inner run; it is
 * specialised on the inputs' strides there (1 = contiguous, 0 = broadcast):
 * same shape, tensor-scalar and per-channel bias (NxCxHxW + 1xCx1x1 becomes
 * dims {N, C, H*W}, the bias fixed along each H*W run) are plain vectorisable
 * loops. The outer dims are walked with an odometer that updates the input
 * offsets incrementally.
 *
 * In place: y may alias x0 or x1 when that input has the output's shape
 * (never a broadcast one); each element is read before it is written. */
#define KILN_BINARY(NAME, TA, TB, TY, EXPR)                                     \
  KILN_KERNEL void NAME(const kiln_bcast *bc, const TA *x0, const TB *x1, TY *y) { \
    int64_t idx[KILN_MAX_RANK];                                                 \
    int64_t inner, s0, s1, o0 = 0, o1 = 0, done, i;                             \
    int r = bc->rank, k;                                                        \
    if (bc->n <= 0 || r < 1) return;                                            \
    inner = bc->dims[r - 1];                                                    \
    s0 = bc->stride[0][r - 1];                                                  \
    s1 = bc->stride[1][r - 1];                                                  \
    for (k = 0; k < r; k++) idx[k] = 0;                                         \
    for (done = 0; done < bc->n; done += inner) {                               \
      const TA *p0 = x0 + o0;                                                   \
      const TB *p1 = x1 + o1;                                                   \
      TY *q = y + done;                                                         \
      if (s0 == 1 && s1 == 1) {                                                 \
        for (i = 0; i < inner; i++) {                                           \
          const TA a = p0[i];                                                   \
          const TB b = p1[i];                                                   \
          q[i] = (EXPR);                                                        \
        }                                                                       \
      } else if (s0 == 1 && s1 == 0) {                                          \
        const TB b = p1[0];                                                     \
        for (i = 0; i < inner; i++) {                                           \
          const TA a = p0[i];                                                   \
          q[i] = (EXPR);                                                        \
        }                                                                       \
      } else if (s0 == 0 && s1 == 1) {                                          \
        const TA a = p0[0];                                                     \
        for (i = 0; i < inner; i++) {                                           \
          const TB b = p1[i];                                                   \
          q[i] = (EXPR);                                                        \
        }                                                                       \
      } else {                                                                  \
        for (i = 0; i < inner; i++) {                                           \
          const TA a = p0[i * s0];                                              \
          const TB b = p1[i * s1];                                              \
          q[i] = (EXPR);                                                        \
        }                                                                       \
      }                                                                         \
      for (k = r - 2; k >= 0; k--) {                                            \
        o0 += bc->stride[0][k];                                                 \
        o1 += bc->stride[1][k];                                                 \
        if (++idx[k] < bc->dims[k]) break;                                      \
        o0 -= bc->stride[0][k] * bc->dims[k];                                   \
        o1 -= bc->stride[1][k] * bc->dims[k];                                   \
        idx[k] = 0;                                                             \
      }                                                                         \
    }                                                                           \
  }
//@end

//@kernel kiln_div_i32
/* Truncating division (ONNX integer Div is C's, not numpy's floor division).
 * The two trapping cases are defined: x / 0 = 0 and INT32_MIN / -1 wraps. */
static inline int32_t kiln_div_i32(int32_t a, int32_t b) {
  if (b == 0) return 0;
  if (b == -1) return (int32_t)(0u - (uint32_t)a);
  return a / b;
}
//@end

//@kernel kiln_div_i64
/* As kiln_div_i32. */
static inline int64_t kiln_div_i64(int64_t a, int64_t b) {
  if (b == 0) return 0;
  if (b == -1) return (int64_t)(0u - (uint64_t)a);
  return a / b;
}
//@end

//@kernel kiln_pow_i64
/* Integer power by squaring, wrapping modulo 2^64. A negative exponent gives
 * the truncated 1 / a^-b: 1 for a = 1, -1 or 1 for a = -1, otherwise 0
 * (including a = 0, where it would divide by zero). */
static inline int64_t kiln_pow_i64(int64_t a, int64_t b) {
  uint64_t r = 1, base = (uint64_t)a, e;
  if (b < 0) {
    if (a == 1) return 1;
    if (a == -1) return b % 2 != 0 ? -1 : 1;
    return 0;
  }
  for (e = (uint64_t)b; e != 0; e >>= 1) {
    if (e & 1u) r *= base;
    base *= base;
  }
  return (int64_t)r;
}
//@end

/* ---- arithmetic: Add Sub Mul Div ---- */

//@kernel kiln_f32_add__c needs kiln_binary_macros
/* Add */
KILN_BINARY(kiln_f32_add__c, float, float, float, a + b)
//@end

//@kernel kiln_f64_add__c needs kiln_binary_macros
/* Add */
KILN_BINARY(kiln_f64_add__c, double, double, double, a + b)
//@end

//@kernel kiln_i32_add__c needs kiln_binary_macros
/* Add, wrapping */
KILN_BINARY(kiln_i32_add__c, int32_t, int32_t, int32_t, (int32_t)((uint32_t)a + (uint32_t)b))
//@end

//@kernel kiln_i64_add__c needs kiln_binary_macros
/* Add, wrapping */
KILN_BINARY(kiln_i64_add__c, int64_t, int64_t, int64_t, (int64_t)((uint64_t)a + (uint64_t)b))
//@end

//@kernel kiln_f32_sub__c needs kiln_binary_macros
/* Sub */
KILN_BINARY(kiln_f32_sub__c, float, float, float, a - b)
//@end

//@kernel kiln_f64_sub__c needs kiln_binary_macros
/* Sub */
KILN_BINARY(kiln_f64_sub__c, double, double, double, a - b)
//@end

//@kernel kiln_i32_sub__c needs kiln_binary_macros
/* Sub, wrapping */
KILN_BINARY(kiln_i32_sub__c, int32_t, int32_t, int32_t, (int32_t)((uint32_t)a - (uint32_t)b))
//@end

//@kernel kiln_i64_sub__c needs kiln_binary_macros
/* Sub, wrapping */
KILN_BINARY(kiln_i64_sub__c, int64_t, int64_t, int64_t, (int64_t)((uint64_t)a - (uint64_t)b))
//@end

//@kernel kiln_f32_mul__c needs kiln_binary_macros
/* Mul */
KILN_BINARY(kiln_f32_mul__c, float, float, float, a * b)
//@end

//@kernel kiln_f64_mul__c needs kiln_binary_macros
/* Mul */
KILN_BINARY(kiln_f64_mul__c, double, double, double, a * b)
//@end

//@kernel kiln_i32_mul__c needs kiln_binary_macros
/* Mul, wrapping */
KILN_BINARY(kiln_i32_mul__c, int32_t, int32_t, int32_t, (int32_t)((uint32_t)a * (uint32_t)b))
//@end

//@kernel kiln_i64_mul__c needs kiln_binary_macros
/* Mul, wrapping */
KILN_BINARY(kiln_i64_mul__c, int64_t, int64_t, int64_t, (int64_t)((uint64_t)a * (uint64_t)b))
//@end

//@kernel kiln_f32_div__c needs kiln_binary_macros
/* Div (IEEE: x / 0 = +-inf or NaN) */
KILN_BINARY(kiln_f32_div__c, float, float, float, a / b)
//@end

//@kernel kiln_f64_div__c needs kiln_binary_macros
/* Div (IEEE: x / 0 = +-inf or NaN) */
KILN_BINARY(kiln_f64_div__c, double, double, double, a / b)
//@end

//@kernel kiln_i32_div__c needs kiln_binary_macros kiln_div_i32
/* Div, truncating; x / 0 = 0 */
KILN_BINARY(kiln_i32_div__c, int32_t, int32_t, int32_t, kiln_div_i32(a, b))
//@end

//@kernel kiln_i64_div__c needs kiln_binary_macros kiln_div_i64
/* Div, truncating; x / 0 = 0 */
KILN_BINARY(kiln_i64_div__c, int64_t, int64_t, int64_t, kiln_div_i64(a, b))
//@end

/* ---- Pow: the exponent may have another type than the base ---- */

//@kernel kiln_f32_pow__c needs kiln_binary_macros
/* Pow, float32 ^ float32 */
KILN_BINARY(kiln_f32_pow__c, float, float, float, powf(a, b))
//@end

//@kernel kiln_f32_pow_i32__c needs kiln_binary_macros
/* Pow, float32 ^ int32 */
KILN_BINARY(kiln_f32_pow_i32__c, float, int32_t, float, powf(a, (float)b))
//@end

//@kernel kiln_f32_pow_i64__c needs kiln_binary_macros
/* Pow, float32 ^ int64 */
KILN_BINARY(kiln_f32_pow_i64__c, float, int64_t, float, powf(a, (float)b))
//@end

//@kernel kiln_f64_pow__c needs kiln_binary_macros
/* Pow, float64 ^ float64 */
KILN_BINARY(kiln_f64_pow__c, double, double, double, pow(a, b))
//@end

//@kernel kiln_i32_pow__c needs kiln_binary_macros kiln_pow_i64
/* Pow, int32 ^ int32, wrapping */
KILN_BINARY(kiln_i32_pow__c, int32_t, int32_t, int32_t, (int32_t)kiln_pow_i64(a, b))
//@end

//@kernel kiln_i64_pow__c needs kiln_binary_macros kiln_pow_i64
/* Pow, int64 ^ int64, wrapping */
KILN_BINARY(kiln_i64_pow__c, int64_t, int64_t, int64_t, kiln_pow_i64(a, b))
//@end

/* ---- Max, Min (variadic ops run as a chain of these); float NaN propagates ---- */

//@kernel kiln_f32_max__c needs kiln_binary_macros
/* Max, NaN if either is NaN */
KILN_BINARY(kiln_f32_max__c, float, float, float, (a > b || a != a) ? a : b)
//@end

//@kernel kiln_f32_min__c needs kiln_binary_macros
/* Min, NaN if either is NaN */
KILN_BINARY(kiln_f32_min__c, float, float, float, (a < b || a != a) ? a : b)
//@end

//@kernel kiln_f64_max__c needs kiln_binary_macros
/* Max, NaN if either is NaN */
KILN_BINARY(kiln_f64_max__c, double, double, double, (a > b || a != a) ? a : b)
//@end

//@kernel kiln_f64_min__c needs kiln_binary_macros
/* Min, NaN if either is NaN */
KILN_BINARY(kiln_f64_min__c, double, double, double, (a < b || a != a) ? a : b)
//@end

//@kernel kiln_i32_max__c needs kiln_binary_macros
/* Max */
KILN_BINARY(kiln_i32_max__c, int32_t, int32_t, int32_t, a > b ? a : b)
//@end

//@kernel kiln_i32_min__c needs kiln_binary_macros
/* Min */
KILN_BINARY(kiln_i32_min__c, int32_t, int32_t, int32_t, a < b ? a : b)
//@end

//@kernel kiln_i64_max__c needs kiln_binary_macros
/* Max */
KILN_BINARY(kiln_i64_max__c, int64_t, int64_t, int64_t, a > b ? a : b)
//@end

//@kernel kiln_i64_min__c needs kiln_binary_macros
/* Min */
KILN_BINARY(kiln_i64_min__c, int64_t, int64_t, int64_t, a < b ? a : b)
//@end

/* ---- comparisons: bool (uint8_t 0/1) output ---- */

//@kernel kiln_f32_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_f32_equal__c, float, float, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_f64_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_f64_equal__c, double, double, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_i32_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_i32_equal__c, int32_t, int32_t, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_i64_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_i64_equal__c, int64_t, int64_t, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_bool_equal__c needs kiln_binary_macros
/* Equal on bools (any nonzero byte is true) */
KILN_BINARY(kiln_bool_equal__c, uint8_t, uint8_t, uint8_t, (uint8_t)((a != 0) == (b != 0)))
//@end

//@kernel kiln_f32_less__c needs kiln_binary_macros
/* Less */
KILN_BINARY(kiln_f32_less__c, float, float, uint8_t, (uint8_t)(a < b))
//@end

//@kernel kiln_f64_less__c needs kiln_binary_macros
/* Less */
KILN_BINARY(kiln_f64_less__c, double, double, uint8_t, (uint8_t)(a < b))
//@end

//@kernel kiln_i32_less__c needs kiln_binary_macros
/* Less */
KILN_BINARY(kiln_i32_less__c, int32_t, int32_t, uint8_t, (uint8_t)(a < b))
//@end

//@kernel kiln_i64_less__c needs kiln_binary_macros
/* Less */
KILN_BINARY(kiln_i64_less__c, int64_t, int64_t, uint8_t, (uint8_t)(a < b))
//@end

//@kernel kiln_f32_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_f32_greater__c, float, float, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_f64_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_f64_greater__c, double, double, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_i32_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_i32_greater__c, int32_t, int32_t, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_i64_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_i64_greater__c, int64_t, int64_t, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_f32_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_f32_less_or_equal__c, float, float, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_f64_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_f64_less_or_equal__c, double, double, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_i32_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_i32_less_or_equal__c, int32_t, int32_t, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_i64_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_i64_less_or_equal__c, int64_t, int64_t, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_f32_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_f32_greater_or_equal__c, float, float, uint8_t, (uint8_t)(a >= b))
//@end

//@kernel kiln_f64_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_f64_greater_or_equal__c, double, double, uint8_t, (uint8_t)(a >= b))
//@end

//@kernel kiln_i32_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_i32_greater_or_equal__c, int32_t, int32_t, uint8_t, (uint8_t)(a >= b))
//@end

//@kernel kiln_i64_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_i64_greater_or_equal__c, int64_t, int64_t, uint8_t, (uint8_t)(a >= b))
//@end

/* ---- logic on bools (any nonzero byte is true) ---- */

//@kernel kiln_bool_and__c needs kiln_binary_macros
/* And */
KILN_BINARY(kiln_bool_and__c, uint8_t, uint8_t, uint8_t, (uint8_t)((a != 0) & (b != 0)))
//@end

//@kernel kiln_bool_or__c needs kiln_binary_macros
/* Or */
KILN_BINARY(kiln_bool_or__c, uint8_t, uint8_t, uint8_t, (uint8_t)((a != 0) | (b != 0)))
//@end

//@kernel kiln_bool_xor__c needs kiln_binary_macros
/* Xor */
KILN_BINARY(kiln_bool_xor__c, uint8_t, uint8_t, uint8_t, (uint8_t)((a != 0) ^ (b != 0)))
//@end

#ifndef KILN_HOST
/* Package-mode self-check: compiled alone without KILN_HOST (see
 * docs/writing-an-op.md) every kernel is static, so reference each one or
 * -Wunused-function fires. Outside any section: never copied into packages. */
typedef void (*kiln_binary_any_fn)(void);
const kiln_binary_any_fn kiln_binary_c_all[] = {
  (kiln_binary_any_fn)kiln_f32_add__c,
  (kiln_binary_any_fn)kiln_f64_add__c,
  (kiln_binary_any_fn)kiln_i32_add__c,
  (kiln_binary_any_fn)kiln_i64_add__c,
  (kiln_binary_any_fn)kiln_f32_sub__c,
  (kiln_binary_any_fn)kiln_f64_sub__c,
  (kiln_binary_any_fn)kiln_i32_sub__c,
  (kiln_binary_any_fn)kiln_i64_sub__c,
  (kiln_binary_any_fn)kiln_f32_mul__c,
  (kiln_binary_any_fn)kiln_f64_mul__c,
  (kiln_binary_any_fn)kiln_i32_mul__c,
  (kiln_binary_any_fn)kiln_i64_mul__c,
  (kiln_binary_any_fn)kiln_f32_div__c,
  (kiln_binary_any_fn)kiln_f64_div__c,
  (kiln_binary_any_fn)kiln_i32_div__c,
  (kiln_binary_any_fn)kiln_i64_div__c,
  (kiln_binary_any_fn)kiln_f32_pow__c,
  (kiln_binary_any_fn)kiln_f32_pow_i32__c,
  (kiln_binary_any_fn)kiln_f32_pow_i64__c,
  (kiln_binary_any_fn)kiln_f64_pow__c,
  (kiln_binary_any_fn)kiln_i32_pow__c,
  (kiln_binary_any_fn)kiln_i64_pow__c,
  (kiln_binary_any_fn)kiln_f32_max__c,
  (kiln_binary_any_fn)kiln_f32_min__c,
  (kiln_binary_any_fn)kiln_f64_max__c,
  (kiln_binary_any_fn)kiln_f64_min__c,
  (kiln_binary_any_fn)kiln_i32_max__c,
  (kiln_binary_any_fn)kiln_i32_min__c,
  (kiln_binary_any_fn)kiln_i64_max__c,
  (kiln_binary_any_fn)kiln_i64_min__c,
  (kiln_binary_any_fn)kiln_f32_equal__c,
  (kiln_binary_any_fn)kiln_f64_equal__c,
  (kiln_binary_any_fn)kiln_i32_equal__c,
  (kiln_binary_any_fn)kiln_i64_equal__c,
  (kiln_binary_any_fn)kiln_bool_equal__c,
  (kiln_binary_any_fn)kiln_f32_less__c,
  (kiln_binary_any_fn)kiln_f64_less__c,
  (kiln_binary_any_fn)kiln_i32_less__c,
  (kiln_binary_any_fn)kiln_i64_less__c,
  (kiln_binary_any_fn)kiln_f32_greater__c,
  (kiln_binary_any_fn)kiln_f64_greater__c,
  (kiln_binary_any_fn)kiln_i32_greater__c,
  (kiln_binary_any_fn)kiln_i64_greater__c,
  (kiln_binary_any_fn)kiln_f32_less_or_equal__c,
  (kiln_binary_any_fn)kiln_f64_less_or_equal__c,
  (kiln_binary_any_fn)kiln_i32_less_or_equal__c,
  (kiln_binary_any_fn)kiln_i64_less_or_equal__c,
  (kiln_binary_any_fn)kiln_f32_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_f64_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_i32_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_i64_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_bool_and__c,
  (kiln_binary_any_fn)kiln_bool_or__c,
  (kiln_binary_any_fn)kiln_bool_xor__c,
};
#endif
