/* math2.c - kernels of the second elementwise family, portable C: Mod,
 * BitShift, Bitwise{And,Or,Xor,Not}, PRelu (broadcasting, KILN_BINARY from
 * binary.h) and the unary math and activations Acos..Sinh, Softsign, Celu,
 * ThresholdedRelu, Shrink, Swish, Mish, Gelu, IsNaN, IsInf (KILN_UNARY_* from
 * unary.h), plus div_scalar for Mean. float16 (uint16_t bits) is computed in
 * float32 and rounded back once. math2.h lists every kernel.
 */
#include "kiln_kernels.h" /* outside any section: packages include it themselves */
#include "math2.h"

//@kernel kiln_mod_f32
/* numpy.mod for floats: the C remainder, moved into the divisor's sign;
 * a zero result takes the divisor's sign. x mod 0, inf mod y = NaN;
 * x mod +-inf = x when the signs agree, else +-inf (as numpy). */
static inline float kiln_mod_f32(float a, float b) {
  float r = fmodf(a, b);
  if (r != 0.0f) {
    if ((r < 0.0f) != (b < 0.0f)) r += b;
  } else {
    r = copysignf(0.0f, b);
  }
  return r;
}
//@end

//@kernel kiln_mod_f64
static inline double kiln_mod_f64(double a, double b) {
  double r = fmod(a, b);
  if (r != 0.0) {
    if ((r < 0.0) != (b < 0.0)) r += b;
  } else {
    r = copysign(0.0, b);
  }
  return r;
}
//@end

//@kernel kiln_mod_i64
/* Integer Mod, fmod=0: the remainder takes the divisor's sign (Python, numpy).
 * x mod 0 = 0 (numpy's value; C would trap), and b = -1 avoids INT_MIN % -1. */
static inline int64_t kiln_mod_i64(int64_t a, int64_t b) {
  int64_t r;
  if (b == 0 || b == -1) return 0;
  r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}
//@end

//@kernel kiln_fmod_i64
/* Integer Mod, fmod=1: C's remainder (sign of the dividend); x mod 0 = 0. */
static inline int64_t kiln_fmod_i64(int64_t a, int64_t b) {
  if (b == 0 || b == -1) return 0;
  return a % b;
}
//@end

/* ---- broadcasting binary ---- */

//@kernel kiln_f32_mod__c needs kiln_binary_macros kiln_mod_f32
/* Mod, fmod=0: remainder with the sign of the divisor (numpy.mod) */
KILN_BINARY(kiln_f32_mod__c, float, float, float, kiln_mod_f32(a, b))
//@end

//@kernel kiln_f64_mod__c needs kiln_binary_macros kiln_mod_f64
/* Mod, fmod=0: remainder with the sign of the divisor (numpy.mod) */
KILN_BINARY(kiln_f64_mod__c, double, double, double, kiln_mod_f64(a, b))
//@end

//@kernel kiln_f16_mod__c needs kiln_binary_macros kiln_half kiln_mod_f32
/* Mod, fmod=0: remainder with the sign of the divisor (numpy.mod) */
KILN_BINARY(kiln_f16_mod__c, uint16_t, uint16_t, uint16_t, kiln_float_to_half(kiln_mod_f32(kiln_half_to_float(a), kiln_half_to_float(b))))
//@end

//@kernel kiln_i8_mod__c needs kiln_binary_macros kiln_mod_i64
/* Mod, fmod=0: remainder with the sign of the divisor (numpy.mod) */
KILN_BINARY(kiln_i8_mod__c, int8_t, int8_t, int8_t, (int8_t)kiln_mod_i64(a, b))
//@end

//@kernel kiln_i16_mod__c needs kiln_binary_macros kiln_mod_i64
/* Mod, fmod=0: remainder with the sign of the divisor (numpy.mod) */
KILN_BINARY(kiln_i16_mod__c, int16_t, int16_t, int16_t, (int16_t)kiln_mod_i64(a, b))
//@end

//@kernel kiln_i32_mod__c needs kiln_binary_macros kiln_mod_i64
/* Mod, fmod=0: remainder with the sign of the divisor (numpy.mod) */
KILN_BINARY(kiln_i32_mod__c, int32_t, int32_t, int32_t, (int32_t)kiln_mod_i64(a, b))
//@end

//@kernel kiln_i64_mod__c needs kiln_binary_macros kiln_mod_i64
/* Mod, fmod=0: remainder with the sign of the divisor (numpy.mod) */
KILN_BINARY(kiln_i64_mod__c, int64_t, int64_t, int64_t, (int64_t)kiln_mod_i64(a, b))
//@end

//@kernel kiln_u8_mod__c needs kiln_binary_macros
/* Mod, fmod=0: remainder with the sign of the divisor (numpy.mod) */
KILN_BINARY(kiln_u8_mod__c, uint8_t, uint8_t, uint8_t, b == 0 ? (uint8_t)0 : (uint8_t)(a % b))
//@end

//@kernel kiln_u16_mod__c needs kiln_binary_macros
/* Mod, fmod=0: remainder with the sign of the divisor (numpy.mod) */
KILN_BINARY(kiln_u16_mod__c, uint16_t, uint16_t, uint16_t, b == 0 ? (uint16_t)0 : (uint16_t)(a % b))
//@end

//@kernel kiln_u32_mod__c needs kiln_binary_macros
/* Mod, fmod=0: remainder with the sign of the divisor (numpy.mod) */
KILN_BINARY(kiln_u32_mod__c, uint32_t, uint32_t, uint32_t, b == 0 ? (uint32_t)0 : (uint32_t)(a % b))
//@end

//@kernel kiln_u64_mod__c needs kiln_binary_macros
/* Mod, fmod=0: remainder with the sign of the divisor (numpy.mod) */
KILN_BINARY(kiln_u64_mod__c, uint64_t, uint64_t, uint64_t, b == 0 ? (uint64_t)0 : (uint64_t)(a % b))
//@end

//@kernel kiln_f32_fmod__c needs kiln_binary_macros
/* Mod, fmod=1: remainder with the sign of the dividend (C fmod) */
KILN_BINARY(kiln_f32_fmod__c, float, float, float, fmodf(a, b))
//@end

//@kernel kiln_f64_fmod__c needs kiln_binary_macros
/* Mod, fmod=1: remainder with the sign of the dividend (C fmod) */
KILN_BINARY(kiln_f64_fmod__c, double, double, double, fmod(a, b))
//@end

//@kernel kiln_f16_fmod__c needs kiln_binary_macros kiln_half
/* Mod, fmod=1: remainder with the sign of the dividend (C fmod) */
KILN_BINARY(kiln_f16_fmod__c, uint16_t, uint16_t, uint16_t, kiln_float_to_half(fmodf(kiln_half_to_float(a), kiln_half_to_float(b))))
//@end

