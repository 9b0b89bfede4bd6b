/* test_ops_lowp.c - unit tests of the low-precision dtypes: the scalar
 * float <-> float8/float4/e8m0 helpers and the generic cast kernel
 * (src/kernels/lowp.c) against bit patterns computed by hand from the
 * formats' definitions, the sub-byte packing helpers of the IR, .pb tensor
 * files of packed types, Cast/CastLike through infer + eval + a package
 * program, and BitCast.
 *
 * Build: make build/tests/test_ops_lowp (see tests/unit/harness/op_test.h).
 * Ends with "N passed, N failed"; exit status 1 on any failure.
 */
#define _POSIX_C_SOURCE 200809L /* mkstemp */
#include "ops/op.h"
#include "emit/emit.h"
#include "ir/ir.h"
#include "util/util.h"
#include "onnx/tensor_file.h"
#include "kernels/lowp.h"
#include "harness/op_test_ew.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern const op_def op_Cast, op_CastLike, op_BitCast;

/* One check per encoder call: got code == want. */
#define ENC(fn, x, sat, want) \
  do { \
    unsigned got_ = fn((x), (sat)); \
    ot_check(got_ == (unsigned)(want), #fn "(" #x ", " #sat ")", "got 0x%02x, want 0x%02x", got_, \
             (unsigned)(want)); \
  } while (0)
