"""Every exercise type, 200 seeds: the stored answer equals an independent reference computed
here (NumPy, SciPy, scikit-learn, PyTorch; never the library's own path), and ``check``
accepts it, accepts it rounded to the displayed precision, rejects a perturbed answer, and
recognises every mistake it knows with that mistake's hint.

Difficulty cycles with the seed (seed % 3 + 1), so each level gets about 67 seeds.
Tolerances: answers are stored at 12 significant digits, so the references agree to 1e-9
relative (plus 1e-12 absolute for values near zero).
"""
import numpy as np
import pytest

from lucidml.quiz.registry import exercise_types, make

torch = pytest.importorskip("torch")
sp_signal = pytest.importorskip("scipy.signal")
from scipy import stats  # noqa: E402
from scipy.spatial import distance as sp_distance  # noqa: E402

SEEDS = range(200)
TORCH = dict(dtype=torch.float64)
torch.set_num_threads(1)          # tiny tensors: threads only cost time on the shared cores


def T(a):
    return torch.tensor(np.asarray(a, dtype=float), **TORCH)


# -- references, one per exercise type: (exercise) -> expected answer ------------------------------------
def ref_conv1d(ex):
    g = ex.given
    return sp_signal.convolve(np.asarray(g["f"], float), np.asarray(g["g"], float), g["mode"])[::g["stride"]]


def ref_correlate1d(ex):
    g = ex.given
    return sp_signal.correlate(np.asarray(g["f"], float), np.asarray(g["g"], float), g["mode"])


def ref_conv2d(ex):
    g = ex.given
    return sp_signal.convolve2d(np.asarray(g["D"], float), np.asarray(g["K"], float), g["mode"])


def ref_distance(ex):
    g = ex.given
    f = {"manhattan": sp_distance.cityblock, "euclidean": sp_distance.euclidean, "cosine": sp_distance.cosine}
    return f[g["metric"]](np.asarray(g["x"], float), np.asarray(g["y"], float))


def _nearest(g):
    d = sp_distance.cdist(np.asarray(g["q"], float)[None, :], np.asarray(g["X"], float))[0]
    return np.argsort(d, kind="stable")[:g["k"]]


def ref_knn_classify(ex):
    labels, votes = np.unique(ex.given["y"][_nearest(ex.given)], return_counts=True)
    return labels[np.argmax(votes)]


def ref_knn_regress(ex):
    return np.mean(np.asarray(ex.given["t"], float)[_nearest(ex.given)])


def ref_pmf(ex):
    g = ex.given
    if g["distribution"] == "binomial":
        return stats.binom.pmf(g["k"], g["n"], g["p"])
    return stats.poisson.pmf(g["k"], g["λ"])


def ref_variance(ex):
    g = ex.given
    return np.var(np.asarray(g["x"], float), ddof=1 if g["estimate"].startswith("unbiased") else 0)


def ref_least_squares(ex):
    g = ex.given
    slope, intercept = np.polyfit(np.asarray(g["x"], float), np.asarray(g["y"], float), 1)
    return [intercept, slope]


def ref_ridge(ex):
    from sklearn.linear_model import Ridge

    g = ex.given
    return Ridge(alpha=g["λ"], fit_intercept=False).fit(np.asarray(g["X"], float), np.asarray(g["y"], float)).coef_


def ref_squared_error(ex):
    g = ex.given
    e = g["b₀"] + g["b₁"] * np.asarray(g["x"], float) - np.asarray(g["y"], float)
    return 0.5 * np.sum(e**2)


def _residuals(g):
    y_hat = np.polyval(np.asarray(g["w"], float)[::-1], np.asarray(g["x"], float))
    return y_hat - np.asarray(g["t"], float)


def ref_beta_ml(ex):
    r = _residuals(ex.given)
    return len(r) / np.sum(r**2)


def ref_log_likelihood(ex):
    g = ex.given
    r = _residuals(g)
    sigma = np.sqrt(np.mean(r**2))                          # 1/β_ML = mean squared residual
    return stats.norm.logpdf(np.asarray(g["t"], float), loc=np.asarray(g["t"], float) + r, scale=sigma).sum()


def ref_naive_bayes(ex):
    from sklearn.naive_bayes import BernoulliNB, MultinomialNB

    g = ex.given
    model = BernoulliNB(alpha=1.0) if g["model"] == "bernoulli" else MultinomialNB(alpha=1.0)
    model.fit(np.asarray(g["X"], float), g["y"])
    return model.predict_proba([np.asarray(g["q"], float)])[0][list(model.classes_).index(g["class"])]