//@kernel kiln_i8_fmod__c needs kiln_binary_macros kiln_fmod_i64
/* Mod, fmod=1: remainder with the sign of the dividend (C fmod) */
KILN_BINARY(kiln_i8_fmod__c, int8_t, int8_t, int8_t, (int8_t)kiln_fmod_i64(a, b))
//@end

//@kernel kiln_i16_fmod__c needs kiln_binary_macros kiln_fmod_i64
/* Mod, fmod=1: remainder with the sign of the dividend (C fmod) */
KILN_BINARY(kiln_i16_fmod__c, int16_t, int16_t, int16_t, (int16_t)kiln_fmod_i64(a, b))
//@end

//@kernel kiln_i32_fmod__c needs kiln_binary_macros kiln_fmod_i64
/* Mod, fmod=1: remainder with the sign of the dividend (C fmod) */
KILN_BINARY(kiln_i32_fmod__c, int32_t, int32_t, int32_t, (int32_t)kiln_fmod_i64(a, b))
//@end

//@kernel kiln_i64_fmod__c needs kiln_binary_macros kiln_fmod_i64
/* Mod, fmod=1: remainder with the sign of the dividend (C fmod) */
KILN_BINARY(kiln_i64_fmod__c, int64_t, int64_t, int64_t, (int64_t)kiln_fmod_i64(a, b))
//@end

//@kernel kiln_u8_fmod__c needs kiln_binary_macros
/* Mod, fmod=1: remainder with the sign of the dividend (C fmod) */
KILN_BINARY(kiln_u8_fmod__c, uint8_t, uint8_t, uint8_t, b == 0 ? (uint8_t)0 : (uint8_t)(a % b))
//@end

//@kernel kiln_u16_fmod__c needs kiln_binary_macros
/* Mod, fmod=1: remainder with the sign of the dividend (C fmod) */
KILN_BINARY(kiln_u16_fmod__c, uint16_t, uint16_t, uint16_t, b == 0 ? (uint16_t)0 : (uint16_t)(a % b))
//@end

//@kernel kiln_u32_fmod__c needs kiln_binary_macros
/* Mod, fmod=1: remainder with the sign of the dividend (C fmod) */
KILN_BINARY(kiln_u32_fmod__c, uint32_t, uint32_t, uint32_t, b == 0 ? (uint32_t)0 : (uint32_t)(a % b))
//@end

//@kernel kiln_u64_fmod__c needs kiln_binary_macros
/* Mod, fmod=1: remainder with the sign of the dividend (C fmod) */
KILN_BINARY(kiln_u64_fmod__c, uint64_t, uint64_t, uint64_t, b == 0 ? (uint64_t)0 : (uint64_t)(a % b))
//@end

//@kernel kiln_i8_shl__c needs kiln_binary_macros
/* BitShift LEFT: shifts outside [0, width) give 0 */
KILN_BINARY(kiln_i8_shl__c, int8_t, int8_t, int8_t, (b < 0 || b >= 8) ? (int8_t)0 : (int8_t)((uint32_t)a << b))
//@end

//@kernel kiln_i16_shl__c needs kiln_binary_macros
/* BitShift LEFT: shifts outside [0, width) give 0 */
KILN_BINARY(kiln_i16_shl__c, int16_t, int16_t, int16_t, (b < 0 || b >= 16) ? (int16_t)0 : (int16_t)((uint32_t)a << b))
//@end

//@kernel kiln_i32_shl__c needs kiln_binary_macros
/* BitShift LEFT: shifts outside [0, width) give 0 */
KILN_BINARY(kiln_i32_shl__c, int32_t, int32_t, int32_t, (b < 0 || b >= 32) ? (int32_t)0 : (int32_t)((uint32_t)a << b))
//@end

//@kernel kiln_i64_shl__c needs kiln_binary_macros
/* BitShift LEFT: shifts outside [0, width) give 0 */
KILN_BINARY(kiln_i64_shl__c, int64_t, int64_t, int64_t, (b < 0 || b >= 64) ? (int64_t)0 : (int64_t)((uint64_t)a << b))
//@end

//@kernel kiln_u8_shl__c needs kiln_binary_macros
/* BitShift LEFT: shifts outside [0, width) give 0 */
KILN_BINARY(kiln_u8_shl__c, uint8_t, uint8_t, uint8_t, b >= 8 ? (uint8_t)0 : (uint8_t)((uint32_t)a << b))
//@end

//@kernel kiln_u16_shl__c needs kiln_binary_macros
/* BitShift LEFT: shifts outside [0, width) give 0 */
KILN_BINARY(kiln_u16_shl__c, uint16_t, uint16_t, uint16_t, b >= 16 ? (uint16_t)0 : (uint16_t)((uint32_t)a << b))
//@end

//@kernel kiln_u32_shl__c needs kiln_binary_macros
/* BitShift LEFT: shifts outside [0, width) give 0 */
KILN_BINARY(kiln_u32_shl__c, uint32_t, uint32_t, uint32_t, b >= 32 ? (uint32_t)0 : (uint32_t)((uint32_t)a << b))
//@end

//@kernel kiln_u64_shl__c needs kiln_binary_macros
/* BitShift LEFT: shifts outside [0, width) give 0 */
KILN_BINARY(kiln_u64_shl__c, uint64_t, uint64_t, uint64_t, b >= 64 ? (uint64_t)0 : (uint64_t)((uint64_t)a << b))
//@end

//@kernel kiln_i8_shr__c needs kiln_binary_macros
/* BitShift RIGHT (arithmetic for signed): shifts outside [0, width) give 0, or -1 for negative x */
KILN_BINARY(kiln_i8_shr__c, int8_t, int8_t, int8_t, (b < 0 || b >= 8) ? (int8_t)(a < 0 ? -1 : 0) : (int8_t)(a < 0 ? ~(~a >> b) : a >> b))
//@end

//@kernel kiln_i16_shr__c needs kiln_binary_macros
/* BitShift RIGHT (arithmetic for signed): shifts outside [0, width) give 0, or -1 for negative x */
KILN_BINARY(kiln_i16_shr__c, int16_t, int16_t, int16_t, (b < 0 || b >= 16) ? (int16_t)(a < 0 ? -1 : 0) : (int16_t)(a < 0 ? ~(~a >> b) : a >> b))
//@end

