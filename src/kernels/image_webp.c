/* image_webp.c - ImageDecoder: lossy WebP (a RIFF "WEBP" file holding one
 * "VP8 " key frame), portable C. Written from RFC 6386 (VP8 Data Format and
 * Decoding Guide) and the WebP container specification; the probability
 * and quantizer tables below are the RFC's (sections 11.5, 13.4, 13.5 and
 * 14.1).
 *
 * Decoded: the simple file format (RIFF, "WEBP", one "VP8 " chunk), any
 * size, segmentation, both loop filters, 1 to 8 token partitions. Lossless
 * ("VP8L") and extended ("VP8X": alpha, animation, metadata) files return
 * KILN_IMAGE_UNSUPPORTED.
 *
 * The output matches libwebp's default RGB decode (which the ONNX reference
 * gets through Pillow) bit for bit: intra prediction from unfiltered
 * pixels, the loop filter over the whole frame afterwards, then "fancy"
 * chroma upsampling, each output pixel taking (9 nearest + 3 + 3 + 1
 * farthest + 8) >> 4 of its four surrounding chroma samples (edges
 * replicated), and the BT.601 YUV -> RGB of libwebp in 14-bit fixed point:
 * with t(v, k) = (v * k) >> 8,
 *   R = t(Y, 19077) + t(V, 26149) - 14234
 *   G = t(Y, 19077) - t(U, 6419) - t(V, 13320) + 8708
 *   B = t(Y, 19077) + t(U, 33050) - 17685
 * each then >> 6 and clamped to 0..255.
 *
 * Scratch: the Y, U and V planes padded to whole 16x16 macroblocks, plus
 * one byte per macroblock for its loop-filter level and 13 per macroblock
 * column for the above contexts, less than KILN_IMAGE_SCRATCH_BYTES.
 */
#include "kiln_kernels.h"
#include "image.h"

/* In the compiler this file is compiled as part of image.c (which includes
 * it after its kiln_image_common__c helpers); on its own it is empty. */
#ifdef KILN_IMAGE_WEBP_IN_IMAGE_C

