#!/bin/bash
# Installs the Debian packages the tests use, when they are missing and we
# are root (the list .ci/run installs too):
#   python3-torch, python3-torchvision   export real architectures (zoo tests)
#   gcc-aarch64-linux-gnu, libc6-dev-arm64-cross, qemu-user
#                                        the aarch64 target, run under qemu
#   clang                                libFuzzer runs
#   valgrind                             the generated package under valgrind
# The venv with onnx/onnxruntime/numpy is made by the Makefile. Without root
# (or without the registry) the tests that need a missing tool report SKIP
# with the reason.
want=""
/usr/bin/python3 -c "import torch, torchvision" 2>/dev/null || want="$want python3-torch python3-torchvision"
command -v aarch64-linux-gnu-gcc >/dev/null || want="$want gcc-aarch64-linux-gnu libc6-dev-arm64-cross"
command -v qemu-aarch64 >/dev/null || want="$want qemu-user"
command -v clang >/dev/null || want="$want clang"
command -v valgrind >/dev/null || want="$want valgrind"
[ -z "$want" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "setup: not root, cannot install$want; the tests that need them will be skipped"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null && apt-get install -y -q $want >/dev/null ||
    echo "setup: apt-get install$want failed; the tests that need them will be skipped"
exit 0
