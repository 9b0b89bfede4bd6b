/* ml.c - kernels of the ai.onnx.ml operators (TreeEnsemble, Binarizer,
 * ArrayFeatureExtractor, LabelEncoder) and TfIdfVectorizer, portable C.
 * Everything the model fixes (trees, pools, sorted keys) is compile-time
 * data built by src/ops/ml.c and src/ops/tfidf.c. */
#include "kiln_kernels.h" /* outside any section: packages include it themselves */
#include "ml.h"

//@kernel kiln_tree_ensemble_macro needs kiln_tree_ens
/* One row through every tree; leaves aggregate into y[0 .. n_targets)
 * (MIN / MAX start from the dtype's largest / lowest finite value, so a
 * target no leaf reaches keeps it, as in the reference).
 * A walk stops after n_nodes steps (the compiler rejects cycles). */
#define KILN_TREE_ENSEMBLE(NAME, T, TMAX)                                             \
  KILN_KERNEL void NAME(const kiln_tree_ens *p, const T *x, T *y) {                   \
    int64_t r, t;                                                                     \
    int32_t k;                                                                        \
    for (r = 0; r < p->rows; r++) {                                                   \
      const T *xr = x + r * p->n_features;                                            \
      T *yr = y + r * p->n_targets;                                                   \
      for (t = 0; t < p->n_targets; t++)                                              \
        yr[t] = p->agg == 2 ? TMAX : p->agg == 3 ? -TMAX : (T)0;                      \
      for (k = 0; k < p->n_trees; k++) {                                              \
        int32_t at = p->roots[k], steps = 0, leaf;                                    \
        double w;                                                                     \
        while (at >= 0 && steps++ <= p->n_nodes) {                                    \
          double v = (double)xr[p->feature[at]], s = p->split[at];                    \
          int go;                                                                     \
          switch (p->mode[at]) {                                                      \
          case 0: go = v <= s; break;                                                 \
          case 1: go = v < s; break;                                                  \
          case 2: go = v >= s; break;                                                 \
          case 3: go = v > s; break;                                                  \
          case 4: go = v == s; break;                                                 \
          case 5: go = v != s; break;                                                 \
          default: {                                                                  \
            int32_t m;                                                                \
            go = 0;                                                                   \
            for (m = 0; m < p->set_len[at] && !go; m++)                               \
              go = v == p->set_vals[p->set_off[at] + m];                              \
          }                                                                           \
          }                                                                           \
          if (v != v && p->nan_true[at]) go = 1;                                      \
          at = go ? p->tnext[at] : p->fnext[at];                                      \
        }                                                                             \
        if (at >= 0) continue;                                                        \
        leaf = -at - 1;                                                               \
        w = p->leaf_w[leaf];                                                          \
        t = p->leaf_t[leaf];                                                          \
        if (p->agg == 0) yr[t] = (T)((double)yr[t] + w / p->n_trees);                 \
        else if (p->agg == 1) yr[t] = (T)((double)yr[t] + w);                         \
        else if (p->agg == 2) yr[t] = w < (double)yr[t] ? (T)w : yr[t];               \
        else yr[t] = w > (double)yr[t] ? (T)w : yr[t];                                \
      }                                                                               \
      if (p->post == 2) {                                                             \
        for (t = 0; t < p->n_targets; t++) yr[t] = (T)(1.0 / (1.0 + exp(-(double)yr[t]))); \
      } else if (p->post == 1 || p->post == 3) {                                      \
        double mx = -HUGE_VAL, sum = 0.0;                                             \
        for (t = 0; t < p->n_targets; t++)                                            \
          if ((p->post == 1 || yr[t] != 0) && (double)yr[t] > mx) mx = (double)yr[t]; \
        for (t = 0; t < p->n_targets; t++)                                            \
          if (p->post == 1 || yr[t] != 0) sum += exp((double)yr[t] - mx);             \
        for (t = 0; t < p->n_targets; t++)                                            \
          if (p->post == 1 || yr[t] != 0) yr[t] = (T)(exp((double)yr[t] - mx) / sum); \
      }                                                                               \
    }                                                                                 \
  }
//@end

