/* image_decoder.c - ImageDecoder (opset 20): a 1-D uint8 encoded image to
 * an [H, W, C] uint8 tensor, C = 3 for pixel_format RGB (default) / BGR and
 * 1 for Grayscale.
 *
 * Static shape rule: the encoded image is usually a run-time input, so H
 * and W come from the shape the model declares for the output (graph
 * output type or value_info); the generated decoder checks the image's
 * header against it at run time and makes NAME_run return
 * ERR_INPUT_DATA when it differs. A model that does not declare the
 * output's shape is rejected at compile time (even for a constant image:
 * kiln does not read sizes out of image headers at compile time). A
 * constant image is decoded at compile time by the same kernel.
 * Decoded formats (kernels/image.c): BMP (24/32-bit uncompressed), PNM
 * (P5/P6, maxval 255), TIFF (uncompressed 8-bit RGB/gray), PNG (8-bit
 * RGB/gray, not interlaced, one IDAT chunk) and baseline JPEG (4:2:0 or
 * 4:4:4, decoded bit for bit as libjpeg does by default, which the ONNX
 * reference's Pillow uses), lossy WebP (simple format, bit for bit as
 * libwebp) and lossless (5/3 reversible) 8-bit JPEG 2000
 * (kernels/image_jp2.c). Lossy JPEG 2000, lossless/extended WebP, progressive
 * JPEG and the other variants are not decoded: they fail with ERR_INPUT_DATA at run time, or
 * at compile time for a constant input.
 */
#include "op.h"
#include "../emit/emit.h"
#include "../kernels/image.h"
#include "../kernels/image_jp2.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const ir_dtype u8_only[] = {IR_U8, IR_UNDEFINED};

/* 0 RGB, 1 BGR, 2 Grayscale, -1 bad */
static int pixel_format(ir_node *n) {
  const char *f = ir_attr_str(n, "pixel_format", "RGB");
  return !strcmp(f, "RGB") ? 0 : !strcmp(f, "BGR") ? 1 : !strcmp(f, "Grayscale") ? 2 : -1;
}

static int imgdec_infer(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (op_need_inputs(d, g, n, 0, 0)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  if (op_check_dtype(d, n, x, 0, u8_only)) return -1;
  if (x->rank != 1) return ir_node_fail(d, n, "input 0 'encoded_stream' must be 1-D, has rank %d", x->rank);
  if (!y) return ir_node_fail(d, n, "output 0 is missing");
  const int fmt = pixel_format(n);
  if (fmt < 0)
    return ir_node_fail(d, n, "attribute 'pixel_format' is \"%s\"; expected RGB, BGR or Grayscale",
                        ir_attr_str(n, "pixel_format", ""));
  const int64_t ch = fmt == 2 ? 1 : 3;
  int declared = y->rank == 3 && y->dims[0] >= 0 && y->dims[1] >= 0 && y->dims[2] >= 0;
  if (!declared)
    return ir_node_fail(d, n, "the output's shape [H, W, C] must be declared in the model: the image "
                        "size is only known when decoding, and kiln needs static shapes");
  if (y->dims[2] != ch)
    return ir_node_fail(d, n, "the output is declared with %lld channels; pixel_format %s gives %lld",
                        (long long)y->dims[2], ir_attr_str(n, "pixel_format", "RGB"), (long long)ch);
  if (y->dims[0] > (int64_t)1 << 24 || y->dims[1] > (int64_t)1 << 24)
    return ir_node_fail(d, n, "declared image size %lldx%lld is too large", (long long)y->dims[0],
                        (long long)y->dims[1]);
  int64_t dims[3] = {y->dims[0], y->dims[1], ch};
  ir_set_shape(y, IR_U8, 3, dims);
  return 0;
}

static const char *decode_error(int rc) {
  switch (rc) {
  case KILN_IMAGE_UNSUPPORTED: return "its format or variant is not one kiln decodes (BMP 24/32-bit, "
                                      "PNM P5/P6, uncompressed TIFF, 8-bit RGB/gray PNG, "
                                      "baseline 4:2:0/4:4:4 JPEG, lossy WebP, lossless 8-bit JPEG 2000)";
  case KILN_IMAGE_SIZE: return "its size differs from the declared output shape";
  default: return "the data is truncated or malformed";
  }
}

static size_t imgdec_scratch(const ir_graph *g, const ir_node *n) {
  const ir_tensor *y = n->outputs[0] >= 0 ? &g->tensors[n->outputs[0]] : NULL;
  if (!y || y->rank != 3) return 0;
  const size_t s = (size_t)KILN_IMAGE_SCRATCH_BYTES(y->dims[0], y->dims[1]);
  const size_t j = (size_t)KILN_IMAGE_JP2_SCRATCH_BYTES(y->dims[0], y->dims[1]); /* JPEG 2000 */
  return s > j ? s : j;
}

static int imgdec_eval(kiln_diag *d, ir_graph *g, ir_node *n) {
  if (imgdec_infer(d, g, n)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  uint8_t *out = ir_alloc_data(y);
  uint8_t *scratch = kiln_malloc(imgdec_scratch(g, n) + 1);
  if (!out || !scratch) {
    free(scratch);
    return ir_node_fail(d, n, "out of memory");
  }
  int rc = kiln_u8_image_decode__c(x->data, ir_numel(x), y->dims[0], y->dims[1], pixel_format(n),
                                   out, scratch);
  free(scratch);
  if (rc) return ir_node_fail(d, n, "cannot decode the image: %s", decode_error(rc));
  return 0;
}

static int imgdec_emit(emit_ctx *e, ir_graph *g, ir_node *n) {
  kiln_diag *d = emit_diag(e);
  if (imgdec_infer(d, g, n)) return -1;
  ir_tensor *x = ir_in(g, n, 0), *y = ir_out(g, n, 0);
  char xs[160], ys[160], ss[160];
  if (op_emit_ref(e, n->inputs[0], xs, sizeof xs) || op_emit_ref(e, n->outputs[0], ys, sizeof ys))
    return -1;
  snprintf(ss, sizeof ss, "%s", emit_scratch(e, n));
  if (emit_use(e, "kiln_u8_image_decode__c")) return -1;
  emit_code(e, "if (kiln_u8_image_decode__c(%s, %lld, %lld, %lld, /*pixel_format=*/%d, %s, %s) != 0)\n"
            "    return ${UP}_ERR_INPUT_DATA; /* unsupported format, corrupt, or not %lldx%lld */\n",
            xs, (long long)ir_numel(x), (long long)y->dims[0], (long long)y->dims[1],
            pixel_format(n), ys, ss, (long long)y->dims[0], (long long)y->dims[1]);
  return 0;
}

const op_def op_ImageDecoder = {.name = "ImageDecoder", .domain = "", .since = 20, .until = 0,
                                .attrs = "pixel_format", .infer = imgdec_infer, .eval = imgdec_eval,
                                .emit = imgdec_emit, .flags = 0, .scratch = imgdec_scratch};