//@kernel kiln_i32_shr__c needs kiln_binary_macros
/* BitShift RIGHT (arithmetic for signed): shifts outside [0, width) give 0, or -1 for negative x */
KILN_BINARY(kiln_i32_shr__c, int32_t, int32_t, int32_t, (b < 0 || b >= 32) ? (int32_t)(a < 0 ? -1 : 0) : (int32_t)(a < 0 ? ~(~a >> b) : a >> b))
//@end

//@kernel kiln_i64_shr__c needs kiln_binary_macros
/* BitShift RIGHT (arithmetic for signed): shifts outside [0, width) give 0, or -1 for negative x */
KILN_BINARY(kiln_i64_shr__c, int64_t, int64_t, int64_t, (b < 0 || b >= 64) ? (int64_t)(a < 0 ? -1 : 0) : (int64_t)(a < 0 ? ~(~a >> b) : a >> b))
//@end

//@kernel kiln_u8_shr__c needs kiln_binary_macros
/* BitShift RIGHT (arithmetic for signed): shifts outside [0, width) give 0, or -1 for negative x */
KILN_BINARY(kiln_u8_shr__c, uint8_t, uint8_t, uint8_t, b >= 8 ? (uint8_t)0 : (uint8_t)(a >> b))
//@end

//@kernel kiln_u16_shr__c needs kiln_binary_macros
/* BitShift RIGHT (arithmetic for signed): shifts outside [0, width) give 0, or -1 for negative x */
KILN_BINARY(kiln_u16_shr__c, uint16_t, uint16_t, uint16_t, b >= 16 ? (uint16_t)0 : (uint16_t)(a >> b))
//@end

//@kernel kiln_u32_shr__c needs kiln_binary_macros
/* BitShift RIGHT (arithmetic for signed): shifts outside [0, width) give 0, or -1 for negative x */
KILN_BINARY(kiln_u32_shr__c, uint32_t, uint32_t, uint32_t, b >= 32 ? (uint32_t)0 : (uint32_t)(a >> b))
//@end

//@kernel kiln_u64_shr__c needs kiln_binary_macros
/* BitShift RIGHT (arithmetic for signed): shifts outside [0, width) give 0, or -1 for negative x */
KILN_BINARY(kiln_u64_shr__c, uint64_t, uint64_t, uint64_t, b >= 64 ? (uint64_t)0 : (uint64_t)(a >> b))
//@end

//@kernel kiln_i8_bitand__c needs kiln_binary_macros
/* BitwiseAnd */
KILN_BINARY(kiln_i8_bitand__c, int8_t, int8_t, int8_t, (int8_t)(a & b))
//@end

//@kernel kiln_i16_bitand__c needs kiln_binary_macros
/* BitwiseAnd */
KILN_BINARY(kiln_i16_bitand__c, int16_t, int16_t, int16_t, (int16_t)(a & b))
//@end

//@kernel kiln_i32_bitand__c needs kiln_binary_macros
/* BitwiseAnd */
KILN_BINARY(kiln_i32_bitand__c, int32_t, int32_t, int32_t, (int32_t)(a & b))
//@end

//@kernel kiln_i64_bitand__c needs kiln_binary_macros
/* BitwiseAnd */
KILN_BINARY(kiln_i64_bitand__c, int64_t, int64_t, int64_t, (int64_t)(a & b))
//@end

//@kernel kiln_u8_bitand__c needs kiln_binary_macros
/* BitwiseAnd */
KILN_BINARY(kiln_u8_bitand__c, uint8_t, uint8_t, uint8_t, (uint8_t)(a & b))
//@end

//@kernel kiln_u16_bitand__c needs kiln_binary_macros
/* BitwiseAnd */
KILN_BINARY(kiln_u16_bitand__c, uint16_t, uint16_t, uint16_t, (uint16_t)(a & b))
//@end

//@kernel kiln_u32_bitand__c needs kiln_binary_macros
/* BitwiseAnd */
KILN_BINARY(kiln_u32_bitand__c, uint32_t, uint32_t, uint32_t, (uint32_t)(a & b))
//@end

//@kernel kiln_u64_bitand__c needs kiln_binary_macros
/* BitwiseAnd */
KILN_BINARY(kiln_u64_bitand__c, uint64_t, uint64_t, uint64_t, (uint64_t)(a & b))
//@end

//@kernel kiln_i8_bitor__c needs kiln_binary_macros
/* BitwiseOr */
KILN_BINARY(kiln_i8_bitor__c, int8_t, int8_t, int8_t, (int8_t)(a | b))
//@end

//@kernel kiln_i16_bitor__c needs kiln_binary_macros
/* BitwiseOr */
KILN_BINARY(kiln_i16_bitor__c, int16_t, int16_t, int16_t, (int16_t)(a | b))
//@end

//@kernel kiln_i32_bitor__c needs kiln_binary_macros
/* BitwiseOr */
KILN_BINARY(kiln_i32_bitor__c, int32_t, int32_t, int32_t, (int32_t)(a | b))
//@end

//@kernel kiln_i64_bitor__c needs kiln_binary_macros
/* BitwiseOr */
KILN_BINARY(kiln_i64_bitor__c, int64_t, int64_t, int64_t, (int64_t)(a | b))
//@end

//@kernel kiln_u8_bitor__c needs kiln_binary_macros
/* BitwiseOr */
KILN_BINARY(kiln_u8_bitor__c, uint8_t, uint8_t, uint8_t, (uint8_t)(a | b))
//@end

//@kernel kiln_u16_bitor__c needs kiln_binary_macros
/* BitwiseOr */
KILN_BINARY(kiln_u16_bitor__c, uint16_t, uint16_t, uint16_t, (uint16_t)(a | b))
//@end

//@kernel kiln_u32_bitor__c needs kiln_binary_macros
/* BitwiseOr */
KILN_BINARY(kiln_u32_bitor__c, uint32_t, uint32_t, uint32_t, (uint32_t)(a | b))
//@end

//@kernel kiln_u64_bitor__c needs kiln_binary_macros
/* BitwiseOr */
KILN_BINARY(kiln_u64_bitor__c, uint64_t, uint64_t, uint64_t, (uint64_t)(a | b))
//@end

//@kernel kiln_i8_bitxor__c needs kiln_binary_macros
/* BitwiseXor */
KILN_BINARY(kiln_i8_bitxor__c, int8_t, int8_t, int8_t, (int8_t)(a ^ b))
//@end

//@kernel kiln_i16_bitxor__c needs kiln_binary_macros
/* BitwiseXor */
KILN_BINARY(kiln_i16_bitxor__c, int16_t, int16_t, int16_t, (int16_t)(a ^ b))
//@end