def ref_logistic_step(ex):
    g = ex.given
    X = T(np.c_[np.ones(len(g["x"])), np.asarray(g["x"], float)])
    w = T(g["w"]).requires_grad_()
    E = torch.nn.functional.binary_cross_entropy_with_logits(X @ w, T(g["t"]), reduction="sum")
    E.backward()
    return (w - g["η"] * w.grad).detach().numpy()


def ref_svm_decision(ex):
    from sklearn.metrics.pairwise import linear_kernel, polynomial_kernel, rbf_kernel

    g = ex.given
    S, x = np.asarray(g["support vectors"], float), np.asarray(g["x"], float)[None, :]
    kernel = {"linear": lambda: linear_kernel(S, x), "poly": lambda: polynomial_kernel(S, x, degree=2, gamma=1, coef0=1),
              "rbf": lambda: rbf_kernel(S, x, gamma=0.5)}[g["kernel"]]()[:, 0]
    return float(np.sum(np.asarray(g["α"]) * np.asarray(g["y"]) * kernel) + g["b"])


def ref_tree_gain(ex):
    g = ex.given
    x, y, theta = np.asarray(g["x"], float), np.asarray(g["y"]), g["θ"]

    def impurity(labels):
        if len(labels) == 0:
            return 0.0
        p = np.unique(labels, return_counts=True)[1] / len(labels)
        return 1 - np.sum(p**2) if g["criterion"] == "gini" else -np.sum(p * np.log2(p))

    left, right = y[x <= theta], y[x > theta]
    return impurity(y) - len(left) / len(y) * impurity(left) - len(right) / len(y) * impurity(right)


def ref_kfold(ex):
    from sklearn.model_selection import KFold

    g = ex.given
    return list(KFold(g["K"]).split(np.zeros(g["N"])))[g["fold"] - 1][1]


def ref_timeseries_cv(ex):
    g = ex.given
    train, val, gap = set(g["train"].tolist()), set(g["validate"].tolist()), g["gap"]
    if ex.kind == "yesno":
        return max(train) + gap < min(val)
    if train & val:
        return ex.choices[2]
    if max(train) > min(val):
        return ex.choices[1]
    return ex.choices[3] if max(train) + gap >= min(val) else ex.choices[0]


def ref_kmeans_step(ex):
    X, mu = np.asarray(ex.given["X"], float), np.asarray(ex.given["μ"], float)
    z = np.argmin(((X[:, None, :] - mu[None, :, :]) ** 2).sum(-1), axis=1)
    return np.array([X[z == k].mean(axis=0) for k in range(len(mu))])


def ref_silhouette(ex):
    from sklearn.metrics import silhouette_samples

    g = ex.given
    return silhouette_samples(np.asarray(g["X"], float), g["labels"])[g["i"]]


def ref_grid_coverage(ex):
    N, b, D = ex.given["N"], ex.given["b"], ex.given["D"]
    return 1 - (1 - b ** -float(D)) ** N


def ref_pca_eigenvalues(ex):
    return np.linalg.eigvalsh(np.asarray(ex.given["C"], float))


def ref_pca_eigenvector(ex):
    lam, V = np.linalg.eigh(np.asarray(ex.given["C"], float))
    v = V[:, np.argmax(lam)]
    first = v[np.flatnonzero(np.abs(v) > 1e-12)[0]]
    return v * np.sign(first)


def ref_activation(ex):
    g = ex.given
    x = torch.tensor(float(g["x"]), dtype=torch.float64, requires_grad=True)
    name = g["activation"]
    if name == "binary step":
        return [float(g["x"] >= 0), 0.0]
    if name == "smht":
        f = (torch.exp(g["a"] * x) - torch.exp(-g["b"] * x)) / (torch.exp(g["c"] * x) + torch.exp(-g["d"] * x))
    else:
        f = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "identity": lambda v: v * 1.0}[name](x)
    f.backward()
    return [f.item(), x.grad.item()]


def _torch_backprop(ex):
    g = ex.given
    w = np.r_[g["w1..w4 (i→h)"], g["w5..w8 (h→o)"]]
    W1 = T(w[:4].reshape(2, 2)).requires_grad_()
    W2 = T(w[4:].reshape(2, 2)).requires_grad_()
    h = torch.sigmoid(W1 @ T(g["inputs i1, i2"]) + T(g["b1 (hidden)"]))
    o = torch.sigmoid(W2 @ h + T(g["b2 (output)"]))
    E = 0.5 * ((T(g["targets"]) - o) ** 2).sum()
    E.backward()
    grads = np.r_[W1.grad.numpy().ravel(), W2.grad.numpy().ravel()]
    k = int(g["weight"][1:]) - 1
    return [grads[k], w[k] - g["η"] * grads[k]]


