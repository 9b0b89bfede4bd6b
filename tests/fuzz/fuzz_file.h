/* fuzz_file.h - hands a fuzzer's bytes to code that wants a path.
 *
 * onnx_import() mmaps a file and resolves external data against the file's
 * folder, so each fuzzing process gets a private folder (on /dev/shm when it
 * is writable, so nothing touches the disk) holding one file, model.onnx (or
 * tensor.npy / tensor.pb), rewritten for every input. External-data
 * locations in fuzzed inputs can then only ever name that file (or be
 * refused). */
#ifndef KILN_FUZZ_FILE_H
#define KILN_FUZZ_FILE_H

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_dir[256], fuzz_path[300];
static const char *const fuzz_names[] = {"model.onnx", "tensor.npy", "tensor.pb"};

static void fuzz_file_cleanup(void) {
  char p[300];
  for (size_t i = 0; i < sizeof fuzz_names / sizeof *fuzz_names; i++) {
    snprintf(p, sizeof p, "%s/%s", fuzz_dir, fuzz_names[i]);
    unlink(p);
  }
  rmdir(fuzz_dir);
}

/* Writes the bytes to FOLDER/name (one of fuzz_names) and returns its path. */
static inline const char *fuzz_file_write_as(const char *name, const uint8_t *data, size_t size) {
  if (!fuzz_dir[0]) {
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(fuzz_dir, sizeof fuzz_dir, "%s/kiln-fuzz-XXXXXX", base);
    if (!mkdtemp(fuzz_dir)) { perror("mkdtemp"); abort(); }
    atexit(fuzz_file_cleanup);
  }
  snprintf(fuzz_path, sizeof fuzz_path, "%s/%s", fuzz_dir, name);
  int fd = open(fuzz_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) { perror(fuzz_path); abort(); }
  size_t done = 0;
  while (done < size) {
    ssize_t k = write(fd, data + done, size - done);
    if (k <= 0) { perror("write"); abort(); }
    done += (size_t)k;
  }
  close(fd);
  return fuzz_path;
}

static inline const char *fuzz_file_write(const uint8_t *data, size_t size) {
  return fuzz_file_write_as("model.onnx", data, size);
}

#endif