//@kernel kiln_f32_tree_ensemble__c needs kiln_tree_ensemble_macro
/* TreeEnsemble, float32 */
KILN_TREE_ENSEMBLE(kiln_f32_tree_ensemble__c, float, 3.40282347e+38f)
//@end

//@kernel kiln_f64_tree_ensemble__c needs kiln_tree_ensemble_macro
/* TreeEnsemble, float64 */
KILN_TREE_ENSEMBLE(kiln_f64_tree_ensemble__c, double, 1.7976931348623157e+308)
//@end

//@kernel kiln_tfidf_macro needs kiln_tfidf
/* Counts every n-gram of the pool in each row: for n = 1 each start once,
 * for n > 1 with each skip 0..max_skip (elements skip + 1 apart), then
 * applies the mode. EQ(a, b) compares an input element with a pool one. */
#define KILN_TFIDF(NAME, T, P, EQ)                                                     \
  KILN_KERNEL void NAME(const kiln_tfidf *p, const T *x, const P *pool, float *y) {    \
    int64_t r, i, g, c;                                                                \
    int32_t n, skip, j;                                                                \
    for (r = 0; r < p->rows; r++) {                                                    \
      const T *xr = x + r * p->cols;                                                   \
      float *yr = y + r * p->out_cols;                                                 \
      for (c = 0; c < p->out_cols; c++) yr[c] = 0.0f;                                  \
      for (n = p->min_n; n <= p->max_n; n++) {                                         \
        int32_t top = n == 1 ? 0 : p->max_skip;                                        \
        if (p->cnt[n] == 0) continue;                                                  \
        for (skip = 0; skip <= top; skip++) {                                          \
          int64_t step = (int64_t)skip + 1;                                            \
          for (i = 0; i + (n - 1) * step < p->cols; i++) {                             \
            for (g = 0; g < p->cnt[n]; g++) {                                          \
              const P *q = pool + p->pool_off[n] + g * n;                              \
              for (j = 0; j < n; j++)                                                  \
                if (!(EQ(xr[i + j * step], q[j]))) break;                              \
              if (j == n) {                                                            \
                yr[p->idx[p->idx_off[n] + g]] += 1.0f;                                 \
                break;                                                                 \
              }                                                                        \
            }                                                                          \
          }                                                                            \
        }                                                                              \
      }                                                                                \
      for (c = 0; c < p->out_cols; c++) {                                             \
        float w = p->weights ? p->weights[c] : 1.0f;                                   \
        if (p->mode == 1) yr[c] = yr[c] > 0.0f ? w : 0.0f;                             \
        else if (p->mode == 2) yr[c] *= w;                                             \
      }                                                                                \
    }                                                                                  \
  }
typedef const char *kiln_tfidf_str; /* const kiln_tfidf_str * = const char *const * */
#define KILN_TFIDF_EQ_INT(a, b) ((int64_t)(a) == (b))
#define KILN_TFIDF_EQ_STR(a, b) (strcmp((a) ? (a) : "", (b)) == 0)
//@end

//@kernel kiln_i32_tfidf__c needs kiln_tfidf_macro
/* TfIdfVectorizer, int32 input */
KILN_TFIDF(kiln_i32_tfidf__c, int32_t, int64_t, KILN_TFIDF_EQ_INT)
//@end

//@kernel kiln_i64_tfidf__c needs kiln_tfidf_macro
/* TfIdfVectorizer, int64 input */
KILN_TFIDF(kiln_i64_tfidf__c, int64_t, int64_t, KILN_TFIDF_EQ_INT)
//@end

//@kernel kiln_str_tfidf__c needs kiln_tfidf_macro
/* TfIdfVectorizer, string input */
KILN_TFIDF(kiln_str_tfidf__c, kiln_tfidf_str, kiln_tfidf_str, KILN_TFIDF_EQ_STR)
//@end

//@kernel kiln_binarizer_macro
/* Binarizer: y = x > t ? 1 : 0 (NaN > t is false: 0). */
#define KILN_BINARIZER(NAME, T)                             \
  KILN_KERNEL void NAME(int64_t n, const T *x, T t, T *y) { \
    int64_t i;                                              \
    for (i = 0; i < n; i++) y[i] = (T)(x[i] > t);           \
  }
//@end

