/* klib.c - indexes the embedded kernel library (see klib.h). */
#include "klib.h"

#include <stdlib.h>
#include <string.h>

extern const struct { const char *name; const char *text; } kiln_embedded[];

#define KLIB_MAX 2048
static klib_section sections[KLIB_MAX];
static int n_sections = -1;

static const char *line_end(const char *p) {
  const char *e = strchr(p, '\n');
  return e ? e : p + strlen(p);
}

int klib_init(kiln_diag *d) {
  if (n_sections >= 0) return 0;
  int n = 0;
  for (int f = 0; kiln_embedded[f].name; f++) {
    const char *p = kiln_embedded[f].text;
    klib_section *open = NULL;
    while (*p) {
      const char *e = line_end(p);
      if (strncmp(p, "//@kernel ", 10) == 0) {
        if (open || n == KLIB_MAX) {
          n_sections = -1;
          return kiln_fail(d, "internal: kernel library %s: nested or too many sections",
                           kiln_embedded[f].name);
        }
        open = &sections[n++];
        const char *q = p + 10;
        while (*q == ' ') q++;
        const char *ne = q;
        while (ne < e && *ne != ' ') ne++;
        open->name = q;
        open->name_len = (size_t)(ne - q);
        open->file = kiln_embedded[f].name;
        open->order = n;
        const char *nd = ne;
        while (nd < e && *nd == ' ') nd++;
        if (strncmp(nd, "needs ", 6) == 0) {
          open->needs = nd + 6;
          open->needs_len = (size_t)(e - open->needs);
        } else {
          open->needs = "";
          open->needs_len = 0;
        }
        open->body = *e ? e + 1 : e;
      } else if (strncmp(p, "//@end", 6) == 0) {
        if (!open) {
          n_sections = -1;
          return kiln_fail(d, "internal: kernel library %s: //@end without //@kernel",
                           kiln_embedded[f].name);
        }
        open->body_len = (size_t)(p - open->body);
        open = NULL;
      }
      p = *e ? e + 1 : e;
    }
    if (open) {
      n_sections = -1;
      return kiln_fail(d, "internal: kernel library %s: unterminated section", kiln_embedded[f].name);
    }
  }
  n_sections = n;
  return 0;
}

const klib_section *klib_find(const char *name) {
  size_t len = strlen(name);
  for (int i = 0; i < n_sections; i++)
    if (sections[i].name_len == len && memcmp(sections[i].name, name, len) == 0) return &sections[i];
  return NULL;
}

const char *klib_file(const char *name) {
  for (int f = 0; kiln_embedded[f].name; f++)
    if (strcmp(kiln_embedded[f].name, name) == 0) return kiln_embedded[f].text;
  return NULL;
}