//@kernel kiln_i32_bitxor__c needs kiln_binary_macros
/* BitwiseXor */
KILN_BINARY(kiln_i32_bitxor__c, int32_t, int32_t, int32_t, (int32_t)(a ^ b))
//@end

//@kernel kiln_i64_bitxor__c needs kiln_binary_macros
/* BitwiseXor */
KILN_BINARY(kiln_i64_bitxor__c, int64_t, int64_t, int64_t, (int64_t)(a ^ b))
//@end

//@kernel kiln_u8_bitxor__c needs kiln_binary_macros
/* BitwiseXor */
KILN_BINARY(kiln_u8_bitxor__c, uint8_t, uint8_t, uint8_t, (uint8_t)(a ^ b))
//@end

//@kernel kiln_u16_bitxor__c needs kiln_binary_macros
/* BitwiseXor */
KILN_BINARY(kiln_u16_bitxor__c, uint16_t, uint16_t, uint16_t, (uint16_t)(a ^ b))
//@end

//@kernel kiln_u32_bitxor__c needs kiln_binary_macros
/* BitwiseXor */
KILN_BINARY(kiln_u32_bitxor__c, uint32_t, uint32_t, uint32_t, (uint32_t)(a ^ b))
//@end

//@kernel kiln_u64_bitxor__c needs kiln_binary_macros
/* BitwiseXor */
KILN_BINARY(kiln_u64_bitxor__c, uint64_t, uint64_t, uint64_t, (uint64_t)(a ^ b))
//@end

//@kernel kiln_f32_prelu__c needs kiln_binary_macros
/* PRelu: x < 0 ? x * slope : x */
KILN_BINARY(kiln_f32_prelu__c, float, float, float, a < 0 ? a * b : a)
//@end

//@kernel kiln_f64_prelu__c needs kiln_binary_macros
/* PRelu: x < 0 ? x * slope : x */
KILN_BINARY(kiln_f64_prelu__c, double, double, double, a < 0 ? a * b : a)
//@end

//@kernel kiln_f16_prelu__c needs kiln_binary_macros kiln_half
/* PRelu: x < 0 ? x * slope : x */
KILN_BINARY(kiln_f16_prelu__c, uint16_t, uint16_t, uint16_t, kiln_half_to_float(a) < 0.0f ? kiln_float_to_half(kiln_half_to_float(a) * kiln_half_to_float(b)) : a)
//@end

//@kernel kiln_i32_prelu__c needs kiln_binary_macros
/* PRelu: x < 0 ? x * slope : x */
KILN_BINARY(kiln_i32_prelu__c, int32_t, int32_t, int32_t, a < 0 ? (int32_t)((uint32_t)a * (uint32_t)b) : a)
//@end

//@kernel kiln_i64_prelu__c needs kiln_binary_macros
/* PRelu: x < 0 ? x * slope : x */
KILN_BINARY(kiln_i64_prelu__c, int64_t, int64_t, int64_t, a < 0 ? (int64_t)((uint64_t)a * (uint64_t)b) : a)
//@end

//@kernel kiln_u32_prelu__c needs kiln_binary_macros
/* PRelu: x < 0 ? x * slope : x */
KILN_BINARY(kiln_u32_prelu__c, uint32_t, uint32_t, uint32_t, ((void)b, a))
//@end

//@kernel kiln_u64_prelu__c needs kiln_binary_macros
/* PRelu: x < 0 ? x * slope : x */
KILN_BINARY(kiln_u64_prelu__c, uint64_t, uint64_t, uint64_t, ((void)b, a))
//@end

/* ---- unary ---- */

//@kernel kiln_f32_acos__c needs kiln_unary_macros
/* Acos */
KILN_UNARY_XY(kiln_f32_acos__c, float, float, acosf(v))
//@end

//@kernel kiln_f64_acos__c needs kiln_unary_macros
/* Acos */
KILN_UNARY_XY(kiln_f64_acos__c, double, double, acos(v))
//@end

//@kernel kiln_f16_acos__c needs kiln_unary_macros kiln_half
/* Acos; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_acos__c, acosf(w))
//@end

//@kernel kiln_f32_acosh__c needs kiln_unary_macros
/* Acosh */
KILN_UNARY_XY(kiln_f32_acosh__c, float, float, acoshf(v))
//@end

//@kernel kiln_f64_acosh__c needs kiln_unary_macros
/* Acosh */
KILN_UNARY_XY(kiln_f64_acosh__c, double, double, acosh(v))
//@end

//@kernel kiln_f16_acosh__c needs kiln_unary_macros kiln_half
/* Acosh; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_acosh__c, acoshf(w))
//@end

//@kernel kiln_f32_asin__c needs kiln_unary_macros
/* Asin */
KILN_UNARY_XY(kiln_f32_asin__c, float, float, asinf(v))
//@end

//@kernel kiln_f64_asin__c needs kiln_unary_macros
/* Asin */
KILN_UNARY_XY(kiln_f64_asin__c, double, double, asin(v))
//@end

//@kernel kiln_f16_asin__c needs kiln_unary_macros kiln_half
/* Asin; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_asin__c, asinf(w))
//@end

//@kernel kiln_f32_asinh__c needs kiln_unary_macros
/* Asinh */
KILN_UNARY_XY(kiln_f32_asinh__c, float, float, asinhf(v))
//@end

//@kernel kiln_f64_asinh__c needs kiln_unary_macros
/* Asinh */
KILN_UNARY_XY(kiln_f64_asinh__c, double, double, asinh(v))
//@end

//@kernel kiln_f16_asinh__c needs kiln_unary_macros kiln_half
/* Asinh; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_asinh__c, asinhf(w))
//@end

//@kernel kiln_f32_atan__c needs kiln_unary_macros
/* Atan */
KILN_UNARY_XY(kiln_f32_atan__c, float, float, atanf(v))
//@end

//@kernel kiln_f64_atan__c needs kiln_unary_macros
/* Atan */
KILN_UNARY_XY(kiln_f64_atan__c, double, double, atan(v))
//@end

//@kernel kiln_f16_atan__c needs kiln_unary_macros kiln_half
/* Atan; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_atan__c, atanf(w))
//@end

//@kernel kiln_f32_atanh__c needs kiln_unary_macros
/* Atanh */
KILN_UNARY_XY(kiln_f32_atanh__c, float, float, atanhf(v))
//@end

//@kernel kiln_f64_atanh__c needs kiln_unary_macros
/* Atanh */
KILN_UNARY_XY(kiln_f64_atanh__c, double, double, atanh(v))
//@end

//@kernel kiln_f16_atanh__c needs kiln_unary_macros kiln_half
/* Atanh; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_atanh__c, atanhf(w))
//@end

//@kernel kiln_f32_tan__c needs kiln_unary_macros
/* Tan */
KILN_UNARY_XY(kiln_f32_tan__c, float, float, tanf(v))
//@end

