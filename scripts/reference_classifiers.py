# Writes test/fixtures/reference/classifiers_sklearn.json: what scikit-learn computes for the
# classifier configurations the tests check beyond the shared reference files (SGD without shuffling,
# LinearSVC solved tightly, multi-class SVC, elastic-net logistic regression). Run with Debian's
# python3-sklearn: /usr/bin/python3 scripts/reference_classifiers.py
import json, warnings
import numpy as np
import sklearn
from sklearn.linear_model import LogisticRegression, SGDClassifier, SGDRegressor
from sklearn.svm import SVC, LinearSVC

def load(name):
    d = np.loadtxt(f'test/fixtures/datasets/{name}', delimiter=',', skiprows=1)
    X = d[:, :-1]
    return (X - X.mean(0)) / X.std(0), d[:, -1]

Xb, yb = load('breast_cancer.csv')
Xi, yi = load('iris.csv')
out = {
    'producedBy': f'scikit-learn {sklearn.__version__}, numpy {np.__version__} (scripts/reference_classifiers.py)',
    'about': 'X standardized with population std. SGD: shuffle=False on the first 200 breast-cancer rows (exact up to rounding); '
             'LinearSVC: tol 1e-8 (the optimum, 1e-5 relative); SVC on iris: decision values 1e-3 absolute; logistic elastic-net (saga, tol 1e-8): 1e-4 relative.',
}
with warnings.catch_warnings():
    warnings.simplefilter('ignore')
    sgd = {}
    for key, kw in {
        'hinge_l2_optimal': dict(),
        'log_elasticnet_invscaling': dict(loss='log_loss', penalty='elasticnet', l1_ratio=0.5, learning_rate='invscaling', eta0=0.1),
        'modified_huber_l1_constant': dict(loss='modified_huber', penalty='l1', alpha=1e-3, learning_rate='constant', eta0=0.01),
    }.items():
        m = SGDClassifier(shuffle=False, **kw).fit(Xb[:200], yb[:200])
        sgd[key] = {'params': kw, 'coef': m.coef_[0].tolist(), 'intercept': float(m.intercept_[0]), 'nIter': int(m.n_iter_)}
    m = SGDClassifier(shuffle=False, loss='log_loss').fit(Xi, yi)
    sgd['iris_log_ovr'] = {'params': {'loss': 'log_loss'}, 'coef': m.coef_.tolist(), 'intercept': m.intercept_.tolist(), 'nIter': int(m.n_iter_)}
    r = SGDRegressor(shuffle=False).fit(Xi[:, :3], Xi[:, 3])
    sgd['regressor_iris'] = {'params': {}, 'coef': r.coef_.tolist(), 'intercept': float(r.intercept_[0]), 'nIter': int(r.n_iter_)}
    out['sgd'] = sgd
    lin = {}
    for loss in ['squared_hinge', 'hinge']:
        m = LinearSVC(loss=loss, tol=1e-8, max_iter=1_000_000, random_state=0).fit(Xb, yb)
        lin[f'cancer_{loss}'] = {'coef': m.coef_[0].tolist(), 'intercept': float(m.intercept_[0])}
    m = LinearSVC(tol=1e-8, max_iter=1_000_000, random_state=0).fit(Xi, yi)
    lin['iris_ovr'] = {'coef': m.coef_.tolist(), 'intercept': m.intercept_.tolist()}
    out['linearSVC'] = lin
    svc = {}
    for kernel in ['rbf', 'poly']:
        m = SVC(kernel=kernel, C=1, tol=1e-6).fit(Xi, yi)
        svc[f'iris_{kernel}'] = {
            'nSupport': m.n_support_.tolist(), 'support': m.support_.tolist(), 'intercept': m.intercept_.tolist(),
            'decisionOvrFirst5': m.decision_function(Xi[:5]).tolist(),
            'decisionOvoFirst5': SVC(kernel=kernel, C=1, tol=1e-6, decision_function_shape='ovo').fit(Xi, yi).decision_function(Xi[:5]).tolist(),
        }
    out['svc'] = svc
    m = LogisticRegression(penalty='elasticnet', l1_ratio=0.5, C=0.5, solver='saga', tol=1e-8, max_iter=100_000).fit(Xb, yb)
    out['logisticElasticnet'] = {'params': {'C': 0.5, 'l1Ratio': 0.5}, 'coef': m.coef_[0].tolist(), 'intercept': float(m.intercept_[0])}
with open('test/fixtures/reference/classifiers_sklearn.json', 'w') as f:
    json.dump(out, f, indent=1)