//@kernel kiln_f32_binarizer__c needs kiln_binarizer_macro
/* Binarizer, float32 */
KILN_BINARIZER(kiln_f32_binarizer__c, float)
//@end
//@kernel kiln_f64_binarizer__c needs kiln_binarizer_macro
/* Binarizer, float64 */
KILN_BINARIZER(kiln_f64_binarizer__c, double)
//@end
//@kernel kiln_i64_binarizer__c needs kiln_binarizer_macro
/* Binarizer, int64 */
KILN_BINARIZER(kiln_i64_binarizer__c, int64_t)
//@end
//@kernel kiln_i32_binarizer__c needs kiln_binarizer_macro
/* Binarizer, int32 */
KILN_BINARIZER(kiln_i32_binarizer__c, int32_t)
//@end

//@kernel kiln_array_feature__c
/* ArrayFeatureExtractor: y[r, j] = x[r, idx[j]] for rows of n elements of
 * es bytes (any dtype, strings as pointers). A negative index counts from
 * the end; one outside [-n, n) returns -1 (nothing written past y). */
KILN_KERNEL int kiln_array_feature__c(int64_t rows, int64_t n, size_t es, const void *x, int64_t k,
                                      const int64_t *idx, void *y) {
  const unsigned char *px = (const unsigned char *)x;
  unsigned char *py = (unsigned char *)y;
  int64_t r, j;
  for (j = 0; j < k; j++)
    if (idx[j] < -n || idx[j] >= n) return -1;
  for (r = 0; r < rows; r++)
    for (j = 0; j < k; j++) {
      int64_t c = idx[j] < 0 ? idx[j] + n : idx[j];
      memcpy(py + (size_t)(r * k + j) * es, px + (size_t)(r * n + c) * es, es);
    }
  return 0;
}
//@end

//@kernel kiln_label_encode_macro
/* LabelEncoder: binary search of x[i] in the sorted keys; y[i] = the
 * matching value (vals: n_keys values of es bytes in key order) or dflt.
 * LESS(a, b) orders keys; float keys sort NaN last and NaN matches NaN. */
#define KILN_LABEL_ENCODE(NAME, T, LESS)                                              \
  KILN_KERNEL void NAME(int64_t n, const T *x, int64_t n_keys, const T *keys,         \
                        const void *vals, const void *dflt, size_t es, void *y) {     \
    int64_t i;                                                                        \
    for (i = 0; i < n; i++) {                                                         \
      int64_t lo = 0, hi = n_keys;                                                    \
      const void *src = dflt;                                                         \
      while (lo < hi) {                                                               \
        int64_t mid = lo + (hi - lo) / 2;                                             \
        if (LESS(keys[mid], x[i])) lo = mid + 1;                                      \
        else hi = mid;                                                                \
      }                                                                               \
      if (lo < n_keys && !LESS(x[i], keys[lo]))                                       \
        src = (const unsigned char *)vals + (size_t)lo * es;                          \
      memcpy((unsigned char *)y + (size_t)i * es, src, es);                           \
    }                                                                                 \
  }
typedef const char *kiln_le_str; /* const kiln_le_str * = const char *const * */
#define KILN_LE_LESS_NUM(a, b) ((a) < (b))
#define KILN_LE_LESS_F(a, b) ((b) != (b) ? (a) == (a) : (a) < (b))
#define KILN_LE_LESS_STR(a, b) (strcmp((a) ? (a) : "", (b) ? (b) : "") < 0)
//@end

//@kernel kiln_str_label_encode__c needs kiln_label_encode_macro
/* LabelEncoder, string keys */
KILN_LABEL_ENCODE(kiln_str_label_encode__c, kiln_le_str, KILN_LE_LESS_STR)
//@end
//@kernel kiln_i64_label_encode__c needs kiln_label_encode_macro
/* LabelEncoder, int64 keys */
KILN_LABEL_ENCODE(kiln_i64_label_encode__c, int64_t, KILN_LE_LESS_NUM)
//@end
//@kernel kiln_f32_label_encode__c needs kiln_label_encode_macro
/* LabelEncoder, float32 keys */
KILN_LABEL_ENCODE(kiln_f32_label_encode__c, float, KILN_LE_LESS_F)
//@end
