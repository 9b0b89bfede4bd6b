/* reduce_t.h - ReduceSum/Mean/Max/Min/Prod over float16, bfloat16 and
 * float64 storage (float32 is reduce.c), accumulated in double. */
#ifndef KILN_KERNELS_REDUCE_T_H
#define KILN_KERNELS_REDUCE_T_H

#include "kiln_kernels.h"
#include "reduce.h"
#include "attention.h"

#ifdef KILN_HOST
/* op 0 sum, 1 mean, 2 max, 3 min, 4 prod; et 1 float16, 2 bfloat16, 3 float64. */
KILN_KERNEL void kiln_t_reduce__c(const kiln_reduce_params *p, int op, int et, const void *x,
                                  void *y);
#endif

#endif
