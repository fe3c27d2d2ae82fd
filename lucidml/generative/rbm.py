"""Restricted Boltzmann machine with binary units, trained by (persistent) contrastive divergence.

Visible units v ∈ {0, 1}^D and hidden units h ∈ {0, 1}^H share the energy

    E(v, h) = −vᵀ b_v − hᵀ b_h − hᵀ W v,     p(v, h) = e^{−E(v, h)} / Z,

and because no two units of the same layer are connected, each layer is independent given
the other:

    P(h_j = 1 | v) = σ(W_j v + b_h,j),       P(v_i = 1 | h) = σ(W_{:,i}ᵀ h + b_v,i).

The gradient of the mean log-likelihood is a difference of two correlations,

    ∂ log p(v) / ∂W = ⟨h vᵀ⟩_data − ⟨h vᵀ⟩_model,

and contrastive divergence (CD-k, Hinton 2002) estimates the model term with k steps of
block Gibbs sampling v → h → v → … started at the data. Persistent CD (PCD, Tieleman 2008)
keeps the Gibbs chains ("fantasy particles") running across updates instead of
restarting them, so they wander further from the data. One update on a batch of B rows:

    h⁺ = P(h | v⁺)                                   (positive phase, the data)
    v⁻ ~ P(v | h̃),  h⁻ = P(h | v⁻)                   (negative phase, k Gibbs steps from h̃)
    W  += η/B (h⁺ᵀ v⁺ − h⁻ᵀ v⁻),  b_h += η/B Σ (h⁺ − h⁻),  b_v += η/B Σ (v⁺ − v⁻)
    h̃ ← a sample of h⁻                               (PCD: where the chains continue)

With ``method="pcd"``, ``k=1`` and the same random_state this is scikit-learn's
``BernoulliRBM`` draw for draw (the same attributes, the same order of random numbers,
batches in order): the comparison test checks it. As there, the chains keep
``batch_size`` particles, so a shorter last batch still subtracts batch_size negative terms.
``score_samples`` is the pseudo-likelihood D · log σ(F(ṽ) − F(v)), with one random bit of
each row flipped in ṽ and the free energy F(v) = −vᵀ b_v − Σ_j log(1 + e^{W_j v + b_h,j}).

Symbols: W = components_ (H, D), b_h = intercept_hidden_, b_v = intercept_visible_, η = learning_rate.
References: Hinton (2002), "Training products of experts by minimizing contrastive divergence";
Tieleman (2008), "Training restricted Boltzmann machines using approximations to the likelihood
gradient"; Hinton (2010), "A practical guide to training RBMs"; Goodfellow et al., *Deep Learning*, §20.2.

>>> X = np.array([[0, 0, 1], [1, 0, 1], [1, 1, 1], [1, 1, 0]], dtype=float)
>>> rbm = BernoulliRBM(n_components=2, n_iter=20, random_state=0).fit(X)
>>> rbm.transform(X).shape, bool(((rbm.transform(X) > 0) & (rbm.transform(X) < 1)).all())
((4, 2), True)
"""
from __future__ import annotations

import numpy as np
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.generative._networks import FLOAT_DTYPES, check_fitted_for, check_unit_interval
from lucidml.utils.progress import progress_bar
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["BernoulliRBM"]

METHODS = ("pcd", "cd")


