/* matmul_t.h - MatMul over float16, bfloat16 and float64 storage (the
 * float32 kernels, with fused epilogues and x86 variants, are in gemm.c).
 * Same kiln_matmul_params; no fused activation or residual. */
#ifndef KILN_KERNELS_MATMUL_T_H
#define KILN_KERNELS_MATMUL_T_H

#include "kiln_kernels.h"
#include "gemm.h"
#include "attention.h"

#ifdef KILN_HOST
/* float16 / bfloat16 bits: products summed in float, each result rounded once. */
KILN_KERNEL void kiln_f16_matmul__c(const kiln_matmul_params *p, const void *a, const void *b,
                                    void *y);
KILN_KERNEL void kiln_bf16_matmul__c(const kiln_matmul_params *p, const void *a, const void *b,
                                     void *y);
KILN_KERNEL void kiln_f64_matmul__c(const kiln_matmul_params *p, const double *a,
                                    const double *b, double *y);
#endif

#endif
