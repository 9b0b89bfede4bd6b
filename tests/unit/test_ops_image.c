/* test_ops_image.c - ImageDecoder: tiny hand-built BMP, PNM and PNG files
 * (the PNGs were encoded by Python's zlib: fixed-Huffman and stored blocks,
 * Sub and Paeth row filters), compared with the pixels they were built
 * from; a lossy WebP against libwebp's decode; error cases, and every
 * truncation and byte flip of the WebP (no crash, only the image codes). */
#include "harness/op_test.h"
#include "harness/op_test_case.h"
#include "kernels/image.h"

#include <stdio.h>
#include <string.h>

extern const op_def op_ImageDecoder;

static const uint8_t px3x2[18] = {10, 20, 30, 40, 50, 60, 70, 80, 90,
                                  200, 100, 0, 255, 1, 2, 3, 4, 250};

static const uint8_t png_fixed[81] = {
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 3, 0, 0, 0, 2, 8, 2, 0,
    0, 0, 18, 22, 241, 77, 0, 0, 0, 24, 73, 68, 65, 84, 120, 218, 99, 228, 18, 145, 131, 0, 150,
    125, 1, 143, 204, 231, 62, 97, 185, 180, 15, 0, 39, 167, 6, 50, 122, 66, 249, 91, 0, 0, 0, 0,
    73, 69, 78, 68, 174, 66, 96, 130};
static const uint8_t png_stored[88] = {
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 3, 0, 0, 0, 2, 8, 2,
    0, 0, 0, 18, 22, 241, 77, 0, 0, 0, 31, 73, 68, 65, 84, 120, 1, 1, 20, 0, 235, 255, 1, 10, 20,
    30, 30, 30, 30, 30, 30, 30, 4, 190, 80, 226, 55, 157, 228, 4, 210, 190, 39, 167, 6, 50, 216,
    55, 140, 170, 0, 0, 0, 0, 73, 69, 78, 68, 174, 66, 96, 130};

/* A 7x5 gradient encoded as lossy WebP (one "VP8 " key frame, 4 segments,
 * normal loop filter) by libwebp 1.5 at quality 90, and the RGB that
 * libwebp decodes from it (the ONNX reference's decoder, through Pillow). */
static const uint8_t webp_lossy[112] = {
    82, 73, 70, 70, 104, 0, 0, 0, 87, 69, 66, 80, 86, 80, 56, 32, 92, 0, 0, 0,
    112, 3, 0, 157, 1, 42, 7, 0, 5, 0, 0, 192, 18, 37, 176, 2, 116, 186, 1, 248,
    1, 70, 3, 240, 2, 224, 3, 248, 6, 80, 0, 41, 72, 53, 96, 32, 0, 254, 249, 102,
    209, 255, 22, 240, 150, 240, 92, 58, 122, 196, 147, 158, 216, 64, 255, 28, 163, 201, 250, 183,
    207, 254, 57, 65, 190, 210, 104, 124, 255, 168, 217, 255, 204, 92, 210, 255, 136, 240, 90, 124,
    182, 255, 254, 35, 179, 63, 135, 213, 139, 114, 0, 0,
};

static const uint8_t webp_lossy_rgb[105] = {
    0, 8, 228, 21, 12, 220, 60, 14, 200, 94, 12, 179, 129, 12, 161, 162, 12, 147, 188, 12,
    130, 13, 54, 236, 36, 58, 230, 75, 60, 209, 109, 59, 187, 143, 59, 171, 175, 59, 155, 203,
    58, 141, 13, 118, 226, 35, 122, 218, 75, 124, 198, 109, 123, 177, 142, 123, 159, 174, 123, 145,
    203, 122, 129, 15, 174, 218, 38, 178, 210, 77, 180, 189, 111, 178, 169, 145, 179, 151, 177, 179,
    137, 205, 178, 121, 25, 227, 218, 47, 231, 210, 87, 232, 190, 121, 231, 169, 157, 233, 155, 189,
    234, 139, 217, 232, 125,
};