//@kernel kiln_image_webp__c needs kiln_image_common__c
static const uint8_t kiln_webp_bmode_p[900] = {
  231, 120, 48, 89, 115, 113, 120, 152, 112, 152, 179, 64, 126, 170, 118, 46, 70, 95,
  175, 69, 143, 80, 85, 82, 72, 155, 103, 56, 58, 10, 171, 218, 189, 17, 13, 152,
  144, 71, 10, 38, 171, 213, 144, 34, 26, 114, 26, 17, 163, 44, 195, 21, 10, 173,
  121, 24, 80, 195, 26, 62, 44, 64, 85, 170, 46, 55, 19, 136, 160, 33, 206, 71,
  63, 20, 8, 114, 114, 208, 12, 9, 226, 81, 40, 11, 96, 182, 84, 29, 16, 36,
  134, 183, 89, 137, 98, 101, 106, 165, 148, 72, 187, 100, 130, 157, 111, 32, 75, 80,
  66, 102, 167, 99, 74, 62, 40, 234, 128, 41, 53, 9, 178, 241, 141, 26, 8, 107,
  104, 79, 12, 27, 217, 255, 87, 17, 7, 74, 43, 26, 146, 73, 166, 49, 23, 157,
  65, 38, 105, 160, 51, 52, 31, 115, 128, 87, 68, 71, 44, 114, 51, 15, 186, 23,
  47, 41, 14, 110, 182, 183, 21, 17, 194, 66, 45, 25, 102, 197, 189, 23, 18, 22,
  88, 88, 147, 150, 42, 46, 45, 196, 205, 43, 97, 183, 117, 85, 38, 35, 179, 61,
  39, 53, 200, 87, 26, 21, 43, 232, 171, 56, 34, 51, 104, 114, 102, 29, 93, 77,
  107, 54, 32, 26, 51, 1, 81, 43, 31, 39, 28, 85, 171, 58, 165, 90, 98, 64,
  34, 22, 116, 206, 23, 34, 43, 166, 73, 68, 25, 106, 22, 64, 171, 36, 225, 114,
  34, 19, 21, 102, 132, 188, 16, 76, 124, 62, 18, 78, 95, 85, 57, 50, 48, 51,
  193, 101, 35, 159, 215, 111, 89, 46, 111, 60, 148, 31, 172, 219, 228, 21, 18, 111,
  112, 113, 77, 85, 179, 255, 38, 120, 114, 40, 42, 1, 196, 245, 209, 10, 25, 109,
  100, 80, 8, 43, 154, 1, 51, 26, 71, 88, 43, 29, 140, 166, 213, 37, 43, 154,
  61, 63, 30, 155, 67, 45, 68, 1, 209, 142, 78, 78, 16, 255, 128, 34, 197, 171,
  41, 40, 5, 102, 211, 183, 4, 1, 221, 51, 50, 17, 168, 209, 192, 23, 25, 82,
  125, 98, 42, 88, 104, 85, 117, 175, 82, 95, 84, 53, 89, 128, 100, 113, 101, 45,
  75, 79, 123, 47, 51, 128, 81, 171, 1, 57, 17, 5, 71, 102, 57, 53, 41, 49,
  115, 21, 2, 10, 102, 255, 166, 23, 6, 38, 33, 13, 121, 57, 73, 26, 1, 85,
  41, 10, 67, 138, 77, 110, 90, 47, 114, 101, 29, 16, 10, 85, 128, 101, 196, 26,
  57, 18, 10, 102, 102, 213, 34, 20, 43, 117, 20, 15, 36, 163, 128, 68, 1, 26,
  138, 31, 36, 171, 27, 166, 38, 44, 229, 67, 87, 58, 169, 82, 115, 26, 59, 179,
  63, 59, 90, 180, 59, 166, 93, 73, 154, 40, 40, 21, 116, 143, 209, 34, 39, 175,
  57, 46, 22, 24, 128, 1, 54, 17, 37, 47, 15, 16, 183, 34, 223, 49, 45, 183,
  46, 17, 33, 183, 6, 98, 15, 32, 183, 65, 32, 73, 115, 28, 128, 23, 128, 205,
  40, 3, 9, 115, 51, 192, 18, 6, 223, 87, 37, 9, 115, 59, 77, 64, 21, 47,
  104, 55, 44, 218, 9, 54, 53, 130, 226, 64, 90, 70, 205, 40, 41, 23, 26, 57,
  54, 57, 112, 184, 5, 41, 38, 166, 213, 30, 34, 26, 133, 152, 116, 10, 32, 134,
  75, 32, 12, 51, 192, 255, 160, 43, 51, 39, 19, 53, 221, 26, 114, 32, 73, 255,
  31, 9, 65, 234, 2, 15, 1, 118, 73, 88, 31, 35, 67, 102, 85, 55, 186, 85,
  56, 21, 23, 111, 59, 205, 45, 37, 192, 55, 38, 70, 124, 73, 102, 1, 34, 98,
  102, 61, 71, 37, 34, 53, 31, 243, 192, 69, 60, 71, 38, 73, 119, 28, 222, 37,
  68, 45, 128, 34, 1, 47, 11, 245, 171, 62, 17, 19, 70, 146, 85, 55, 62, 70,
  75, 15, 9, 9, 64, 255, 184, 119, 16, 37, 43, 37, 154, 100, 163, 85, 160, 1,
  63, 9, 92, 136, 28, 64, 32, 201, 85, 86, 6, 28, 5, 64, 255, 25, 248, 1,
  56, 8, 17, 132, 137, 255, 55, 116, 128, 58, 15, 20, 82, 135, 57, 26, 121, 40,
  164, 50, 31, 137, 154, 133, 25, 35, 218, 51, 103, 44, 131, 131, 123, 31, 6, 158,
  86, 40, 64, 135, 148, 224, 45, 183, 128, 22, 26, 17, 131, 240, 154, 14, 1, 209,
  83, 12, 13, 54, 192, 255, 68, 47, 28, 45, 16, 21, 91, 64, 222, 7, 1, 197,
  56, 21, 39, 155, 60, 138, 23, 102, 213, 85, 26, 85, 85, 128, 128, 32, 146, 171,
  18, 11, 7, 63, 144, 171, 4, 4, 246, 35, 27, 10, 146, 174, 171, 12, 26, 128,
  190, 80, 35, 99, 180, 80, 126, 54, 45, 85, 126, 47, 87, 176, 51, 41, 20, 32,
  101, 75, 128, 139, 118, 146, 116, 128, 85, 56, 41, 15, 176, 236, 85, 37, 9, 62,
  146, 36, 19, 30, 171, 255, 97, 27, 20, 71, 30, 17, 119, 118, 255, 17, 18, 138,
  101, 38, 60, 138, 55, 70, 43, 26, 142, 138, 45, 61, 62, 219, 1, 81, 188, 64,
  32, 41, 20, 117, 151, 142, 20, 21, 163, 112, 19, 12, 61, 195, 128, 48, 4, 24,
};
static const uint8_t kiln_webp_coef_up[1056] = {
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 176, 246, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 223, 241, 252, 255, 255, 255, 255, 255, 255, 255,
  255, 249, 253, 253, 255, 255, 255, 255, 255, 255, 255, 255, 255, 244, 252, 255, 255, 255,
  255, 255, 255, 255, 255, 234, 254, 254, 255, 255, 255, 255, 255, 255, 255, 255, 253, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 246, 254, 255, 255, 255, 255, 255, 255,
  255, 255, 239, 253, 254, 255, 255, 255, 255, 255, 255, 255, 255, 254, 255, 254, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 248, 254, 255, 255, 255, 255, 255, 255, 255, 255, 251,
  255, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 253, 254, 255, 255, 255, 255, 255, 255, 255, 255, 251, 254, 254, 255,
  255, 255, 255, 255, 255, 255, 255, 254, 255, 254, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 254, 253, 255, 254, 255, 255, 255, 255, 255, 255, 250, 255, 254, 255, 254, 255, 255,
  255, 255, 255, 255, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 217, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 225, 252, 241, 253, 255, 255, 254, 255, 255, 255, 255, 234, 250,
  241, 250, 253, 255, 253, 254, 255, 255, 255, 255, 254, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 223, 254, 254, 255, 255, 255, 255, 255, 255, 255, 255, 238, 253, 254, 254, 255,
  255, 255, 255, 255, 255, 255, 255, 248, 254, 255, 255, 255, 255, 255, 255, 255, 255, 249,
  254, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 253, 255, 255, 255, 255, 255, 255, 255, 255, 255, 247, 254, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 253, 254, 255, 255, 255, 255, 255, 255, 255, 255, 252, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 254, 254,
  255, 255, 255, 255, 255, 255, 255, 255, 253, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 254, 253, 255, 255, 255,
  255, 255, 255, 255, 255, 250, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 254, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 186, 251, 250, 255, 255, 255, 255, 255, 255, 255, 255, 234,
  251, 244, 254, 255, 255, 255, 255, 255, 255, 255, 251, 251, 243, 253, 254, 255, 254, 255,
  255, 255, 255, 255, 253, 254, 255, 255, 255, 255, 255, 255, 255, 255, 236, 253, 254, 255,
  255, 255, 255, 255, 255, 255, 255, 251, 253, 253, 254, 254, 255, 255, 255, 255, 255, 255,
  255, 254, 254, 255, 255, 255, 255, 255, 255, 255, 255, 254, 254, 254, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 254, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 254, 254, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  248, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 250, 254, 252, 254, 255, 255, 255,
  255, 255, 255, 255, 248, 254, 249, 253, 255, 255, 255, 255, 255, 255, 255, 255, 253, 253,
  255, 255, 255, 255, 255, 255, 255, 255, 246, 253, 253, 255, 255, 255, 255, 255, 255, 255,
  255, 252, 254, 251, 254, 254, 255, 255, 255, 255, 255, 255, 255, 254, 252, 255, 255, 255,
  255, 255, 255, 255, 255, 248, 254, 253, 255, 255, 255, 255, 255, 255, 255, 255, 253, 255,
  254, 254, 255, 255, 255, 255, 255, 255, 255, 255, 251, 254, 255, 255, 255, 255, 255, 255,
  255, 255, 245, 251, 254, 255, 255, 255, 255, 255, 255, 255, 255, 253, 253, 254, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 251, 253, 255, 255, 255, 255, 255, 255, 255, 255, 252,
  253, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255, 254, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 252, 255, 255, 255, 255, 255, 255, 255, 255, 255, 249, 255, 254, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 254, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 253, 255, 255, 255, 255, 255, 255, 255, 255, 250, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 254, 255, 255, 255, 255, 255, 255, 255, 255, 255,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
};
static const uint8_t kiln_webp_coef_p0[1056] = {
  128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 253, 136, 254,
  255, 228, 219, 128, 128, 128, 128, 128, 189, 129, 242, 255, 227, 213, 255, 219, 128, 128,
  128, 106, 126, 227, 252, 214, 209, 255, 255, 128, 128, 128, 1, 98, 248, 255, 236, 226,
  255, 255, 128, 128, 128, 181, 133, 238, 254, 221, 234, 255, 154, 128, 128, 128, 78, 134,
  202, 247, 198, 180, 255, 219, 128, 128, 128, 1, 185, 249, 255, 243, 255, 128, 128, 128,
  128, 128, 184, 150, 247, 255, 236, 224, 128, 128, 128, 128, 128, 77, 110, 216, 255, 236,
  230, 128, 128, 128, 128, 128, 1, 101, 251, 255, 241, 255, 128, 128, 128, 128, 128, 170,
  139, 241, 252, 236, 209, 255, 255, 128, 128, 128, 37, 116, 196, 243, 228, 255, 255, 255,
  128, 128, 128, 1, 204, 254, 255, 245, 255, 128, 128, 128, 128, 128, 207, 160, 250, 255,
  238, 128, 128, 128, 128, 128, 128, 102, 103, 231, 255, 211, 171, 128, 128, 128, 128, 128,
  1, 152, 252, 255, 240, 255, 128, 128, 128, 128, 128, 177, 135, 243, 255, 234, 225, 128,
  128, 128, 128, 128, 80, 129, 211, 255, 194, 224, 128, 128, 128, 128, 128, 1, 1, 255,
  128, 128, 128, 128, 128, 128, 128, 128, 246, 1, 255, 128, 128, 128, 128, 128, 128, 128,
  128, 255, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 198, 35, 237, 223, 193, 187,
  162, 160, 145, 155, 62, 131, 45, 198, 221, 172, 176, 220, 157, 252, 221, 1, 68, 47,
  146, 208, 149, 167, 221, 162, 255, 223, 128, 1, 149, 241, 255, 221, 224, 255, 255, 128,
  128, 128, 184, 141, 234, 253, 222, 220, 255, 199, 128, 128, 128, 81, 99, 181, 242, 176,
  190, 249, 202, 255, 255, 128, 1, 129, 232, 253, 214, 197, 242, 196, 255, 255, 128, 99,
  121, 210, 250, 201, 198, 255, 202, 128, 128, 128, 23, 91, 163, 242, 170, 187, 247, 210,
  255, 255, 128, 1, 200, 246, 255, 234, 255, 128, 128, 128, 128, 128, 109, 178, 241, 255,
  231, 245, 255, 255, 128, 128, 128, 44, 130, 201, 253, 205, 192, 255, 255, 128, 128, 128,
  1, 132, 239, 251, 219, 209, 255, 165, 128, 128, 128, 94, 136, 225, 251, 218, 190, 255,
  255, 128, 128, 128, 22, 100, 174, 245, 186, 161, 255, 199, 128, 128, 128, 1, 182, 249,
  255, 232, 235, 128, 128, 128, 128, 128, 124, 143, 241, 255, 227, 234, 128, 128, 128, 128,
  128, 35, 77, 181, 251, 193, 211, 255, 205, 128, 128, 128, 1, 157, 247, 255, 236, 231,
  255, 255, 128, 128, 128, 121, 141, 235, 255, 225, 227, 255, 255, 128, 128, 128, 45, 99,
  188, 251, 195, 217, 255, 224, 128, 128, 128, 1, 1, 251, 255, 213, 255, 128, 128, 128,
  128, 128, 203, 1, 248, 255, 255, 128, 128, 128, 128, 128, 128, 137, 1, 177, 255, 224,
  255, 128, 128, 128, 128, 128, 253, 9, 248, 251, 207, 208, 255, 192, 128, 128, 128, 175,
  13, 224, 243, 193, 185, 249, 198, 255, 255, 128, 73, 17, 171, 221, 161, 179, 236, 167,
  255, 234, 128, 1, 95, 247, 253, 212, 183, 255, 255, 128, 128, 128, 239, 90, 244, 250,
  211, 209, 255, 255, 128, 128, 128, 155, 77, 195, 248, 188, 195, 255, 255, 128, 128, 128,
  1, 24, 239, 251, 218, 219, 255, 205, 128, 128, 128, 201, 51, 219, 255, 196, 186, 128,
  128, 128, 128, 128, 69, 46, 190, 239, 201, 218, 255, 228, 128, 128, 128, 1, 191, 251,
  255, 255, 128, 128, 128, 128, 128, 128, 223, 165, 249, 255, 213, 255, 128, 128, 128, 128,
  128, 141, 124, 248, 255, 255, 128, 128, 128, 128, 128, 128, 1, 16, 248, 255, 255, 128,
  128, 128, 128, 128, 128, 190, 36, 230, 255, 236, 255, 128, 128, 128, 128, 128, 149, 1,
  255, 128, 128, 128, 128, 128, 128, 128, 128, 1, 226, 255, 128, 128, 128, 128, 128, 128,
  128, 128, 247, 192, 255, 128, 128, 128, 128, 128, 128, 128, 128, 240, 128, 255, 128, 128,
  128, 128, 128, 128, 128, 128, 1, 134, 252, 255, 255, 128, 128, 128, 128, 128, 128, 213,
  62, 250, 255, 255, 128, 128, 128, 128, 128, 128, 55, 93, 255, 128, 128, 128, 128, 128,
  128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128, 128,
  202, 24, 213, 235, 186, 191, 220, 160, 240, 175, 255, 126, 38, 182, 232, 169, 184, 228,
  174, 255, 187, 128, 61, 46, 138, 219, 151, 178, 240, 170, 255, 216, 128, 1, 112, 230,
  250, 199, 191, 247, 159, 255, 255, 128, 166, 109, 228, 252, 211, 215, 255, 174, 128, 128,
  128, 39, 77, 162, 232, 172, 180, 245, 178, 255, 255, 128, 1, 52, 220, 246, 198, 199,
  249, 220, 255, 255, 128, 124, 74, 191, 243, 183, 193, 250, 221, 255, 255, 128, 24, 71,
  130, 219, 154, 170, 243, 182, 255, 255, 128, 1, 182, 225, 249, 219, 240, 255, 224, 128,
  128, 128, 149, 150, 226, 252, 216, 205, 255, 171, 128, 128, 128, 28, 108, 170, 242, 183,
  194, 254, 223, 255, 255, 128, 1, 81, 230, 252, 204, 203, 255, 192, 128, 128, 128, 123,
  102, 209, 247, 188, 196, 255, 233, 128, 128, 128, 20, 95, 153, 243, 164, 173, 255, 203,
  128, 128, 128, 1, 222, 248, 255, 216, 213, 128, 128, 128, 128, 128, 168, 175, 246, 252,
  235, 205, 255, 255, 128, 128, 128, 47, 116, 215, 255, 211, 212, 255, 255, 128, 128, 128,
  1, 121, 236, 253, 212, 214, 255, 255, 128, 128, 128, 141, 84, 213, 252, 201, 202, 255,
  219, 128, 128, 128, 42, 80, 160, 240, 162, 185, 255, 205, 128, 128, 128, 1, 1, 255,
  128, 128, 128, 128, 128, 128, 128, 128, 244, 1, 255, 128, 128, 128, 128, 128, 128, 128,
  128, 238, 1, 255, 128, 128, 128, 128, 128, 128, 128, 128,
};
static const uint8_t kiln_webp_dcq[128] = {
  4, 5, 6, 7, 8, 9, 10, 10, 11, 12, 13, 14, 15, 16, 17, 17, 18, 19,
  20, 20, 21, 21, 22, 22, 23, 23, 24, 25, 25, 26, 27, 28, 29, 30, 31, 32,
  33, 34, 35, 36, 37, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 46, 47, 48,
  49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66,
  67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 76, 77, 78, 79, 80, 81, 82, 83,
  84, 85, 86, 87, 88, 89, 91, 93, 95, 96, 98, 100, 101, 102, 104, 106, 108, 110,
  112, 114, 116, 118, 122, 124, 126, 128, 130, 132, 134, 136, 138, 140, 143, 145, 148, 151,
  154, 157,
};
static const uint16_t kiln_webp_acq[128] = {
  4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
  22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39,
  40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57,
  58, 60, 62, 64, 66, 68, 70, 72, 74, 76, 78, 80, 82, 84, 86, 88, 90, 92,
  94, 96, 98, 100, 102, 104, 106, 108, 110, 112, 114, 116, 119, 122, 125, 128, 131, 134,
  137, 140, 143, 146, 149, 152, 155, 158, 161, 164, 167, 170, 173, 177, 181, 185, 189, 193,
  197, 201, 205, 209, 213, 217, 221, 225, 229, 234, 239, 245, 249, 254, 259, 264, 269, 274,
  279, 284,
};

