"""Times scikit-learn estimators for the wasmlearn benches, one thread.

Generic: the JS side (bench/sklearn.js) writes each workload's data as raw little-endian float64 files
and a JSON spec on stdin:
  {"workloads": [{"name": "...", "estimator": "sklearn.linear_model.Lasso", "params": {"alpha": 0.1},
                  "X": "/tmp/...X.f64", "y": "/tmp/...y.f64" | null, "n": 10000, "d": 100,
                  "method": "fit" | "fit_predict" | ..., "minSamples": 10, "maxTime": 1.0}]}
and reads {"sklearn": version, "numpy": version, "results": {name: {"medianMs", "samples"}}} from stdout.
Run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 (the JS helper sets them).
"""
import importlib
import json
import sys
import time

import numpy as np
import sklearn


def load_class(path):
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def run(w):
    X = np.fromfile(w["X"], dtype="<f8").reshape(w["n"], w["d"])
    y = np.fromfile(w["y"], dtype="<f8") if w.get("y") else None
    if y is not None and w.get("labels"):
        y = y.astype(np.int64)
    cls = load_class(w["estimator"])
    params = w.get("params", {})
    method = w.get("method", "fit")

    def once():
        est = cls(**params)
        if method == "fit":
            est.fit(X, y) if y is not None else est.fit(X)
        elif method == "fit_predict":
            (est.fit(X, y) if y is not None else est.fit(X)).predict(X)
        else:
            getattr(est, method)(X, y) if y is not None else getattr(est, method)(X)

    once()  # warm-up (imports, first-call allocations)
    samples = []
    start = time.perf_counter()
    while len(samples) < w.get("minSamples", 10) or time.perf_counter() - start < w.get("maxTime", 1.0):
        t = time.perf_counter()
        once()
        samples.append(time.perf_counter() - t)
        if len(samples) >= 200:
            break
    samples.sort()
    mid = len(samples) // 2
    median = samples[mid] if len(samples) % 2 else (samples[mid - 1] + samples[mid]) / 2
    return {"medianMs": median * 1e3, "samples": len(samples)}


def main():
    spec = json.load(sys.stdin)
    results = {w["name"]: run(w) for w in spec["workloads"]}
    json.dump({"sklearn": sklearn.__version__, "numpy": np.__version__, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