/* decoder: got value == want (NaN matches NaN) */
#define DEC(fn, c, want) \
  do { \
    double got_ = fn(c), w_ = (want); \
    ot_check((got_ != got_ && w_ != w_) || got_ == w_, #fn "(" #c ")", "got %.9g, want %.9g", got_, w_); \
  } while (0)

static void test_e4m3fn(void) {
  /* bias 7, 3 mantissa bits: max = 1.75 * 2^8 = 448 = 0 1111 110 */
  ENC(kiln_f32_to_f8e4m3fn__c, 448.0f, 1, 0x7e);
  ENC(kiln_f32_to_f8e4m3fn__c, -448.0f, 0, 0xfe);
  ENC(kiln_f32_to_f8e4m3fn__c, 1.0f, 1, 0x38); /* exponent field 7 */
  ENC(kiln_f32_to_f8e4m3fn__c, 0.5f, 1, 0x30);
  ENC(kiln_f32_to_f8e4m3fn__c, -0.0f, 1, 0x80);
  /* ties to even: 1 + 1/16 is half a quantum (1/8) above 1 -> 1; 1 + 3/16 -> 1.25 */
  ENC(kiln_f32_to_f8e4m3fn__c, 1.0625f, 1, 0x38);
  ENC(kiln_f32_to_f8e4m3fn__c, 1.1875f, 1, 0x3a);
  /* subnormals: quantum 2^-9; 2^-10 ties to 0, 1.5 * 2^-10 -> 2^-9, 3 * 2^-10 ties to 2 * 2^-9 */
  ENC(kiln_f32_to_f8e4m3fn__c, 0.001953125f, 1, 0x01);
  ENC(kiln_f32_to_f8e4m3fn__c, 0.0009765625f, 1, 0x00);
  ENC(kiln_f32_to_f8e4m3fn__c, 0.00146484375f, 1, 0x01);
  ENC(kiln_f32_to_f8e4m3fn__c, 0.0029296875f, 1, 0x02);
  ENC(kiln_f32_to_f8e4m3fn__c, 0.015625f, 1, 0x08); /* 2^-6: smallest normal */
  /* 464 ties between 448 (0x7e, even) and 480 (would be 0x7f = NaN): 448 */
  ENC(kiln_f32_to_f8e4m3fn__c, 464.0f, 0, 0x7e);
  ENC(kiln_f32_to_f8e4m3fn__c, 465.0f, 0, 0x7f);
  ENC(kiln_f32_to_f8e4m3fn__c, 465.0f, 1, 0x7e);
  ENC(kiln_f32_to_f8e4m3fn__c, 1e6f, 1, 0x7e);
  ENC(kiln_f32_to_f8e4m3fn__c, -1e6f, 0, 0xff);
  ENC(kiln_f32_to_f8e4m3fn__c, INFINITY, 1, 0x7e);
  ENC(kiln_f32_to_f8e4m3fn__c, -INFINITY, 1, 0xfe);
  ENC(kiln_f32_to_f8e4m3fn__c, INFINITY, 0, 0x7f);
  ENC(kiln_f32_to_f8e4m3fn__c, NAN, 1, 0x7f);
  ENC(kiln_f32_to_f8e4m3fn__c, -NAN, 0, 0xff);
  DEC(kiln_f8e4m3fn_to_f32__c, 0x7e, 448.0);
  DEC(kiln_f8e4m3fn_to_f32__c, 0xfe, -448.0);
  DEC(kiln_f8e4m3fn_to_f32__c, 0x01, 0.001953125);
  DEC(kiln_f8e4m3fn_to_f32__c, 0x3a, 1.25);
  DEC(kiln_f8e4m3fn_to_f32__c, 0x7f, NAN);
  DEC(kiln_f8e4m3fn_to_f32__c, 0x78, 256.0); /* 0x78 is a number in fn (no inf) */
}

static void test_e4m3fnuz(void) {
  /* bias 8: max = 1.875 * 2^7 = 240 = 0x7f; NaN = 0x80; no -0 */
  ENC(kiln_f32_to_f8e4m3fnuz__c, 240.0f, 1, 0x7f);
  ENC(kiln_f32_to_f8e4m3fnuz__c, 1.0f, 1, 0x40);
  ENC(kiln_f32_to_f8e4m3fnuz__c, -1.0f, 1, 0xc0);
  ENC(kiln_f32_to_f8e4m3fnuz__c, -0.0f, 0, 0x00);
  ENC(kiln_f32_to_f8e4m3fnuz__c, -1e-9f, 0, 0x00); /* rounds to zero: not -0 */
  ENC(kiln_f32_to_f8e4m3fnuz__c, 0.0009765625f, 1, 0x01); /* 2^-10: smallest subnormal */
  ENC(kiln_f32_to_f8e4m3fnuz__c, 256.0f, 1, 0x7f);
  ENC(kiln_f32_to_f8e4m3fnuz__c, 256.0f, 0, 0x80);
  ENC(kiln_f32_to_f8e4m3fnuz__c, -INFINITY, 1, 0xff);
  ENC(kiln_f32_to_f8e4m3fnuz__c, -INFINITY, 0, 0x80);
  ENC(kiln_f32_to_f8e4m3fnuz__c, NAN, 1, 0x80);
  DEC(kiln_f8e4m3fnuz_to_f32__c, 0x80, NAN);
  DEC(kiln_f8e4m3fnuz_to_f32__c, 0x7f, 240.0);
  DEC(kiln_f8e4m3fnuz_to_f32__c, 0xff, -240.0);
  DEC(kiln_f8e4m3fnuz_to_f32__c, 0x01, 0.0009765625);
}

static void test_e5m2(void) {
  /* bias 15, 2 mantissa bits: max = 1.75 * 2^15 = 57344 = 0x7b, inf 0x7c */
  ENC(kiln_f32_to_f8e5m2__c, 57344.0f, 0, 0x7b);
  ENC(kiln_f32_to_f8e5m2__c, 1.0f, 1, 0x3c);
  ENC(kiln_f32_to_f8e5m2__c, 1.5f, 1, 0x3e);
  ENC(kiln_f32_to_f8e5m2__c, 1.125f, 1, 0x3c); /* half a quantum (0.25): tie to even */
  ENC(kiln_f32_to_f8e5m2__c, 1.375f, 1, 0x3e);
  ENC(kiln_f32_to_f8e5m2__c, 1.52587890625e-05f, 1, 0x01); /* 2^-16 */
  /* 61440 ties between 57344 (0x7b, odd) and 65536 (0x7c = inf): even is inf */
  ENC(kiln_f32_to_f8e5m2__c, 61440.0f, 0, 0x7c);
  ENC(kiln_f32_to_f8e5m2__c, 61440.0f, 1, 0x7b);
  ENC(kiln_f32_to_f8e5m2__c, 61439.0f, 0, 0x7b);
  ENC(kiln_f32_to_f8e5m2__c, INFINITY, 0, 0x7c);
  ENC(kiln_f32_to_f8e5m2__c, -INFINITY, 0, 0xfc);
  ENC(kiln_f32_to_f8e5m2__c, -INFINITY, 1, 0xfb);
  ENC(kiln_f32_to_f8e5m2__c, NAN, 1, 0x7e);
  ENC(kiln_f32_to_f8e5m2__c, -0.0f, 1, 0x80);
  DEC(kiln_f8e5m2_to_f32__c, 0x7c, INFINITY);
  DEC(kiln_f8e5m2_to_f32__c, 0xfc, -INFINITY);
  DEC(kiln_f8e5m2_to_f32__c, 0x7d, NAN);
  DEC(kiln_f8e5m2_to_f32__c, 0x7b, 57344.0);
  DEC(kiln_f8e5m2_to_f32__c, 0x02, 3.0517578125e-05);
}

static void test_e5m2fnuz(void) {
  /* bias 16: max 57344 = 0x7f, NaN 0x80 */
  ENC(kiln_f32_to_f8e5m2fnuz__c, 57344.0f, 0, 0x7f);
  ENC(kiln_f32_to_f8e5m2fnuz__c, 1.0f, 1, 0x40);
  ENC(kiln_f32_to_f8e5m2fnuz__c, 1e6f, 1, 0x7f);
  ENC(kiln_f32_to_f8e5m2fnuz__c, 1e6f, 0, 0x80);
  ENC(kiln_f32_to_f8e5m2fnuz__c, INFINITY, 0, 0x80);
  ENC(kiln_f32_to_f8e5m2fnuz__c, -0.0f, 1, 0x00);
  ENC(kiln_f32_to_f8e5m2fnuz__c, NAN, 0, 0x80);
  DEC(kiln_f8e5m2fnuz_to_f32__c, 0x80, NAN);
  DEC(kiln_f8e5m2fnuz_to_f32__c, 0xc0, -1.0);
  DEC(kiln_f8e5m2fnuz_to_f32__c, 0x01, 7.62939453125e-06); /* 2^-17 */
}

static void test_e2m1(void) {
  /* values 0 0.5 1 1.5 2 3 4 6 (codes 0..7), sign 0x8, always saturates */
  ENC(kiln_f32_to_f4e2m1__c, 0.5f, 0, 0x1);
  ENC(kiln_f32_to_f4e2m1__c, 0.25f, 0, 0x0);  /* tie between 0 and 0.5: 0 */
  ENC(kiln_f32_to_f4e2m1__c, 0.75f, 0, 0x2);  /* tie between 0.5 (1) and 1 (2): 2 */
  ENC(kiln_f32_to_f4e2m1__c, 1.25f, 0, 0x2);  /* tie between 1 (2) and 1.5 (3): 2 */
  ENC(kiln_f32_to_f4e2m1__c, 2.5f, 0, 0x4);
  ENC(kiln_f32_to_f4e2m1__c, 5.0f, 0, 0x6);   /* tie between 4 (6) and 6 (7): 6 */
  ENC(kiln_f32_to_f4e2m1__c, -3.5f, 0, 0xe);
  ENC(kiln_f32_to_f4e2m1__c, 1e6f, 0, 0x7);
  ENC(kiln_f32_to_f4e2m1__c, -INFINITY, 0, 0xf);
  ENC(kiln_f32_to_f4e2m1__c, -0.0f, 0, 0x8);
  ENC(kiln_f32_to_f4e2m1__c, NAN, 0, 0x8);
  DEC(kiln_f4e2m1_to_f32__c, 0x7, 6.0);
  DEC(kiln_f4e2m1_to_f32__c, 0xf, -6.0);
  DEC(kiln_f4e2m1_to_f32__c, 0x1, 0.5);
  DEC(kiln_f4e2m1_to_f32__c, 0x5, 3.0);
}

static void test_e8m0(void) {
#define E8(x, sat, rm, want) \
  do { \
    unsigned got_ = kiln_f32_to_f8e8m0__c((x), (sat), (rm)); \
    ot_check(got_ == (unsigned)(want), "kiln_f32_to_f8e8m0__c(" #x ", " #sat ", " #rm ")", \
             "got 0x%02x, want 0x%02x", got_, (unsigned)(want)); \
  } while (0)
  E8(1.0f, 1, KILN_E8M0_UP, 0x7f);
  E8(1.5f, 1, KILN_E8M0_UP, 0x80);
  E8(1.5f, 1, KILN_E8M0_DOWN, 0x7f);
  E8(1.5f, 1, KILN_E8M0_NEAREST, 0x80);
  E8(1.25f, 1, KILN_E8M0_NEAREST, 0x7f);
  E8(1.1f, 1, KILN_E8M0_UP, 0x80);
  E8(0.25f, 1, KILN_E8M0_UP, 0x7d);
  E8(0.0f, 1, KILN_E8M0_UP, 0x00);
  E8(NAN, 1, KILN_E8M0_UP, 0xff);
  E8(INFINITY, 1, KILN_E8M0_UP, 0xfe);
  E8(INFINITY, 0, KILN_E8M0_UP, 0xff);
  E8(3.0e38f, 1, KILN_E8M0_UP, 0xfe); /* 2^127 * 1.76: cannot round up to 2^128 */
  E8(3.0e38f, 0, KILN_E8M0_UP, 0xff);
  /* below 2^-126 (float32 subnormals): 0x00 is 2^-127, 0x01 is 2^-126 */
  E8(0x1p-127f, 1, KILN_E8M0_UP, 0x00);
  E8(0x1.2p-127f, 1, KILN_E8M0_UP, 0x01);
  E8(0x1p-130f, 1, KILN_E8M0_UP, 0x00);
  E8(0x1p-130f, 0, KILN_E8M0_NEAREST, 0xff); /* below the smallest value, not saturating */
  E8(0x1.8p-127f, 1, KILN_E8M0_NEAREST, 0x01);
  E8(0x1.4p-127f, 1, KILN_E8M0_NEAREST, 0x00);
  E8(0x1.4p-127f, 1, KILN_E8M0_DOWN, 0x00);
  E8(0.0f, 0, KILN_E8M0_NEAREST, 0xff);
#undef E8
  DEC(kiln_f8e8m0_to_f32__c, 0x7f, 1.0);
  DEC(kiln_f8e8m0_to_f32__c, 0x82, 8.0);
  DEC(kiln_f8e8m0_to_f32__c, 0x00, ldexp(1.0, -127));
  DEC(kiln_f8e8m0_to_f32__c, 0xfe, ldexp(1.0, 127));
  DEC(kiln_f8e8m0_to_f32__c, 0xff, NAN);
}

/* Every code that is a number decodes and encodes back to itself (with and
 * without saturation): the encoders are exact on representable values. */
static void test_roundtrip(void) {
  static const struct {
    const char *name;
    uint8_t (*enc)(float, int);
    float (*dec)(uint8_t);
    unsigned codes;
  } f[] = {{"e4m3fn", kiln_f32_to_f8e4m3fn__c, kiln_f8e4m3fn_to_f32__c, 256},
           {"e4m3fnuz", kiln_f32_to_f8e4m3fnuz__c, kiln_f8e4m3fnuz_to_f32__c, 256},
           {"e5m2", kiln_f32_to_f8e5m2__c, kiln_f8e5m2_to_f32__c, 256},
           {"e5m2fnuz", kiln_f32_to_f8e5m2fnuz__c, kiln_f8e5m2fnuz_to_f32__c, 256},
           {"e2m1", kiln_f32_to_f4e2m1__c, kiln_f4e2m1_to_f32__c, 16}};
  for (size_t k = 0; k < sizeof f / sizeof f[0]; k++) {
    int bad = -1, sat;
    for (unsigned c = 0; c < f[k].codes && bad < 0; c++) {
      float v = f[k].dec((uint8_t)c);
      if (v != v || isinf(v)) continue;
      for (sat = 0; sat < 2; sat++)
        if (f[k].enc(v, sat) != c) bad = (int)c;
    }
    char name[64];
    snprintf(name, sizeof name, "roundtrip_every_code_%s", f[k].name);
    ot_check(bad < 0, name, "code 0x%02x", (unsigned)bad);
  }
  int bad = -1;
  for (unsigned c = 0; c < 255 && bad < 0; c++)
    if (kiln_f32_to_f8e8m0__c(kiln_f8e8m0_to_f32__c((uint8_t)c), 1, KILN_E8M0_UP) != c) bad = (int)c;
  ot_check(bad < 0, "roundtrip_every_code_e8m0", "code 0x%02x", (unsigned)bad);
}

static void test_generic_kernel(void) {
  /* float -> int4 truncates then wraps modulo 16 (ONNX's reference) */
  const float f[] = {-9.0f, 8.0f, 7.9f, -8.5f, NAN, 1e30f, -1.0f, 23.0f};
  int8_t i4[8];
  const int8_t w4[] = {7, -8, 7, -8, 0, 0, -1, 7};
  kiln_lowp_cast__c(8, f, KILN_DT_F32, i4, KILN_DT_I4, 1, KILN_E8M0_UP);
  ot_check(!memcmp(i4, w4, sizeof w4), "lowp_cast_f32_to_int4_wraps", "%d %d %d %d %d %d %d %d", i4[0], i4[1],
           i4[2], i4[3], i4[4], i4[5], i4[6], i4[7]);
  uint8_t u2[8];
  const uint8_t wu2[] = {3, 0, 3, 0, 0, 0, 3, 3}; /* -9 mod 4 = 3, 8 -> 0, 7 -> 3, -8 -> 0 */
  kiln_lowp_cast__c(8, f, KILN_DT_F32, u2, KILN_DT_U2, 1, KILN_E8M0_UP);
  ot_check(!memcmp(u2, wu2, sizeof wu2), "lowp_cast_f32_to_uint2_wraps", "%u %u %u %u", u2[0], u2[1], u2[2],
           u2[3]);
  const int64_t l[] = {17, -9, 8, -2};
  int8_t i2[4], w2[] = {1, -1, 0, -2};
  kiln_lowp_cast__c(4, l, KILN_DT_I64, i4, KILN_DT_I4, 1, 0);
  ot_check(i4[0] == 1 && i4[1] == 7 && i4[2] == -8 && i4[3] == -2, "lowp_cast_int64_to_int4_wraps", "%d %d %d %d",
           i4[0], i4[1], i4[2], i4[3]);
  kiln_lowp_cast__c(4, l, KILN_DT_I64, i2, KILN_DT_I2, 1, 0);
  ot_check(!memcmp(i2, w2, sizeof w2), "lowp_cast_int64_to_int2_wraps", "%d %d %d %d", i2[0], i2[1], i2[2], i2[3]);
  /* float64 rounds once: 464 + 2^-20 is above the 448/480 tie, so NaN
   * without saturation (through float32 it would become 464 -> 448) */
  const double dd[] = {464.0 + 0x1p-20, 464.0};
  uint8_t f8[2];
  kiln_lowp_cast__c(2, dd, KILN_DT_F64, f8, KILN_DT_F8E4M3FN, 0, 0);
  ot_check(f8[0] == 0x7f && f8[1] == 0x7e, "lowp_cast_f64_to_e4m3fn_single_rounding", "0x%02x 0x%02x", f8[0],
           f8[1]);
  /* bfloat16: 1 + 2^-8 ties to 1 (0x3f80); 1 + 3 * 2^-8 ties to 1 + 2^-6 (0x3f82) */
  const float b[] = {1.00390625f, 1.01171875f, -INFINITY, 3.4e38f};
  uint16_t bf[4];
  kiln_lowp_cast__c(4, b, KILN_DT_F32, bf, KILN_DT_BF16, 1, 0);
  ot_check(bf[0] == 0x3f80 && bf[1] == 0x3f82 && bf[2] == 0xff80 && bf[3] == 0x7f80, "lowp_cast_f32_to_bf16_rne",
           "%04x %04x %04x %04x", bf[0], bf[1], bf[2], bf[3]);
  /* float8 -> integers saturate like kiln's other casts; -> float16 exact */
  const uint8_t e[] = {0x7e /* 448 */, 0xfe /* -448 */, 0x7f /* NaN */, 0x3a /* 1.25 */};
  uint8_t u8[4];
  kiln_lowp_cast__c(4, e, KILN_DT_F8E4M3FN, u8, KILN_DT_U8, 1, 0);
  ot_check(u8[0] == 255 && u8[1] == 0 && u8[2] == 0 && u8[3] == 1, "lowp_cast_e4m3fn_to_uint8_saturates",
           "%u %u %u %u", u8[0], u8[1], u8[2], u8[3]);
  uint16_t h[4];
  kiln_lowp_cast__c(4, e, KILN_DT_F8E4M3FN, h, KILN_DT_F16, 1, 0);
  ot_check(h[0] == 0x5f00 && h[1] == 0xdf00 && (h[2] & 0x7c00) == 0x7c00 && (h[2] & 0x3ff) && h[3] == 0x3d00,
           "lowp_cast_e4m3fn_to_f16", "%04x %04x %04x %04x", h[0], h[1], h[2], h[3]);
}

static void test_packing(void) {
  /* int4 [-8, 7, 1] packs to 0x78 (first element low), 0x01 */
  const uint8_t i4[] = {(uint8_t)-8, 7, 1};
  uint8_t p[2], back[3];
  ir_pack_lowp(IR_I4, i4, 3, p);
  ot_check(ir_packed_nbytes(IR_I4, 3) == 2 && p[0] == 0x78 && p[1] == 0x01, "pack_int4", "%02x %02x", p[0], p[1]);
  ir_unpack_lowp(IR_I4, p, 3, back);
  ot_check(!memcmp(back, i4, 3), "unpack_int4_sign_extends", "%d %d %d", (int8_t)back[0], back[1], back[2]);
  /* uint2 [1, 2, 3, 0, 3] -> 0b00111001 = 0x39, 0x03 */
  const uint8_t u2[] = {1, 2, 3, 0, 3};
  ir_pack_lowp(IR_U2, u2, 5, p);
  ot_check(ir_packed_nbytes(IR_U2, 5) == 2 && p[0] == 0x39 && p[1] == 0x03, "pack_uint2", "%02x %02x", p[0], p[1]);
  /* int2 0b11 10 01 00 -> 0, 1, -2, -1 */
  const uint8_t pk = 0xe4;
  int8_t i2[4];
  ir_unpack_lowp(IR_I2, &pk, 4, (uint8_t *)i2);
  ot_check(i2[0] == 0 && i2[1] == 1 && i2[2] == -2 && i2[3] == -1, "unpack_int2", "%d %d %d %d", i2[0], i2[1],
           i2[2], i2[3]);
  ot_check(ir_dtype_size(IR_F4E2M1) == 1 && ir_dtype_packed_bits(IR_F4E2M1) == 4 &&
           ir_dtype_packed_bits(IR_F8E5M2) == 8 && !strcmp(ir_dtype_name(IR_F8E4M3FNUZ), "float8e4m3fnuz"),
           "dtype_table", " ");

  /* a .pb of int4 holds the packed bytes; reading it back unpacks */
  char path[] = "/tmp/kiln_lowp_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) {
    ot_fail("pb_int4_roundtrip", "mkstemp failed");
    return;
  }
  close(fd);
  char pb[64];
  snprintf(pb, sizeof pb, "%s.pb", path);
  ir_tensor t;
  memset(&t, 0, sizeof t);
  t.name = "v";
  t.dtype = IR_I4;
  t.rank = 1;
  t.dims[0] = 3;
  t.data = i4;
  t.nbytes = 3;
  kiln_diag d;
  memset(&d, 0, sizeof d);
  int rc = tensor_file_write(&d, pb, &t);
  size_t len = 0;
  uint8_t *raw = rc ? NULL : kiln_read_file(pb, &len);
  /* ends with raw_data (field 9, length 2): 4a 02 78 01 */
  ot_check(raw && len >= 4 && raw[len - 4] == 0x4a && raw[len - 3] == 2 && raw[len - 2] == 0x78 &&
           raw[len - 1] == 0x01, "pb_int4_written_packed", "rc %d %s", rc, d.msg);
  free(raw);
  ir_tensor r;
  rc = tensor_file_read(&d, pb, &r);
  ot_check(rc == 0 && r.dtype == IR_I4 && r.nbytes == 3 && r.data && !memcmp(r.data, i4, 3),
           "pb_int4_read_unpacked", "rc %d %s", rc, d.msg);
  if (rc == 0) {
    free(r.owned);
    free(r.name);
  }
  unlink(pb);
  unlink(path);
}

