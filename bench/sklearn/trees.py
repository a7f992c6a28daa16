# scikit-learn timings for bench/trees.bench.js, one thread: reads the workloads (JSON on stdin from
# bench/lib.js runSklearn, each with paths to its X and y as raw float64), fits each `repeat` times,
# prints the median fit ms, the training score and the median ms to predict the training rows per workload as JSON.
import json, os, sys, time
os.environ.setdefault('OMP_NUM_THREADS', '1')
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
import numpy as np
import sklearn
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor

MODELS = {'DecisionTreeClassifier': DecisionTreeClassifier, 'DecisionTreeRegressor': DecisionTreeRegressor,
          'RandomForestClassifier': RandomForestClassifier, 'RandomForestRegressor': RandomForestRegressor}
out = {'version': sklearn.__version__, 'times': {}, 'scores': {}, 'predict': {}}
for w in json.load(sys.stdin):
    X = np.fromfile(w['arrays']['X'], dtype=np.float64).reshape(w['n'], w['d'])
    y = np.fromfile(w['arrays']['y'], dtype=np.float64)
    times = []
    for _ in range(w['repeat']):
        m = MODELS[w['model']](**w['params'])
        t = time.perf_counter()
        m.fit(X, y)
        times.append((time.perf_counter() - t) * 1e3)
    out['times'][w['name']] = float(np.median(times))
    out['scores'][w['name']] = float(m.score(X, y))
    # prediction on the training rows: probabilities for classifiers, values for regressors
    predict = m.predict_proba if hasattr(m, 'predict_proba') else m.predict
    times = []
    for _ in range(max(5, w['repeat'])):
        t = time.perf_counter()
        predict(X)
        times.append((time.perf_counter() - t) * 1e3)
    out['predict'][w['name']] = float(np.median(times))
print(json.dumps(out))
