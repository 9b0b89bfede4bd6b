/* binary.c - elementwise binary kernels with numpy broadcasting, portable C.
 *
 * Every kernel is `void NAME(const kiln_bcast *bc, const TA *x0, const TB *x1,
 * TY *y)`. The compiler computes `bc` (a static const in the package) so the
 * kernel only walks constant shapes: see KILN_BINARY in binary.h. Integer
 * arithmetic wraps (computed in an unsigned type: signed overflow would be
 * undefined behaviour); integer division truncates toward zero like C and
 * defines x / 0 = 0 so that constant folding can never trap. float16
 * (uint16_t bits) is computed in float32 and rounded back once.
 *
 * Dtypes: float32, float64, float16, int8..int64, uint8..uint64 for the
 * arithmetic, Max/Min and comparisons (+ bool for Equal); bool for And, Or,
 * Xor. binary.h lists them (KILN_BINARY_KERNELS).
 */
#include "kiln_kernels.h" /* outside any section: packages include it themselves */
#include "binary.h"
#include "unary.h" /* kiln_bfloat16 */

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
//@kernel kiln_f32_pow__c needs kiln_binary_macros
/* Pow, float32 ^ float32; squares (LayerNorm's Pow(x, 2)) as a * a, numpy's rule */
KILN_BINARY(kiln_f32_pow__c, float, float, float, b == 2.0f ? a * a : powf(a, b))
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
//@kernel kiln_f64_to_i64_sat
/* double -> int64 truncating toward zero, saturating (NaN -> 0): an integer
 * base raised to a float exponent (out-of-range conversions would be UB). */
static inline int64_t kiln_f64_to_i64_sat(double r, double lo, double hi) {
  if (r != r) return 0;
  if (r <= lo) return (int64_t)lo;
  if (r >= hi) return r >= 9223372036854775807.0 ? INT64_MAX : (int64_t)hi;
  return (int64_t)r;
}
//@end

//@kernel kiln_f32_pow_u32__c needs kiln_binary_macros
/* Pow, float32 ^ uint32 */
KILN_BINARY(kiln_f32_pow_u32__c, float, uint32_t, float, powf(a, (float)b))
//@end

//@kernel kiln_f32_pow_u64__c needs kiln_binary_macros
/* Pow, float32 ^ uint64 */
KILN_BINARY(kiln_f32_pow_u64__c, float, uint64_t, float, powf(a, (float)b))
//@end

//@kernel kiln_i32_pow_f32__c needs kiln_binary_macros kiln_f64_to_i64_sat
/* Pow, int32 ^ float32: computed in double, truncated (saturating) to int32 */
KILN_BINARY(kiln_i32_pow_f32__c, int32_t, float, int32_t,
            (int32_t)kiln_f64_to_i64_sat(pow((double)a, (double)b), -2147483648.0, 2147483647.0))
//@end

//@kernel kiln_i64_pow_f32__c needs kiln_binary_macros kiln_f64_to_i64_sat
/* Pow, int64 ^ float32: computed in double, truncated (saturating) to int64 */
KILN_BINARY(kiln_i64_pow_f32__c, int64_t, float, int64_t,
            kiln_f64_to_i64_sat(pow((double)a, (double)b), -9223372036854775808.0,
                                9223372036854775807.0))
//@end


//@kernel kiln_f32_add__c needs kiln_binary_macros
/* Add (integers wrap) */
KILN_BINARY(kiln_f32_add__c, float, float, float, a + b)
//@end

//@kernel kiln_f64_add__c needs kiln_binary_macros
/* Add (integers wrap) */
KILN_BINARY(kiln_f64_add__c, double, double, double, a + b)
//@end

//@kernel kiln_f16_add__c needs kiln_binary_macros kiln_half
/* Add (integers wrap) */
KILN_BINARY(kiln_f16_add__c, uint16_t, uint16_t, uint16_t, kiln_float_to_half(kiln_half_to_float(a) + kiln_half_to_float(b)))
//@end

//@kernel kiln_bf16_add__c needs kiln_binary_macros kiln_bfloat16
/* Add (integers wrap) */
KILN_BINARY(kiln_bf16_add__c, uint16_t, uint16_t, uint16_t, kiln_float_to_bf16(kiln_bf16_to_float(a) + kiln_bf16_to_float(b)))
//@end

//@kernel kiln_i8_add__c needs kiln_binary_macros
/* Add (integers wrap) */
KILN_BINARY(kiln_i8_add__c, int8_t, int8_t, int8_t, (int8_t)((uint32_t)a + (uint32_t)b))
//@end

//@kernel kiln_i16_add__c needs kiln_binary_macros
/* Add (integers wrap) */
KILN_BINARY(kiln_i16_add__c, int16_t, int16_t, int16_t, (int16_t)((uint32_t)a + (uint32_t)b))
//@end

//@kernel kiln_i32_add__c needs kiln_binary_macros
/* Add (integers wrap) */
KILN_BINARY(kiln_i32_add__c, int32_t, int32_t, int32_t, (int32_t)((uint32_t)a + (uint32_t)b))
//@end

