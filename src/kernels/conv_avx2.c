/* conv_avx2.c - f32 convolutions on NCHW activations for x86-64 AVX2+FMA:
 * the 6 x 16 drivers of gemm_6x16.h (1x1 as a GEMM on X in place, KxK as
 * implicit GEMM over im2col panels in the node's scratch). Depthwise stays
 * portable.
 */
#include "kiln_kernels.h"
#include "conv.h"
#include "gemm.h"
#include "gemm_6x16.h"
#include "gemm_avx2.h"

#if defined(__x86_64__) && defined(__GNUC__)

#ifndef KILN_HOST
/* Package-mode compile check of this file alone (never copied into a
 * package): the GEMM driver it calls lives in gemm_avx2.c. */
#include "gemm_avx2.c"
#endif

//@kernel kiln_f32_conv2d_1x1__avx2 needs kiln_conv2d_params kiln_f32_gemm_6x16__avx2
KILN_DEF_CONV2D_1X1(avx2, KILN_AVX2_FN)
//@end

//@kernel kiln_f32_conv2d_gemm__avx2 needs kiln_conv2d_params kiln_f32_ukr__avx2 kiln_f32_im2col_panel__c kiln_gemm_6x16_drivers
KILN_DEF_CONV2D_GEMM(avx2, KILN_AVX2_FN)
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_conv_avx2_fn_)(void);
extern const kiln_conv_avx2_fn_ kiln_conv_avx2_used_[];
const kiln_conv_avx2_fn_ kiln_conv_avx2_used_[] = {(kiln_conv_avx2_fn_)kiln_f32_conv2d_1x1__avx2, (kiln_conv_avx2_fn_)kiln_f32_conv2d_gemm__avx2};
#endif

#endif