//@kernel kiln_f64_tan__c needs kiln_unary_macros
/* Tan */
KILN_UNARY_XY(kiln_f64_tan__c, double, double, tan(v))
//@end

//@kernel kiln_f16_tan__c needs kiln_unary_macros kiln_half
/* Tan; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_tan__c, tanf(w))
//@end

//@kernel kiln_f32_cosh__c needs kiln_unary_macros
/* Cosh */
KILN_UNARY_XY(kiln_f32_cosh__c, float, float, coshf(v))
//@end

//@kernel kiln_f64_cosh__c needs kiln_unary_macros
/* Cosh */
KILN_UNARY_XY(kiln_f64_cosh__c, double, double, cosh(v))
//@end

//@kernel kiln_f16_cosh__c needs kiln_unary_macros kiln_half
/* Cosh; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_cosh__c, coshf(w))
//@end

//@kernel kiln_f32_sinh__c needs kiln_unary_macros
/* Sinh */
KILN_UNARY_XY(kiln_f32_sinh__c, float, float, sinhf(v))
//@end

//@kernel kiln_f64_sinh__c needs kiln_unary_macros
/* Sinh */
KILN_UNARY_XY(kiln_f64_sinh__c, double, double, sinh(v))
//@end

//@kernel kiln_f16_sinh__c needs kiln_unary_macros kiln_half
/* Sinh; float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_sinh__c, sinhf(w))
//@end

//@kernel kiln_f32_softsign__c needs kiln_unary_macros
/* Softsign: v / (1 + |v|) */
KILN_UNARY_XY(kiln_f32_softsign__c, float, float, v / (1.0f + fabsf(v)))
//@end

//@kernel kiln_f64_softsign__c needs kiln_unary_macros
/* Softsign: v / (1 + |v|) */
KILN_UNARY_XY(kiln_f64_softsign__c, double, double, v / (1.0 + fabs(v)))
//@end

//@kernel kiln_f16_softsign__c needs kiln_unary_macros kiln_half
/* Softsign: v / (1 + |v|); float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_softsign__c, w / (1.0f + fabsf(w)))
//@end

//@kernel kiln_f32_celu__c needs kiln_unary_macros
/* Celu: max(0, v) + min(0, a * (e^(v/a) - 1)) (a = alpha) */
KILN_UNARY_XY_AB(kiln_f32_celu__c, float, float, float, v > 0.0f ? v : a * expm1f(v / a))
//@end

//@kernel kiln_f64_celu__c needs kiln_unary_macros
/* Celu: max(0, v) + min(0, a * (e^(v/a) - 1)) (a = alpha) */
KILN_UNARY_XY_AB(kiln_f64_celu__c, double, double, double, v > 0.0 ? v : a * expm1(v / a))
//@end

//@kernel kiln_f16_celu__c needs kiln_unary_macros kiln_half
/* Celu: max(0, v) + min(0, a * (e^(v/a) - 1)) (a = alpha); float16 computed in float32 */
KILN_UNARY_F16_AB(kiln_f16_celu__c, w > 0.0f ? w : a * expm1f(w / a))
//@end

//@kernel kiln_f32_thresholded_relu__c needs kiln_unary_macros
/* ThresholdedRelu: v > a ? v : 0 (a = alpha) */
KILN_UNARY_XY_AB(kiln_f32_thresholded_relu__c, float, float, float, v > a ? v : 0.0f)
//@end

//@kernel kiln_f64_thresholded_relu__c needs kiln_unary_macros
/* ThresholdedRelu: v > a ? v : 0 (a = alpha) */
KILN_UNARY_XY_AB(kiln_f64_thresholded_relu__c, double, double, double, v > a ? v : 0.0)
//@end

//@kernel kiln_f16_thresholded_relu__c needs kiln_unary_macros kiln_half
/* ThresholdedRelu: v > a ? v : 0 (a = alpha); float16 computed in float32 */
KILN_UNARY_F16_AB(kiln_f16_thresholded_relu__c, w > a ? w : 0.0f)
//@end

//@kernel kiln_f32_shrink__c needs kiln_unary_macros
/* Shrink: v < -a ? v + b : v > a ? v - b : 0 (a = lambd, b = bias) */
KILN_UNARY_XY_AB(kiln_f32_shrink__c, float, float, float, v < -a ? v + b : (v > a ? v - b : 0.0f))
//@end

//@kernel kiln_f64_shrink__c needs kiln_unary_macros
/* Shrink: v < -a ? v + b : v > a ? v - b : 0 (a = lambd, b = bias) */
KILN_UNARY_XY_AB(kiln_f64_shrink__c, double, double, double, v < -a ? v + b : (v > a ? v - b : 0.0))
//@end

//@kernel kiln_f16_shrink__c needs kiln_unary_macros kiln_half
/* Shrink: v < -a ? v + b : v > a ? v - b : 0 (a = lambd, b = bias); float16 computed in float32 */
KILN_UNARY_F16_AB(kiln_f16_shrink__c, w < -a ? w + b : (w > a ? w - b : 0.0f))
//@end

//@kernel kiln_f32_swish__c needs kiln_unary_macros kiln_sigmoid_f32
/* Swish: v * sigmoid(a * v) (a = alpha) */
KILN_UNARY_XY_AB(kiln_f32_swish__c, float, float, float, v * kiln_sigmoid_f32(a * v))
//@end

//@kernel kiln_f64_swish__c needs kiln_unary_macros kiln_sigmoid_f64
/* Swish: v * sigmoid(a * v) (a = alpha) */
KILN_UNARY_XY_AB(kiln_f64_swish__c, double, double, double, v * kiln_sigmoid_f64(a * v))
//@end

//@kernel kiln_f16_swish__c needs kiln_unary_macros kiln_half kiln_sigmoid_f32
/* Swish: v * sigmoid(a * v) (a = alpha); float16 computed in float32 */
KILN_UNARY_F16_AB(kiln_f16_swish__c, w * kiln_sigmoid_f32(a * w))
//@end

//@kernel kiln_f32_mish__c needs kiln_unary_macros kiln_softplus_f32
/* Mish: v * tanh(ln(1 + e^v)) */
KILN_UNARY_XY(kiln_f32_mish__c, float, float, v * tanhf(kiln_softplus_f32(v)))
//@end

//@kernel kiln_f64_mish__c needs kiln_unary_macros kiln_softplus_f64
/* Mish: v * tanh(ln(1 + e^v)) */
KILN_UNARY_XY(kiln_f64_mish__c, double, double, v * tanh(kiln_softplus_f64(v)))
//@end

