/* image.h - ImageDecoder kernels: BMP, PNM, uncompressed TIFF, PNG and
 * baseline JPEG into
 * an HxWxC uint8 image, portable C. */
#ifndef KILN_KERNELS_IMAGE_H
#define KILN_KERNELS_IMAGE_H

#include "kiln_kernels.h"

//@kernel kiln_image_codes
/* Return codes of kiln_u8_image_decode__c. */
enum {
  KILN_IMAGE_OK = 0,
  KILN_IMAGE_UNSUPPORTED = -1, /* a format or variant kiln does not decode */
  KILN_IMAGE_CORRUPT = -2,     /* truncated or malformed data */
  KILN_IMAGE_SIZE = -3         /* the image is not h x w (the compiled shape) */
};
//@end

#ifdef KILN_HOST
/* Decodes the encoded image buf[0..len) into y (h x w x 3 for pixel format
 * fmt 0 RGB / 1 BGR, h x w x 1 for 2 Grayscale). scratch holds
 * kiln_image_scratch_bytes(h, w) bytes (PNG's inflated rows). */
KILN_KERNEL int kiln_u8_image_decode__c(const uint8_t *buf, int64_t len, int64_t h, int64_t w,
                                        int fmt, uint8_t *y, uint8_t *scratch);
#endif
/* Scratch bytes the decoder needs for an h x w image. */
/* (PNG rows, or JPEG planes padded to 16x16 MCUs) */
#define KILN_IMAGE_SCRATCH_BYTES(h, w) ((h) * (1 + 3 * (w)) + 3 * ((w) + 16) * ((h) + 16))

#endif
