/* ml.h - prototypes of the ai.onnx.ml and TfIdfVectorizer kernels (ml.c),
 * with their parameter structs (sections that reach packages too). */
#ifndef KILN_KERNELS_ML_H
#define KILN_KERNELS_ML_H

#include "kiln_kernels.h"

//@kernel kiln_tree_ens
/* TreeEnsemble, flattened by the compiler (src/ops/ml.c). A child or root
 * reference r >= 0 is node r, r < 0 is leaf -r - 1. mode: 0 <=, 1 <, 2 >=,
 * 3 >, 4 ==, 5 !=, 6 member of set_vals[set_off .. set_off + set_len).
 * agg: 0 average, 1 sum, 2 min, 3 max. post: 0 none, 1 softmax,
 * 2 logistic, 3 softmax over the non-zero scores (zeros stay 0). */
typedef struct kiln_tree_ens {
  int64_t rows, n_features, n_targets;
  int32_t n_trees, n_nodes, agg, post;
  const int32_t *roots, *feature, *tnext, *fnext, *set_off, *set_len, *leaf_t;
  const uint8_t *mode, *nan_true;
  const double *split, *set_vals, *leaf_w;
} kiln_tree_ens;
//@end

//@kernel kiln_tfidf
/* TfIdfVectorizer: rows x cols input, out_cols outputs per row. For gram
 * length n (1..8): cnt[n] pool n-grams at pool element pool_off[n], whose
 * output slots are idx[idx_off[n] ...]. mode 0 TF, 1 IDF, 2 TFIDF;
 * weights (NULL = 1) per output slot. */
typedef struct kiln_tfidf {
  int64_t rows, cols, out_cols;
  int32_t min_n, max_n, max_skip, mode;
  int64_t pool_off[9], idx_off[9], cnt[9];
  const int64_t *idx;
  const float *weights;
} kiln_tfidf;
//@end

KILN_KERNEL void kiln_f32_tree_ensemble__c(const kiln_tree_ens *p, const float *x, float *y);
KILN_KERNEL void kiln_f64_tree_ensemble__c(const kiln_tree_ens *p, const double *x, double *y);
KILN_KERNEL void kiln_i32_tfidf__c(const kiln_tfidf *p, const int32_t *x, const int64_t *pool, float *y);
KILN_KERNEL void kiln_i64_tfidf__c(const kiln_tfidf *p, const int64_t *x, const int64_t *pool, float *y);
KILN_KERNEL void kiln_str_tfidf__c(const kiln_tfidf *p, const char *const *x, const char *const *pool, float *y);
KILN_KERNEL void kiln_f32_binarizer__c(int64_t n, const float *x, float t, float *y);
KILN_KERNEL void kiln_f64_binarizer__c(int64_t n, const double *x, double t, double *y);
KILN_KERNEL void kiln_i64_binarizer__c(int64_t n, const int64_t *x, int64_t t, int64_t *y);
KILN_KERNEL void kiln_i32_binarizer__c(int64_t n, const int32_t *x, int32_t t, int32_t *y);
KILN_KERNEL int kiln_array_feature__c(int64_t rows, int64_t n, size_t es, const void *x, int64_t k,
                                      const int64_t *idx, void *y);
KILN_KERNEL void kiln_str_label_encode__c(int64_t n, const char *const *x, int64_t n_keys,
                                          const char *const *keys, const void *vals, const void *dflt,
                                          size_t es, void *y);
KILN_KERNEL void kiln_i64_label_encode__c(int64_t n, const int64_t *x, int64_t n_keys, const int64_t *keys,
                                          const void *vals, const void *dflt, size_t es, void *y);
KILN_KERNEL void kiln_f32_label_encode__c(int64_t n, const float *x, int64_t n_keys, const float *keys,
                                          const void *vals, const void *dflt, size_t es, void *y);

#endif
