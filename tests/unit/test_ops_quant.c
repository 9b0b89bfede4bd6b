/* test_ops_quant.c - unit tests for the quantisation ops (quant.c,
 * qlinear.c): QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear,
 * MatMulInteger, QLinearMatMul, ConvInteger, QLinearConv.
 *
 * Every case builds a one-node graph by hand, runs infer + eval and compares
 * with numbers computed by hand from the ONNX spec (worked out in the
 * comments): rounding ties to even, saturation, per-axis and blocked scales
 * (with a remainder block), zero points per row / column / channel. Most
 * cases also run the emitted code as a package program (harness) and
 * compare it with eval. Error cases check the message text.
 *
 * Prints `PASS name` / `FAIL name: why`, then `N passed, N failed`.
 * Build: make -j1 build/tests/test_ops_quant
 */
#include "ops/op.h"
#include "emit/emit.h"
#include "harness/op_test.h"

#include <stdio.h>
#include <string.h>

extern const op_def op_QuantizeLinear, op_DequantizeLinear, op_DynamicQuantizeLinear,
    op_MatMulInteger, op_QLinearMatMul, op_ConvInteger, op_QLinearConv;

static const char *const FILE_NAME = "test.onnx";

/* Runs one node (all inputs constant), checks output 0 against want as
 * integers, then the package program. */
static void check_ints(const char *name, const op_def *op, ir_graph *g, int nd, ir_dtype dt,
                       const int64_t *want, int64_t cnt) {
  kiln_diag d;
  if (ot_run(op, g, nd, &d, FILE_NAME)) {
    ot_fail(name, "%s", d.msg);
    return;
  }
  ot_expect_ints(name, ir_out(g, &g->nodes[nd], 0), dt, want, cnt);
  char pk[128];
  snprintf(pk, sizeof pk, "%s_package", name);
  ot_pkg_check(pk, op, g, nd, 0.0);
}

static void check_reals(const char *name, const op_def *op, ir_graph *g, int nd, ir_dtype dt,
                        const double *want, int64_t cnt) {
  kiln_diag d;
  if (ot_run(op, g, nd, &d, FILE_NAME)) {
    ot_fail(name, "%s", d.msg);
    return;
  }
  ot_expect_reals(name, ir_out(g, &g->nodes[nd], 0), dt, want, cnt, 0.0, 0.0);
  char pk[128];
  snprintf(pk, sizeof pk, "%s_package", name);
  ot_pkg_check(pk, op, g, nd, 0.0);
}

static void check_error(const char *name, const op_def *op, ir_graph *g, int nd,
                        const char *text) {
  kiln_diag d;
  ot_expect_error(name, ot_run(op, g, nd, &d, FILE_NAME), &d, text);
}

/* ---- QuantizeLinear ---- */

