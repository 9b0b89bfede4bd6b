/* gemm_avx2.c - f32 GEMM kernels for x86-64 AVX2 + FMA: the 6 x 16 drivers
 * of gemm_6x16.h around the microkernel of gemm_avx2.h (bias, residual and
 * ReLU/Clip applied to the tile in registers).
 */
#include "kiln_kernels.h"
#include "gemm.h"
#include "gemm_6x16.h"
#include "gemm_avx2.h"

#if defined(__x86_64__) && defined(__GNUC__)

//@kernel kiln_f32_gemm_6x16__avx2 needs kiln_ugemm_params kiln_f32_ukr__avx2 kiln_gemm_6x16_drivers
KILN_DEF_GEMM_6X16(avx2, KILN_AVX2_FN)
//@end

//@kernel kiln_f32_gemm__avx2 needs kiln_gemm_params kiln_f32_gemm_6x16__avx2
KILN_DEF_GEMM(avx2, KILN_AVX2_FN)
//@end

//@kernel kiln_f32_matmul__avx2 needs kiln_matmul_params kiln_f32_gemm_6x16__avx2
KILN_DEF_MATMUL(avx2, KILN_AVX2_FN)
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package): reference
 * the static kernels so `cc -c` of this file alone does not warn. */
typedef void (*kiln_gemm_avx2_fn_)(void);
extern const kiln_gemm_avx2_fn_ kiln_gemm_avx2_used_[];
const kiln_gemm_avx2_fn_ kiln_gemm_avx2_used_[] = {(kiln_gemm_avx2_fn_)kiln_f32_gemm__avx2, (kiln_gemm_avx2_fn_)kiln_f32_matmul__avx2};
#endif

#endif