static const uint8_t kiln_webp_zigzag[16] = {0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15};
static const uint8_t kiln_webp_band[17] = {0, 1, 2, 3, 6, 4, 5, 6, 6, 6, 6, 6, 6, 6, 6, 7, 0};

/* The boolean entropy decoder of RFC 6386 section 7.3; bytes past the end
 * read as zero and are counted in over. */
typedef struct kiln_webp_bd {
  const uint8_t *p, *end;
  uint32_t value, range;
  int bits, over;
} kiln_webp_bd;

static uint8_t kiln_webp_byte(kiln_webp_bd *d) {
  if (d->p < d->end) return *d->p++;
  d->over++;
  return 0;
}

static void kiln_webp_bd_init(kiln_webp_bd *d, const uint8_t *p, int64_t n) {
  d->p = p;
  d->end = p + n;
  d->over = 0;
  d->value = (uint32_t)kiln_webp_byte(d) << 8;
  d->value |= kiln_webp_byte(d);
  d->range = 255;
  d->bits = 0;
}

static int kiln_webp_bool(kiln_webp_bd *d, int prob) {
  const uint32_t split = 1 + (((d->range - 1) * (uint32_t)prob) >> 8), big = split << 8;
  int r;
  if (d->value >= big) {
    r = 1;
    d->range -= split;
    d->value -= big;
  } else {
    r = 0;
    d->range = split;
  }
  while (d->range < 128) {
    d->value <<= 1;
    d->range <<= 1;
    if (++d->bits == 8) {
      d->bits = 0;
      d->value |= kiln_webp_byte(d);
    }
  }
  return r;
}