//@kernel kiln_i64_add__c needs kiln_binary_macros
/* Add (integers wrap) */
KILN_BINARY(kiln_i64_add__c, int64_t, int64_t, int64_t, (int64_t)((uint64_t)a + (uint64_t)b))
//@end

//@kernel kiln_u8_add__c needs kiln_binary_macros
/* Add (integers wrap) */
KILN_BINARY(kiln_u8_add__c, uint8_t, uint8_t, uint8_t, (uint8_t)((uint32_t)a + (uint32_t)b))
//@end

//@kernel kiln_u16_add__c needs kiln_binary_macros
/* Add (integers wrap) */
KILN_BINARY(kiln_u16_add__c, uint16_t, uint16_t, uint16_t, (uint16_t)((uint32_t)a + (uint32_t)b))
//@end

//@kernel kiln_u32_add__c needs kiln_binary_macros
/* Add (integers wrap) */
KILN_BINARY(kiln_u32_add__c, uint32_t, uint32_t, uint32_t, (uint32_t)((uint32_t)a + (uint32_t)b))
//@end

//@kernel kiln_u64_add__c needs kiln_binary_macros
/* Add (integers wrap) */
KILN_BINARY(kiln_u64_add__c, uint64_t, uint64_t, uint64_t, (uint64_t)((uint64_t)a + (uint64_t)b))
//@end

//@kernel kiln_f32_sub__c needs kiln_binary_macros
/* Sub (integers wrap) */
KILN_BINARY(kiln_f32_sub__c, float, float, float, a - b)
//@end

//@kernel kiln_f64_sub__c needs kiln_binary_macros
/* Sub (integers wrap) */
KILN_BINARY(kiln_f64_sub__c, double, double, double, a - b)
//@end

//@kernel kiln_f16_sub__c needs kiln_binary_macros kiln_half
/* Sub (integers wrap) */
KILN_BINARY(kiln_f16_sub__c, uint16_t, uint16_t, uint16_t, kiln_float_to_half(kiln_half_to_float(a) - kiln_half_to_float(b)))
//@end

//@kernel kiln_bf16_sub__c needs kiln_binary_macros kiln_bfloat16
/* Sub (integers wrap) */
KILN_BINARY(kiln_bf16_sub__c, uint16_t, uint16_t, uint16_t, kiln_float_to_bf16(kiln_bf16_to_float(a) - kiln_bf16_to_float(b)))
//@end

//@kernel kiln_i8_sub__c needs kiln_binary_macros
/* Sub (integers wrap) */
KILN_BINARY(kiln_i8_sub__c, int8_t, int8_t, int8_t, (int8_t)((uint32_t)a - (uint32_t)b))
//@end

//@kernel kiln_i16_sub__c needs kiln_binary_macros
/* Sub (integers wrap) */
KILN_BINARY(kiln_i16_sub__c, int16_t, int16_t, int16_t, (int16_t)((uint32_t)a - (uint32_t)b))
//@end

//@kernel kiln_i32_sub__c needs kiln_binary_macros
/* Sub (integers wrap) */
KILN_BINARY(kiln_i32_sub__c, int32_t, int32_t, int32_t, (int32_t)((uint32_t)a - (uint32_t)b))
//@end

//@kernel kiln_i64_sub__c needs kiln_binary_macros
/* Sub (integers wrap) */
KILN_BINARY(kiln_i64_sub__c, int64_t, int64_t, int64_t, (int64_t)((uint64_t)a - (uint64_t)b))
//@end

//@kernel kiln_u8_sub__c needs kiln_binary_macros
/* Sub (integers wrap) */
KILN_BINARY(kiln_u8_sub__c, uint8_t, uint8_t, uint8_t, (uint8_t)((uint32_t)a - (uint32_t)b))
//@end

//@kernel kiln_u16_sub__c needs kiln_binary_macros
/* Sub (integers wrap) */
KILN_BINARY(kiln_u16_sub__c, uint16_t, uint16_t, uint16_t, (uint16_t)((uint32_t)a - (uint32_t)b))
//@end

//@kernel kiln_u32_sub__c needs kiln_binary_macros
/* Sub (integers wrap) */
KILN_BINARY(kiln_u32_sub__c, uint32_t, uint32_t, uint32_t, (uint32_t)((uint32_t)a - (uint32_t)b))
//@end

//@kernel kiln_u64_sub__c needs kiln_binary_macros
/* Sub (integers wrap) */
KILN_BINARY(kiln_u64_sub__c, uint64_t, uint64_t, uint64_t, (uint64_t)((uint64_t)a - (uint64_t)b))
//@end

//@kernel kiln_f32_mul__c needs kiln_binary_macros
/* Mul (integers wrap) */
KILN_BINARY(kiln_f32_mul__c, float, float, float, a * b)
//@end

//@kernel kiln_f64_mul__c needs kiln_binary_macros
/* Mul (integers wrap) */
KILN_BINARY(kiln_f64_mul__c, double, double, double, a * b)
//@end

//@kernel kiln_f16_mul__c needs kiln_binary_macros kiln_half
/* Mul (integers wrap) */
KILN_BINARY(kiln_f16_mul__c, uint16_t, uint16_t, uint16_t, kiln_float_to_half(kiln_half_to_float(a) * kiln_half_to_float(b)))
//@end

