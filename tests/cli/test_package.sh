#!/bin/bash
# The output package: builds with its Makefile and with CMake, -Wall -Werror
# clean, with weights in a blob or embedded; NAME_init refuses corrupted,
# truncated and foreign weight blobs and bad arenas.
# usage: tests/cli/test_package.sh KILN
KILN=$1
D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
M=demo/digits.onnx
ok() { echo "PASS package-$1"; }
bad() { echo "FAIL package-$1: $2"; }

if "$KILN" compile $M -o "$D/p" --name digits >"$D/log" 2>&1; then ok compile; else bad compile "$(tail -1 "$D/log")"; exit 0; fi
for f in digits.h digits.c kiln_kernels.h digits.weights Makefile CMakeLists.txt example_main.c; do
    [ -f "$D/p/$f" ] || bad "file-$f" "missing"
done
if make -s -C "$D/p" CFLAGS="-O2 -Wall -Wextra -Werror -pedantic" >"$D/log" 2>&1; then ok make-werror; else bad make-werror "$(head -5 "$D/log")"; fi
if (cd "$D/p" && ./digits_example >"$D/run.log" 2>&1) && grep -q "argmax" "$D/run.log"; then ok example-runs; else bad example-runs "$(tail -2 "$D/run.log")"; fi
if command -v cmake >/dev/null; then
    if cmake -S "$D/p" -B "$D/cb" >"$D/log" 2>&1 && cmake --build "$D/cb" >>"$D/log" 2>&1; then ok cmake; else bad cmake "$(tail -3 "$D/log")"; fi
else
    echo "SKIP package-cmake: cmake not installed"
fi
# the header compiles alone and as C++ is not required; check C alone
if echo '#include "digits.h"' | cc -std=c99 -Wall -Werror -fsyntax-only -I"$D/p" -x c - 2>"$D/log"; then ok header-alone; else bad header-alone "$(head -3 "$D/log")"; fi

# corrupted blobs: init must refuse each with its own message
blob="$D/p/digits.weights"
expect_init_error() { # name, file, text
    (cd "$D/p" && ./digits_example -w "$2" >"$D/out" 2>&1)
    local rc=$?
    if [ $rc -ne 0 ] && grep -qF "$3" "$D/out"; then ok "$1"; else bad "$1" "exit $rc: $(head -c 200 "$D/out")"; fi
}
size=$(stat -c %s "$blob")
cp "$blob" "$D/flip.w"; printf '\x55' | dd of="$D/flip.w" bs=1 seek=$((size - 3)) conv=notrunc 2>/dev/null
expect_init_error blob-bitflip "$D/flip.w" "checksum mismatch"
head -c $((size - 10)) "$blob" >"$D/trunc.w"
expect_init_error blob-truncated "$D/trunc.w" "truncated"
head -c 32 "$blob" >"$D/short.w"
expect_init_error blob-short "$D/short.w" "truncated"
cp "$blob" "$D/magic.w"; printf 'X' | dd of="$D/magic.w" bs=1 seek=0 conv=notrunc 2>/dev/null
expect_init_error blob-magic "$D/magic.w" "bad magic"
cp "$blob" "$D/model.w"; printf '\x01' | dd of="$D/model.w" bs=1 seek=16 conv=notrunc 2>/dev/null
expect_init_error blob-other-model "$D/model.w" "different model"
cp "$blob" "$D/ver.w"; printf '\x07' | dd of="$D/ver.w" bs=1 seek=8 conv=notrunc 2>/dev/null
expect_init_error blob-version "$D/ver.w" "format version"

# embedded weights: no blob file, same outputs as the blob build
if "$KILN" compile $M -o "$D/e" --name digits --embed-weights >"$D/log" 2>&1 &&
   make -s -C "$D/e" CFLAGS="-O2 -Wall -Werror" >>"$D/log" 2>&1; then
    if [ -f "$D/e/digits.weights" ]; then bad embed "wrote a blob file"; fi
    (cd "$D/p" && ./digits_example -o "$D/a.bin" >/dev/null 2>&1)
    (cd "$D/e" && ./digits_example -o "$D/b.bin" >/dev/null 2>&1)
    if cmp -s "$D/a.bin" "$D/b.bin"; then ok embed-same-output; else bad embed-same-output "outputs differ"; fi
