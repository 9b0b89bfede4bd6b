/* package.c - writes the output folder: NAME.h, NAME.c, kiln_kernels.h,
 * NAME.weights (unless embedded), Makefile, CMakeLists.txt, example_main.c.
 * Everything but NAME.c comes from templates in runtime/ with ${HOLES}. */
#include "package.h"
#include "klib.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_u64(unsigned char *p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i));
}

void package_blob_header(unsigned char hdr[64], const void *payload, size_t n, uint64_t model_hash) {
  memset(hdr, 0, 64);
  memcpy(hdr, "KILNWT01", 8);
  put_u64(hdr + 8, 1);
  put_u64(hdr + 16, model_hash);
  put_u64(hdr + 24, (uint64_t)n);
  put_u64(hdr + 32, kiln_checksum64(payload ? payload : "", n));
}

void package_expand(kiln_buf *out, const char *t, const char *const *kv) {
  while (*t) {
    const char *h = strstr(t, "${");
    if (!h) { kiln_buf_puts(out, t); return; }
    kiln_buf_put(out, t, (size_t)(h - t));
    const char *e = strchr(h, '}');
    int done = 0;
    if (e) {
      for (int i = 0; kv[i]; i += 2) {
        size_t len = strlen(kv[i]);
        if ((size_t)(e - h - 2) == len && memcmp(h + 2, kv[i], len) == 0) {
          kiln_buf_puts(out, kv[i + 1]);
          done = 1;
          break;
        }
      }
    }
    if (done) { t = e + 1; continue; }
    kiln_buf_put(out, h, 2);
    t = h + 2;
  }
}

static int write_out(kiln_diag *d, const char *dir, const char *file, const void *data, size_t n) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  if (kiln_write_file(path, data, n)) return kiln_fail(d, "cannot write %s: %s", path, strerror(errno));
  return 0;
}

static int write_template(kiln_diag *d, const package_options *o, const char *tmpl, const char *file) {
  const char *t = klib_file(tmpl);
  if (!t) return kiln_fail(d, "internal: template %s missing", tmpl);
  kiln_buf b;
  kiln_buf_init(&b);
  package_expand(&b, t, o->vars);
  int rc = b.oom ? kiln_fail(d, "out of memory") : write_out(d, o->out_dir, file, b.data, b.len);
  kiln_buf_free(&b);
  return rc;
}

int package_write(kiln_diag *d, ir_graph *g, const plan_result *plan, const package_options *opt,
                  package_stats *st) {
  if (klib_init(d)) return -1;
  package_options o = *opt;
  char up[128], arena[32], lower[32], payload[32], hash[32], nin[16], nout[16], threads[16];
  const int pool = g->threads > 1; /* ships kiln_pool.{c,h} and links pthreads */
  size_t i;
  for (i = 0; o.name[i] && i < sizeof up - 1; i++)
    up[i] = (char)((o.name[i] >= 'a' && o.name[i] <= 'z') ? o.name[i] - 32 : o.name[i]);
  up[i] = 0;
  snprintf(arena, sizeof arena, "%zu", plan->arena_bytes);
  snprintf(lower, sizeof lower, "%zu", plan->lower_bound);
  snprintf(hash, sizeof hash, "0x%016llx", (unsigned long long)o.model_hash);
  snprintf(nin, sizeof nin, "%d", g->n_inputs);
  snprintf(nout, sizeof nout, "%d", g->n_outputs);
  snprintf(threads, sizeof threads, "%d", g->threads > 1 ? g->threads : 1);
  const char *model = strrchr(o.model_path, '/') ? strrchr(o.model_path, '/') + 1 : o.model_path;
  const char *flags = o.tgt ? o.tgt->cflags : "";

  /* NAME.c first: it decides the weights payload. The payload size is a
   * hole in the templates, so the variables are set in two steps. */
  const char *vars[] = {"NAME", o.name, "UP", up, "MODEL", model, "TARGET", o.target,
                        "ARENA_BYTES", arena, "LOWER_BOUND", lower, "PAYLOAD", payload,
                        "HASH", hash, "EMBEDDED", o.embed_weights ? "1" : "0",
                        "NUM_INPUTS", nin, "NUM_OUTPUTS", nout, "TARGET_FLAGS", flags,
                        "OPT_FLAGS", o.opt_size ? "-Os" : "-O3", "MAX_THREADS", threads,
                        "POOL_OBJ", pool ? "kiln_pool.o" : "", "POOL_SRC", pool ? "kiln_pool.c" : "", "PTHREAD", pool ? "-pthread" : "",
                        NULL};
  payload[0] = 0;
  o.vars = vars;
  kiln_buf c, w;
  kiln_buf_init(&c);
  kiln_buf_init(&w);
  int n_kernels = 0;
  int rc = emit_model(d, g, plan, &o, &c, &w, &n_kernels);
  if (rc == 0) {
    snprintf(payload, sizeof payload, "%zu", w.len);
    char file[300];
    snprintf(file, sizeof file, "%s.c", o.name);
    rc = write_out(d, o.out_dir, file, c.data, c.len);
    snprintf(file, sizeof file, "%s.h", o.name);
    if (!rc) rc = write_template(d, &o, "model.h.in", file);
    const char *kh = klib_file("kiln_kernels.h");
    if (!rc) rc = kh ? write_out(d, o.out_dir, "kiln_kernels.h", kh, strlen(kh))
                     : kiln_fail(d, "internal: kiln_kernels.h missing");
    for (int k = 0; pool && k < 2 && !rc; k++) {
      const char *f = k ? "kiln_pool.c" : "kiln_pool.h", *t = klib_file(f);
      rc = t ? write_out(d, o.out_dir, f, t, strlen(t)) : kiln_fail(d, "internal: %s missing", f);
    }
    if (!rc) rc = write_template(d, &o, "Makefile.in", "Makefile");
    if (!rc) rc = write_template(d, &o, "CMakeLists.txt.in", "CMakeLists.txt");
    if (!rc) rc = write_template(d, &o, "example_main.c.in", "example_main.c");
    if (!rc && !o.embed_weights) {
      unsigned char hdr[64];
      package_blob_header(hdr, w.data, w.len, o.model_hash);
      kiln_buf blob;
      kiln_buf_init(&blob);
      kiln_buf_put(&blob, hdr, 64);
      kiln_buf_put(&blob, w.data ? w.data : "", w.len);
      snprintf(file, sizeof file, "%s.weights", o.name);
      rc = blob.oom ? kiln_fail(d, "out of memory") : write_out(d, o.out_dir, file, blob.data, blob.len);
      kiln_buf_free(&blob);
    }
  }
  if (st) {
    st->weights_bytes = w.len;
    st->n_kernels = n_kernels;
  }
  kiln_buf_free(&c);
  kiln_buf_free(&w);
  return rc;
}
