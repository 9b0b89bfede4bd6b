#!/usr/bin/env python3
"""compare.py GOT.npy REF.npy NAME: prints PASS/FAIL with the worst element.
Tolerance: max |got - ref| <= 1e-4 * max |ref| (MegEngine and kiln sum in
different orders)."""
import sys
import numpy as np

got, ref, name = np.load(sys.argv[1]), np.load(sys.argv[2]), sys.argv[3]
if got.shape != ref.shape:
    print(f"FAIL {name}: shape {got.shape}, expected {ref.shape}")
    sys.exit(1)
diff = np.abs(got.astype(np.float64) - ref.astype(np.float64))
scale = float(np.max(np.abs(ref))) if ref.size else 0.0
tol = 1e-4 * max(scale, 1e-30)
worst = int(np.argmax(diff)) if diff.size else 0
if diff.size and (not np.isfinite(diff).all() or diff.flat[worst] > tol):
    print(f"FAIL {name}: index {worst}: got {got.flat[worst]!r}, expected {ref.flat[worst]!r} "
          f"(max abs diff {diff.flat[worst]:.3g} > tol {tol:.3g})")
    sys.exit(1)
print(f"PASS {name} (max abs diff {float(diff.max()) if diff.size else 0:.3g}, tol {tol:.3g})")