static void test_quantize(void) {
  { /* int8, scale 1: ties go to even (0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -0.5 -> 0,
     * -1.5 -> -2), 300 / -300 saturate to 127 / -128 */
    ir_graph *g = ir_graph_new();
    const float x[] = {0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 300.0f, -300.0f, 7.0f};
    const float s = 1.0f;
    const int8_t z = 0;
    int nd = ot_node(g, "q", "QuantizeLinear", 13, 3,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 1, OT_I64(8), x),
                            ot_tensor(g, "s", IR_F32, 0, NULL, &s),
                            ot_tensor(g, "z", IR_I8, 0, NULL, &z)), 1, NULL);
    check_ints("quantize_int8_ties_saturate", &op_QuantizeLinear, g, nd, IR_I8,
               OT_I64(0, 2, 2, 0, -2, 127, -128, 7), 8);
    ir_graph_free(g);
  }
  { /* uint8, scale 2, zp 128: x / 2 = 0.5, 1.5, 2.5, -0.5, 500, -500 ->
     * 0, 2, 2, 0, 500, -500 -> +128 -> 128, 130, 130, 128, 255 (clip), 0 (clip) */
    ir_graph *g = ir_graph_new();
    const float x[] = {1, 3, 5, -1, 1000, -1000};
    const float s = 2.0f;
    const uint8_t z = 128;
    int nd = ot_node(g, "q", "QuantizeLinear", 10, 3,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 1, OT_I64(6), x),
                            ot_tensor(g, "s", IR_F32, 0, NULL, &s),
                            ot_tensor(g, "z", IR_U8, 0, NULL, &z)), 1, NULL);
    check_ints("quantize_uint8_zero_point", &op_QuantizeLinear, g, nd, IR_U8,
               OT_I64(128, 130, 130, 128, 255, 0), 6);
    ir_graph_free(g);
  }
  { /* no zero point: uint8 by default; 3 / 2 = 1.5 -> 2; -4 -> 0 */
    ir_graph *g = ir_graph_new();
    const float x[] = {3, -4};
    const float s = 2.0f;
    int nd = ot_node(g, "q", "QuantizeLinear", 21, 2,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 1, OT_I64(2), x),
                            ot_tensor(g, "s", IR_F32, 0, NULL, &s)), 1, NULL);
    check_ints("quantize_default_uint8", &op_QuantizeLinear, g, nd, IR_U8, OT_I64(2, 0), 2);
    ir_graph_free(g);
  }
  { /* per axis 1 of [2, 3]: scales 1, 2, 4 and zps 0, 10, -5:
     * col 0: 1, 4; col 1: 1 + 10 = 11, 2.5 -> 2 + 10 = 12;
     * col 2: 0.75 -> 1 - 5 = -4, 1.5 -> 2 - 5 = -3 */
    ir_graph *g = ir_graph_new();
    const float x[] = {1, 2, 3, 4, 5, 6};
    const float s[] = {1, 2, 4};
    const int8_t z[] = {0, 10, -5};
    int nd = ot_node(g, "q", "QuantizeLinear", 19, 3,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 2, OT_I64(2, 3), x),
                            ot_tensor(g, "s", IR_F32, 1, OT_I64(3), s),
                            ot_tensor(g, "z", IR_I8, 1, OT_I64(3), z)), 1, NULL);
    check_ints("quantize_per_axis", &op_QuantizeLinear, g, nd, IR_I8,
               OT_I64(1, 11, -4, 4, 12, -3), 6);
    ir_graph_free(g);
  }
  { /* negative axis -2 of [3, 2] (= axis 0): rows scaled by 1, 10, 100 */
    ir_graph *g = ir_graph_new();
    const float x[] = {5, 6, 50, 65, 500, 749};
    const float s[] = {1, 10, 100};
    int nd = ot_node(g, "q", "QuantizeLinear", 21, 2,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 2, OT_I64(3, 2), x),
                            ot_tensor(g, "s", IR_F32, 1, OT_I64(3), s)), 1, NULL);
    ot_attr_int(&g->nodes[nd], "axis", -2);
    /* 5, 6 | 5, 6.5 -> 6 | 5, 7.49 -> 7 */
    check_ints("quantize_negative_axis", &op_QuantizeLinear, g, nd, IR_U8,
               OT_I64(5, 6, 5, 6, 5, 7), 6);
    ir_graph_free(g);
  }
  { /* blocked along axis 1, block 2, int16 by output_dtype (no zp):
     * row 0 scales 1, 2: 1, 2, 1.5 -> 2, 2; row 1 scales 4, 8: 2, 3, 2, 2.5 -> 2 */
    ir_graph *g = ir_graph_new();
    const float x[] = {1, 2, 3, 4, 8, 12, 16, 20};
    const float s[] = {1, 2, 4, 8};
    int nd = ot_node(g, "q", "QuantizeLinear", 21, 2,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 2, OT_I64(2, 4), x),
                            ot_tensor(g, "s", IR_F32, 2, OT_I64(2, 2), s)), 1, NULL);
    ot_attr_int(&g->nodes[nd], "axis", 1);
    ot_attr_int(&g->nodes[nd], "block_size", 2);
    ot_attr_int(&g->nodes[nd], "output_dtype", IR_I16);
    check_ints("quantize_blocked", &op_QuantizeLinear, g, nd, IR_I16,
               OT_I64(1, 2, 2, 2, 2, 3, 2, 2), 8);
    ir_graph_free(g);
  }
  { /* blocked with a remainder block: axis of 3, block 2 -> 2 scales {1, 10}
     * and zps {0, 3}: 5, 6, 25 / 10 = 2.5 -> 2 + 3 = 5 */
    ir_graph *g = ir_graph_new();
    const float x[] = {5, 6, 25};
    const float s[] = {1, 10};
    const uint16_t z[] = {0, 3};
    int nd = ot_node(g, "q", "QuantizeLinear", 21, 3,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 2, OT_I64(1, 3), x),
                            ot_tensor(g, "s", IR_F32, 2, OT_I64(1, 2), s),
                            ot_tensor(g, "z", IR_U16, 2, OT_I64(1, 2), z)), 1, NULL);
    ot_attr_int(&g->nodes[nd], "block_size", 2);
    check_ints("quantize_blocked_remainder", &op_QuantizeLinear, g, nd, IR_U16,
               OT_I64(5, 6, 5), 3);
    ir_graph_free(g);
  }
  { /* int32 x with a float scale divides in float64: 7 / 2 = 3.5 -> 4,
     * 5 / 2 = 2.5 -> 2; int16 saturation at 32767 */
    ir_graph *g = ir_graph_new();
    const int32_t x[] = {7, 5, 100000};
    const float s = 2.0f;
    const int16_t z = 0;
    int nd = ot_node(g, "q", "QuantizeLinear", 21, 3,
                     OT_IDS(ot_tensor(g, "x", IR_I32, 1, OT_I64(3), x),
                            ot_tensor(g, "s", IR_F32, 0, NULL, &s),
                            ot_tensor(g, "z", IR_I16, 0, NULL, &z)), 1, NULL);
    check_ints("quantize_int32_input", &op_QuantizeLinear, g, nd, IR_I16,
               OT_I64(4, 2, 32767), 3);
    ir_graph_free(g);
  }
  { /* float16 x and scale (bits): 3.0 (0x4200) / 2.0 (0x4000) = 1.5 -> 2 */
    ir_graph *g = ir_graph_new();
    const uint16_t x[] = {0x4200, 0xC200};
    const uint16_t s = 0x4000;
    int nd = ot_node(g, "q", "QuantizeLinear", 19, 2,
                     OT_IDS(ot_tensor(g, "x", IR_F16, 1, OT_I64(2), x),
                            ot_tensor(g, "s", IR_F16, 0, NULL, &s)), 1, NULL);
    check_ints("quantize_float16", &op_QuantizeLinear, g, nd, IR_U8, OT_I64(2, 0), 2);
    ir_graph_free(g);
  }
}