//@kernel kiln_bf16_mul__c needs kiln_binary_macros kiln_bfloat16
/* Mul (integers wrap) */
KILN_BINARY(kiln_bf16_mul__c, uint16_t, uint16_t, uint16_t, kiln_float_to_bf16(kiln_bf16_to_float(a) * kiln_bf16_to_float(b)))
//@end

//@kernel kiln_i8_mul__c needs kiln_binary_macros
/* Mul (integers wrap) */
KILN_BINARY(kiln_i8_mul__c, int8_t, int8_t, int8_t, (int8_t)((uint32_t)a * (uint32_t)b))
//@end

//@kernel kiln_i16_mul__c needs kiln_binary_macros
/* Mul (integers wrap) */
KILN_BINARY(kiln_i16_mul__c, int16_t, int16_t, int16_t, (int16_t)((uint32_t)a * (uint32_t)b))
//@end

//@kernel kiln_i32_mul__c needs kiln_binary_macros
/* Mul (integers wrap) */
KILN_BINARY(kiln_i32_mul__c, int32_t, int32_t, int32_t, (int32_t)((uint32_t)a * (uint32_t)b))
//@end

//@kernel kiln_i64_mul__c needs kiln_binary_macros
/* Mul (integers wrap) */
KILN_BINARY(kiln_i64_mul__c, int64_t, int64_t, int64_t, (int64_t)((uint64_t)a * (uint64_t)b))
//@end

//@kernel kiln_u8_mul__c needs kiln_binary_macros
/* Mul (integers wrap) */
KILN_BINARY(kiln_u8_mul__c, uint8_t, uint8_t, uint8_t, (uint8_t)((uint32_t)a * (uint32_t)b))
//@end

//@kernel kiln_u16_mul__c needs kiln_binary_macros
/* Mul (integers wrap) */
KILN_BINARY(kiln_u16_mul__c, uint16_t, uint16_t, uint16_t, (uint16_t)((uint32_t)a * (uint32_t)b))
//@end

//@kernel kiln_u32_mul__c needs kiln_binary_macros
/* Mul (integers wrap) */
KILN_BINARY(kiln_u32_mul__c, uint32_t, uint32_t, uint32_t, (uint32_t)((uint32_t)a * (uint32_t)b))
//@end

//@kernel kiln_u64_mul__c needs kiln_binary_macros
/* Mul (integers wrap) */
KILN_BINARY(kiln_u64_mul__c, uint64_t, uint64_t, uint64_t, (uint64_t)((uint64_t)a * (uint64_t)b))
//@end

//@kernel kiln_f32_div__c needs kiln_binary_macros
/* Div (integers truncate; x / 0 = 0) */
KILN_BINARY(kiln_f32_div__c, float, float, float, a / b)
//@end

//@kernel kiln_f64_div__c needs kiln_binary_macros
/* Div (integers truncate; x / 0 = 0) */
KILN_BINARY(kiln_f64_div__c, double, double, double, a / b)
//@end

//@kernel kiln_f16_div__c needs kiln_binary_macros kiln_half
/* Div (integers truncate; x / 0 = 0) */
KILN_BINARY(kiln_f16_div__c, uint16_t, uint16_t, uint16_t, kiln_float_to_half(kiln_half_to_float(a) / kiln_half_to_float(b)))
//@end

//@kernel kiln_bf16_div__c needs kiln_binary_macros kiln_bfloat16
/* Div (integers truncate; x / 0 = 0) */
KILN_BINARY(kiln_bf16_div__c, uint16_t, uint16_t, uint16_t, kiln_float_to_bf16(kiln_bf16_to_float(a) / kiln_bf16_to_float(b)))
//@end

//@kernel kiln_i8_div__c needs kiln_binary_macros
/* Div (integers truncate; x / 0 = 0) */
KILN_BINARY(kiln_i8_div__c, int8_t, int8_t, int8_t, b == 0 ? (int8_t)0 : (int8_t)((int)a / (int)b))
//@end

//@kernel kiln_i16_div__c needs kiln_binary_macros
/* Div (integers truncate; x / 0 = 0) */
KILN_BINARY(kiln_i16_div__c, int16_t, int16_t, int16_t, b == 0 ? (int16_t)0 : (int16_t)((int)a / (int)b))
//@end

//@kernel kiln_i32_div__c needs kiln_binary_macros kiln_div_i32
/* Div (integers truncate; x / 0 = 0) */
KILN_BINARY(kiln_i32_div__c, int32_t, int32_t, int32_t, kiln_div_i32(a, b))
//@end

//@kernel kiln_i64_div__c needs kiln_binary_macros kiln_div_i64
/* Div (integers truncate; x / 0 = 0) */
KILN_BINARY(kiln_i64_div__c, int64_t, int64_t, int64_t, kiln_div_i64(a, b))
//@end

//@kernel kiln_u8_div__c needs kiln_binary_macros
/* Div (integers truncate; x / 0 = 0) */
KILN_BINARY(kiln_u8_div__c, uint8_t, uint8_t, uint8_t, b == 0 ? (uint8_t)0 : (uint8_t)(a / b))
//@end

