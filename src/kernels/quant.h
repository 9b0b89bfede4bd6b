/* quant.h - linear quantisation kernels (quant.c): QuantizeLinear,
 * DequantizeLinear, DynamicQuantizeLinear, and the integer convolution and
 * matrix products behind ConvInteger, QLinearConv, MatMulInteger and
 * QLinearMatMul.
 *
 * The kernels are dtype-generic: a params struct names each operand's dtype
 * with its ONNX TensorProto.DataType number (KILN_QDT_*), and one small
 * load/store switch per element handles it. Sub-byte types (int4, uint4,
 * int2, uint2, float4e2m1) are stored unpacked, one element per byte (signed
 * ones sign-extended in an int8_t), as everywhere inside kiln.
 */
#ifndef KILN_KERNELS_QUANT_H
#define KILN_KERNELS_QUANT_H

#include "kiln_kernels.h"

//@kernel kiln_quant_params
/* Element types, numbered as ONNX's TensorProto.DataType. */
enum {
  KILN_QDT_F32 = 1, KILN_QDT_U8 = 2, KILN_QDT_I8 = 3, KILN_QDT_U16 = 4, KILN_QDT_I16 = 5,
  KILN_QDT_I32 = 6, KILN_QDT_F16 = 10, KILN_QDT_F64 = 11, KILN_QDT_BF16 = 16,
  KILN_QDT_F8E4M3FN = 17, KILN_QDT_F8E4M3FNUZ = 18, KILN_QDT_F8E5M2 = 19,
  KILN_QDT_F8E5M2FNUZ = 20, KILN_QDT_U4 = 21, KILN_QDT_I4 = 22, KILN_QDT_F4E2M1 = 23,
  KILN_QDT_F8E8M0 = 24, KILN_QDT_U2 = 25, KILN_QDT_I2 = 26
};

/* How a scale / zero point maps onto x, seen as [outer][axis_n][inner]. */
enum { KILN_QUANT_TENSOR = 0, KILN_QUANT_AXIS = 1, KILN_QUANT_BLOCK = 2 };

/* QuantizeLinear / DequantizeLinear over x = [outer][axis_n][inner].
 * mode TENSOR: one scale; AXIS: scale[a]; BLOCK: scale is
 * [outer][ceil(axis_n / block)][inner], element (o, a / block, i).
 * Quantize: q = x / scale computed in dtype div_dt (x and scale are first
 * converted to it, as numpy does), then integers: clip(rint(q) + zp) with
 * rint rounding half to even; float8/float4: convert q + zp (saturating
 * when `saturate`). Dequantize: y = (x - zp) * scale in float32 (float64
 * for int32 x with a zero point), rounded to y_dt. zp may be NULL. */
typedef struct kiln_quant_params {
  int64_t outer, axis_n, inner;
  int64_t block, s_axis_n; /* BLOCK: block size and ceil(axis_n / block) */
  int mode;
  int x_dt, s_dt, zp_dt, y_dt, div_dt;
  int saturate;
} kiln_quant_params;

/* Integer convolution (ConvInteger, QLinearConv), NCHW with up to 3
 * spatial dims (missing ones have size 1). Accumulates
 * (x - x_zp) * (w - w_zp[m]) (+ bias[m]) in int32. requant = 0: y is int32;
 * requant = 1: y = clip(round_half_even(acc * x_scale * w_scale[m] / y_scale
 * + y_zp)) in y_dt. w_zp and w_scale are per tensor unless w_zp_n / w_scale_n
 * equal c_out. */
typedef struct kiln_qconv_params {
  int64_t n, c_in, c_out, group;
  int64_t in[3], out[3], k[3], stride[3], pad[3], dil[3];
  int x_dt, w_dt, y_dt, s_dt;
  int64_t w_zp_n, w_scale_n;
  int requant;
} kiln_qconv_params;

/* Integer matrix product (MatMulInteger, QLinearMatMul): for each output
 * batch b, Y[b] = (A[b] - a_zp) @ (B[b] - b_zp) with int32 accumulation.
 * a_zp is per tensor, or per row (a_zp_n == m); b_zp per tensor, or per
 * column (b_zp_n == n). Batch b's A / B start at the element offsets given
 * by the batch dims bd and strides as_ / bs (0 = broadcast). requant as in
 * kiln_qconv_params with per-tensor scales. */
typedef struct kiln_qmatmul_params {
  int64_t m, n, k;
  int rank;
  int64_t bd[KILN_MAX_RANK], as_[KILN_MAX_RANK], bs[KILN_MAX_RANK];
  int a_dt, b_dt, y_dt, s_dt;
  int64_t a_zp_n, b_zp_n;
  int requant;
} kiln_qmatmul_params;
//@end

#ifdef KILN_HOST
/* Prototypes, for the compiler only. */
KILN_KERNEL void kiln_quantize_linear__c(const kiln_quant_params *p, const void *x,
                                         const void *scale, const void *zp, void *y);
KILN_KERNEL void kiln_dequantize_linear__c(const kiln_quant_params *p, const void *x,
                                           const void *scale, const void *zp, void *y);
/* DynamicQuantizeLinear: float32 x of n elements -> uint8 y, float32 scale,
 * uint8 zero point. */
KILN_KERNEL void kiln_f32_dynamic_quantize_linear__c(int64_t n, const float *x, uint8_t *y,
                                                     float *scale, uint8_t *zp);
KILN_KERNEL void kiln_qconv__c(const kiln_qconv_params *p, const void *x, const void *x_zp,
                               const void *w, const void *w_zp, const int32_t *bias,
                               const void *x_scale, const void *w_scale, const void *y_scale,
                               const void *y_zp, void *y);
KILN_KERNEL void kiln_qmatmul__c(const kiln_qmatmul_params *p, const void *a, const void *a_zp,
                                 const void *b, const void *b_zp, const void *a_scale,
                                 const void *b_scale, const void *y_scale, const void *y_zp,
                                 void *y);
#endif

#endif