//@kernel kiln_f16_mish__c needs kiln_unary_macros kiln_half kiln_softplus_f32
/* Mish: v * tanh(ln(1 + e^v)); float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_mish__c, w * tanhf(kiln_softplus_f32(w)))
//@end

//@kernel kiln_f32_gelu__c needs kiln_unary_macros
/* Gelu (approximate="none"): v / 2 * (1 + erf(v / sqrt(2))) */
KILN_UNARY_XY(kiln_f32_gelu__c, float, float, 0.5f * v * (1.0f + erff(v * 0.70710678118654752f)))
//@end

//@kernel kiln_f64_gelu__c needs kiln_unary_macros
/* Gelu (approximate="none"): v / 2 * (1 + erf(v / sqrt(2))) */
KILN_UNARY_XY(kiln_f64_gelu__c, double, double, 0.5 * v * (1.0 + erf(v * 0.70710678118654752440)))
//@end

//@kernel kiln_f16_gelu__c needs kiln_unary_macros kiln_half
/* Gelu (approximate="none"): v / 2 * (1 + erf(v / sqrt(2))); float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_gelu__c, 0.5f * w * (1.0f + erff(w * 0.70710678118654752f)))
//@end

//@kernel kiln_f32_gelu_tanh__c needs kiln_unary_macros
/* Gelu (approximate="tanh"): v / 2 * (1 + tanh(sqrt(2/pi) * (v + 0.044715 v^3))) */
KILN_UNARY_XY(kiln_f32_gelu_tanh__c, float, float, 0.5f * v * (1.0f + tanhf(0.79788456080286536f * (v + 0.044715f * v * v * v))))
//@end

//@kernel kiln_f64_gelu_tanh__c needs kiln_unary_macros
/* Gelu (approximate="tanh"): v / 2 * (1 + tanh(sqrt(2/pi) * (v + 0.044715 v^3))) */
KILN_UNARY_XY(kiln_f64_gelu_tanh__c, double, double, 0.5 * v * (1.0 + tanh(0.79788456080286535588 * (v + 0.044715 * v * v * v))))
//@end

//@kernel kiln_f16_gelu_tanh__c needs kiln_unary_macros kiln_half
/* Gelu (approximate="tanh"): v / 2 * (1 + tanh(sqrt(2/pi) * (v + 0.044715 v^3))); float16 computed in float32 */
KILN_UNARY_F16(kiln_f16_gelu_tanh__c, 0.5f * w * (1.0f + tanhf(0.79788456080286536f * (w + 0.044715f * w * w * w))))
//@end

//@kernel kiln_f32_div_scalar__c needs kiln_unary_macros
/* v / a (Mean divides the sum by the input count) */
KILN_UNARY_XY_AB(kiln_f32_div_scalar__c, float, float, float, v / a)
//@end

//@kernel kiln_f64_div_scalar__c needs kiln_unary_macros
/* v / a (Mean divides the sum by the input count) */
KILN_UNARY_XY_AB(kiln_f64_div_scalar__c, double, double, double, v / a)
//@end

//@kernel kiln_f16_div_scalar__c needs kiln_unary_macros kiln_half
/* v / a (Mean divides the sum by the input count); float16 computed in float32 */
KILN_UNARY_F16_AB(kiln_f16_div_scalar__c, w / a)
//@end

//@kernel kiln_f32_isnan__c needs kiln_unary_macros
/* IsNaN */
KILN_UNARY_XY(kiln_f32_isnan__c, float, uint8_t, (uint8_t)(v != v))
//@end

//@kernel kiln_f64_isnan__c needs kiln_unary_macros
/* IsNaN */
KILN_UNARY_XY(kiln_f64_isnan__c, double, uint8_t, (uint8_t)(v != v))
//@end

//@kernel kiln_f16_isnan__c needs kiln_unary_macros
/* IsNaN */
KILN_UNARY_XY(kiln_f16_isnan__c, uint16_t, uint8_t, (uint8_t)((v & 0x7fffu) > 0x7c00u))
//@end

//@kernel kiln_f32_isinf__c needs kiln_unary_macros
/* IsInf: a = detect_negative, b = detect_positive (0 or 1) */
KILN_UNARY_XY_AB(kiln_f32_isinf__c, float, uint8_t, float, (uint8_t)(isinf(v) && (v < 0.0f ? a != 0.0f : b != 0.0f)))
//@end

//@kernel kiln_f64_isinf__c needs kiln_unary_macros
/* IsInf: a = detect_negative, b = detect_positive (0 or 1) */
KILN_UNARY_XY_AB(kiln_f64_isinf__c, double, uint8_t, double, (uint8_t)(isinf(v) && (v < 0.0 ? a != 0.0 : b != 0.0)))
//@end

//@kernel kiln_f16_isinf__c needs kiln_unary_macros
/* IsInf: a = detect_negative, b = detect_positive (0 or 1) */
KILN_UNARY_XY_AB(kiln_f16_isinf__c, uint16_t, uint8_t, float, (uint8_t)((v & 0x7fffu) == 0x7c00u && ((v & 0x8000u) ? a != 0.0f : b != 0.0f)))
//@end

//@kernel kiln_i8_bitwise_not__c needs kiln_unary_macros
/* BitwiseNot */
KILN_UNARY_XY(kiln_i8_bitwise_not__c, int8_t, int8_t, (int8_t)~v)
//@end

//@kernel kiln_i16_bitwise_not__c needs kiln_unary_macros
/* BitwiseNot */
KILN_UNARY_XY(kiln_i16_bitwise_not__c, int16_t, int16_t, (int16_t)~v)
//@end

//@kernel kiln_i32_bitwise_not__c needs kiln_unary_macros
/* BitwiseNot */
KILN_UNARY_XY(kiln_i32_bitwise_not__c, int32_t, int32_t, (int32_t)~v)
//@end

//@kernel kiln_i64_bitwise_not__c needs kiln_unary_macros
/* BitwiseNot */
KILN_UNARY_XY(kiln_i64_bitwise_not__c, int64_t, int64_t, (int64_t)~v)
//@end

//@kernel kiln_u8_bitwise_not__c needs kiln_unary_macros
/* BitwiseNot */
KILN_UNARY_XY(kiln_u8_bitwise_not__c, uint8_t, uint8_t, (uint8_t)~v)
//@end

//@kernel kiln_u16_bitwise_not__c needs kiln_unary_macros
/* BitwiseNot */
KILN_UNARY_XY(kiln_u16_bitwise_not__c, uint16_t, uint16_t, (uint16_t)~v)
//@end