ref_backprop_output = ref_backprop_hidden = _torch_backprop


def ref_conv_shape(ex):
    g = ex.given
    C_in, H, W = g["input (C_in, H, W)"].tolist()
    k = g["kernel k"]
    # the channels do not change the spatial size: one input and one output channel are enough
    y = torch.nn.functional.conv2d(torch.zeros(1, 1, H, W), torch.zeros(1, 1, k, k), stride=g["stride s"],
                                   padding=g["padding p"])
    return [g["filters C_out"], *y.shape[2:]]


def ref_conv_params(ex):
    g = ex.given
    layer = torch.nn.Conv2d(g["C_in"], g["C_out"], g["k"], bias=g["bias"] == "yes")
    return sum(p.numel() for p in layer.parameters())


def ref_conv_layer_cell(ex):
    g = ex.given
    C = sum(1 for k in g if k.startswith("X["))
    X = T(np.stack([g[f"X[{c}]"] for c in range(C)]))[None]
    W = T(np.stack([g[f"W[{c}]"] for c in range(C)]))[None]
    Y = torch.nn.functional.conv2d(X, W, bias=T([g["b"]]), stride=g["stride"], padding=g["padding"])
    i, j = (int(v) for v in g["cell"].strip("()").split(","))
    return Y[0, 0, i, j].item()


def ref_ar_forecast(ex):
    g = ex.given
    hist = list(np.asarray(g["y"], float))
    phi = np.asarray(g["φ"], float)
    out = []
    for _ in range(len(ex.answer)):
        out.append(g["c"] + sum(phi[l] * hist[-1 - l] for l in range(len(phi))))
        hist.append(out[-1])
    return out


def ref_differencing(ex):
    return np.diff(np.asarray(ex.given["y"], float), n=ex.given["d"])


def ref_rnn_step(ex):
    g = ex.given
    H, D = np.shape(g["W_xh"])
    cell = torch.nn.RNNCell(D, H, nonlinearity="tanh").double()
    with torch.no_grad():
        cell.weight_ih.copy_(T(g["W_xh"]))
        cell.weight_hh.copy_(T(g["W_hh"]))
        cell.bias_ih.copy_(T(g["b"]))
        cell.bias_hh.zero_()
        return cell(T(g["x_t"])[None], T(g["h_{t−1}"])[None])[0].numpy()


