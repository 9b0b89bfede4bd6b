/* image_jp2.h - scratch size of ImageDecoder's JPEG 2000 decoder
 * (kernels/image_jp2.c), shared by the op (which sizes the node's scratch
 * at compile time) and the kernel (which stays inside it). */
#ifndef KILN_KERNELS_IMAGE_JP2_H
#define KILN_KERNELS_IMAGE_JP2_H

//@kernel kiln_image_jp2_scratch
/* For an h x w image: one int32 wavelet plane per component (3), two
 * int32 lines for the inverse DWT, one code-block's magnitudes (4096
 * int32) and flags, and a pool of 16 bytes a pixel + 64 KiB for the
 * precinct, code-block, tag-tree and data-segment records (a file that
 * needs more, e.g. tiny code-blocks with many layers, is refused as
 * unsupported). */
#define KILN_IMAGE_JP2_SCRATCH_BYTES(h, w) \
  ((h) * (w) * 28 + 8 * ((h) + (w)) + 4 * 4096 + 8192 + 65536 + 256)
//@end

#endif