//@kernel kiln_u16_div__c needs kiln_binary_macros
/* Div (integers truncate; x / 0 = 0) */
KILN_BINARY(kiln_u16_div__c, uint16_t, uint16_t, uint16_t, b == 0 ? (uint16_t)0 : (uint16_t)(a / b))
//@end

//@kernel kiln_u32_div__c needs kiln_binary_macros
/* Div (integers truncate; x / 0 = 0) */
KILN_BINARY(kiln_u32_div__c, uint32_t, uint32_t, uint32_t, b == 0 ? (uint32_t)0 : (uint32_t)(a / b))
//@end

//@kernel kiln_u64_div__c needs kiln_binary_macros
/* Div (integers truncate; x / 0 = 0) */
KILN_BINARY(kiln_u64_div__c, uint64_t, uint64_t, uint64_t, b == 0 ? (uint64_t)0 : (uint64_t)(a / b))
//@end

//@kernel kiln_f32_max__c needs kiln_binary_macros
/* Max (float NaN propagates) */
KILN_BINARY(kiln_f32_max__c, float, float, float, (a > b || a != a) ? a : b)
//@end

//@kernel kiln_f64_max__c needs kiln_binary_macros
/* Max (float NaN propagates) */
KILN_BINARY(kiln_f64_max__c, double, double, double, (a > b || a != a) ? a : b)
//@end

//@kernel kiln_f16_max__c needs kiln_binary_macros kiln_half
/* Max (float NaN propagates) */
KILN_BINARY(kiln_f16_max__c, uint16_t, uint16_t, uint16_t, (kiln_half_to_float(a) > kiln_half_to_float(b) || kiln_half_to_float(a) != kiln_half_to_float(a)) ? a : b)
//@end

//@kernel kiln_bf16_max__c needs kiln_binary_macros kiln_bfloat16
/* Max (float NaN propagates) */
KILN_BINARY(kiln_bf16_max__c, uint16_t, uint16_t, uint16_t, (kiln_bf16_to_float(a) > kiln_bf16_to_float(b) || kiln_bf16_to_float(a) != kiln_bf16_to_float(a)) ? a : b)
//@end

//@kernel kiln_i8_max__c needs kiln_binary_macros
/* Max (float NaN propagates) */
KILN_BINARY(kiln_i8_max__c, int8_t, int8_t, int8_t, a > b ? a : b)
//@end

//@kernel kiln_i16_max__c needs kiln_binary_macros
/* Max (float NaN propagates) */
KILN_BINARY(kiln_i16_max__c, int16_t, int16_t, int16_t, a > b ? a : b)
//@end

//@kernel kiln_i32_max__c needs kiln_binary_macros
/* Max (float NaN propagates) */
KILN_BINARY(kiln_i32_max__c, int32_t, int32_t, int32_t, a > b ? a : b)
//@end

//@kernel kiln_i64_max__c needs kiln_binary_macros
/* Max (float NaN propagates) */
KILN_BINARY(kiln_i64_max__c, int64_t, int64_t, int64_t, a > b ? a : b)
//@end

//@kernel kiln_u8_max__c needs kiln_binary_macros
/* Max (float NaN propagates) */
KILN_BINARY(kiln_u8_max__c, uint8_t, uint8_t, uint8_t, a > b ? a : b)
//@end

//@kernel kiln_u16_max__c needs kiln_binary_macros
/* Max (float NaN propagates) */
KILN_BINARY(kiln_u16_max__c, uint16_t, uint16_t, uint16_t, a > b ? a : b)
//@end

//@kernel kiln_u32_max__c needs kiln_binary_macros
/* Max (float NaN propagates) */
KILN_BINARY(kiln_u32_max__c, uint32_t, uint32_t, uint32_t, a > b ? a : b)
//@end

//@kernel kiln_u64_max__c needs kiln_binary_macros
/* Max (float NaN propagates) */
KILN_BINARY(kiln_u64_max__c, uint64_t, uint64_t, uint64_t, a > b ? a : b)
//@end

//@kernel kiln_f32_min__c needs kiln_binary_macros
/* Min (float NaN propagates) */
KILN_BINARY(kiln_f32_min__c, float, float, float, (a < b || a != a) ? a : b)
//@end

//@kernel kiln_f64_min__c needs kiln_binary_macros
/* Min (float NaN propagates) */
KILN_BINARY(kiln_f64_min__c, double, double, double, (a < b || a != a) ? a : b)
//@end

//@kernel kiln_f16_min__c needs kiln_binary_macros kiln_half
/* Min (float NaN propagates) */
KILN_BINARY(kiln_f16_min__c, uint16_t, uint16_t, uint16_t, (kiln_half_to_float(a) < kiln_half_to_float(b) || kiln_half_to_float(a) != kiln_half_to_float(a)) ? a : b)
//@end

//@kernel kiln_bf16_min__c needs kiln_binary_macros kiln_bfloat16
/* Min (float NaN propagates) */
KILN_BINARY(kiln_bf16_min__c, uint16_t, uint16_t, uint16_t, (kiln_bf16_to_float(a) < kiln_bf16_to_float(b) || kiln_bf16_to_float(a) != kiln_bf16_to_float(a)) ? a : b)
//@end

