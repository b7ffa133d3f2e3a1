"""check_npy.py FILE EXPR: FILE must hold exactly numpy expression EXPR (same
dtype and shape; floats within 1e-6 relative). Prints "ok FILE"."""
import sys

import numpy as np

path, expr = sys.argv[1], sys.argv[2]
got = np.load(path)
want = np.asarray(eval(expr, {"np": np}))
if got.dtype != want.dtype or got.shape != want.shape:
    sys.exit(f"{path}: got {got.dtype}{list(got.shape)}, "
             f"want {want.dtype}{list(want.shape)}")
if got.dtype.kind == "f":
    ok = np.allclose(got, want, rtol=1e-6, atol=0)
else:
    ok = np.array_equal(got, want)
if not ok:
    sys.exit(f"{path}: got {got.tolist()}, want {want.tolist()}")
print("ok", path.rsplit("/", 1)[-1])