/* Cast x (constant, dtype from, n elements) to `to`; checks the output
 * bytes and runs the emitted node as a package program. */
static void cast_case(const char *name, int opset, ir_dtype from, const void *x, int n, ir_dtype to, int sat,
                      const void *want) {
  ir_graph *g = ir_graph_new();
  char shape[16];
  snprintf(shape, sizeof shape, "%d", n);
  int ni = node(g, "Cast", opset, 1, tensor(g, "x", from, shape, x));
  attr_i(g, ni, "to", to);
  if (sat >= 0) attr_i(g, ni, "saturate", sat);
  kiln_diag d;
  int rc = ot_run(&op_Cast, g, ni, &d, "test.onnx");
  const ir_tensor *y = out_of(g, ni);
  ot_check(rc == 0 && y->dtype == to && y->data && !memcmp(y->data, want, (size_t)n * ir_dtype_size(to)), name,
           "rc %d %s", rc, d.msg);
  if (rc == 0) {
    char pname[96];
    snprintf(pname, sizeof pname, "%s_package", name);
    ot_pkg_check(pname, &op_Cast, g, ni, 0);
  }
  ir_graph_free(g);
}

static void test_cast_op(void) {
  const float f[] = {448.0f, 500.0f, -INFINITY, NAN, 0.3f};
  const uint8_t w_sat[] = {0x7e, 0x7e, 0xfe, 0x7f, 0x2a}; /* 0.3 = 1.2 * 2^-2 -> 1.25 * 2^-2 */
  const uint8_t w_nosat[] = {0x7e, 0x7f, 0xff, 0x7f, 0x2a};
  cast_case("Cast_f32_to_e4m3fn", 19, IR_F32, f, 5, IR_F8E4M3FN, -1, w_sat);
  cast_case("Cast_f32_to_e4m3fn_no_saturate", 19, IR_F32, f, 5, IR_F8E4M3FN, 0, w_nosat);
  const uint8_t u4[] = {0, 15, 8};
  const float wf[] = {0.0f, 15.0f, 8.0f};
  cast_case("Cast_uint4_to_f32", 21, IR_U4, u4, 3, IR_F32, -1, wf);
  const int8_t i4[] = {-8, 7, -1};
  const int32_t wi[] = {-8, 7, -1};
  cast_case("Cast_int4_to_i32", 21, IR_I4, i4, 3, IR_I32, -1, wi);
  const uint8_t e[] = {0x7f, 0x80, 0x00};
  const uint16_t wh[] = {0x3c00, 0x4000, 0x0000}; /* 1, 2, 2^-127 underflows to 0 in float16 */
  cast_case("Cast_e8m0_to_f16", 24, IR_F8E8M0, e, 3, IR_F16, -1, wh);
  const uint16_t bf[] = {0x3fc0, 0xc000};
  const double wd[] = {1.5, -2.0};
  cast_case("Cast_bf16_to_f64", 13, IR_BF16, bf, 2, IR_F64, -1, wd);

  /* CastLike takes saturate too */
  ir_graph *g = ir_graph_new();
  const uint8_t like[] = {0};
  int ni = node(g, "CastLike", 19, 2, tensor(g, "x", IR_F32, "5", f), tensor(g, "l", IR_F8E5M2FNUZ, "1", like));
  attr_i(g, ni, "saturate", 0);
  kiln_diag d;
  int rc = ot_run(&op_CastLike, g, ni, &d, "test.onnx");
  /* 448 = 1.75 * 2^8 -> exponent field 24: 0x63; 500 rounds to 512 = 0x64; -inf, NaN -> 0x80;
   * 0.3 = 1.2 * 2^-2 -> 1.25 * 2^-2 = 0x39 */
  const uint8_t w[] = {0x63, 0x64, 0x80, 0x80, 0x39};
  const ir_tensor *y = out_of(g, ni);
  ot_check(rc == 0 && y->dtype == IR_F8E5M2FNUZ && !memcmp(y->data, w, 5), "CastLike_f32_to_e5m2fnuz_no_saturate",
           "rc %d %s %02x %02x %02x %02x %02x", rc, d.msg, rc ? 0 : ((const uint8_t *)y->data)[0],
           rc ? 0 : ((const uint8_t *)y->data)[1], rc ? 0 : ((const uint8_t *)y->data)[2],
           rc ? 0 : ((const uint8_t *)y->data)[3], rc ? 0 : ((const uint8_t *)y->data)[4]);
  if (rc == 0) ot_pkg_check("CastLike_f32_to_e5m2fnuz_package", &op_CastLike, g, ni, 0);

  ni = node(g, "Cast", 19, 1, tensor(g, "x2", IR_F32, "5", f));
  attr_i(g, ni, "to", IR_F8E4M3FN);
  attr_i(g, ni, "saturate", 2);
  ot_expect_error("Cast_saturate_must_be_0_or_1", ot_run(&op_Cast, g, ni, &d, "test.onnx"), &d,
                  "attribute 'saturate' = 2 must be 0 or 1");
  ni = node(g, "Cast", 25, 1, tensor(g, "x3", IR_F32, "5", f));
  attr_i(g, ni, "to", IR_F8E8M0);
  attr_s(g, ni, "round_mode", "sideways");
  ot_expect_error("Cast_bad_round_mode", ot_run(&op_Cast, g, ni, &d, "test.onnx"), &d,
                  "attribute 'round_mode' = \"sideways\" is not one of up, down, nearest");
  ir_graph_free(g);
}