else
    bad embed "$(tail -3 "$D/log")"
fi

# C API misuse returns codes, never crashes
cat >"$D/api.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include "digits.h"
int main(void) {
  static unsigned char arena[DIGITS_ARENA_BYTES + 128] __attribute__((aligned(64)));
  digits_ctx ctx;
  int fails = 0;
  if (digits_init(NULL, arena, DIGITS_ARENA_BYTES, NULL, 0) != DIGITS_ERR_ARG) fails++, puts("null ctx");
  if (digits_init(&ctx, arena, DIGITS_ARENA_BYTES - 1, NULL, 0) != DIGITS_ERR_ARENA_SIZE) fails++, puts("small arena");
  if (digits_init(&ctx, arena + 1, DIGITS_ARENA_BYTES, NULL, 0) != DIGITS_ERR_ARENA_ALIGN) fails++, puts("misaligned arena");
  if (digits_init(&ctx, arena, DIGITS_ARENA_BYTES, NULL, 0) != DIGITS_ERR_WEIGHTS_SIZE) fails++, puts("null weights");
  if (digits_run(&ctx, NULL, NULL) != DIGITS_ERR_NOT_INIT) fails++, puts("run before init");
  if (digits_arena_bytes() != DIGITS_ARENA_BYTES) fails++, puts("arena_bytes");
  if (digits_inputs[0].bytes != 64 * 4 || digits_inputs[1].name != NULL) fails++, puts("input info");
  if (digits_outputs[0].dtype != 1 || digits_outputs[0].rank != 2) fails++, puts("output info");
  return fails;
}
C
if cc -std=c99 -Wall -Werror -I"$D/p" -o "$D/api" "$D/api.c" "$D/p/libdigits.a" -lm 2>"$D/log" && "$D/api" >"$D/log" 2>&1; then
    ok c-api-errors
else
    bad c-api-errors "$(head -3 "$D/log")"
fi

# Freestanding: the generic package compiles with -ffreestanding and needs
# nothing but memcpy/memset/memmove and libm from its environment.
if "$KILN" compile $M -o "$D/f" --name digits --embed-weights >"$D/log" 2>&1 &&
   cc -std=c99 -O2 -ffreestanding -Wall -Werror -c "$D/f/digits.c" -o "$D/f/digits.o" 2>"$D/log"; then
    undef=$(nm -u "$D/f/digits.o" | awk '{print $2}' | grep -v -E '^(memcpy|memset|memmove|memcmp|(exp|log|sqrt|tanh|erf|pow|fabs|floor|ceil|round|sin|cos|tan|asin|acos|atan|sinh|cosh|asinh|acosh|atanh|log1p|expm1|fmod|nearbyint|rint|lrint|fmax|fmin|atan2|cbrt|hypot|trunc)f?)$' | tr '\n' ' ')
    if [ -z "$undef" ]; then ok freestanding-symbols; else bad freestanding-symbols "needs $undef"; fi
    # a bare-metal-style app: no file system, no stdio, static arena, embedded weights
    cat >"$D/f/bare.c" <<'C'
#include "digits.h"
static unsigned char arena[DIGITS_ARENA_BYTES + 1] __attribute__((aligned(64)));
static float image[64], logits[10];
int main(void) {
  digits_ctx ctx;
  const void *in[1];
  void *out[1];
  int i, best = 0;
  if (digits_init(&ctx, arena, DIGITS_ARENA_BYTES, 0, 0) != DIGITS_OK) return 2;
  for (i = 0; i < 64; i++) image[i] = (i % 8 == 3 || i % 8 == 4) ? 1.0f : 0.0f; /* a "1" */
  in[0] = image;
  out[0] = logits;
  if (digits_run(&ctx, in, out) != DIGITS_OK) return 3;
  for (i = 1; i < 10; i++) if (logits[i] > logits[best]) best = i;
  return best == 1 ? 0 : 10 + best;
}
C
    if cc -std=c99 -O2 -ffreestanding -Wall -Werror -I"$D/f" -o "$D/f/bare" "$D/f/bare.c" "$D/f/digits.o" -lm 2>"$D/log" && "$D/f/bare"; then
        ok bare-metal-example
    else
        bad bare-metal-example "exit $? $(head -3 "$D/log")"
    fi
else
    bad freestanding "$(head -3 "$D/log")"
fi
exit 0