//@kernel kiln_u32_bitwise_not__c needs kiln_unary_macros
/* BitwiseNot */
KILN_UNARY_XY(kiln_u32_bitwise_not__c, uint32_t, uint32_t, (uint32_t)~v)
//@end

//@kernel kiln_u64_bitwise_not__c needs kiln_unary_macros
/* BitwiseNot */
KILN_UNARY_XY(kiln_u64_bitwise_not__c, uint64_t, uint64_t, (uint64_t)~v)
//@end

/* ---- bfloat16 activations (uint16_t bits; computed in float32, rounded
 * to nearest even once) ---- */

//@kernel kiln_bf16_softsign__c needs kiln_unary_macros kiln_bfloat16
/* softsign, bfloat16 computed in float32 */
KILN_UNARY_BF16(kiln_bf16_softsign__c, w / (1.0f + fabsf(w)))
//@end

//@kernel kiln_bf16_celu__c needs kiln_unary_macros kiln_bfloat16
/* celu, bfloat16 computed in float32 */
KILN_UNARY_BF16_AB(kiln_bf16_celu__c, w > 0.0f ? w : a * expm1f(w / a))
//@end

//@kernel kiln_bf16_thresholded_relu__c needs kiln_unary_macros kiln_bfloat16
/* thresholded_relu, bfloat16 computed in float32 */
KILN_UNARY_BF16_AB(kiln_bf16_thresholded_relu__c, w > a ? w : 0.0f)
//@end

//@kernel kiln_bf16_swish__c needs kiln_unary_macros kiln_bfloat16 kiln_sigmoid_f32
/* swish, bfloat16 computed in float32 */
KILN_UNARY_BF16_AB(kiln_bf16_swish__c, w * kiln_sigmoid_f32(a * w))
//@end

//@kernel kiln_bf16_mish__c needs kiln_unary_macros kiln_bfloat16 kiln_softplus_f32
/* mish, bfloat16 computed in float32 */
KILN_UNARY_BF16(kiln_bf16_mish__c, w * tanhf(kiln_softplus_f32(w)))
//@end

//@kernel kiln_bf16_gelu__c needs kiln_unary_macros kiln_bfloat16
/* gelu, bfloat16 computed in float32 */
KILN_UNARY_BF16(kiln_bf16_gelu__c, 0.5f * w * (1.0f + erff(w * 0.70710678118654752f)))
//@end

//@kernel kiln_bf16_gelu_tanh__c needs kiln_unary_macros kiln_bfloat16
/* gelu_tanh, bfloat16 computed in float32 */
KILN_UNARY_BF16(kiln_bf16_gelu_tanh__c, 0.5f * w * (1.0f + tanhf(0.79788456080286536f * (w + 0.044715f * w * w * w))))
//@end

#ifndef KILN_HOST
/* Package-mode self-check: compiled alone without KILN_HOST (see
 * docs/writing-an-op.md) every kernel is static, so reference each one or
 * -Wunused-function fires. Outside any section: never copied into packages. */
