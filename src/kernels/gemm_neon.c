/* gemm_neon.c - f32 GEMM and convolution kernels for ARMv8.0 NEON: the
 * 6 x 16 drivers of gemm_6x16.h around the microkernel of gemm_neon.h.
 * 1x1 convolutions run as a GEMM on X in place, KxK as implicit GEMM over
 * im2col panels in the node's scratch; depthwise stays portable.
 */
#include "kiln_kernels.h"
#include "conv.h"
#include "gemm.h"
#include "gemm_6x16.h"
#include "gemm_neon.h"

#if defined(__aarch64__)

//@kernel kiln_f32_gemm_6x16__neon needs kiln_ugemm_params kiln_f32_ukr__neon kiln_gemm_6x16_drivers
KILN_DEF_GEMM_6X16(neon, KILN_NEON_FN)
//@end

//@kernel kiln_f32_gemm__neon needs kiln_gemm_params kiln_f32_gemm_6x16__neon
KILN_DEF_GEMM(neon, KILN_NEON_FN)
//@end

//@kernel kiln_f32_matmul__neon needs kiln_matmul_params kiln_f32_gemm_6x16__neon
KILN_DEF_MATMUL(neon, KILN_NEON_FN)
//@end

//@kernel kiln_f32_conv2d_1x1__neon needs kiln_conv2d_params kiln_f32_gemm_6x16__neon
KILN_DEF_CONV2D_1X1(neon, KILN_NEON_FN)
//@end

//@kernel kiln_f32_conv2d_gemm__neon needs kiln_conv2d_params kiln_f32_ukr__neon kiln_f32_im2col_panel__c kiln_gemm_6x16_drivers
KILN_DEF_CONV2D_GEMM(neon, KILN_NEON_FN)
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_gemm_neon_fn_)(void);
extern const kiln_gemm_neon_fn_ kiln_gemm_neon_used_[];
const kiln_gemm_neon_fn_ kiln_gemm_neon_used_[] = {
    (kiln_gemm_neon_fn_)kiln_f32_gemm__neon, (kiln_gemm_neon_fn_)kiln_f32_matmul__neon,
    (kiln_gemm_neon_fn_)kiln_f32_conv2d_1x1__neon, (kiln_gemm_neon_fn_)kiln_f32_conv2d_gemm__neon};
#endif

#endif