def ref_lstm_step(ex):
    g = ex.given
    H4, D = np.shape(g["W_ih"])
    cell = torch.nn.LSTMCell(D, H4 // 4).double()
    with torch.no_grad():
        cell.weight_ih.copy_(T(g["W_ih"]))
        cell.weight_hh.copy_(T(g["W_hh"]))
        cell.bias_ih.copy_(T(g["b"]))
        cell.bias_hh.zero_()
        h, c = cell(T(g["x_t"])[None], (T(g["h_{t−1}"])[None], T(g["c_{t−1}"])[None]))
    return np.r_[h[0].numpy(), c[0].numpy()]


def ref_attention_weights(ex):
    q, K = T(ex.given["q"]), T(ex.given["K"])
    return torch.softmax(K @ q / np.sqrt(len(q)), dim=0).numpy()


def ref_attention_output(ex):
    q, K, V = T(ex.given["q"]), T(ex.given["K"]), T(ex.given["V"])
    return torch.nn.functional.scaled_dot_product_attention(q[None, None], K[None], V[None])[0, 0].numpy()


def ref_gan_loss(ex):
    g = ex.given
    bce = torch.nn.functional.binary_cross_entropy
    fake = T(g["D(G(z)) (generated)"])
    if g["loss"] == "generator":
        return bce(fake, torch.ones_like(fake)).item()
    real = T(g["D(x) (real)"])
    return (bce(real, torch.ones_like(real)) + bce(fake, torch.zeros_like(fake))).item()


def ref_vae_kl(ex):
    mu, log_var = T(ex.given["μ"]), T(ex.given["ln σ²"])
    q = torch.distributions.Normal(mu, torch.exp(0.5 * log_var))
    return torch.distributions.kl_divergence(q, torch.distributions.Normal(0.0, 1.0)).sum().item()


def ref_standardize(ex):
    from sklearn.preprocessing import StandardScaler

    return StandardScaler().fit_transform(np.asarray(ex.given["x"], float)[:, None])[:, 0]


def ref_batchnorm(ex):
    g = ex.given
    return torch.nn.functional.batch_norm(T(g["X"]), None, None, T(g["γ"]), T(g["β"]), training=True,
                                          eps=1e-5).numpy()


def ref_layernorm(ex):
    g = ex.given
    return torch.nn.functional.layer_norm(T(g["X"]), (np.shape(g["X"])[1],), T(g["γ"]), T(g["β"]), eps=1e-5).numpy()


def ref_vanishing_gradient(ex):
    g = ex.given
    x = torch.tensor(float(g["x"]), dtype=torch.float64, requires_grad=True)
    a = x
    for _ in range(g["L"]):
        a = torch.sigmoid(g["w"] * a)
    a.backward()
    return x.grad.item()


def ref_early_stopping(ex):
    losses, patience = ex.given["validation loss"], ex.given["patience"]
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, v in enumerate(losses, 1):
        if v < best:
            best, best_epoch, wait = v, epoch, 0
        else:
            wait += 1
            if wait == patience:
                return [epoch, best_epoch]
    raise AssertionError("the exercise promises that training stops")


REFERENCES = {name[4:].replace("_", "-"): f for name, f in list(globals().items()) if name.startswith("ref_")}


def test_every_type_has_a_reference():
    assert sorted(t.name for t in exercise_types()) == sorted(REFERENCES)


# -- the answer-checking properties -------------------------------------------------------------------------
def _perturbed(ex):
    """An answer that must not be accepted: one entry moved well beyond the close band (or another label)."""
    if ex.kind == "yesno":
        return not ex.answer
    if ex.kind in ("choice", "label"):
        others = [c for c in ex.choices if c != ex.answer]
        return others[0]
    a = np.array(ex.answer, dtype=float, ndmin=1)
    flat = a.ravel().copy()
    delta = max(3 * float(np.max(ex.close_tolerance())), 0.25 * abs(flat[0]), 1.0)
    flat[0] += delta
    return float(flat[0]) if ex.kind == "number" else flat.reshape(a.shape)


def _compare(ex, expected):
    if ex.kind in ("number", "vector", "matrix"):
        got = np.asarray(ex.answer, dtype=float)
        want = np.asarray(expected, dtype=float).reshape(got.shape)
        if ex.unordered:
            got, want = np.sort(got.ravel()), np.sort(want.ravel())
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, err_msg=ex.id)
    elif ex.kind == "yesno":
        assert bool(ex.answer) == bool(expected), ex.id
    else:
        assert str(ex.answer) == str(expected), ex.id


@pytest.mark.parametrize("name", sorted(REFERENCES))
def test_answers_match_reference_and_check_behaves(name):
    reference = REFERENCES[name]
    recognised = set()
    for seed in SEEDS:
        ex = make(name, seed, seed % 3 + 1)
        _compare(ex, reference(ex))
        assert ex.check(ex.answer).correct, ex.id
        typed = ex.check(ex.answer_text)                 # the answer key, as a student copies it
        assert typed.correct and typed.score == 1.0, (ex.id, ex.answer_text, typed)
        bad = ex.check(_perturbed(ex))
        assert not bad.correct and bad.score < 1.0 and bad.valid, (ex.id, bad)
        for m in ex.mistakes:
            if m.value is not None:
                fb = ex.check(m.value)
            else:
                fb = ex.check(np.resize(np.ravel(ex.answer), m.shape) + 0.123)
            assert fb.status == "wrong" and fb.note == m.note and m.hint in fb.message, (ex.id, m, fb)
            recognised.add(m.note)
    assert recognised, f"{name}: no mistake ever recognised"


@pytest.mark.parametrize("name", ["conv1d", "squared-error", "beta-ml", "vanishing-gradient", "kmeans-step"])
def test_close_answers_earn_partial_credit(name):
    # a rounding difference: further than the correct tolerance, inside the close band
    for seed in range(1, 30, 3):
        ex = make(name, seed, 2 if seed % 2 else 3)
        if ex.exact:
            continue
        a = np.array(ex.answer, dtype=float, ndmin=1)
        tol = np.broadcast_to(ex.tolerance(), np.shape(ex.answer)).ravel()
        flat = a.ravel().copy()
        flat[0] += 3 * tol[0]
        answer = float(flat[0]) if ex.kind == "number" else flat.reshape(a.shape)
        fb = ex.check(answer)
        assert fb.status == "close" and 0 < fb.score < 1 and "rounding" in fb.message, (ex.id, fb)
