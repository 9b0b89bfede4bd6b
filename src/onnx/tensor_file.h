/* tensor_file.h - one tensor in a file: NumPy .npy or ONNX TensorProto .pb
 * (the format of the ONNX backend test data, input_0.pb), chosen by the
 * file name's extension.
 *
 * .npy: versions 1.0, 2.0 and 3.0; little-endian or byte-order-free dtypes
 * <f4 <f8 <f2 <i1 <i2 <i4 <i8 <u1 <u2 <u4 <u8 |b1 |i1 |u1; C order only.
 * .pb: any element type the importer supports except string (raw_data,
 * typed fields, or external data next to the file); written with raw_data.
 */
#ifndef KILN_TENSOR_FILE_H
#define KILN_TENSOR_FILE_H

#include "../ir/ir.h"

/* Fills dtype, rank, dims and data (== owned) / nbytes of *out, which the
 * caller zero-initialises and later releases with free(out->owned) and
 * free(out->name) (name is set for .pb files that carry one). On failure
 * *out is left zeroed. Messages are prefixed with `path`. */
int tensor_file_read(kiln_diag *d, const char *path, ir_tensor *out);

/* Writes t->data (t->nbytes bytes, dtype and shape of t; name for .pb). */
int tensor_file_write(kiln_diag *d, const char *path, const ir_tensor *t);

/* Sequence and optional values in .pb files: SequenceProto (decl
 * IR_DECL_SEQ) or OptionalProto (IR_DECL_OPT of a tensor, IR_DECL_OPT_SEQ of
 * a sequence of tensors), as the ONNX backend tests store them. Reading
 * gives *present (0 = an empty optional) and an array of *n tensors, each
 * released with tensor_file_free, then free(*elems). */
int tensor_file_read_value(kiln_diag *d, const char *path, int decl, int *present, ir_tensor **elems, int *n);
int tensor_file_write_value(kiln_diag *d, const char *path, int decl, const char *name, int present,
                            const ir_tensor *elems, int n);
void tensor_file_free(ir_tensor *t);

#endif