class BernoulliRBM(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """A binary restricted Boltzmann machine (scikit-learn's parameter and attribute names).

    Parameters
    ----------
    n_components : H, the number of hidden units
    learning_rate : η
    batch_size : B, rows per update (and the number of persistent chains)
    n_iter : passes over the data
    k : Gibbs steps in the negative phase (CD-k / PCD-k)
    method : "pcd" (persistent chains, scikit-learn's choice) or "cd" (chains restart at the data)

    Attributes: components_ (H, D), intercept_hidden_ (H,), intercept_visible_ (D,),
    h_samples_ (B, H) the chains' hidden state, n_features_in_.
    """

    def __init__(self, n_components=256, *, learning_rate=0.1, batch_size=10, n_iter=10, k=1, method="pcd",
                 verbose=0, random_state=None):
        self.n_components = n_components
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.n_iter = n_iter
        self.k = k
        self.method = method
        self.verbose = verbose
        self.random_state = random_state

    def fit(self, X, y=None):
        name = type(self).__name__
        X = validate_data(self, X, dtype=FLOAT_DTYPES)
        check_unit_interval(X, name)
        H = check_int(self.n_components, name="n_components", owner=name, minimum=1)
        B = check_int(self.batch_size, name="batch_size", owner=name, minimum=1)
        n_iter = check_int(self.n_iter, name="n_iter", owner=name, minimum=1)
        k = check_int(self.k, name="k", owner=name, minimum=1)
        eta = check_real(self.learning_rate, name="learning_rate", owner=name, minimum=0.0)
        check_option(self.method, name="method", owner=name, allowed=METHODS)
        N, D = X.shape
        rng = check_random_state(self.random_state)
        W = np.asarray(rng.normal(0, 0.01, (H, D)), order="F", dtype=X.dtype)     # small random weights
        b_h, b_v = np.zeros(H, dtype=X.dtype), np.zeros(D, dtype=X.dtype)
        h_chain = np.zeros((B, H), dtype=X.dtype)                                  # the persistent chains
        n_batches = int(np.ceil(N / B))
        batches = _even_batches(N, B, n_batches)
        fast = self.method == "pcd" and k == 1
        with progress_bar(n_iter, f"{name}: {self.method.upper()}-{k}", verbose=self.verbose) as bar:
            for _ in range(n_iter):
                if fast:   # PCD-1: one epoch's uniform draws at once (the same stream, in the same order)
                    U = rng.uniform(size=(n_batches, B * (D + H))).astype(X.dtype, copy=False)
                for i, (a, b) in enumerate(batches):
                    if fast:
                        h_chain = _pcd1_step(X[a:b], W, b_h, b_v, h_chain, eta, U[i, :B * D].reshape(B, D),
                                             U[i, B * D:].reshape(B, H))
                    else:
                        h_chain = _update_step(X[a:b], W, b_h, b_v, h_chain, eta, k, self.method == "pcd", rng)
                bar.advance()
        self.components_, self.intercept_hidden_, self.intercept_visible_ = W, b_h, b_v
        self.h_samples_ = h_chain
        self._n_features_out = H
        self._gibbs_rng = np.random.default_rng(rng.randint(np.iinfo(np.int32).max))
        return self

    def transform(self, X):
        """P(h = 1 | v) for every row: the RBM's features, (N, H)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=FLOAT_DTYPES, reset=False)
        check_unit_interval(X, "BernoulliRBM.transform")
        return _mean_hiddens(X, self.components_, self.intercept_hidden_)

    def gibbs(self, v):
        """One step of block Gibbs sampling: h ~ P(h | v), then a new v ~ P(v | h)."""
        check_fitted_for(self, "sample")
        v = validate_data(self, v, dtype=FLOAT_DTYPES, reset=False)
        check_unit_interval(v, "BernoulliRBM.gibbs")
        rng = self._gibbs_rng
        h = _bernoulli(_mean_hiddens(v, self.components_, self.intercept_hidden_), rng.random)
        return _bernoulli(_mean_visibles(h, self.components_, self.intercept_visible_), rng.random)

    def score_samples(self, X):
        """Pseudo-likelihood of each row: D · log σ(F(ṽ) − F(v)), ṽ = v with one random bit flipped."""
        check_is_fitted(self)
        v = validate_data(self, X, dtype=FLOAT_DTYPES, reset=False)
        check_unit_interval(v, "BernoulliRBM.score_samples")
        rng = check_random_state(self.random_state)
        flip = (np.arange(v.shape[0]), rng.randint(0, v.shape[1], v.shape[0]))
        v_flip = v.copy()
        v_flip[flip] = 1 - v_flip[flip]
        F_v, F_flip = self._free_energy(v), self._free_energy(v_flip)
        return -v.shape[1] * np.logaddexp(0, -(F_flip - F_v))                    # D log σ(F(ṽ) − F(v))

    def _free_energy(self, v):
        """F(v) = −vᵀ b_v − Σ_j log(1 + exp(W_j v + b_h,j))."""
        return -v @ self.intercept_visible_ - np.logaddexp(0, v @ self.components_.T + self.intercept_hidden_).sum(axis=1)


# -- the steps of one update ------------------------------------------------------------------------
def _mean_hiddens(v, W, b_h):
    """P(h = 1 | v) = σ(v Wᵀ + b_h)   (B, H)."""
    p = v @ W.T
    p += b_h
    return expit(p, out=p)


def _mean_visibles(h, W, b_v):
    """P(v = 1 | h) = σ(h W + b_v)   (B, D)."""
    p = h @ W
    p += b_v
    return expit(p, out=p)


def _bernoulli(p, uniform):
    """A 0/1 sample with P(1) = p: 1 where a uniform draw u < p (draws in scikit-learn's order)."""
    return (uniform(size=p.shape) < p).astype(p.dtype)


def _update_step(v_pos, W, b_h, b_v, h_chain, eta, k, persistent, rng):
    """One (P)CD-k update of W, b_h, b_v in place; returns the chains' new hidden state."""
    h_pos = _mean_hiddens(v_pos, W, b_h)                                          # h⁺ = P(h | v⁺)
    h = h_chain if persistent else _bernoulli(h_pos, rng.uniform)                 # where the chains start
    for step in range(k):
        v_neg = _bernoulli(_mean_visibles(h, W, b_v), rng.uniform)                # v⁻ ~ P(v | h)
        h_neg = _mean_hiddens(v_neg, W, b_h)                                      # h⁻ = P(h | v⁻)
        if step < k - 1:
            h = _bernoulli(h_neg, rng.uniform)
    lr = eta / v_pos.shape[0]
    W += lr * (h_pos.T @ v_pos - h_neg.T @ v_neg)                                 # ⟨h vᵀ⟩⁺ − ⟨h vᵀ⟩⁻
    b_h += lr * (h_pos.sum(axis=0) - h_neg.sum(axis=0))
    b_v += lr * (v_pos.sum(axis=0) - v_neg.sum(axis=0))
    return _bernoulli(h_neg, rng.uniform)                                         # h̃, a sample of h⁻


def _pcd1_step(v_pos, W, b_h, b_v, h_chain, eta, u_v, u_h):
    """:func:`_update_step` for PCD-1 with its uniform draws given (u_v for v⁻, u_h for h̃)."""
    h_pos = _mean_hiddens(v_pos, W, b_h)                                          # h⁺ = P(h | v⁺)
    v_neg = (u_v < _mean_visibles(h_chain, W, b_v)).astype(W.dtype)               # v⁻ ~ P(v | h̃)
    h_neg = _mean_hiddens(v_neg, W, b_h)                                          # h⁻ = P(h | v⁻)
    lr = eta / v_pos.shape[0]
    update = h_pos.T @ v_pos
    update -= h_neg.T @ v_neg
    update *= lr
    W += update                                                                   # η/B (⟨h vᵀ⟩⁺ − ⟨h vᵀ⟩⁻)
    b_h += lr * (h_pos.sum(axis=0) - h_neg.sum(axis=0))
    b_v += lr * (v_pos.sum(axis=0) - v_neg.sum(axis=0))
    return (u_h < h_neg).astype(W.dtype)                                          # h̃ ~ h⁻


def _even_batches(N, B, n_batches):
    """Consecutive batches of B rows, the last one shorter (scikit-learn's gen_even_slices layout)."""
    return [(i * B, min((i + 1) * B, N)) for i in range(n_batches)]
