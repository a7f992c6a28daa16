# scikit-learn timings for bench/classifiers.bench.js, one thread. Reads jobs (JSON on stdin: name, kind,
# params, shapes, paths of raw float64 arrays), runs each `repeat` times, prints
# {"version", "times": {name: median wall ms}, "cpu": {name: median CPU ms}, "values": {name: training
# accuracy}} as JSON. CPU time is reported too because the machine is shared: it moves less with the load.
import json, os, sys, time
os.environ.setdefault('OMP_NUM_THREADS', '1')
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.svm import SVC, LinearSVC

def load(job, key, shape):
    return np.fromfile(job['arrays'][key], dtype=np.float64).reshape(shape)

out = {'version': sklearn.__version__, 'times': {}, 'cpu': {}, 'values': {}}
for job in json.load(sys.stdin):
    n, d = job['n'], job['d']
    X = load(job, 'X', (n, d))
    y = load(job, 'y', (n,))
    kind, p = job['kind'], job['params']
    def run():
        if kind == 'logistic':
            return LogisticRegression(C=p['C'], solver='lbfgs', tol=p['tol'], max_iter=p['maxIter']).fit(X, y)
        if kind == 'svc':
            return SVC(kernel=p['kernel'], C=p['C'], gamma='scale', tol=p['tol'], cache_size=200).fit(X, y)
        if kind == 'linearsvc':
            return LinearSVC(C=p['C'], tol=p['tol'], max_iter=p['maxIter'], dual=True, random_state=0).fit(X, y)
        if kind == 'sgd':
            return SGDClassifier(loss=p['loss'], random_state=0, tol=p['tol']).fit(X, y)
        raise ValueError(kind)
    times, cpu = [], []
    for _ in range(job['repeat']):
        t, c = time.perf_counter(), time.process_time()
        m = run()
        times.append((time.perf_counter() - t) * 1e3)
        cpu.append((time.process_time() - c) * 1e3)
    out['times'][job['name']] = float(np.median(times))
    out['cpu'][job['name']] = float(np.median(cpu))
    out['values'][job['name']] = float(m.score(X, y))
print(json.dumps(out))