/* Decodes `file` declared as h x w x c with the given pixel_format and
 * compares with want (NULL: expect an error containing err). */
static void dec_case(const char *name, const uint8_t *file, int64_t len, const char *pf, int64_t h,
                     int64_t w, int64_t c, const uint8_t *want, const char *err) {
  tcase t = tc_new();
  int xi = tensor(&t, "x", IR_U8, 1, (int64_t[]){len}, file);
  int yi = output(&t, "y");
  ir_set_shape(&t.g->tensors[yi], IR_U8, 3, (int64_t[]){h, w, c});
  ot_case_node(&t, "ImageDecoder", 20, 1, &xi, 1, &yi);
  if (pf) ot_attr_str(N(&t), "pixel_format", pf);
  kiln_diag d;
  memset(&d, 0, sizeof d);
  int rc = op_ImageDecoder.infer(&d, t.g, N(&t));
  if (!rc) rc = op_ImageDecoder.eval(&d, t.g, N(&t));
  if (err) {
    ot_expect_error(name, rc, &d, err);
  } else if (rc) {
    ot_fail(name, "%s", d.msg);
  } else {
    /* eval runs the package's kernel; the emitted call (which returns
     * ERR_INPUT_DATA from NAME_run) is covered by the ONNX suite's
     * test_image_decoder_* cases, not by the harness's void job */
    ot_expect_bytes(name, &t.g->tensors[yi], want, (size_t)(h * w * c));
  }
  tc_free(&t);
}

