/* lowp.h - low-precision element types: float8 (e4m3fn, e4m3fnuz, e5m2,
 * e5m2fnuz, e8m0), float4e2m1, int4/uint4, int2/uint2, and bfloat16.
 *
 * Scalar conversions (each its own kernel section; other ops `needs` the
 * ones they call):
 *   uint8_t kiln_f32_to_f8e4m3fn__c(float x, int saturate)   and the same for
 *           f8e4m3fnuz, f8e5m2, f8e5m2fnuz, f4e2m1 (float4 always saturates:
 *           it has no inf or NaN; the flag is ignored);
 *   uint8_t kiln_f32_to_f8e8m0__c(float x, int saturate, int round_mode);
 *   float   kiln_f8e4m3fn_to_f32__c(uint8_t c)  and the same for every type
 *           above (all exact in float).
 * Semantics are ONNX Cast's (opset 19+): round to nearest even; saturate=1
 * clamps out-of-range values and infinities to the largest finite value,
 * saturate=0 gives inf (e5m2) or NaN (e4m3fn: 0x7f/0xff; fnuz: 0x80);
 * NaN stays NaN (fnuz: 0x80); fnuz formats have no -0 (-0 and negative
 * values that round to 0 give 0x00). float4e2m1 maps NaN to 0x8 (the code
 * of -0; the format has no NaN), as ml_dtypes, which ONNX's reference uses.
 * float8e8m0 (a bare exponent 2^(c-127), 0xff = NaN) rounds per
 * round_mode: KILN_E8M0_UP (default of Cast: any fraction rounds up),
 * KILN_E8M0_DOWN (truncates), KILN_E8M0_NEAREST (up when the first
 * fraction bit is set, as ONNX's to_float8e8m0); saturate=1 keeps the
 * largest exponent (0xfe) instead of rounding it up to NaN and maps inf to
 * 0xfe. Values below 2^-127 (the smallest, 0x00), zero included, give
 * 0x00 when saturating (up rounds (2^-127, 2^-126) to 0x01) and NaN when
 * not, as the spec's table says (ONNX's numpy helper differs below 2^-126:
 * it rounds float32 subnormals by their fraction bits alone). The sign is
 * ignored (the spec leaves negative inputs undefined).
 *
 * Bulk conversion: kiln_lowp_cast__c converts n elements between any two of
 * the numeric types kiln stores (ONNX TensorProto.DataType numbers), one
 * element per byte for the sub-byte types (ir.h). Float -> int4/uint4/int2/
 * uint2 truncates toward zero and wraps modulo 2^bits (NaN and inf -> 0), as
 * ONNX's reference (ml_dtypes); float -> 8..64-bit integers saturates (NaN ->
 * 0) like kiln's other Cast kernels; integer -> narrower integer wraps.
 */
#ifndef KILN_LOWP_H
#define KILN_LOWP_H

#include "kiln_kernels.h"

//@kernel kiln_lowp_types
/* TensorProto.DataType numbers, as kiln_lowp_cast__c takes them. */
enum {
  KILN_DT_F32 = 1, KILN_DT_U8 = 2, KILN_DT_I8 = 3, KILN_DT_U16 = 4, KILN_DT_I16 = 5,
  KILN_DT_I32 = 6, KILN_DT_I64 = 7, KILN_DT_BOOL = 9, KILN_DT_F16 = 10, KILN_DT_F64 = 11,
  KILN_DT_U32 = 12, KILN_DT_U64 = 13, KILN_DT_BF16 = 16, KILN_DT_F8E4M3FN = 17,
  KILN_DT_F8E4M3FNUZ = 18, KILN_DT_F8E5M2 = 19, KILN_DT_F8E5M2FNUZ = 20, KILN_DT_U4 = 21,
  KILN_DT_I4 = 22, KILN_DT_F4E2M1 = 23, KILN_DT_F8E8M0 = 24, KILN_DT_U2 = 25, KILN_DT_I2 = 26
};
/* Cast's round_mode (opset 24+), used only for float8e8m0 targets. */
enum { KILN_E8M0_UP = 0, KILN_E8M0_DOWN = 1, KILN_E8M0_NEAREST = 2 };
/* Kinds of small float formats (1 sign bit, exponent, mbits mantissa bits):
 * IEEE: all-ones exponent is inf (mantissa 0) / NaN (e5m2, float16, bf16);
 * FN: only the all-ones code is NaN, no inf (e4m3fn);
 * FNUZ: the code of -0 (signbit alone) is the only NaN, no inf, no -0;
 * NOSPECIAL: every code is a number (float4e2m1). */
enum { KILN_LOWP_IEEE = 0, KILN_LOWP_FN = 1, KILN_LOWP_FNUZ = 2, KILN_LOWP_NOSPECIAL = 3 };
//@end

KILN_KERNEL uint8_t kiln_f32_to_f8e4m3fn__c(float x, int saturate);
KILN_KERNEL uint8_t kiln_f32_to_f8e4m3fnuz__c(float x, int saturate);
KILN_KERNEL uint8_t kiln_f32_to_f8e5m2__c(float x, int saturate);
KILN_KERNEL uint8_t kiln_f32_to_f8e5m2fnuz__c(float x, int saturate);
KILN_KERNEL uint8_t kiln_f32_to_f4e2m1__c(float x, int saturate);
KILN_KERNEL uint8_t kiln_f32_to_f8e8m0__c(float x, int saturate, int round_mode);
KILN_KERNEL float kiln_f8e4m3fn_to_f32__c(uint8_t c);
KILN_KERNEL float kiln_f8e4m3fnuz_to_f32__c(uint8_t c);
KILN_KERNEL float kiln_f8e5m2_to_f32__c(uint8_t c);
KILN_KERNEL float kiln_f8e5m2fnuz_to_f32__c(uint8_t c);
KILN_KERNEL float kiln_f4e2m1_to_f32__c(uint8_t c);
KILN_KERNEL float kiln_f8e8m0_to_f32__c(uint8_t c);
KILN_KERNEL void kiln_lowp_cast__c(int64_t n, const void *x, int from, void *y, int to,
                                   int saturate, int round_mode);

#ifdef KILN_HOST
/* Compiler side (outside every section): element i of a buffer of ONNX
 * dtype `dt` as double / stored from double (saturate=1, round_mode up),
 * for ir_get_f64/ir_put_f64. Only for the types kiln_lowp_cast__c knows. */
double kiln_lowp_get_f64(int dt, const void *buf, int64_t i);
void kiln_lowp_put_f64(int dt, void *buf, int64_t i, double v);
#endif

#endif
