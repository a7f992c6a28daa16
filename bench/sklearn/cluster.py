# scikit-learn timings for bench/cluster.bench.js, one thread. Reads jobs (JSON on stdin: name, kind,
# params, shapes, paths of raw float64 arrays), runs each `repeat` times, prints
# {"version", "times": {name: median ms}, "values": {name: a result to compare}} as JSON.
import json, os, sys, time
os.environ.setdefault('OMP_NUM_THREADS', '1')
os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
import numpy as np
import sklearn
from sklearn.cluster import KMeans, AgglomerativeClustering
from sklearn.decomposition import PCA
from sklearn.neighbors import KNeighborsClassifier

def load(job, key, shape):
    return np.fromfile(job['arrays'][key], dtype=np.float64).reshape(shape)

out = {'version': sklearn.__version__, 'times': {}, 'cpu': {}, 'values': {}}
for job in json.load(sys.stdin):
    n, d = job['n'], job['d']
    X = load(job, 'X', (n, d))
    kind, p = job['kind'], job['params']
    def run():
        if kind == 'kmeans':
            init = load(job, 'init', (p['k'], d))
            m = KMeans(n_clusters=p['k'], init=init, n_init=1, max_iter=p['maxIter'], tol=p['tol'], algorithm='lloyd').fit(X)
            return float(m.inertia_)
        if kind == 'pca':
            m = PCA(n_components=p['k']).fit(X)
            return float(m.explained_variance_.sum())
        if kind == 'agglomerative':
            m = AgglomerativeClustering(n_clusters=p['k'], linkage=p['linkage']).fit(X)
            return int(len(set(m.labels_)))
        if kind == 'knn':
            y = load(job, 'y', (n,))
            Q = load(job, 'Q', (p['q'], d))
            m = KNeighborsClassifier(n_neighbors=p['k']).fit(X, y)
            t, c = time.perf_counter(), time.process_time()
            m.predict(Q)
            return ((time.perf_counter() - t) * 1e3, (time.process_time() - c) * 1e3)  # predict only
        raise ValueError(kind)
    times, cpu = [], []
    for _ in range(job['repeat']):
        t, c = time.perf_counter(), time.process_time()
        v = run()
        if kind == 'knn':
            times.append(v[0]); cpu.append(v[1])
        else:
            times.append((time.perf_counter() - t) * 1e3); cpu.append((time.process_time() - c) * 1e3)
    out['times'][job['name']] = float(np.median(times))
    out['cpu'][job['name']] = float(np.median(cpu))
    out['values'][job['name']] = v if kind != 'knn' else None
print(json.dumps(out))