/* L(n): an n-bit literal, most significant bit first. */
static int kiln_webp_lit(kiln_webp_bd *d, int n) {
  int v = 0;
  while (n--) v = (v << 1) | kiln_webp_bool(d, 128);
  return v;
}

/* An optional signed value: flag, magnitude L(n), sign (1 negative). */
static int kiln_webp_sval(kiln_webp_bd *d, int n) {
  int v;
  if (!kiln_webp_bool(d, 128)) return 0;
  v = kiln_webp_lit(d, n);
  return kiln_webp_bool(d, 128) ? -v : v;
}

/* Tokens of one 4x4 block (RFC 6386 section 13): dequantized coefficients
 * into out (natural order, zeroed by the caller). p is the type's
 * [8 bands][3 contexts][11] probabilities. Returns 1 if the block coded
 * anything beyond an immediate end of block (the neighbour context). */
static int kiln_webp_block(kiln_webp_bd *d, const uint8_t *p, int ctx, int first, int dcq, int acq,
                           int32_t *out) {
  static const uint8_t cat3[] = {173, 148, 140, 0}, cat4[] = {176, 155, 140, 135, 0},
                       cat5[] = {180, 157, 141, 134, 130, 0},
                       cat6[] = {254, 254, 243, 230, 196, 177, 153, 140, 133, 130, 129, 0};
  static const uint8_t *const cats[4] = {cat3, cat4, cat5, cat6};
  static const int base[4] = {11, 19, 35, 67};
  int i = first, prev_zero = 0;
  while (i < 16) {
    const uint8_t *q = p + (kiln_webp_band[i] * 3 + ctx) * 11;
    int v;
    if (!prev_zero && !kiln_webp_bool(d, q[0])) break; /* end of block */
    if (!kiln_webp_bool(d, q[1])) {                   /* DCT_0 */
      prev_zero = 1;
      ctx = 0;
      i++;
      continue;
    }
    prev_zero = 0;
    if (!kiln_webp_bool(d, q[2])) {
      v = 1;
      ctx = 1;
    } else {
      if (!kiln_webp_bool(d, q[3])) {
        v = !kiln_webp_bool(d, q[4]) ? 2 : 3 + kiln_webp_bool(d, q[5]);
      } else if (!kiln_webp_bool(d, q[6])) {
        if (!kiln_webp_bool(d, q[7])) {
          v = 5 + kiln_webp_bool(d, 159);
        } else {
          v = 7 + 2 * kiln_webp_bool(d, 165);
          v += kiln_webp_bool(d, 145);
        }
      } else {
        const int b1 = kiln_webp_bool(d, q[8]), c = 2 * b1 + kiln_webp_bool(d, q[9 + b1]);
        const uint8_t *e = cats[c];
        int x = 0;
        while (*e) x = 2 * x + kiln_webp_bool(d, *e++);
        v = base[c] + x;
      }
      ctx = 2;
    }
    if (kiln_webp_bool(d, 128)) v = -v;
    out[kiln_webp_zigzag[i]] = v * (i > 0 ? acq : dcq);
    i++;
  }
  return i > first;
}

static uint8_t kiln_webp_clamp(int v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }

/* Inverse DCT of RFC 6386 section 14.4, added to the prediction at px. */
static void kiln_webp_idct_add(const int32_t *in, uint8_t *px, int stride) {
  int32_t t[16];
  int i;
  for (i = 0; i < 4; i++) { /* columns */
    const int32_t a = in[i] + in[8 + i], b = in[i] - in[8 + i];
    const int32_t c = ((in[4 + i] * 35468) >> 16) - (in[12 + i] + ((in[12 + i] * 20091) >> 16));
    const int32_t dd = (in[4 + i] + ((in[4 + i] * 20091) >> 16)) + ((in[12 + i] * 35468) >> 16);
    t[i] = a + dd;
    t[12 + i] = a - dd;
    t[4 + i] = b + c;
    t[8 + i] = b - c;
  }
  for (i = 0; i < 4; i++) { /* rows */
    const int32_t *r = t + 4 * i;
    const int32_t a = r[0] + r[2], b = r[0] - r[2];
    const int32_t c = ((r[1] * 35468) >> 16) - (r[3] + ((r[3] * 20091) >> 16));
    const int32_t dd = (r[1] + ((r[1] * 20091) >> 16)) + ((r[3] * 35468) >> 16);
    uint8_t *o = px + i * stride;
    o[0] = kiln_webp_clamp(o[0] + ((a + dd + 4) >> 3));
    o[3] = kiln_webp_clamp(o[3] + ((a - dd + 4) >> 3));
    o[1] = kiln_webp_clamp(o[1] + ((b + c + 4) >> 3));
    o[2] = kiln_webp_clamp(o[2] + ((b - c + 4) >> 3));
  }
}

/* Inverse WHT of section 14.3: Y2 -> the DC of the 16 Y blocks. */
static void kiln_webp_iwht(const int32_t *in, int32_t *y) {
  int32_t t[16];
  int i;
  for (i = 0; i < 4; i++) {
    const int32_t a = in[i] + in[12 + i], b = in[4 + i] + in[8 + i];
    const int32_t c = in[4 + i] - in[8 + i], dd = in[i] - in[12 + i];
    t[i] = a + b;
    t[4 + i] = c + dd;
    t[8 + i] = a - b;
    t[12 + i] = dd - c;
  }
  for (i = 0; i < 4; i++) {
    const int32_t *r = t + 4 * i;
    const int32_t a = r[0] + r[3], b = r[1] + r[2], c = r[1] - r[2], dd = r[0] - r[3];
    y[(4 * i + 0) * 16] = (a + b + 3) >> 3;
    y[(4 * i + 1) * 16] = (c + dd + 3) >> 3;
    y[(4 * i + 2) * 16] = (a - b + 3) >> 3;
    y[(4 * i + 3) * 16] = (dd - c + 3) >> 3;
  }
}

/* Whole-block prediction (DC 0, V 1, H 2, TM 3) of an n x n block at
 * px, whose row above (with the corner at [-1]) and column to the left
 * are already in place; has_a/has_l say whether they are real pixels
 * (DC_PRED then averages only those). */
