/* onnx_import.h - ONNX ModelProto -> ir_graph.
 *
 * The model file is mmap'd read-only and stays mapped as long as the graph
 * (g->on_free unmaps it): initializer raw_data that is suitably aligned for
 * its element type is used in place (zero copy); everything else (typed
 * repeated fields, misaligned raw_data, external data) is converted into a
 * buffer the tensor owns.
 *
 * Conventions of the resulting IR:
 *  - g->opset_domain/opset_version hold the model's opset imports; "ai.onnx"
 *    is stored as "" (the default domain). Subgraphs carry a copy.
 *  - Graph inputs that are also initializers are constants, not inputs.
 *  - In a subgraph (attribute of type GRAPH/GRAPHS, g->parent set), a name
 *    defined by an enclosing graph is a tensor of the subgraph with
 *    producer -1, no data, not an input: an outer-scope reference.
 *  - STRING tensors: owned/data is an array of numel `char *`, each a
 *    separately allocated NUL-terminated string (embedded NULs truncate),
 *    nbytes = numel * sizeof(char *); ir_graph_free frees them.
 *  - A tensor that is both a graph input and output keeps its input io_index.
 */
#ifndef KILN_ONNX_IMPORT_H
#define KILN_ONNX_IMPORT_H

#include "../ir/ir.h"
#include "pb.h"

/* ModelProto.ir_version accepted. IR 3 (ONNX 1.0) introduced opset_import.
 * Newer IR versions keep the wire format and add element types and fields;
 * those we meet are refused individually with their own messages. */
#define ONNX_IR_VERSION_MIN 3
#define ONNX_IR_VERSION_MAX 14
/* The newest default-domain ("ai.onnx") opset kiln knows: ONNX 1.23's. A
 * newer opset may redefine any operator, so it is refused rather than read
 * with today's semantics. */
#define ONNX_OPSET_MAX 28

/* Imports the model at `path`. On success *out owns everything; on failure
 * *out is NULL, nothing leaks, and d holds one message. */
int onnx_import(kiln_diag *d, const char *path, ir_graph **out);

/* Internal, shared with tensor_file.c: parses the TensorProto that `r`
 * reads into *t (zero-initialised by the caller; on failure t may hold
 * partial allocations the caller frees as usual: name, dim_param, owned).
 *   dir        folder that external data locations are relative to
 *              (NULL refuses external data)
 *   zero_copy  raw_data may point into r's buffer (it outlives t)
 *   what       context for messages: "initializer", "tensor", ...
 *   node       if non-NULL, errors are reported against this node */
int onnx_parse_tensor(kiln_diag *d, const pb_reader *r, const char *dir, int zero_copy,
                      const char *what, const ir_node *node, ir_tensor *t);

#endif