typedef void (*kiln_math2_any_fn)(void);
const kiln_math2_any_fn kiln_math2_c_all[] = {
  (kiln_math2_any_fn)kiln_f32_mod__c,
  (kiln_math2_any_fn)kiln_f64_mod__c,
  (kiln_math2_any_fn)kiln_bf16_softsign__c,
  (kiln_math2_any_fn)kiln_bf16_celu__c,
  (kiln_math2_any_fn)kiln_bf16_thresholded_relu__c,
  (kiln_math2_any_fn)kiln_bf16_swish__c,
  (kiln_math2_any_fn)kiln_bf16_mish__c,
  (kiln_math2_any_fn)kiln_bf16_gelu__c,
  (kiln_math2_any_fn)kiln_bf16_gelu_tanh__c,
  (kiln_math2_any_fn)kiln_f16_mod__c,
  (kiln_math2_any_fn)kiln_i8_mod__c,
  (kiln_math2_any_fn)kiln_i16_mod__c,
  (kiln_math2_any_fn)kiln_i32_mod__c,
  (kiln_math2_any_fn)kiln_i64_mod__c,
  (kiln_math2_any_fn)kiln_u8_mod__c,
  (kiln_math2_any_fn)kiln_u16_mod__c,
  (kiln_math2_any_fn)kiln_u32_mod__c,
  (kiln_math2_any_fn)kiln_u64_mod__c,
  (kiln_math2_any_fn)kiln_f32_fmod__c,
  (kiln_math2_any_fn)kiln_f64_fmod__c,
  (kiln_math2_any_fn)kiln_f16_fmod__c,
  (kiln_math2_any_fn)kiln_i8_fmod__c,
  (kiln_math2_any_fn)kiln_i16_fmod__c,
  (kiln_math2_any_fn)kiln_i32_fmod__c,
  (kiln_math2_any_fn)kiln_i64_fmod__c,
  (kiln_math2_any_fn)kiln_u8_fmod__c,
  (kiln_math2_any_fn)kiln_u16_fmod__c,
  (kiln_math2_any_fn)kiln_u32_fmod__c,
  (kiln_math2_any_fn)kiln_u64_fmod__c,
  (kiln_math2_any_fn)kiln_i8_shl__c,
  (kiln_math2_any_fn)kiln_i16_shl__c,
  (kiln_math2_any_fn)kiln_i32_shl__c,
  (kiln_math2_any_fn)kiln_i64_shl__c,
  (kiln_math2_any_fn)kiln_u8_shl__c,
  (kiln_math2_any_fn)kiln_u16_shl__c,
  (kiln_math2_any_fn)kiln_u32_shl__c,
  (kiln_math2_any_fn)kiln_u64_shl__c,
  (kiln_math2_any_fn)kiln_i8_shr__c,
  (kiln_math2_any_fn)kiln_i16_shr__c,
  (kiln_math2_any_fn)kiln_i32_shr__c,
  (kiln_math2_any_fn)kiln_i64_shr__c,
  (kiln_math2_any_fn)kiln_u8_shr__c,
  (kiln_math2_any_fn)kiln_u16_shr__c,
  (kiln_math2_any_fn)kiln_u32_shr__c,
  (kiln_math2_any_fn)kiln_u64_shr__c,
  (kiln_math2_any_fn)kiln_i8_bitand__c,
  (kiln_math2_any_fn)kiln_i16_bitand__c,
  (kiln_math2_any_fn)kiln_i32_bitand__c,
  (kiln_math2_any_fn)kiln_i64_bitand__c,
  (kiln_math2_any_fn)kiln_u8_bitand__c,
  (kiln_math2_any_fn)kiln_u16_bitand__c,
  (kiln_math2_any_fn)kiln_u32_bitand__c,
  (kiln_math2_any_fn)kiln_u64_bitand__c,
  (kiln_math2_any_fn)kiln_i8_bitor__c,
  (kiln_math2_any_fn)kiln_i16_bitor__c,
  (kiln_math2_any_fn)kiln_i32_bitor__c,
  (kiln_math2_any_fn)kiln_i64_bitor__c,
  (kiln_math2_any_fn)kiln_u8_bitor__c,
  (kiln_math2_any_fn)kiln_u16_bitor__c,
  (kiln_math2_any_fn)kiln_u32_bitor__c,
  (kiln_math2_any_fn)kiln_u64_bitor__c,
  (kiln_math2_any_fn)kiln_i8_bitxor__c,
  (kiln_math2_any_fn)kiln_i16_bitxor__c,
  (kiln_math2_any_fn)kiln_i32_bitxor__c,
  (kiln_math2_any_fn)kiln_i64_bitxor__c,
  (kiln_math2_any_fn)kiln_u8_bitxor__c,
  (kiln_math2_any_fn)kiln_u16_bitxor__c,
  (kiln_math2_any_fn)kiln_u32_bitxor__c,
  (kiln_math2_any_fn)kiln_u64_bitxor__c,
  (kiln_math2_any_fn)kiln_f32_prelu__c,
  (kiln_math2_any_fn)kiln_f64_prelu__c,
  (kiln_math2_any_fn)kiln_f16_prelu__c,
  (kiln_math2_any_fn)kiln_i32_prelu__c,
  (kiln_math2_any_fn)kiln_i64_prelu__c,
  (kiln_math2_any_fn)kiln_u32_prelu__c,
  (kiln_math2_any_fn)kiln_u64_prelu__c,
  (kiln_math2_any_fn)kiln_f32_acos__c,
  (kiln_math2_any_fn)kiln_f64_acos__c,
  (kiln_math2_any_fn)kiln_f16_acos__c,
  (kiln_math2_any_fn)kiln_f32_acosh__c,
  (kiln_math2_any_fn)kiln_f64_acosh__c,
  (kiln_math2_any_fn)kiln_f16_acosh__c,
  (kiln_math2_any_fn)kiln_f32_asin__c,
  (kiln_math2_any_fn)kiln_f64_asin__c,
  (kiln_math2_any_fn)kiln_f16_asin__c,
  (kiln_math2_any_fn)kiln_f32_asinh__c,
  (kiln_math2_any_fn)kiln_f64_asinh__c,
  (kiln_math2_any_fn)kiln_f16_asinh__c,
  (kiln_math2_any_fn)kiln_f32_atan__c,
  (kiln_math2_any_fn)kiln_f64_atan__c,
  (kiln_math2_any_fn)kiln_f16_atan__c,
  (kiln_math2_any_fn)kiln_f32_atanh__c,
  (kiln_math2_any_fn)kiln_f64_atanh__c,
  (kiln_math2_any_fn)kiln_f16_atanh__c,
  (kiln_math2_any_fn)kiln_f32_tan__c,
  (kiln_math2_any_fn)kiln_f64_tan__c,
  (kiln_math2_any_fn)kiln_f16_tan__c,
  (kiln_math2_any_fn)kiln_f32_cosh__c,
  (kiln_math2_any_fn)kiln_f64_cosh__c,
  (kiln_math2_any_fn)kiln_f16_cosh__c,
  (kiln_math2_any_fn)kiln_f32_sinh__c,
  (kiln_math2_any_fn)kiln_f64_sinh__c,
  (kiln_math2_any_fn)kiln_f16_sinh__c,
  (kiln_math2_any_fn)kiln_f32_softsign__c,
  (kiln_math2_any_fn)kiln_f64_softsign__c,
  (kiln_math2_any_fn)kiln_f16_softsign__c,
  (kiln_math2_any_fn)kiln_f32_mish__c,
  (kiln_math2_any_fn)kiln_f64_mish__c,
  (kiln_math2_any_fn)kiln_f16_mish__c,
  (kiln_math2_any_fn)kiln_f32_gelu__c,
  (kiln_math2_any_fn)kiln_f64_gelu__c,
  (kiln_math2_any_fn)kiln_f16_gelu__c,
  (kiln_math2_any_fn)kiln_f32_gelu_tanh__c,
  (kiln_math2_any_fn)kiln_f64_gelu_tanh__c,
  (kiln_math2_any_fn)kiln_f16_gelu_tanh__c,
  (kiln_math2_any_fn)kiln_f32_isnan__c,
  (kiln_math2_any_fn)kiln_f64_isnan__c,
  (kiln_math2_any_fn)kiln_f16_isnan__c,
  (kiln_math2_any_fn)kiln_i8_bitwise_not__c,
  (kiln_math2_any_fn)kiln_i16_bitwise_not__c,
  (kiln_math2_any_fn)kiln_i32_bitwise_not__c,
  (kiln_math2_any_fn)kiln_i64_bitwise_not__c,
  (kiln_math2_any_fn)kiln_u8_bitwise_not__c,
  (kiln_math2_any_fn)kiln_u16_bitwise_not__c,
  (kiln_math2_any_fn)kiln_u32_bitwise_not__c,
  (kiln_math2_any_fn)kiln_u64_bitwise_not__c,
  (kiln_math2_any_fn)kiln_f32_celu__c,
  (kiln_math2_any_fn)kiln_f64_celu__c,
  (kiln_math2_any_fn)kiln_f16_celu__c,
  (kiln_math2_any_fn)kiln_f32_thresholded_relu__c,
  (kiln_math2_any_fn)kiln_f64_thresholded_relu__c,
  (kiln_math2_any_fn)kiln_f16_thresholded_relu__c,
  (kiln_math2_any_fn)kiln_f32_shrink__c,
  (kiln_math2_any_fn)kiln_f64_shrink__c,
  (kiln_math2_any_fn)kiln_f16_shrink__c,
  (kiln_math2_any_fn)kiln_f32_swish__c,
  (kiln_math2_any_fn)kiln_f64_swish__c,
  (kiln_math2_any_fn)kiln_f16_swish__c,
  (kiln_math2_any_fn)kiln_f32_div_scalar__c,
  (kiln_math2_any_fn)kiln_f64_div_scalar__c,
  (kiln_math2_any_fn)kiln_f16_div_scalar__c,
  (kiln_math2_any_fn)kiln_f32_isinf__c,
  (kiln_math2_any_fn)kiln_f64_isinf__c,
  (kiln_math2_any_fn)kiln_f16_isinf__c,
};
#endif
