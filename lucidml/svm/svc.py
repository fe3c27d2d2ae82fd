"""Support vector classification (C-SVC), one-vs-one for several classes.

For two classes with labels y_i = ±1 the soft-margin SVM is

    primal   min_{w, b, ξ}  ½ ‖w‖² + C Σ_i ξ_i   s.t.  y_i (wᵀφ(x_i) + b) ≥ 1 − ξ_i,  ξ_i ≥ 0
    dual     min_α  ½ αᵀ Q α − 1ᵀα               s.t.  yᵀα = 0,  0 ≤ α_i ≤ C,
             Q_ij = y_i y_j K(x_i, x_j)

solved by SMO (:mod:`lucidml.svm.smo`; :mod:`lucidml.svm.platt_smo` with ``solver="platt"``).
The decision function is f(x) = Σ_i α_i y_i K(x_i, x) + b with b = −ρ; the support vectors
are the x_i with α_i > 0 (on the margin when 0 < α_i < C, inside it or misclassified when α_i = C).

K > 2 classes train K(K−1)/2 machines, one per pair (a, b), on the points of those two
classes (+1 for a, −1 for b); a query gets one vote per pair and the most votes win
(ties: the first class). ``probability=True`` adds Platt scaling of each pair's decision
values (fitted on 5-fold cross-validated decision values) and pairwise coupling
(:mod:`lucidml.svm.platt`).

Attributes follow scikit-learn (and libsvm): ``support_`` (indices, grouped by class),
``support_vectors_``, ``n_support_``, ``dual_coef_`` (n_classes − 1, n_SV) holding α_i y_i in
libsvm's one-vs-one layout, ``intercept_`` (one b per pair). With two classes the signs are
flipped so that f(x) > 0 means ``classes_[1]``, as in scikit-learn.

Symbols: α (n,), y_i = ±1, K the kernel, C the box, ρ = −b.
Reference: Bishop, *Pattern Recognition and Machine Learning*, §7.1; Chang & Lin,
"LIBSVM", ACM TIST 2 (2011), §2.1, §7 (multiclass), §8 (probabilities).

>>> X = np.array([[0., 0.], [0., 1.], [2., 0.], [2., 1.]])
>>> svc = SVC(kernel="linear", C=10.0).fit(X, [0, 0, 1, 1])
>>> svc.decision_function([[1.5, 0.5], [3., 0.]]).round(6).tolist()     # f = x₁ − 1
[0.5, 2.0]
>>> svc.support_.tolist(), svc.dual_coef_.round(6).tolist()   # w = −½ x₁ + ½ x₃ = (1, 0)
([1, 3], [[-0.5, 0.5]])
"""
from __future__ import annotations

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.utils import check_random_state
from sklearn.utils.metaestimators import available_if
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.svm._base import _SVMBase, solve_dual
from lucidml.svm.kernels import kernel_matrix
from lucidml.svm.platt import MIN_PROB, couple_pairwise, sigmoid_fit, sigmoid_predict
from lucidml.utils.validation import check_option, check_two_classes

__all__ = ["SVC"]