static void kiln_webp_pred(uint8_t *px, int stride, int n, int mode, int has_a, int has_l) {
  const uint8_t *a = px - stride;
  int r, c;
  if (mode == 0) {
    int s = 0, sh = n == 16 ? 3 : 2, v;
    for (c = 0; c < n; c++) s += (has_a ? a[c] : 0) + (has_l ? px[c * stride - 1] : 0);
    sh += has_a + has_l;
    v = has_a || has_l ? (s + (1 << (sh - 1))) >> sh : 128;
    for (r = 0; r < n; r++) memset(px + r * stride, v, (size_t)n);
    return;
  }
  for (r = 0; r < n; r++)
    for (c = 0; c < n; c++) {
      const int l = px[r * stride - 1];
      px[r * stride + c] = mode == 1 ? a[c] : mode == 2 ? (uint8_t)l : kiln_webp_clamp(l + a[c] - a[-1]);
    }
}

/* Subblock prediction (RFC 6386 section 12.3), modes in the order of the
 * bmode tree: DC TM VE HE LD RD VR VL HD HU. */
static void kiln_webp_bpred(uint8_t *px, int s, int mode) {
  const uint8_t *A = px - s;
  uint8_t E[13], B[16];
  int i, r, c;
  /* E: L[3] L[2] L[1] L[0] P A[0] .. A[7] */
  for (i = 0; i < 4; i++) E[i] = px[(3 - i) * s - 1];
  for (i = 0; i < 9; i++) E[4 + i] = A[i - 1];
#define KILN_WEBP_AVG3(x, y, z) ((uint8_t)(((x) + 2 * (y) + (z) + 2) >> 2))
#define KILN_WEBP_AVG2(x, y) ((uint8_t)(((x) + (y) + 1) >> 1))
  switch (mode) {
  case 0: {
    int v = 4;
    for (i = 0; i < 4; i++) v += A[i] + px[i * s - 1];
    memset(B, v >> 3, 16);
    break;
  }
  case 1:
    for (r = 0; r < 4; r++)
      for (c = 0; c < 4; c++) B[4 * r + c] = kiln_webp_clamp(px[r * s - 1] + A[c] - A[-1]);
    break;
  case 2:
    for (c = 0; c < 4; c++)
      B[c] = B[4 + c] = B[8 + c] = B[12 + c] = KILN_WEBP_AVG3(A[c - 1], A[c], A[c + 1]);
    break;
  case 3: /* E[4 - k] is L[k - 1] (L[-1] = P) */
    for (r = 0; r < 4; r++) {
      const int v = r < 3 ? KILN_WEBP_AVG3(E[4 - r], E[3 - r], E[2 - r]) : KILN_WEBP_AVG3(E[1], E[0], E[0]);
      memset(B + 4 * r, v, 4);
    }
    break;
  case 4: /* LD */
    for (r = 0; r < 4; r++)
      for (c = 0; c < 4; c++) {
        const int k = r + c;
        B[4 * r + c] = k < 6 ? KILN_WEBP_AVG3(A[k], A[k + 1], A[k + 2]) : KILN_WEBP_AVG3(A[6], A[7], A[7]);
      }
    break;
  case 5: /* RD: B[r][c] = avg3p(E + 4 - r + c) */
    for (r = 0; r < 4; r++)
      for (c = 0; c < 4; c++) {
        const int k = 4 - r + c;
        B[4 * r + c] = KILN_WEBP_AVG3(E[k - 1], E[k], E[k + 1]);
      }
    break;
  case 6: /* VR */
    B[12] = KILN_WEBP_AVG3(E[1], E[2], E[3]);
    B[8] = KILN_WEBP_AVG3(E[2], E[3], E[4]);
    B[13] = B[4] = KILN_WEBP_AVG3(E[3], E[4], E[5]);
    B[9] = B[0] = KILN_WEBP_AVG2(E[4], E[5]);
    B[14] = B[5] = KILN_WEBP_AVG3(E[4], E[5], E[6]);
    B[10] = B[1] = KILN_WEBP_AVG2(E[5], E[6]);
    B[15] = B[6] = KILN_WEBP_AVG3(E[5], E[6], E[7]);
    B[11] = B[2] = KILN_WEBP_AVG2(E[6], E[7]);
    B[7] = KILN_WEBP_AVG3(E[6], E[7], E[8]);
    B[3] = KILN_WEBP_AVG2(E[7], E[8]);
    break;
  case 7: /* VL */
    B[0] = KILN_WEBP_AVG2(A[0], A[1]);
    B[4] = KILN_WEBP_AVG3(A[0], A[1], A[2]);
    B[8] = B[1] = KILN_WEBP_AVG2(A[1], A[2]);
    B[5] = B[12] = KILN_WEBP_AVG3(A[1], A[2], A[3]);
    B[9] = B[2] = KILN_WEBP_AVG2(A[2], A[3]);
    B[13] = B[6] = KILN_WEBP_AVG3(A[2], A[3], A[4]);
    B[10] = B[3] = KILN_WEBP_AVG2(A[3], A[4]);
    B[14] = B[7] = KILN_WEBP_AVG3(A[3], A[4], A[5]);
    B[11] = KILN_WEBP_AVG3(A[4], A[5], A[6]);
    B[15] = KILN_WEBP_AVG3(A[5], A[6], A[7]);
    break;
  case 8: /* HD */
    B[12] = KILN_WEBP_AVG2(E[0], E[1]);
    B[13] = KILN_WEBP_AVG3(E[0], E[1], E[2]);
    B[8] = B[14] = KILN_WEBP_AVG2(E[1], E[2]);
    B[9] = B[15] = KILN_WEBP_AVG3(E[1], E[2], E[3]);
    B[10] = B[4] = KILN_WEBP_AVG2(E[2], E[3]);
    B[11] = B[5] = KILN_WEBP_AVG3(E[2], E[3], E[4]);
    B[6] = B[0] = KILN_WEBP_AVG2(E[3], E[4]);
    B[7] = B[1] = KILN_WEBP_AVG3(E[3], E[4], E[5]);
    B[2] = KILN_WEBP_AVG3(E[4], E[5], E[6]);
    B[3] = KILN_WEBP_AVG3(E[5], E[6], E[7]);
    break;
  default: { /* HU, from L[0..3] = E[3], E[2], E[1], E[0] */
    const int l0 = E[3], l1 = E[2], l2 = E[1], l3 = E[0];
    B[0] = KILN_WEBP_AVG2(l0, l1);
    B[1] = KILN_WEBP_AVG3(l0, l1, l2);
    B[2] = B[4] = KILN_WEBP_AVG2(l1, l2);
    B[3] = B[5] = KILN_WEBP_AVG3(l1, l2, l3);
    B[6] = B[8] = KILN_WEBP_AVG2(l2, l3);
    B[7] = B[9] = KILN_WEBP_AVG3(l2, l3, l3);
    B[10] = B[11] = B[12] = B[13] = B[14] = B[15] = (uint8_t)l3;
    break;
  }
  }
#undef KILN_WEBP_AVG3
#undef KILN_WEBP_AVG2
  for (r = 0; r < 4; r++) memcpy(px + r * s, B + 4 * r, 4);
}

/* Loop filter of RFC 6386 section 15 on one edge of n segments: p points
 * at the first pixel after the edge, step crosses the edge, next moves
 * along it. kind 0 simple, 1 normal subblock edge, 2 normal macroblock
 * edge. */
static int kiln_webp_c8(int v) { return v < -128 ? -128 : v > 127 ? 127 : v; }