static void test_quantize_errors(void) {
  const float x[] = {1, 2, 3, 4, 5, 6};
  const float s[] = {1, 2};
  const float s1 = 1.0f;
  const int8_t z = 0;
  {
    ir_graph *g = ir_graph_new();
    int nd = ot_node(g, "q", "QuantizeLinear", 21, 2,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 2, OT_I64(2, 3), x),
                            ot_tensor(g, "s", IR_F32, 1, OT_I64(2), s)), 1, NULL);
    check_error("quantize_bad_axis_scale", &op_QuantizeLinear, g, nd, "per-axis quantisation");
    ir_graph_free(g);
  }
  {
    ir_graph *g = ir_graph_new();
    int nd = ot_node(g, "q", "QuantizeLinear", 21, 3,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 2, OT_I64(2, 3), x),
                            ot_tensor(g, "s", IR_F32, 0, NULL, &s1),
                            ot_tensor(g, "z", IR_I8, 0, NULL, &z)), 1, NULL);
    ot_attr_int(&g->nodes[nd], "output_dtype", IR_U8);
    check_error("quantize_output_dtype_mismatch", &op_QuantizeLinear, g, nd,
                "differs from the zero point's dtype");
    ir_graph_free(g);
  }
  {
    ir_graph *g = ir_graph_new();
    int nd = ot_node(g, "q", "QuantizeLinear", 21, 2,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 2, OT_I64(2, 3), x),
                            ot_tensor(g, "s", IR_F32, 2, OT_I64(2, 1), s)), 1, NULL);
    ot_attr_int(&g->nodes[nd], "block_size", 2);
    check_error("quantize_bad_block_shape", &op_QuantizeLinear, g, nd, "blocked quantisation");
    ir_graph_free(g);
  }
  {
    ir_graph *g = ir_graph_new();
    int nd = ot_node(g, "q", "QuantizeLinear", 13, 2,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 2, OT_I64(2, 3), x),
                            ot_tensor(g, "s", IR_F32, 0, NULL, &s1)), 1, NULL);
    ot_attr_int(&g->nodes[nd], "block_size", 2);
    check_error("quantize_block_size_before_21", &op_QuantizeLinear, g, nd,
                "exists only from opset 21");
    ir_graph_free(g);
  }
  {
    ir_graph *g = ir_graph_new();
    int nd = ot_node(g, "q", "QuantizeLinear", 21, 2,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 2, OT_I64(2, 3), x),
                            ot_tensor(g, "s", IR_F32, 0, NULL, &s1)), 1, NULL);
    ot_attr_int(&g->nodes[nd], "output_dtype", IR_F32);
    check_error("quantize_output_not_quantised", &op_QuantizeLinear, g, nd,
                "is not a quantised type");
    ir_graph_free(g);
  }
}

