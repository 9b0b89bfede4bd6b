/* mge_import.h - MegEngine graph dumps (.mge, FLATBUFFERS_V2) into kiln IR. */
#ifndef KILN_MGE_IMPORT_H
#define KILN_MGE_IMPORT_H

#include "../ir/ir.h"

/* 1 if the bytes look like a MegEngine dump (v2 "mgv2" or older v1). */
int mge_sniff(const void *head, size_t n);
/* Reads a MegEngine dump into a new graph; 0 or -1 with an error in d. */
int mge_import(kiln_diag *d, const char *path, ir_graph **out);
/* The same from bytes in memory (copied; for tests and fuzzing). */
int mge_import_mem(kiln_diag *d, const void *data, size_t n, ir_graph **out);

#endif