//@kernel kiln_i8_min__c needs kiln_binary_macros
/* Min (float NaN propagates) */
KILN_BINARY(kiln_i8_min__c, int8_t, int8_t, int8_t, a < b ? a : b)
//@end

//@kernel kiln_i16_min__c needs kiln_binary_macros
/* Min (float NaN propagates) */
KILN_BINARY(kiln_i16_min__c, int16_t, int16_t, int16_t, a < b ? a : b)
//@end

//@kernel kiln_i32_min__c needs kiln_binary_macros
/* Min (float NaN propagates) */
KILN_BINARY(kiln_i32_min__c, int32_t, int32_t, int32_t, a < b ? a : b)
//@end

//@kernel kiln_i64_min__c needs kiln_binary_macros
/* Min (float NaN propagates) */
KILN_BINARY(kiln_i64_min__c, int64_t, int64_t, int64_t, a < b ? a : b)
//@end

//@kernel kiln_u8_min__c needs kiln_binary_macros
/* Min (float NaN propagates) */
KILN_BINARY(kiln_u8_min__c, uint8_t, uint8_t, uint8_t, a < b ? a : b)
//@end

//@kernel kiln_u16_min__c needs kiln_binary_macros
/* Min (float NaN propagates) */
KILN_BINARY(kiln_u16_min__c, uint16_t, uint16_t, uint16_t, a < b ? a : b)
//@end

//@kernel kiln_u32_min__c needs kiln_binary_macros
/* Min (float NaN propagates) */
KILN_BINARY(kiln_u32_min__c, uint32_t, uint32_t, uint32_t, a < b ? a : b)
//@end

//@kernel kiln_u64_min__c needs kiln_binary_macros
/* Min (float NaN propagates) */
KILN_BINARY(kiln_u64_min__c, uint64_t, uint64_t, uint64_t, a < b ? a : b)
//@end

//@kernel kiln_f32_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_f32_equal__c, float, float, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_f64_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_f64_equal__c, double, double, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_f16_equal__c needs kiln_binary_macros kiln_half
/* Equal */
KILN_BINARY(kiln_f16_equal__c, uint16_t, uint16_t, uint8_t, (uint8_t)(kiln_half_to_float(a) == kiln_half_to_float(b)))
//@end

//@kernel kiln_bf16_equal__c needs kiln_binary_macros kiln_bfloat16
/* Equal */
KILN_BINARY(kiln_bf16_equal__c, uint16_t, uint16_t, uint8_t, (uint8_t)(kiln_bf16_to_float(a) == kiln_bf16_to_float(b)))
//@end

//@kernel kiln_i8_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_i8_equal__c, int8_t, int8_t, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_i16_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_i16_equal__c, int16_t, int16_t, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_i32_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_i32_equal__c, int32_t, int32_t, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_i64_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_i64_equal__c, int64_t, int64_t, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_u8_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_u8_equal__c, uint8_t, uint8_t, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_u16_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_u16_equal__c, uint16_t, uint16_t, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_u32_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_u32_equal__c, uint32_t, uint32_t, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_u64_equal__c needs kiln_binary_macros
/* Equal */
KILN_BINARY(kiln_u64_equal__c, uint64_t, uint64_t, uint8_t, (uint8_t)(a == b))
//@end

//@kernel kiln_bool_equal__c needs kiln_binary_macros
/* Equal */
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

//@kernel kiln_f16_less__c needs kiln_binary_macros kiln_half
/* Less */
KILN_BINARY(kiln_f16_less__c, uint16_t, uint16_t, uint8_t, (uint8_t)(kiln_half_to_float(a) < kiln_half_to_float(b)))
//@end

//@kernel kiln_bf16_less__c needs kiln_binary_macros kiln_bfloat16
/* Less */
KILN_BINARY(kiln_bf16_less__c, uint16_t, uint16_t, uint8_t, (uint8_t)(kiln_bf16_to_float(a) < kiln_bf16_to_float(b)))
//@end

//@kernel kiln_i8_less__c needs kiln_binary_macros
/* Less */
KILN_BINARY(kiln_i8_less__c, int8_t, int8_t, uint8_t, (uint8_t)(a < b))
//@end

//@kernel kiln_i16_less__c needs kiln_binary_macros
/* Less */
KILN_BINARY(kiln_i16_less__c, int16_t, int16_t, uint8_t, (uint8_t)(a < b))
//@end

//@kernel kiln_i32_less__c needs kiln_binary_macros
/* Less */
KILN_BINARY(kiln_i32_less__c, int32_t, int32_t, uint8_t, (uint8_t)(a < b))
//@end

//@kernel kiln_i64_less__c needs kiln_binary_macros
/* Less */
KILN_BINARY(kiln_i64_less__c, int64_t, int64_t, uint8_t, (uint8_t)(a < b))
//@end

//@kernel kiln_u8_less__c needs kiln_binary_macros
/* Less */
KILN_BINARY(kiln_u8_less__c, uint8_t, uint8_t, uint8_t, (uint8_t)(a < b))
//@end