class SVC(ClassifierMixin, _SVMBase):
    """Soft-margin support vector classifier, trained by SMO.

    Parameters
    ----------
    C : box constraint C > 0 (large C: few margin violations, small C: a wide margin)
    kernel : "linear", "poly", "rbf" or "sigmoid"
    degree, gamma, coef0 : kernel parameters d, γ ("scale", "auto" or a number), r
    tol : stop when the KKT conditions hold to ``tol`` (m(α) − M(α) < tol)
    shrinking : set aside variables stuck at a bound (libsvm's heuristic; same optimum, faster)
    probability : also fit Platt scaling, enabling ``predict_proba``
    cache_size : kernel cache in MB
    max_iter : SMO iterations per pair, -1 for libsvm's own limit
    decision_function_shape : "ovr" (n, K) or "ovo" (n, K(K−1)/2), as in scikit-learn
    random_state : the folds of Platt scaling's internal cross-validation
    solver : "libsvm" (the compiled libsvm algorithm, :mod:`lucidml.svm.smo`) or "platt" (SMO with
        Platt's step in plain NumPy, :mod:`lucidml.svm.platt_smo`, slower, to read); the same
        optimum to within ``tol``
    """

    def __init__(self, *, C=1.0, kernel="rbf", degree=3, gamma="scale", coef0=0.0, tol=1e-3,
                 shrinking=True, probability=False, cache_size=200, max_iter=-1,
                 decision_function_shape="ovr", random_state=None, solver="libsvm"):
        self.C = C
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.tol = tol
        self.shrinking = shrinking
        self.probability = probability
        self.cache_size = cache_size
        self.max_iter = max_iter
        self.decision_function_shape = decision_function_shape
        self.random_state = random_state
        self.solver = solver

    def fit(self, X, y):
        """Train one SMO machine per pair of classes."""
        name = type(self).__name__
        X, y = validate_data(self, X, y, dtype=np.float64, order="C")
        check_classification_targets(y)
        self._gamma = self._check_params(X)
        check_option(self.decision_function_shape, name="decision_function_shape", owner=name,
                     allowed=("ovr", "ovo"))
        self.classes_, z = np.unique(y, return_inverse=True)
        K = len(self.classes_)
        check_two_classes(self.classes_, name)
        by_class = [np.flatnonzero(z == c) for c in range(K)]   # libsvm groups samples by class
        pairs = [(a, b) for a in range(K) for b in range(a + 1, K)]
        coef, rho, n_iter = [], [], []
        for a, b in pairs:
            coef_ab, rho_ab, it = _train_pair(X, by_class[a], by_class[b], self.C, self._solver_args())
            coef.append(coef_ab), rho.append(rho_ab), n_iter.append(it)
        self._set_support(X, by_class, pairs, coef)
        self._rho = np.array(rho)
        self.n_iter_ = np.array(n_iter, dtype=np.int32)
        self.intercept_ = -self._rho if K > 2 else self._rho.copy()   # binary: flipped, as in sklearn
        self.dual_coef_ = self._dual_coef_ovo if K > 2 else -self._dual_coef_ovo
        self.fit_status_ = 0
        self.shape_fit_ = X.shape
        if self.probability:
            rng = check_random_state(self.random_state)
            ab = [_platt_pair(X, by_class[a], by_class[b], self.C, self._solver_args(), rng)
                  for a, b in pairs]
            self.probA_, self.probB_ = np.array([v[0] for v in ab]), np.array([v[1] for v in ab])
        else:
            self.probA_, self.probB_ = np.empty(0), np.empty(0)
        return self

    def _set_support(self, X, by_class, pairs, coef):
        """Collect the support vectors of all pairs and lay out α_i y_i as libsvm does."""
        K = len(by_class)
        nonzero = [np.zeros(len(ix), dtype=bool) for ix in by_class]
        for (a, b), c in zip(pairs, coef):
            na = len(by_class[a])
            nonzero[a] |= c[:na] != 0
            nonzero[b] |= c[na:] != 0
        self.support_ = np.concatenate([ix[nz] for ix, nz in zip(by_class, nonzero)]).astype(np.int32)
        self.n_support_ = np.array([nz.sum() for nz in nonzero], dtype=np.int32)
        self.support_vectors_ = X[self.support_]
        start = np.concatenate([[0], np.cumsum(self.n_support_)])
        dual = np.zeros((K - 1, len(self.support_)))
        # pair (a, b): the coefficients of a's points go in row b − 1, those of b's points in row a
        for (a, b), c in zip(pairs, coef):
            na = len(by_class[a])
            dual[b - 1, start[a]:start[a + 1]] = c[:na][nonzero[a]]
            dual[a, start[b]:start[b + 1]] = c[na:][nonzero[b]]
        self._dual_coef_ovo, self._sv_start = dual, start

    def _pair_terms(self, a, b):
        """Where pair (a, b)'s coefficients α_i y_i sit: (slice of SV_a, its row, slice of SV_b, its row)."""
        start, dual = self._sv_start, self._dual_coef_ovo
        sa, sb = slice(start[a], start[a + 1]), slice(start[b], start[b + 1])
        return sa, dual[b - 1, sa], sb, dual[a, sb]

    def _ovo_decision(self, X):
        """f_ab(x) = Σ_{s ∈ SV_a ∪ SV_b} α_s y_s K(x_s, x) − ρ_ab for every pair, shape (n, K(K−1)/2)."""
        Kx = self._kernel_to_support(X)                               # (n, n_SV)
        K = len(self.classes_)
        f = np.empty((Kx.shape[0], K * (K - 1) // 2))
        for p, (a, b) in enumerate(zip(*np.triu_indices(K, 1))):     # pairs (0,1), (0,2), ..., (1,2), ...
            sa, ca, sb, cb = self._pair_terms(a, b)
            f[:, p] = Kx[:, sa] @ ca + Kx[:, sb] @ cb - self._rho[p]
        return f

    def decision_function(self, X):
        """Binary: f(x) (> 0 means ``classes_[1]``). Several classes: "ovo" gives every f_ab;
        "ovr" gives votes plus a confidence in (−⅓, ⅓) per class, as scikit-learn does."""
        f = self._ovo_decision(X)
        K = len(self.classes_)
        if K == 2:
            return -f[:, 0]
        if self.decision_function_shape == "ovo":
            return f
        return _ovr_from_ovo(f, K)

    def predict(self, X):
        """The class with the most one-vs-one votes (ties: the first class)."""
        f = self._ovo_decision(X)
        return self.classes_[_votes(f, len(self.classes_)).argmax(axis=1)]

    def _has_probability(self):
        if not self.probability:
            raise AttributeError("predict_proba is available only with probability=True.")
        return True

    @available_if(_has_probability)
    def predict_proba(self, X):
        """Platt-scaled pairwise probabilities r_ab, coupled into p(c | x): shape (n, K)."""
        check_is_fitted(self)
        f = self._ovo_decision(X)
        K = len(self.classes_)
        r = np.clip(sigmoid_predict(f, self.probA_, self.probB_), MIN_PROB, 1 - MIN_PROB)   # (n, pairs)
        if K == 2:
            return np.column_stack([r[:, 0], 1.0 - r[:, 0]])
        R = np.zeros((f.shape[0], K, K))
        a, b = np.triu_indices(K, 1)                                  # pair order (0,1), (0,2), ...
        R[:, a, b], R[:, b, a] = r, 1.0 - r
        return couple_pairwise(R)

    @available_if(_has_probability)
    def predict_log_proba(self, X):
        return np.log(self.predict_proba(X))

    @property
    def coef_(self):
        """w_ab = Σ_i α_i y_i x_i per pair (linear kernel only); binary: the one w, sign as ``dual_coef_``."""
        if self.kernel != "linear":
            raise AttributeError("coef_ exists only for kernel='linear'.")
        check_is_fitted(self)
        SV, K = self.support_vectors_, len(self.classes_)
        w = []
        for a, b in zip(*np.triu_indices(K, 1)):
            sa, ca, sb, cb = self._pair_terms(a, b)
            w.append(ca @ SV[sa] + cb @ SV[sb])
        w = np.array(w)                                               # (K(K−1)/2, D)
        return -w if K == 2 else w


# -- private steps ----------------------------------------------------------------------
def _train_pair(X, rows_a, rows_b, C, solver_args):
    """SMO on the points of classes a (+1) and b (−1), a's first; returns α_i y_i, ρ, iterations."""
    rows = np.concatenate([rows_a, rows_b])
    y = np.concatenate([np.ones(len(rows_a)), -np.ones(len(rows_b))])
    result = solve_dual(X[rows], y, -np.ones(len(rows)), C, **solver_args)   # p = −1: the "− 1ᵀα"
    return result.alpha * y, result.rho, result.n_iter


def _platt_pair(X, rows_a, rows_b, C, solver_args, rng, n_folds=5):
    """(A, B) for pair (a, b): Platt's sigmoid fitted on 5-fold cross-validated decision values."""
    rows = np.concatenate([rows_a, rows_b])
    y = np.concatenate([np.ones(len(rows_a)), -np.ones(len(rows_b))])
    n = len(rows)
    perm = rng.permutation(n)
    f = np.empty(n)
    for k in range(n_folds):
        held = perm[k * n // n_folds:(k + 1) * n // n_folds]
        train = np.setdiff1d(np.arange(n), held)
        ya = y[train]
        if (ya > 0).all() or (ya < 0).all():                          # one class left: a constant guess
            f[held] = 1.0 if (ya > 0).all() else -1.0
            continue
        Xt = X[rows[train]]
        result = solve_dual(Xt, ya, -np.ones(len(train)), C, **solver_args)
        coef = result.alpha * ya
        sv = coef != 0
        Kh = kernel_matrix(X[rows[held]], Xt[sv], solver_args["kernel"], gamma=solver_args["gamma"],
                           coef0=solver_args["coef0"], degree=solver_args["degree"])
        f[held] = Kh @ coef[sv] - result.rho
    return sigmoid_fit(f, y)


def _votes(f, K):
    """One vote per pair: a if f_ab > 0, else b."""
    votes = np.zeros((f.shape[0], K), dtype=np.int64)
    a, b = np.triu_indices(K, 1)
    for p in range(f.shape[1]):
        votes[:, a[p]] += f[:, p] > 0
        votes[:, b[p]] += f[:, p] <= 0
    return votes


def _ovr_from_ovo(f, K):
    """scikit-learn's "ovr" shape: votes + Σ confidences / (3 (|Σ confidences| + 1))."""
    votes = _votes(f, K).astype(np.float64)
    confidence = np.zeros((f.shape[0], K))
    a, b = np.triu_indices(K, 1)
    for p in range(f.shape[1]):
        confidence[:, a[p]] += f[:, p]
        confidence[:, b[p]] -= f[:, p]
    return votes + confidence / (3 * (np.abs(confidence) + 1))