int main(void) {
  static const char *const kernels[] = {"src/kernels/image.h", "src/kernels/image.c",
                                        "src/kernels/image_webp.c"};
  ot_library(kernels, 3);
  ot_check_library();
  /* PNM P6 3x2 */
  uint8_t pnm[11 + 18];
  memcpy(pnm, "P6\n3 2\n255\n", 11);
  memcpy(pnm + 11, px3x2, 18);
  dec_case("pnm rgb", pnm, sizeof pnm, NULL, 2, 3, 3, px3x2, NULL);
  uint8_t bgr[18], gray[6];
  for (int i = 0; i < 6; i++) {
    bgr[i * 3] = px3x2[i * 3 + 2];
    bgr[i * 3 + 1] = px3x2[i * 3 + 1];
    bgr[i * 3 + 2] = px3x2[i * 3];
  }
  /* L = (19595 R + 38470 G + 7471 B + 32768) >> 16, by hand:
   * (10,20,30) -> 18, (40,50,60) -> 48, (70,80,90) -> 78,
   * (200,100,0) -> 118, (255,1,2) -> 77, (3,4,250) -> 32 */
  static const uint8_t gw[6] = {18, 48, 78, 118, 77, 32};
  memcpy(gray, gw, 6);
  dec_case("pnm bgr", pnm, sizeof pnm, "BGR", 2, 3, 3, bgr, NULL);
  dec_case("pnm grayscale", pnm, sizeof pnm, "Grayscale", 2, 3, 1, gray, NULL);
  dec_case("pnm other size", pnm, sizeof pnm, NULL, 3, 2, 3, NULL, "its size differs");
  /* BMP 3x2, 24-bit, bottom-up, rows of 9 bytes padded to 12 */
  uint8_t bmp[54 + 24];
  memset(bmp, 0, sizeof bmp);
  bmp[0] = 'B';
  bmp[1] = 'M';
  bmp[10] = 54;
  bmp[14] = 40;
  bmp[18] = 3;
  bmp[22] = 2;
  bmp[26] = 1;
  bmp[28] = 24;
  for (int r = 0; r < 2; r++)
    for (int c = 0; c < 3; c++)
      for (int k = 0; k < 3; k++) bmp[54 + (1 - r) * 12 + c * 3 + k] = px3x2[(r * 3 + c) * 3 + 2 - k];
  dec_case("bmp rgb", bmp, sizeof bmp, NULL, 2, 3, 3, px3x2, NULL);
  dec_case("bmp truncated", bmp, sizeof bmp - 5, NULL, 2, 3, 3, NULL, "truncated or malformed");
  dec_case("png fixed huffman", png_fixed, sizeof png_fixed, NULL, 2, 3, 3, px3x2, NULL);
  dec_case("png stored block", png_stored, sizeof png_stored, NULL, 2, 3, 3, px3x2, NULL);
  uint8_t bad[81];
  memcpy(bad, png_fixed, sizeof bad);
  bad[50] ^= 0x55;
  dec_case("png corrupt stream", bad, sizeof bad, NULL, 2, 3, 3, NULL, "cannot decode the image");
  dec_case("webp lossy", webp_lossy, sizeof webp_lossy, NULL, 5, 7, 3, webp_lossy_rgb, NULL);
  uint8_t wbgr[105], wgray[35];
  for (int i = 0; i < 35; i++) {
    const uint8_t *q = webp_lossy_rgb + 3 * i;
    wbgr[3 * i] = q[2];
    wbgr[3 * i + 1] = q[1];
    wbgr[3 * i + 2] = q[0];
    wgray[i] = (uint8_t)((q[0] * 19595u + q[1] * 38470u + q[2] * 7471u + 32768u) >> 16);
  }
  dec_case("webp lossy bgr", webp_lossy, sizeof webp_lossy, "BGR", 5, 7, 3, wbgr, NULL);
  dec_case("webp lossy grayscale", webp_lossy, sizeof webp_lossy, "Grayscale", 5, 7, 1, wgray, NULL);
  dec_case("webp other size", webp_lossy, sizeof webp_lossy, NULL, 7, 5, 3, NULL, "its size differs");
  dec_case("webp truncated", webp_lossy, sizeof webp_lossy - 9, NULL, 5, 7, 3, NULL, "truncated or malformed");
  uint8_t wl[sizeof webp_lossy];
  memcpy(wl, webp_lossy, sizeof wl);
  wl[15] = 'L';
  dec_case("webp lossless is refused", wl, sizeof wl, NULL, 5, 7, 3, NULL, "not one kiln decodes");
  {
    /* every prefix and every single-byte flip: a code of image.h, no
     * out-of-bounds access (run under ASan by make test SANITIZE=1) */
    static uint8_t out[5 * 7 * 3], scratch[KILN_IMAGE_SCRATCH_BYTES(5, 7)];
    int odd = 0, ok = 0;
    for (int64_t n = 0; n < (int64_t)sizeof wl; n++) {
      const int rc = kiln_u8_image_decode__c(webp_lossy, n, 5, 7, 0, out, scratch);
      odd += rc != KILN_IMAGE_CORRUPT && rc != KILN_IMAGE_UNSUPPORTED;
    }
    for (size_t i = 0; i < sizeof wl; i++) {
      memcpy(wl, webp_lossy, sizeof wl);
      wl[i] ^= 0xa5;
      const int rc = kiln_u8_image_decode__c(wl, (int64_t)sizeof wl, 5, 7, 0, out, scratch);
      odd += rc > 0 || rc < KILN_IMAGE_SIZE;
      ok += rc == KILN_IMAGE_OK;
    }
    ot_check(odd == 0, "webp truncations and byte flips", "%d unexpected return codes", odd);
    ot_check(ok < (int)sizeof wl, "webp byte flips are noticed", "all %d flips decoded", ok);
  }
  static const uint8_t jpeg[8] = {0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F'};
  dec_case("jpeg truncated", jpeg, sizeof jpeg, NULL, 2, 3, 3, NULL, "truncated or malformed");
  dec_case("channels vs pixel_format", pnm, sizeof pnm, "Grayscale", 2, 3, 3, NULL,
           "declared with 3 channels");
  return ot_report();
}
