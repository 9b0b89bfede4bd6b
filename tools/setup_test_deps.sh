#!/bin/bash
# Installs the Debian packages the model tests use (torch + torchvision to
# export real architectures), when they are missing and we are root. The
# venv with onnx/onnxruntime/numpy is made by the Makefile. Without root the
# zoo tests report SKIP with the reason.
if /usr/bin/python3 -c "import torch, torchvision" 2>/dev/null; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "setup: not root, cannot install python3-torch/python3-torchvision; zoo tests will be skipped"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null && apt-get install -y -q python3-torch python3-torchvision >/dev/null ||
    echo "setup: apt-get install python3-torch python3-torchvision failed; zoo tests will be skipped"
exit 0