//@kernel kiln_u16_less__c needs kiln_binary_macros
/* Less */
KILN_BINARY(kiln_u16_less__c, uint16_t, uint16_t, uint8_t, (uint8_t)(a < b))
//@end

//@kernel kiln_u32_less__c needs kiln_binary_macros
/* Less */
KILN_BINARY(kiln_u32_less__c, uint32_t, uint32_t, uint8_t, (uint8_t)(a < b))
//@end

//@kernel kiln_u64_less__c needs kiln_binary_macros
/* Less */
KILN_BINARY(kiln_u64_less__c, uint64_t, uint64_t, uint8_t, (uint8_t)(a < b))
//@end

//@kernel kiln_f32_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_f32_greater__c, float, float, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_f64_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_f64_greater__c, double, double, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_f16_greater__c needs kiln_binary_macros kiln_half
/* Greater */
KILN_BINARY(kiln_f16_greater__c, uint16_t, uint16_t, uint8_t, (uint8_t)(kiln_half_to_float(a) > kiln_half_to_float(b)))
//@end

//@kernel kiln_bf16_greater__c needs kiln_binary_macros kiln_bfloat16
/* Greater */
KILN_BINARY(kiln_bf16_greater__c, uint16_t, uint16_t, uint8_t, (uint8_t)(kiln_bf16_to_float(a) > kiln_bf16_to_float(b)))
//@end

//@kernel kiln_i8_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_i8_greater__c, int8_t, int8_t, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_i16_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_i16_greater__c, int16_t, int16_t, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_i32_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_i32_greater__c, int32_t, int32_t, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_i64_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_i64_greater__c, int64_t, int64_t, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_u8_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_u8_greater__c, uint8_t, uint8_t, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_u16_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_u16_greater__c, uint16_t, uint16_t, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_u32_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_u32_greater__c, uint32_t, uint32_t, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_u64_greater__c needs kiln_binary_macros
/* Greater */
KILN_BINARY(kiln_u64_greater__c, uint64_t, uint64_t, uint8_t, (uint8_t)(a > b))
//@end

//@kernel kiln_f32_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_f32_less_or_equal__c, float, float, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_f64_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_f64_less_or_equal__c, double, double, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_f16_less_or_equal__c needs kiln_binary_macros kiln_half
/* LessOrEqual */
KILN_BINARY(kiln_f16_less_or_equal__c, uint16_t, uint16_t, uint8_t, (uint8_t)(kiln_half_to_float(a) <= kiln_half_to_float(b)))
//@end

//@kernel kiln_bf16_less_or_equal__c needs kiln_binary_macros kiln_bfloat16
/* LessOrEqual */
KILN_BINARY(kiln_bf16_less_or_equal__c, uint16_t, uint16_t, uint8_t, (uint8_t)(kiln_bf16_to_float(a) <= kiln_bf16_to_float(b)))
//@end

//@kernel kiln_i8_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_i8_less_or_equal__c, int8_t, int8_t, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_i16_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_i16_less_or_equal__c, int16_t, int16_t, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_i32_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_i32_less_or_equal__c, int32_t, int32_t, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_i64_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_i64_less_or_equal__c, int64_t, int64_t, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_u8_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_u8_less_or_equal__c, uint8_t, uint8_t, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_u16_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_u16_less_or_equal__c, uint16_t, uint16_t, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_u32_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_u32_less_or_equal__c, uint32_t, uint32_t, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_u64_less_or_equal__c needs kiln_binary_macros
/* LessOrEqual */
KILN_BINARY(kiln_u64_less_or_equal__c, uint64_t, uint64_t, uint8_t, (uint8_t)(a <= b))
//@end

//@kernel kiln_f32_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_f32_greater_or_equal__c, float, float, uint8_t, (uint8_t)(a >= b))
//@end

//@kernel kiln_f64_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_f64_greater_or_equal__c, double, double, uint8_t, (uint8_t)(a >= b))
//@end

//@kernel kiln_f16_greater_or_equal__c needs kiln_binary_macros kiln_half
/* GreaterOrEqual */
KILN_BINARY(kiln_f16_greater_or_equal__c, uint16_t, uint16_t, uint8_t, (uint8_t)(kiln_half_to_float(a) >= kiln_half_to_float(b)))
//@end

//@kernel kiln_bf16_greater_or_equal__c needs kiln_binary_macros kiln_bfloat16
/* GreaterOrEqual */
KILN_BINARY(kiln_bf16_greater_or_equal__c, uint16_t, uint16_t, uint8_t, (uint8_t)(kiln_bf16_to_float(a) >= kiln_bf16_to_float(b)))
//@end

//@kernel kiln_i8_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_i8_greater_or_equal__c, int8_t, int8_t, uint8_t, (uint8_t)(a >= b))
//@end

//@kernel kiln_i16_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_i16_greater_or_equal__c, int16_t, int16_t, uint8_t, (uint8_t)(a >= b))
//@end

//@kernel kiln_i32_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_i32_greater_or_equal__c, int32_t, int32_t, uint8_t, (uint8_t)(a >= b))
//@end