/* ---- DequantizeLinear ---- */

static void test_dequantize(void) {
  { /* per axis 0 of [2, 2]: (10 - 10) * 0.5 = 0, (20 - 10) * 0.5 = 5,
     * (30 - 20) * 4 = 40, (40 - 20) * 4 = 80 */
    ir_graph *g = ir_graph_new();
    const uint8_t x[] = {10, 20, 30, 40};
    const float s[] = {0.5f, 4.0f};
    const uint8_t z[] = {10, 20};
    int nd = ot_node(g, "dq", "DequantizeLinear", 13, 3,
                     OT_IDS(ot_tensor(g, "x", IR_U8, 2, OT_I64(2, 2), x),
                            ot_tensor(g, "s", IR_F32, 1, OT_I64(2), s),
                            ot_tensor(g, "z", IR_U8, 1, OT_I64(2), z)), 1, NULL);
    ot_attr_int(&g->nodes[nd], "axis", 0);
    check_reals("dequantize_per_axis", &op_DequantizeLinear, g, nd, IR_F32,
                (const double[]){0, 5, 40, 80}, 4);
    ir_graph_free(g);
  }
  { /* int8 with a float16 scale 0.5 (0x3800): output float16 1.5, -2, 3.5,
     * -64 */
    ir_graph *g = ir_graph_new();
    const int8_t x[] = {3, -4, 7, -128};
    const uint16_t s = 0x3800;
    int nd = ot_node(g, "dq", "DequantizeLinear", 19, 2,
                     OT_IDS(ot_tensor(g, "x", IR_I8, 1, OT_I64(4), x),
                            ot_tensor(g, "s", IR_F16, 0, NULL, &s)), 1, NULL);
    check_reals("dequantize_float16_scale", &op_DequantizeLinear, g, nd, IR_F16,
                (const double[]){1.5, -2, 3.5, -64}, 4);
    ir_graph_free(g);
  }
  { /* blocked, axis 1 block 2 over [1, 3] (remainder block), int16:
     * scales {2, 0.25}, zps {1, -4}: (3 - 1) * 2 = 4, (-1 - 1) * 2 = -4,
     * (4 + 4) * 0.25 = 2; output_dtype float32 from a float32 scale */
    ir_graph *g = ir_graph_new();
    const int16_t x[] = {3, -1, 4};
    const float s[] = {2.0f, 0.25f};
    const int16_t z[] = {1, -4};
    int nd = ot_node(g, "dq", "DequantizeLinear", 21, 3,
                     OT_IDS(ot_tensor(g, "x", IR_I16, 2, OT_I64(1, 3), x),
                            ot_tensor(g, "s", IR_F32, 2, OT_I64(1, 2), s),
                            ot_tensor(g, "z", IR_I16, 2, OT_I64(1, 2), z)), 1, NULL);
    ot_attr_int(&g->nodes[nd], "block_size", 2);
    check_reals("dequantize_blocked_remainder", &op_DequantizeLinear, g, nd, IR_F32,
                (const double[]){4, -4, 2}, 3);
    ir_graph_free(g);
  }
  { /* zero point dtype must match x */
    ir_graph *g = ir_graph_new();
    const int8_t x[] = {1};
    const float s = 1.0f;
    const uint8_t z = 0;
    int nd = ot_node(g, "dq", "DequantizeLinear", 21, 3,
                     OT_IDS(ot_tensor(g, "x", IR_I8, 1, OT_I64(1), x),
                            ot_tensor(g, "s", IR_F32, 0, NULL, &s),
                            ot_tensor(g, "z", IR_U8, 0, NULL, &z)), 1, NULL);
    check_error("dequantize_zero_point_dtype", &op_DequantizeLinear, g, nd,
                "zero point has dtype uint8");
    ir_graph_free(g);
  }
}