static void kiln_webp_edge(uint8_t *p, int step, int next, int n, int kind, int E, int I, int hev_t) {
  int k;
  for (k = 0; k < n; k++, p += next) {
    const int p3 = p[-4 * step] - 128, p2 = p[-3 * step] - 128, p1 = p[-2 * step] - 128,
              p0 = p[-step] - 128, q0 = p[0] - 128, q1 = p[step] - 128, q2 = p[2 * step] - 128,
              q3 = p[3 * step] - 128;
    int hev, a, b, w;
#define KILN_WEBP_ABS(v) ((v) < 0 ? -(v) : (v))
    if (KILN_WEBP_ABS(p0 - q0) * 2 + KILN_WEBP_ABS(p1 - q1) / 2 > E) continue;
    if (kind > 0 && (KILN_WEBP_ABS(p3 - p2) > I || KILN_WEBP_ABS(p2 - p1) > I || KILN_WEBP_ABS(p1 - p0) > I ||
                     KILN_WEBP_ABS(q3 - q2) > I || KILN_WEBP_ABS(q2 - q1) > I || KILN_WEBP_ABS(q1 - q0) > I))
      continue;
    hev = kind == 0 || KILN_WEBP_ABS(p1 - p0) > hev_t || KILN_WEBP_ABS(q1 - q0) > hev_t;
#undef KILN_WEBP_ABS
    if (kind == 2 && !hev) {
      w = kiln_webp_c8(kiln_webp_c8(p1 - q1) + 3 * (q0 - p0));
      a = kiln_webp_c8((27 * w + 63) >> 7);
      p[0] = (uint8_t)(kiln_webp_c8(q0 - a) + 128);
      p[-step] = (uint8_t)(kiln_webp_c8(p0 + a) + 128);
      a = kiln_webp_c8((18 * w + 63) >> 7);
      p[step] = (uint8_t)(kiln_webp_c8(q1 - a) + 128);
      p[-2 * step] = (uint8_t)(kiln_webp_c8(p1 + a) + 128);
      a = kiln_webp_c8((9 * w + 63) >> 7);
      p[2 * step] = (uint8_t)(kiln_webp_c8(q2 - a) + 128);
      p[-3 * step] = (uint8_t)(kiln_webp_c8(p2 + a) + 128);
      continue;
    }
    /* common_adjust, with the outer taps when hev */
    a = kiln_webp_c8((hev ? kiln_webp_c8(p1 - q1) : 0) + 3 * (q0 - p0));
    b = kiln_webp_c8(a + 3) >> 3;
    a = kiln_webp_c8(a + 4) >> 3;
    p[0] = (uint8_t)(kiln_webp_c8(q0 - a) + 128);
    p[-step] = (uint8_t)(kiln_webp_c8(p0 + b) + 128);
    if (kind == 1 && !hev) {
      a = (a + 1) >> 1;
      p[step] = (uint8_t)(kiln_webp_c8(q1 - a) + 128);
      p[-2 * step] = (uint8_t)(kiln_webp_c8(p1 + a) + 128);
    }
  }
}