//@kernel kiln_i64_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_i64_greater_or_equal__c, int64_t, int64_t, uint8_t, (uint8_t)(a >= b))
//@end

//@kernel kiln_u8_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_u8_greater_or_equal__c, uint8_t, uint8_t, uint8_t, (uint8_t)(a >= b))
//@end

//@kernel kiln_u16_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_u16_greater_or_equal__c, uint16_t, uint16_t, uint8_t, (uint8_t)(a >= b))
//@end

//@kernel kiln_u32_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_u32_greater_or_equal__c, uint32_t, uint32_t, uint8_t, (uint8_t)(a >= b))
//@end

//@kernel kiln_u64_greater_or_equal__c needs kiln_binary_macros
/* GreaterOrEqual */
KILN_BINARY(kiln_u64_greater_or_equal__c, uint64_t, uint64_t, uint8_t, (uint8_t)(a >= b))
//@end

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
  (kiln_binary_any_fn)kiln_f32_pow__c,
  (kiln_binary_any_fn)kiln_f32_pow_i32__c,
  (kiln_binary_any_fn)kiln_f32_pow_i64__c,
  (kiln_binary_any_fn)kiln_f64_pow__c,
  (kiln_binary_any_fn)kiln_i32_pow__c,
  (kiln_binary_any_fn)kiln_i64_pow__c,
  (kiln_binary_any_fn)kiln_f32_pow_u32__c,
  (kiln_binary_any_fn)kiln_f32_pow_u64__c,
  (kiln_binary_any_fn)kiln_i32_pow_f32__c,
  (kiln_binary_any_fn)kiln_i64_pow_f32__c,
  (kiln_binary_any_fn)kiln_f32_add__c,
  (kiln_binary_any_fn)kiln_f64_add__c,
  (kiln_binary_any_fn)kiln_f16_add__c,
  (kiln_binary_any_fn)kiln_bf16_add__c,
  (kiln_binary_any_fn)kiln_i8_add__c,
  (kiln_binary_any_fn)kiln_i16_add__c,
  (kiln_binary_any_fn)kiln_i32_add__c,
  (kiln_binary_any_fn)kiln_i64_add__c,
  (kiln_binary_any_fn)kiln_u8_add__c,
  (kiln_binary_any_fn)kiln_u16_add__c,
  (kiln_binary_any_fn)kiln_u32_add__c,
  (kiln_binary_any_fn)kiln_u64_add__c,
  (kiln_binary_any_fn)kiln_f32_sub__c,
  (kiln_binary_any_fn)kiln_f64_sub__c,
  (kiln_binary_any_fn)kiln_f16_sub__c,
  (kiln_binary_any_fn)kiln_bf16_sub__c,
  (kiln_binary_any_fn)kiln_i8_sub__c,
  (kiln_binary_any_fn)kiln_i16_sub__c,
  (kiln_binary_any_fn)kiln_i32_sub__c,
  (kiln_binary_any_fn)kiln_i64_sub__c,
  (kiln_binary_any_fn)kiln_u8_sub__c,
  (kiln_binary_any_fn)kiln_u16_sub__c,
  (kiln_binary_any_fn)kiln_u32_sub__c,
  (kiln_binary_any_fn)kiln_u64_sub__c,
  (kiln_binary_any_fn)kiln_f32_mul__c,
  (kiln_binary_any_fn)kiln_f64_mul__c,
  (kiln_binary_any_fn)kiln_f16_mul__c,
  (kiln_binary_any_fn)kiln_bf16_mul__c,
  (kiln_binary_any_fn)kiln_i8_mul__c,
  (kiln_binary_any_fn)kiln_i16_mul__c,
  (kiln_binary_any_fn)kiln_i32_mul__c,
  (kiln_binary_any_fn)kiln_i64_mul__c,
  (kiln_binary_any_fn)kiln_u8_mul__c,
  (kiln_binary_any_fn)kiln_u16_mul__c,
  (kiln_binary_any_fn)kiln_u32_mul__c,
  (kiln_binary_any_fn)kiln_u64_mul__c,
  (kiln_binary_any_fn)kiln_f32_div__c,
  (kiln_binary_any_fn)kiln_f64_div__c,
  (kiln_binary_any_fn)kiln_f16_div__c,
  (kiln_binary_any_fn)kiln_bf16_div__c,
  (kiln_binary_any_fn)kiln_i8_div__c,
  (kiln_binary_any_fn)kiln_i16_div__c,
  (kiln_binary_any_fn)kiln_i32_div__c,
  (kiln_binary_any_fn)kiln_i64_div__c,
  (kiln_binary_any_fn)kiln_u8_div__c,
  (kiln_binary_any_fn)kiln_u16_div__c,
  (kiln_binary_any_fn)kiln_u32_div__c,
  (kiln_binary_any_fn)kiln_u64_div__c,
  (kiln_binary_any_fn)kiln_f32_max__c,
  (kiln_binary_any_fn)kiln_f64_max__c,
  (kiln_binary_any_fn)kiln_f16_max__c,
  (kiln_binary_any_fn)kiln_bf16_max__c,
  (kiln_binary_any_fn)kiln_i8_max__c,
  (kiln_binary_any_fn)kiln_i16_max__c,
  (kiln_binary_any_fn)kiln_i32_max__c,
  (kiln_binary_any_fn)kiln_i64_max__c,
  (kiln_binary_any_fn)kiln_u8_max__c,
  (kiln_binary_any_fn)kiln_u16_max__c,
  (kiln_binary_any_fn)kiln_u32_max__c,
  (kiln_binary_any_fn)kiln_u64_max__c,
  (kiln_binary_any_fn)kiln_f32_min__c,
  (kiln_binary_any_fn)kiln_f64_min__c,
  (kiln_binary_any_fn)kiln_f16_min__c,
  (kiln_binary_any_fn)kiln_bf16_min__c,
  (kiln_binary_any_fn)kiln_i8_min__c,
  (kiln_binary_any_fn)kiln_i16_min__c,
  (kiln_binary_any_fn)kiln_i32_min__c,
  (kiln_binary_any_fn)kiln_i64_min__c,
  (kiln_binary_any_fn)kiln_u8_min__c,
  (kiln_binary_any_fn)kiln_u16_min__c,
  (kiln_binary_any_fn)kiln_u32_min__c,
  (kiln_binary_any_fn)kiln_u64_min__c,
  (kiln_binary_any_fn)kiln_f32_equal__c,
  (kiln_binary_any_fn)kiln_f64_equal__c,
  (kiln_binary_any_fn)kiln_f16_equal__c,
  (kiln_binary_any_fn)kiln_bf16_equal__c,
  (kiln_binary_any_fn)kiln_i8_equal__c,
  (kiln_binary_any_fn)kiln_i16_equal__c,
  (kiln_binary_any_fn)kiln_i32_equal__c,
  (kiln_binary_any_fn)kiln_i64_equal__c,
  (kiln_binary_any_fn)kiln_u8_equal__c,
  (kiln_binary_any_fn)kiln_u16_equal__c,
  (kiln_binary_any_fn)kiln_u32_equal__c,
  (kiln_binary_any_fn)kiln_u64_equal__c,
  (kiln_binary_any_fn)kiln_bool_equal__c,
  (kiln_binary_any_fn)kiln_f32_less__c,
  (kiln_binary_any_fn)kiln_f64_less__c,
  (kiln_binary_any_fn)kiln_f16_less__c,
  (kiln_binary_any_fn)kiln_bf16_less__c,
  (kiln_binary_any_fn)kiln_i8_less__c,
  (kiln_binary_any_fn)kiln_i16_less__c,
  (kiln_binary_any_fn)kiln_i32_less__c,
  (kiln_binary_any_fn)kiln_i64_less__c,
  (kiln_binary_any_fn)kiln_u8_less__c,
  (kiln_binary_any_fn)kiln_u16_less__c,
  (kiln_binary_any_fn)kiln_u32_less__c,
  (kiln_binary_any_fn)kiln_u64_less__c,
  (kiln_binary_any_fn)kiln_f32_greater__c,
  (kiln_binary_any_fn)kiln_f64_greater__c,
  (kiln_binary_any_fn)kiln_f16_greater__c,
  (kiln_binary_any_fn)kiln_bf16_greater__c,
  (kiln_binary_any_fn)kiln_i8_greater__c,
  (kiln_binary_any_fn)kiln_i16_greater__c,
  (kiln_binary_any_fn)kiln_i32_greater__c,
  (kiln_binary_any_fn)kiln_i64_greater__c,
  (kiln_binary_any_fn)kiln_u8_greater__c,
  (kiln_binary_any_fn)kiln_u16_greater__c,
  (kiln_binary_any_fn)kiln_u32_greater__c,
  (kiln_binary_any_fn)kiln_u64_greater__c,
  (kiln_binary_any_fn)kiln_f32_less_or_equal__c,
  (kiln_binary_any_fn)kiln_f64_less_or_equal__c,
  (kiln_binary_any_fn)kiln_f16_less_or_equal__c,
  (kiln_binary_any_fn)kiln_bf16_less_or_equal__c,
  (kiln_binary_any_fn)kiln_i8_less_or_equal__c,
  (kiln_binary_any_fn)kiln_i16_less_or_equal__c,
  (kiln_binary_any_fn)kiln_i32_less_or_equal__c,
  (kiln_binary_any_fn)kiln_i64_less_or_equal__c,
  (kiln_binary_any_fn)kiln_u8_less_or_equal__c,
  (kiln_binary_any_fn)kiln_u16_less_or_equal__c,
  (kiln_binary_any_fn)kiln_u32_less_or_equal__c,
  (kiln_binary_any_fn)kiln_u64_less_or_equal__c,
  (kiln_binary_any_fn)kiln_f32_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_f64_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_f16_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_bf16_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_i8_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_i16_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_i32_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_i64_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_u8_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_u16_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_u32_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_u64_greater_or_equal__c,
  (kiln_binary_any_fn)kiln_bool_and__c,
  (kiln_binary_any_fn)kiln_bool_or__c,
  (kiln_binary_any_fn)kiln_bool_xor__c,
};
#endif
