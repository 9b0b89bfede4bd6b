/* mge_import.h - MegEngine graph dumps (.mge, FLATBUFFERS_V2) into kiln IR. */
#ifndef KILN_MGE_IMPORT_H
#define KILN_MGE_IMPORT_H

#include "../ir/ir.h"

/* 1 if the bytes look like a MegEngine dump (v2 "mgv2" or older v1). */
int mge_sniff(const void *head, size_t n);
/* Reads a MegEngine dump into a new graph; 0 or -1 with an error in d. */
int mge_import(kiln_diag *d, const char *path, ir_graph **out);

#endif