static int kiln_img_webp(const uint8_t *b, int64_t len, int64_t h, int64_t w, int fmt, uint8_t *y,
                         uint8_t *scratch) {
  const uint8_t *v8;
  int64_t n, first, pos;
  uint32_t tag;
  int pw, ph, mbw, mbh, yst, cst, i, j, k, mx, my, nparts;
  int seg_on = 0, seg_map = 0, seg_abs = 0, seg_q[4] = {0, 0, 0, 0}, seg_lf[4] = {0, 0, 0, 0};
  int seg_p[3] = {255, 255, 255}, simple, level, sharp, lf_adj = 0, ref_d = 0, mode_d = 0;
  int qi, dq[5], skip_on, skip_p = 0, q[4][6];
  uint8_t coef[1056];
  kiln_webp_bd hd, td[8];
  uint8_t *Y, *U, *V, *lvl, *actx, *anz;
  /* the RIFF header, then the one chunk of the simple format */
  if (len < 30) return KILN_IMAGE_CORRUPT;
  if (!memcmp(b + 12, "VP8L", 4) || !memcmp(b + 12, "VP8X", 4)) return KILN_IMAGE_UNSUPPORTED;
  if (memcmp(b + 12, "VP8 ", 4)) return KILN_IMAGE_CORRUPT;
  if ((int64_t)kiln_img_le32(b + 4) > len - 8 || (int64_t)kiln_img_le32(b + 4) < 4) return KILN_IMAGE_CORRUPT;
  n = kiln_img_le32(b + 16);
  if (n > len - 20 || n < 10) return KILN_IMAGE_CORRUPT;
  v8 = b + 20;
  tag = (uint32_t)v8[0] | (uint32_t)v8[1] << 8 | (uint32_t)v8[2] << 16;
  if (tag & 1) return KILN_IMAGE_CORRUPT;                    /* not a key frame */
  if (((tag >> 1) & 7) > 3 || !((tag >> 4) & 1)) return KILN_IMAGE_UNSUPPORTED; /* version, hidden */
  if (v8[3] != 0x9d || v8[4] != 0x01 || v8[5] != 0x2a) return KILN_IMAGE_CORRUPT;
  pw = (int)(kiln_img_le16(v8 + 6) & 0x3fff);
  ph = (int)(kiln_img_le16(v8 + 8) & 0x3fff);
  if (pw != w || ph != h) return KILN_IMAGE_SIZE;
  if (pw == 0 || ph == 0) return KILN_IMAGE_CORRUPT;
  first = tag >> 5;
  if (first > n - 10) return KILN_IMAGE_CORRUPT;
  kiln_webp_bd_init(&hd, v8 + 10, first);
  /* frame header (RFC 6386 section 19.2) */
  kiln_webp_lit(&hd, 2); /* color space, clamping type */
  seg_on = kiln_webp_bool(&hd, 128);
  if (seg_on) {
    seg_map = kiln_webp_bool(&hd, 128);
    if (kiln_webp_bool(&hd, 128)) {
      seg_abs = kiln_webp_bool(&hd, 128);
      for (i = 0; i < 4; i++) seg_q[i] = kiln_webp_sval(&hd, 7);
      for (i = 0; i < 4; i++) seg_lf[i] = kiln_webp_sval(&hd, 6);
    }
    if (seg_map)
      for (i = 0; i < 3; i++) seg_p[i] = kiln_webp_bool(&hd, 128) ? kiln_webp_lit(&hd, 8) : 255;
  }
  simple = kiln_webp_bool(&hd, 128);
  level = kiln_webp_lit(&hd, 6);
  sharp = kiln_webp_lit(&hd, 3);
  if (kiln_webp_bool(&hd, 128)) {
    lf_adj = 1;
    if (kiln_webp_bool(&hd, 128)) { /* intra frames use the first of each group only */
      for (i = 0; i < 4; i++) {
        k = kiln_webp_sval(&hd, 6);
        if (i == 0) ref_d = k;
      }
      for (i = 0; i < 4; i++) {
        k = kiln_webp_sval(&hd, 6);
        if (i == 0) mode_d = k;
      }
    }
  }
  nparts = 1 << kiln_webp_lit(&hd, 2);
  qi = kiln_webp_lit(&hd, 7);
  for (i = 0; i < 5; i++) dq[i] = kiln_webp_sval(&hd, 4); /* y1 dc, y2 dc, y2 ac, uv dc, uv ac */
  kiln_webp_bool(&hd, 128);                               /* refresh_entropy_probs */
  memcpy(coef, kiln_webp_coef_p0, sizeof coef);
  for (i = 0; i < 1056; i++)
    if (kiln_webp_bool(&hd, kiln_webp_coef_up[i])) coef[i] = (uint8_t)kiln_webp_lit(&hd, 8);
  skip_on = kiln_webp_bool(&hd, 128);
  if (skip_on) skip_p = kiln_webp_lit(&hd, 8);
  /* token partitions: 3-byte sizes of all but the last */
  pos = 10 + first;
  if (3 * (int64_t)(nparts - 1) > n - pos) return KILN_IMAGE_CORRUPT;
  {
    int64_t at = pos + 3 * (nparts - 1);
    for (i = 0; i < nparts; i++) {
      int64_t sz = n - at;
      if (i < nparts - 1) {
        const uint8_t *s = v8 + pos + 3 * i;
        sz = (int64_t)s[0] | (int64_t)s[1] << 8 | (int64_t)s[2] << 16;
        if (sz > n - at) return KILN_IMAGE_CORRUPT;
      }
      kiln_webp_bd_init(&td[i], v8 + at, sz);
      at += sz;
    }
  }
  /* dequantization factors per segment: y1 dc/ac, y2 dc/ac, uv dc/ac */
  for (i = 0; i < 4; i++) {
    int s = seg_on ? (seg_abs ? seg_q[i] : qi + seg_q[i]) : qi;
    const int d[6] = {dq[0], 0, dq[1], dq[2], dq[3], dq[4]};
    for (k = 0; k < 6; k++) {
      int x = s + d[k];
      x = x < 0 ? 0 : x > 127 ? 127 : x;
      q[i][k] = (k & 1) ? kiln_webp_acq[x] : kiln_webp_dcq[x];
    }
    q[i][2] *= 2;
    q[i][3] = q[i][3] * 155 / 100;
    if (q[i][3] < 8) q[i][3] = 8;
    if (q[i][4] > 132) q[i][4] = 132;
  }
  mbw = (pw + 15) / 16;
  mbh = (ph + 15) / 16;
  yst = mbw * 16;
  cst = mbw * 8;
  Y = scratch;
  U = Y + (int64_t)yst * mbh * 16;
  V = U + (int64_t)cst * mbh * 8;
  lvl = V + (int64_t)cst * mbh * 8; /* filter level | 0x80 when inner edges are filtered */
  actx = lvl + (int64_t)mbw * mbh;  /* above subblock modes, 4 per column */
  anz = actx + 4 * (int64_t)mbw;    /* above nonzero flags: 4 Y, 2 U, 2 V, Y2 */
  memset(actx, 0, 4 * (size_t)mbw);
  memset(anz, 0, 9 * (size_t)mbw);
  for (my = 0; my < mbh; my++) {
    uint8_t lctx[4] = {0, 0, 0, 0}, lnz[9] = {0, 0, 0, 0, 0, 0, 0, 0, 0};
    kiln_webp_bd *tk = &td[my % nparts];
    for (mx = 0; mx < mbw; mx++) {
      /* 16x16 luma workspace with the row above (and 4 above-right) and
       * the column to the left; 8x8 chroma ones likewise */
      uint8_t ws[17 * 21], uw[9 * 9], vw[9 * 9];
      int32_t co[25 * 16];
      int seg = 0, skip = 0, ym, uvm, bm[16], nz = 0, lv;
      uint8_t *ac = actx + 4 * mx, *an = anz + 9 * mx;
      if (seg_map) seg = kiln_webp_bool(&hd, seg_p[0]) ? 2 + kiln_webp_bool(&hd, seg_p[2])
                                                       : kiln_webp_bool(&hd, seg_p[1]);
      if (skip_on) skip = kiln_webp_bool(&hd, skip_p);
      if (!kiln_webp_bool(&hd, 145)) {
        ym = 4;
      } else if (!kiln_webp_bool(&hd, 156)) {
        ym = kiln_webp_bool(&hd, 163) ? 1 : 0;
      } else {
        ym = kiln_webp_bool(&hd, 128) ? 3 : 2;
      }
      if (ym == 4) {
        for (i = 0; i < 16; i++) {
          const int A = i < 4 ? ac[i] : bm[i - 4], L = (i & 3) ? bm[i - 1] : lctx[i >> 2];
          const uint8_t *p = kiln_webp_bmode_p + (A * 10 + L) * 9;
          int m;
          if (!kiln_webp_bool(&hd, p[0])) m = 0;
          else if (!kiln_webp_bool(&hd, p[1])) m = 1;
          else if (!kiln_webp_bool(&hd, p[2])) m = 2;
          else if (!kiln_webp_bool(&hd, p[3])) m = !kiln_webp_bool(&hd, p[4]) ? 3 : kiln_webp_bool(&hd, p[5]) ? 6 : 5;
          else if (!kiln_webp_bool(&hd, p[6])) m = 4;
          else if (!kiln_webp_bool(&hd, p[7])) m = 7;
          else m = kiln_webp_bool(&hd, p[8]) ? 9 : 8;
          bm[i] = m;
        }
      } else {
        static const int implied[4] = {0, 2, 3, 1}; /* DC->B_DC, V->B_VE, H->B_HE, TM->B_TM */
        for (i = 0; i < 16; i++) bm[i] = implied[ym];
      }
      for (i = 0; i < 4; i++) {
        ac[i] = (uint8_t)bm[12 + i];
        lctx[i] = (uint8_t)bm[4 * i + 3];
      }
      uvm = !kiln_webp_bool(&hd, 142) ? 0 : !kiln_webp_bool(&hd, 114) ? 1 : !kiln_webp_bool(&hd, 183) ? 2 : 3;
      /* residual tokens */
      memset(co, 0, sizeof co);
      if (!skip) {
        const int *qq = q[seg], first_c = ym != 4;
        if (ym != 4) {
          int32_t y2[16];
          memset(y2, 0, sizeof y2);
          k = kiln_webp_block(tk, coef + 1 * 264, an[8] + lnz[8], 0, qq[2], qq[3], y2);
          an[8] = lnz[8] = (uint8_t)k;
          kiln_webp_iwht(y2, co);
        }
        for (i = 0; i < 16; i++) {
          const int bx = i & 3, by = i >> 2;
          k = kiln_webp_block(tk, coef + (first_c ? 0 : 3) * 264, an[bx] + lnz[by], first_c, qq[0], qq[1],
                              co + 16 * i);
          an[bx] = lnz[by] = (uint8_t)k;
          nz |= k | (co[16 * i] != 0);
        }
        for (i = 0; i < 8; i++) {
          const int c = 4 + (i >> 2) * 2, bx = i & 1, by = (i >> 1) & 1;
          k = kiln_webp_block(tk, coef + 2 * 264, an[c + bx] + lnz[c + by], 0, qq[4], qq[5],
                              co + 16 * (16 + i));
          an[c + bx] = lnz[c + by] = (uint8_t)k;
          nz |= k;
        }
      } else {
        memset(an, 0, 8);
        memset(lnz, 0, 8);
        if (ym != 4) an[8] = lnz[8] = 0;
      }
      /* filter level of this macroblock */
      lv = seg_on ? (seg_abs ? seg_lf[seg] : level + seg_lf[seg]) : level;
      if (lf_adj) lv += ref_d + (ym == 4 ? mode_d : 0);
      lv = lv < 0 ? 0 : lv > 63 ? 63 : lv;
      lvl[my * mbw + mx] = (uint8_t)(lv | ((ym == 4 || nz) ? 0x80 : 0));
      /* edges: 127 above the frame (corner included), 129 left of it */
      {
        uint8_t *yp = Y + (int64_t)my * 16 * yst + mx * 16;
        uint8_t *pl[2] = {U + (int64_t)my * 8 * cst + mx * 8, V + (int64_t)my * 8 * cst + mx * 8};
        uint8_t *cw[2] = {uw, vw};
        const int corner = my == 0 ? 127 : mx == 0 ? 129 : -1;
        if (my == 0) {
          memset(ws, 127, 21);
          memset(uw, 127, 9);
          memset(vw, 127, 9);
        } else {
          memcpy(ws + 1, yp - yst, 16);
          if (mx + 1 < mbw) memcpy(ws + 17, yp - yst + 16, 4);
          else memset(ws + 17, yp[-yst + 15], 4);
          for (j = 0; j < 2; j++) memcpy(cw[j] + 1, pl[j] - cst, 8);
          if (mx > 0) {
            ws[0] = yp[-yst - 1];
            uw[0] = pl[0][-cst - 1];
            vw[0] = pl[1][-cst - 1];
          }
        }
        if (corner >= 0) ws[0] = uw[0] = vw[0] = (uint8_t)corner;
        for (i = 0; i < 16; i++) ws[(i + 1) * 21] = mx > 0 ? yp[i * yst - 1] : 129;
        for (j = 0; j < 2; j++)
          for (i = 0; i < 8; i++) cw[j][(i + 1) * 9] = mx > 0 ? pl[j][i * cst - 1] : 129;
        /* prediction plus residue */
        if (ym == 4) {
          for (i = 1; i < 4; i++) memcpy(ws + 4 * i * 21 + 17, ws + 17, 4);
          for (i = 0; i < 16; i++) {
            uint8_t *px = ws + (1 + 4 * (i >> 2)) * 21 + 1 + 4 * (i & 3);
            kiln_webp_bpred(px, 21, bm[i]);
            kiln_webp_idct_add(co + 16 * i, px, 21);
          }
        } else {
          kiln_webp_pred(ws + 22, 21, 16, ym, my > 0, mx > 0);
          for (i = 0; i < 16; i++) kiln_webp_idct_add(co + 16 * i, ws + (1 + 4 * (i >> 2)) * 21 + 1 + 4 * (i & 3), 21);
        }
        for (j = 0; j < 2; j++) {
          kiln_webp_pred(cw[j] + 10, 9, 8, uvm, my > 0, mx > 0);
          for (i = 0; i < 4; i++)
            kiln_webp_idct_add(co + 16 * (16 + 4 * j + i), cw[j] + (1 + 4 * (i >> 1)) * 9 + 1 + 4 * (i & 1), 9);
        }
        for (i = 0; i < 16; i++) memcpy(yp + (int64_t)i * yst, ws + (i + 1) * 21 + 1, 16);
        for (j = 0; j < 2; j++)
          for (i = 0; i < 8; i++) memcpy(pl[j] + (int64_t)i * cst, cw[j] + (i + 1) * 9 + 1, 8);
      }
    }
  }
  if (hd.over > 8) return KILN_IMAGE_CORRUPT;
  for (i = 0; i < nparts; i++)
    if (td[i].over > 8) return KILN_IMAGE_CORRUPT;
  /* loop filter over the whole frame, macroblocks in raster order */
  if (level > 0)
    for (my = 0; my < mbh; my++)
      for (mx = 0; mx < mbw; mx++) {
        const int lv = lvl[my * mbw + mx] & 63, inner = lvl[my * mbw + mx] >> 7;
        int I = lv, hev_t, e;
        uint8_t *yp = Y + (int64_t)my * 16 * yst + mx * 16;
        uint8_t *pl[2] = {U + (int64_t)my * 8 * cst + mx * 8, V + (int64_t)my * 8 * cst + mx * 8};
        if (lv == 0) continue;
        if (sharp) {
          I >>= sharp > 4 ? 2 : 1;
          if (I > 9 - sharp) I = 9 - sharp;
        }
        if (I < 1) I = 1;
        hev_t = lv >= 40 ? 2 : lv >= 15 ? 1 : 0;
        for (e = 0; e < 4; e++) { /* left edge, inner vertical, top edge, inner horizontal */
          const int vert = e < 2, mb = (e & 1) == 0, lim = mb ? (lv + 2) * 2 + I : lv * 2 + I;
          const int kind = simple ? 0 : mb ? 2 : 1;
          if (mb ? (vert ? mx == 0 : my == 0) : !inner) continue;
          for (k = mb ? 0 : 4; k < (mb ? 1 : 16); k += 4)
            kiln_webp_edge(vert ? yp + k : yp + (int64_t)k * yst, vert ? 1 : yst, vert ? yst : 1, 16, kind, lim, I,
                           hev_t);
          if (!simple)
            for (j = 0; j < 2; j++) {
              const int off = mb ? 0 : 4;
              kiln_webp_edge(vert ? pl[j] + off : pl[j] + (int64_t)off * cst, vert ? 1 : cst, vert ? cst : 1, 8,
                             kind, lim, I, hev_t);
            }
        }
      }
  /* fancy upsampling of the chroma and YUV -> RGB */
  {
    const int ch = (ph + 1) / 2, cwd = (pw + 1) / 2;
    int64_t r, c;
    for (r = 0; r < ph; r++) {
      const int nr = (int)(r / 2), fr0 = (r & 1) ? nr + 1 : nr - 1;
      const int fr = fr0 < 0 ? 0 : fr0 >= ch ? ch - 1 : fr0;
      for (c = 0; c < pw; c++) {
        const int nc = (int)(c / 2), fc0 = (c & 1) ? nc + 1 : nc - 1;
        const int fc = fc0 < 0 ? 0 : fc0 >= cwd ? cwd - 1 : fc0;
        const int yy = Y[r * yst + c];
        int uv[2], R, G, Bl;
        uint8_t px[3];
        for (j = 0; j < 2; j++) {
          const uint8_t *P = j ? V : U;
          uv[j] = (9 * P[nr * cst + nc] + 3 * P[nr * cst + fc] + 3 * P[fr * cst + nc] + P[fr * cst + fc] + 8) >> 4;
        }
        R = ((yy * 19077) >> 8) + ((uv[1] * 26149) >> 8) - 14234;
        G = ((yy * 19077) >> 8) - ((uv[0] * 6419) >> 8) - ((uv[1] * 13320) >> 8) + 8708;
        Bl = ((yy * 19077) >> 8) + ((uv[0] * 33050) >> 8) - 17685;
        px[0] = (uint8_t)(R < 0 ? 0 : R > 16383 ? 255 : R >> 6);
        px[1] = (uint8_t)(G < 0 ? 0 : G > 16383 ? 255 : G >> 6);
        px[2] = (uint8_t)(Bl < 0 ? 0 : Bl > 16383 ? 255 : Bl >> 6);
        kiln_img_put(y, r * w + c, fmt, px, 3);
      }
    }
  }
  return KILN_IMAGE_OK;
}
//@end

#else
/* Compiled on its own: empty (ISO C wants a declaration). */
typedef int kiln_image_webp_empty_;
#endif