static void test_bitcast(void) {
  ir_graph *g = ir_graph_new();
  const float f[] = {1.0f, -2.0f};
  int ni = node(g, "BitCast", 26, 1, tensor(g, "x", IR_F32, "2", f));
  attr_i(g, ni, "to", IR_I32);
  kiln_diag d;
  int rc = ot_run(&op_BitCast, g, ni, &d, "test.onnx");
  const ir_tensor *y = out_of(g, ni);
  ot_check(rc == 0 && y->dtype == IR_I32 && ((const int32_t *)y->data)[0] == 0x3f800000 &&
           ((const uint32_t *)y->data)[1] == 0xc0000000u, "BitCast_f32_to_i32", "rc %d %s", rc, d.msg);
  ni = node(g, "BitCast", 26, 1, tensor(g, "x2", IR_F32, "2", f));
  attr_i(g, ni, "to", IR_I64);
  ot_expect_error("BitCast_width_mismatch", ot_run(&op_BitCast, g, ni, &d, "test.onnx"), &d,
                  "cannot bitcast float32 (32 bits) to int64 (64 bits)");
  const uint8_t u4[] = {1, 2};
  ni = node(g, "BitCast", 26, 1, tensor(g, "x3", IR_U4, "2", u4));
  attr_i(g, ni, "to", IR_I4);
  ot_expect_error("BitCast_sub_byte_refused", ot_run(&op_BitCast, g, ni, &d, "test.onnx"), &d,
                  "BitCast from uint4 to int4 is not supported");
  const uint8_t e[] = {0x38};
  ni = node(g, "BitCast", 26, 1, tensor(g, "x4", IR_F8E4M3FN, "1", e));
  attr_i(g, ni, "to", IR_U8);
  rc = ot_run(&op_BitCast, g, ni, &d, "test.onnx");
  ot_check(rc == 0 && out_of(g, ni)->dtype == IR_U8 && ((const uint8_t *)out_of(g, ni)->data)[0] == 0x38,
           "BitCast_e4m3fn_to_u8", "rc %d %s", rc, d.msg);
  ir_graph_free(g);
}

int main(void) {
  static const char *const kernels[] = {"src/kernels/cast.h", "src/kernels/lowp.h", "src/kernels/cast.c",
                                        "src/kernels/lowp.c"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  ot_check_library();
  test_e4m3fn();
  test_e4m3fnuz();
  test_e5m2();
  test_e5m2fnuz();
  test_e2m1();
  test_e8m0();
  test_roundtrip();
  test_generic_kernel();
  test_packing();
  test_cast_op();
  test_bitcast();
  return ot_report();
}