/* ---- DynamicQuantizeLinear ---- */

static void dynq_case(const char *name, const float *x, int64_t n, double want_s, int64_t want_z,
                      const int64_t *want_y) {
  ir_graph *g = ir_graph_new();
  int nd = ot_node(g, "dq", "DynamicQuantizeLinear", 11, 1,
                   OT_IDS(ot_tensor(g, "x", IR_F32, 1, OT_I64(n), x)), 3, NULL);
  kiln_diag d;
  if (ot_run(&op_DynamicQuantizeLinear, g, nd, &d, FILE_NAME)) {
    ot_fail(name, "%s", d.msg);
    ir_graph_free(g);
    return;
  }
  char nm[128];
  snprintf(nm, sizeof nm, "%s_y", name);
  ot_expect_ints(nm, ir_out(g, &g->nodes[nd], 0), IR_U8, want_y, n);
  snprintf(nm, sizeof nm, "%s_scale", name);
  ot_expect_reals(nm, ir_out(g, &g->nodes[nd], 1), IR_F32, &want_s, 1, 1e-7, 0.0);
  snprintf(nm, sizeof nm, "%s_zero_point", name);
  ot_expect_ints(nm, ir_out(g, &g->nodes[nd], 2), IR_U8, &want_z, 1);
  snprintf(nm, sizeof nm, "%s_package", name);
  ot_pkg_check(nm, &op_DynamicQuantizeLinear, g, nd, 0.0);
  ir_graph_free(g);
}

static void test_dynamic(void) {
  /* range [-51, 204]: scale 255 / 255 = 1, zp = 51; -51 -> 0, 204 -> 255,
   * 0.5 -> 0 (tie to even) + 51, 1.5 -> 2 + 51 */
  dynq_case("dynamic_quantize_range", (const float[]){-51, 204, 0.5f, 1.5f}, 4, 1.0, 51,
            OT_I64(0, 255, 51, 53));
  /* all positive: the range is widened to include 0: [0, 255], scale 1, zp 0 */
  dynq_case("dynamic_quantize_positive", (const float[]){10, 255, 3}, 3, 1.0, 0,
            OT_I64(10, 255, 3));
  /* all zero: max == min, scale 1 / 255, zp 0, y 0 */
  dynq_case("dynamic_quantize_zeros", (const float[]){0, 0}, 2, 1.0 / 255.0, 0, OT_I64(0, 0));
}

/* ---- MatMulInteger / QLinearMatMul ---- */

