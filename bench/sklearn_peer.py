# scikit-learn / NumPy peer of `npm run bench`, driven by bench/peers/sklearn.ts:
# one JSON request per stdin line, one JSON reply per stdout line; matrices arrive as raw float32 files.
import json
import platform
import sys
import time
import warnings

import numpy as np

_cache = {}


def load(ref):
    """A float32 matrix (or vector) the harness wrote: {path, rows, cols}."""
    key = ref["path"]
    if key not in _cache:
        a = np.fromfile(key, dtype="<f4")
        _cache[key] = a.reshape(ref["rows"], ref["cols"]) if ref["cols"] > 1 else a
    return _cache[key]


def hello(_req):
    import sklearn
    info = {"python": platform.python_version(), "sklearn": sklearn.__version__, "numpy": np.__version__, "blas": None}
    try:
        from threadpoolctl import threadpool_info
        info["blas"] = [{k: p.get(k) for k in ("internal_api", "version", "num_threads", "architecture")} for p in threadpool_info()]
    except ImportError:
        pass
    return info


def fit(req):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import accuracy_score, r2_score
    from sklearn.neural_network import MLPClassifier, MLPRegressor

    w = req["workload"]
    rows = req["trainRows"]
    X = load(req["x"])[:rows]
    y = load(req["y"])[:rows]
    if req.get("dtype") == "float64":
        X = X.astype(np.float64)
    # alpha 0 and tol 0 with patience past the last epoch: every epoch runs, no L2, as in the Keras models.
    params = dict(hidden_layer_sizes=tuple(w["hidden"]), activation="relu", solver="adam", alpha=0.0,
                  batch_size=w["batchSize"], learning_rate_init=w["learningRate"], max_iter=w["epochs"], tol=0.0,
                  n_iter_no_change=w["epochs"] + 1, epsilon=w["epsilon"], shuffle=True, random_state=req["seed"])
    classify = w["task"] != "regression"
    est = MLPClassifier(**params) if classify else MLPRegressor(**params)
    if classify:
        y = y.astype(np.int64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t0 = time.perf_counter()
        est.fit(X, y)
        seconds = time.perf_counter() - t0
    Xs = load(req["scoreX"])
    if req.get("dtype") == "float64":
        Xs = Xs.astype(np.float64)
    ys = load(req["scoreY"])
    t1 = time.perf_counter()
    pred = est.predict(Xs)
    if w["kind"] == "predict":
        seconds = time.perf_counter() - t1
    score = accuracy_score(ys.astype(np.int64), pred) if classify else r2_score(ys, pred)
    return {"seconds": seconds, "score": float(score), "epochs": int(est.n_iter_), "dtype": str(est.coefs_[0].dtype)}


def matmul(req):
    """Milliseconds per float32 product (numpy, its BLAS threads or `threads`) for each shape: min/median/max of samples."""
    if req.get("threads"):
        from threadpoolctl import threadpool_limits
        with threadpool_limits(limits=req["threads"]):
            return matmul_timed(req)
    return matmul_timed(req)


def rss(_req):
    """Peak resident set of this process so far, in bytes: VmHWM where /proc exists (ru_maxrss carries the
    parent's size at fork on Linux), else ru_maxrss (KiB on Linux)."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return {"peakBytes": int(line.split()[1]) * 1024}
    except OSError:
        pass
    import resource
    return {"peakBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


def matmul_timed(req):
    out = []
    budget = req["budgetMs"] / 1000
    rng = np.random.default_rng(0)
    for s in req["shapes"]:
        m, k, n, ta, tb = s["m"], s["k"], s["n"], s["tA"], s["tB"]
        a = rng.random((k, m) if ta else (m, k), dtype=np.float32) - 0.5
        b = rng.random((n, k) if tb else (k, n), dtype=np.float32) - 0.5
        A = a.T if ta else a
        B = b.T if tb else b
        c = np.empty((m, n), dtype=np.float32)
        np.matmul(A, B, out=c)
        t = time.perf_counter()
        np.matmul(A, B, out=c)
        once = max(time.perf_counter() - t, 1e-7)
        reps = max(1, int(budget / 15 / once))
        samples = []
        t_start = time.perf_counter()
        while len(samples) < 5 or (time.perf_counter() - t_start < budget and len(samples) < 31):
            t = time.perf_counter()
            for _ in range(reps):
                np.matmul(A, B, out=c)
            samples.append((time.perf_counter() - t) / reps * 1000)
        samples.sort()
        out.append({"min": samples[0], "median": samples[len(samples) // 2], "max": samples[-1], "samples": len(samples)})
    return {"shapes": out}


OPS = {"hello": hello, "fit": fit, "matmul": matmul, "rss": rss}


def main():
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        if req.get("op") == "quit":
            break
        try:
            reply = {"ok": True, "result": OPS[req["op"]](req)}
        except Exception as e:  # reported to the harness, which records the row as failed
            reply = {"ok": False, "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