static void test_matmul(void) {
  { /* (A - 1) = [[0,1,2],[3,4,5]] @ [[1,0],[0,1],[2,2]] = [[4,5],[13,14]] */
    ir_graph *g = ir_graph_new();
    const uint8_t a[] = {1, 2, 3, 4, 5, 6}, b[] = {1, 0, 0, 1, 2, 2}, az = 1;
    int nd = ot_node(g, "mm", "MatMulInteger", 10, 3,
                     OT_IDS(ot_tensor(g, "a", IR_U8, 2, OT_I64(2, 3), a),
                            ot_tensor(g, "b", IR_U8, 2, OT_I64(3, 2), b),
                            ot_tensor(g, "az", IR_U8, 0, NULL, &az)), 1, NULL);
    check_ints("matmulinteger_zero_point", &op_MatMulInteger, g, nd, IR_I32,
               OT_I64(4, 5, 13, 14), 4);
    ir_graph_free(g);
  }
  { /* per-row a_zp {1, 4} makes both rows [0,1,2]; per-column b_zp {1, 0}:
     * B - zp = [[0,0],[-1,1],[1,2]] -> [[1,5],[1,5]] */
    ir_graph *g = ir_graph_new();
    const uint8_t a[] = {1, 2, 3, 4, 5, 6}, b[] = {1, 0, 0, 1, 2, 2}, az[] = {1, 4}, bz[] = {1, 0};
    int nd = ot_node(g, "mm", "MatMulInteger", 10, 4,
                     OT_IDS(ot_tensor(g, "a", IR_U8, 2, OT_I64(2, 3), a),
                            ot_tensor(g, "b", IR_U8, 2, OT_I64(3, 2), b),
                            ot_tensor(g, "az", IR_U8, 1, OT_I64(2), az),
                            ot_tensor(g, "bz", IR_U8, 1, OT_I64(2), bz)), 1, NULL);
    check_ints("matmulinteger_per_row_column", &op_MatMulInteger, g, nd, IR_I32,
               OT_I64(1, 5, 1, 5), 4);
    ir_graph_free(g);
  }
  { /* broadcast batch: A int8 [2,1,2] = [[1,2]], [[3,4]] with B [[1,-1],[2,0]]:
     * [5, -1], [11, -3] */
    ir_graph *g = ir_graph_new();
    const int8_t a[] = {1, 2, 3, 4}, b[] = {1, -1, 2, 0};
    int nd = ot_node(g, "mm", "MatMulInteger", 10, 2,
                     OT_IDS(ot_tensor(g, "a", IR_I8, 3, OT_I64(2, 1, 2), a),
                            ot_tensor(g, "b", IR_I8, 2, OT_I64(2, 2), b)), 1, NULL);
    check_ints("matmulinteger_batch_broadcast", &op_MatMulInteger, g, nd, IR_I32,
               OT_I64(5, -1, 11, -3), 4);
    if (!ot_shape_is(ir_out(g, &g->nodes[nd], 0), 3, OT_I64(2, 1, 2)))
      ot_fail("matmulinteger_batch_shape", "wrong output shape");
    else
      ot_pass("matmulinteger_batch_shape");
    ir_graph_free(g);
  }
  { /* QLinearMatMul: A - 10 = [[0,10],[0,14]], B - 1 = [[2],[1]] -> acc 10, 14;
     * multiplier 0.5 * 2 / 4 = 0.25 -> 2.5 -> 2 (even), 3.5 -> 4; + 100 */
    ir_graph *g = ir_graph_new();
    const uint8_t a[] = {10, 20, 10, 24}, b[] = {3, 2}, az = 10, bz = 1, yz = 100;
    const float as = 0.5f, bs = 2.0f, ys = 4.0f;
    int nd = ot_node(g, "qmm", "QLinearMatMul", 10, 8,
                     OT_IDS(ot_tensor(g, "a", IR_U8, 2, OT_I64(2, 2), a),
                            ot_tensor(g, "as", IR_F32, 0, NULL, &as),
                            ot_tensor(g, "az", IR_U8, 0, NULL, &az),
                            ot_tensor(g, "b", IR_U8, 2, OT_I64(2, 1), b),
                            ot_tensor(g, "bs", IR_F32, 0, NULL, &bs),
                            ot_tensor(g, "bz", IR_U8, 0, NULL, &bz),
                            ot_tensor(g, "ys", IR_F32, 0, NULL, &ys),
                            ot_tensor(g, "yz", IR_U8, 0, NULL, &yz)), 1, NULL);
    check_ints("qlinearmatmul_ties", &op_QLinearMatMul, g, nd, IR_U8, OT_I64(102, 104), 2);
    ir_graph_free(g);
  }
  { /* QLinearMatMul int8 saturation: acc = 100 * 100 = 10000, multiplier 1,
     * -> 127; acc -10000 -> -128 */
    ir_graph *g = ir_graph_new();
    const int8_t a[] = {100, -100}, b[] = {100}, z = 0;
    const float one = 1.0f;
    int nd = ot_node(g, "qmm", "QLinearMatMul", 21, 8,
                     OT_IDS(ot_tensor(g, "a", IR_I8, 2, OT_I64(2, 1), a),
                            ot_tensor(g, "as", IR_F32, 1, OT_I64(1), &one),
                            ot_tensor(g, "az", IR_I8, 1, OT_I64(1), &z),
                            ot_tensor(g, "b", IR_I8, 2, OT_I64(1, 1), b),
                            ot_tensor(g, "bs", IR_F32, 1, OT_I64(1), &one),
                            ot_tensor(g, "bz", IR_I8, 1, OT_I64(1), &z),
                            ot_tensor(g, "ys", IR_F32, 1, OT_I64(1), &one),
                            ot_tensor(g, "yz", IR_I8, 1, OT_I64(1), &z)), 1, NULL);
    check_ints("qlinearmatmul_saturate", &op_QLinearMatMul, g, nd, IR_I8, OT_I64(127, -128), 2);
    ir_graph_free(g);
  }
  { /* inner dims must agree */
    ir_graph *g = ir_graph_new();
    const uint8_t a[] = {1, 2, 3, 4, 5, 6};
    int nd = ot_node(g, "mm", "MatMulInteger", 10, 2,
                     OT_IDS(ot_tensor(g, "a", IR_U8, 2, OT_I64(2, 3), a),
                            ot_tensor(g, "b", IR_U8, 2, OT_I64(2, 3), a)), 1, NULL);
    check_error("matmulinteger_inner_mismatch", &op_MatMulInteger, g, nd,
                "inner dimensions differ");
    ir_graph_free(g);
  }
}

/* ---- ConvInteger / QLinearConv ---- */

static void test_conv(void) {
  { /* QLinearConv: x = 1..9 (3x3), x_zp 1; w = 2 (2x2), w_zp 1 -> w - zp = 1;
     * window sums of x - 1: 8, 12, 20, 24; + bias 1: 9, 13, 21, 25;
     * * 1 * 0.5 / 1 = 4.5, 6.5, 10.5, 12.5 -> ties to even: 4, 6, 10, 12 */
    ir_graph *g = ir_graph_new();
    const uint8_t x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, w[] = {2, 2, 2, 2}, xz = 1, wz = 1, yz = 0;
    const float xs = 1.0f, ws = 0.5f, ys = 1.0f;
    const int32_t bias = 1;
    int nd = ot_node(g, "qc", "QLinearConv", 10, 9,
                     OT_IDS(ot_tensor(g, "x", IR_U8, 4, OT_I64(1, 1, 3, 3), x),
                            ot_tensor(g, "xs", IR_F32, 0, NULL, &xs),
                            ot_tensor(g, "xz", IR_U8, 0, NULL, &xz),
                            ot_tensor(g, "w", IR_U8, 4, OT_I64(1, 1, 2, 2), w),
                            ot_tensor(g, "ws", IR_F32, 1, OT_I64(1), &ws),
                            ot_tensor(g, "wz", IR_U8, 1, OT_I64(1), &wz),
                            ot_tensor(g, "ys", IR_F32, 0, NULL, &ys),
                            ot_tensor(g, "yz", IR_U8, 0, NULL, &yz),
                            ot_tensor(g, "b", IR_I32, 1, OT_I64(1), &bias)), 1, NULL);
    check_ints("qlinearconv_bias_ties", &op_QLinearConv, g, nd, IR_U8, OT_I64(4, 6, 10, 12), 4);
    ir_graph_free(g);
  }
  { /* ConvInteger, group 2, 1x1 int8 weights {2, -1}, x_zp 1:
     * channel 0: 2 * (x - 1) = 0, 2, 4, 6; channel 1: -(x - 1) = -4 .. -7 */
    ir_graph *g = ir_graph_new();
    const int8_t x[] = {1, 2, 3, 4, 5, 6, 7, 8}, w[] = {2, -1}, xz = 1;
    int nd = ot_node(g, "ci", "ConvInteger", 10, 3,
                     OT_IDS(ot_tensor(g, "x", IR_I8, 4, OT_I64(1, 2, 2, 2), x),
                            ot_tensor(g, "w", IR_I8, 4, OT_I64(2, 1, 1, 1), w),
                            ot_tensor(g, "xz", IR_I8, 0, NULL, &xz)), 1, NULL);
    ot_attr_int(&g->nodes[nd], "group", 2);
    check_ints("convinteger_group", &op_ConvInteger, g, nd, IR_I32,
               OT_I64(0, 2, 4, 6, -4, -5, -6, -7), 8);
    ir_graph_free(g);
  }
  { /* ConvInteger with dilation 2 and stride 2 over x = 0..15 (4x4), w = 1 (2x2):
     * one output = x[0,0] + x[0,2] + x[2,0] + x[2,2] = 0 + 2 + 8 + 10 = 20 */
    ir_graph *g = ir_graph_new();
    uint8_t x[16];
    for (int i = 0; i < 16; i++) x[i] = (uint8_t)i;
    const uint8_t w[] = {1, 1, 1, 1};
    int nd = ot_node(g, "ci", "ConvInteger", 10, 2,
                     OT_IDS(ot_tensor(g, "x", IR_U8, 4, OT_I64(1, 1, 4, 4), x),
                            ot_tensor(g, "w", IR_U8, 4, OT_I64(1, 1, 2, 2), w)), 1, NULL);
    ot_attr_ints(&g->nodes[nd], "dilations", 2, OT_I64(2, 2));
    ot_attr_ints(&g->nodes[nd], "strides", 2, OT_I64(2, 2));
    check_ints("convinteger_dilation_stride", &op_ConvInteger, g, nd, IR_I32, OT_I64(20), 1);
    ir_graph_free(g);
  }
  { /* ConvInteger 1-D with pads 1, per-channel w_zp {1, 0}: x = 1, 2, 3;
     * w ch0 = {2, 2} - 1 = {1, 1}: padded [0,1,2,3,0] -> 1, 3, 5, 3;
     * ch1 = {1, 0}: 0, 1, 2, 3 */
    ir_graph *g = ir_graph_new();
    const uint8_t x[] = {1, 2, 3}, w[] = {2, 2, 1, 0}, wz[] = {1, 0};
    int nd = ot_node(g, "ci", "ConvInteger", 10, 4,
                     OT_IDS(ot_tensor(g, "x", IR_U8, 3, OT_I64(1, 1, 3), x),
                            ot_tensor(g, "w", IR_U8, 3, OT_I64(2, 1, 2), w), -1,
                            ot_tensor(g, "wz", IR_U8, 1, OT_I64(2), wz)), 1, NULL);
    ot_attr_ints(&g->nodes[nd], "pads", 2, OT_I64(1, 1));
    check_ints("convinteger_1d_pads_per_channel_zp", &op_ConvInteger, g, nd, IR_I32,
               OT_I64(1, 3, 5, 3, 0, 1, 2, 3), 8);
    ir_graph_free(g);
  }
  { /* x must be int8 / uint8 */
    ir_graph *g = ir_graph_new();
    const float x[] = {1, 2, 3, 4};
    const uint8_t w[] = {1};
    int nd = ot_node(g, "ci", "ConvInteger", 10, 2,
                     OT_IDS(ot_tensor(g, "x", IR_F32, 4, OT_I64(1, 1, 2, 2), x),
                            ot_tensor(g, "w", IR_U8, 4, OT_I64(1, 1, 1, 1), w)), 1, NULL);
    check_error("convinteger_float_input", &op_ConvInteger, g, nd, "float32");
    ir_graph_free(g);
  }
}

int main(void) {
  static const char *const kernels[] = {"src/kernels/quant.h", "src/kernels/binary.h", "src/kernels/unary.h",
                                        "src/kernels/quant.c", "src/kernels/lowp.h",
                                        "src/kernels/lowp.c"};
  ot_library(kernels, (int)(sizeof kernels / sizeof kernels[0]));
  test_quantize();
  test_quantize_errors();
  test_dequantize();
  test_dynamic();
  test_matmul();
  test_conv();
  return ot_report();
}
