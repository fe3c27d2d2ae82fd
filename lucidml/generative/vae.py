"""Variational autoencoder (Kingma & Welling 2014): a latent-variable model trained by its ELBO.

The model draws a code z ~ p(z) = N(0, I) and then x ~ p_θ(x | z) from a decoder
network: independent Bernoulli pixels with logits dec(z) (``decoder="bernoulli"``), or a
Gaussian with mean and log-variance dec(z) (``decoder="gaussian"``). An encoder network
gives the approximate posterior q_φ(z | x) = N(μ(x), diag σ²(x)), and both are trained
to maximise the evidence lower bound

    log p(x) ≥ ELBO(x) = E_{q(z|x)}[log p_θ(x | z)] − KL(q_φ(z | x) ‖ p(z)).

The KL term between two Gaussians is in closed form,

    KL = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²),

and the expectation is estimated with one sample written as a differentiable function of
the parameters (the reparameterisation trick): z = μ + σ ⊙ ε, ε ~ N(0, I), so the gradient
passes through the sample to the encoder. The loss per sample is −ELBO =
reconstruction + β KL, where the reconstruction is −log p_θ(x | z):

    bernoulli   Σ_i [max(a_i, 0) − a_i x_i + log(1 + e^{−|a_i|})]   (a = dec(z), the logits)
    gaussian    ½ Σ_i [log 2π + s_i + (x_i − m_i)² e^{−s_i}]       ((m, s) = dec(z), s = log variance)

β = 1 is the VAE; β > 1 is the β-VAE (Higgins et al. 2017), which trades reconstruction for
a code closer to the prior.
Symbols: x (D,), z (d,) with d = n_components, μ, log σ² (d,) the encoder's outputs, ε (d,).
References: Kingma & Welling (2014), "Auto-encoding variational Bayes", §2.3–2.4 and appendix
B (the KL) and C (the decoders); Goodfellow, Bengio & Courville, *Deep Learning*, §20.10.3.

>>> X = (np.random.default_rng(0).random((60, 6)) < [0.9, 0.9, 0.9, 0.1, 0.1, 0.1]).astype(float)
>>> vae = VAE(n_components=2, hidden_layer_sizes=(8,), max_iter=30, learning_rate_init=0.01, random_state=0).fit(X)
>>> vae.transform(X).shape, vae.sample(3).shape
((60, 2), (3, 6))
>>> bool(vae.score_samples(X).mean() > -6 * np.log(2))  # beats a coin per pixel (6 log 2 nats)
True
"""
from __future__ import annotations

import math

import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted, validate_data

from lucidml.generative._networks import (ACTIVATIONS, FLOAT_DTYPES, check_fitted_for, check_unit_interval,
                                          hidden_sizes, mlp)
from lucidml.nn import functional as F
from lucidml.nn.init import as_generator
from lucidml.nn.modules import Linear, Module
from lucidml.nn.optim import Adam
from lucidml.nn.tensor import Tensor, no_grad
from lucidml.nn.training import Trainer
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["VAE", "VAENetwork", "gaussian_kl"]

DECODERS = ("bernoulli", "gaussian")
_LOG_2PI = math.log(2 * math.pi)


class VAENetwork(Module):
    """The encoder x → (μ, log σ²) and the decoder z → dec(z) of a VAE.

    body: the encoder's hidden layers (D → h₁ → … → h_L, each followed by f);
    mean, log_var: Linear(h_L, d); decoder: d → h_L → … → h₁ → D (bernoulli: logits) or 2D
    (gaussian: the mean m, then the log variance s).
    """

    def __init__(self, n_features: int, n_components: int, hidden_layer_sizes=(), activation: str = "relu",
                 decoder: str = "bernoulli", dtype="float64", random_state=None):
        self.n_features, self.n_components = int(n_features), int(n_components)
        self.hidden_layer_sizes, self.activation = tuple(int(h) for h in hidden_layer_sizes), activation
        self.decoder_kind, self.dtype = decoder, str(np.dtype(dtype))
        rng = as_generator(random_state)
        sizes, D, d = self.hidden_layer_sizes, self.n_features, self.n_components
        width = sizes[-1] if sizes else D
        self.body = mlp((D, *sizes), activation, rng, self.dtype, last_activation=True)
        self.mean = Linear(width, d, init="xavier_uniform", random_state=rng, dtype=self.dtype)
        self.log_var = Linear(width, d, init="xavier_uniform", random_state=rng, dtype=self.dtype)
        out = D if decoder == "bernoulli" else 2 * D
        self.decoder = mlp((d, *sizes[::-1], out), activation, rng, self.dtype)

    def encode(self, x):
        """μ(x), log σ²(x)   (B, d) each."""
        h = self.body(x)
        return self.mean(h), self.log_var(h)

    def forward(self, x, eps):
        """−ELBO of each row of x with the noise ε held given: reconstruction + KL, each (B,)."""
        mu, log_var = self.encode(x)
        z = mu + (log_var * 0.5).exp() * eps                                   # z = μ + σ ⊙ ε   (B, d)
        return reconstruction_loss(self.decoder(z), x, self.decoder_kind), gaussian_kl(mu, log_var)

    def config(self):
        return {"n_features": self.n_features, "n_components": self.n_components,
                "hidden_layer_sizes": list(self.hidden_layer_sizes), "activation": self.activation,
                "decoder": self.decoder_kind, "dtype": self.dtype}


def _standardisation(X, decoder):
    """(mean, scale) that the gaussian decoder's network sees the data through; (0, 1) for bernoulli."""
    if decoder == "bernoulli":
        return np.zeros(X.shape[1], dtype=X.dtype), np.ones(X.shape[1], dtype=X.dtype)
    scale = X.std(axis=0)
    return X.mean(axis=0), np.where(scale > 0, scale, 1.0).astype(X.dtype)


def gaussian_kl(mu, log_var):
    """KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²) per row (Tensors or arrays)."""
    if not isinstance(mu, Tensor):
        mu, log_var = np.asarray(mu, float), np.asarray(log_var, float)
        return 0.5 * np.sum(mu * mu + np.exp(log_var) - 1.0 - log_var, axis=-1)
    return (mu * mu + log_var.exp() - 1.0 - log_var).sum(axis=-1) * 0.5


def reconstruction_loss(out, x, decoder: str):
    """−log p(x | z) per row from the decoder's output (logits, or mean and log variance)."""
    if decoder == "bernoulli":
        return F.binary_cross_entropy_with_logits(out, x.data if isinstance(x, Tensor) else x,
                                                  reduction="none").sum(axis=-1)
    D = out.shape[-1] // 2
    m, s = out[:, :D], out[:, D:]
    r = x - m
    return ((s + r * r * (-s).exp()) + _LOG_2PI).sum(axis=-1) * 0.5


class VAE(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """A variational autoencoder with scikit-learn's API.

    Parameters
    ----------
    n_components : d, the size of the latent code
    hidden_layer_sizes : the encoder's hidden widths (the decoder mirrors them)
    decoder : "bernoulli" (X in [0, 1]) or "gaussian" (any real X)
    beta : the weight of the KL term (1 = the VAE, > 1 = β-VAE)
    activation, max_iter (epochs), batch_size, learning_rate_init (Adam), random_state, verbose

    Attributes: network_ (:class:`VAENetwork`), loss_curve_ (mean −ELBO per epoch, of the
    standardised data for the gaussian decoder), reconstruction_curve_, kl_curve_, mean_ and
    scale_ (the gaussian decoder models (x − mean_) / scale_; 0 and 1 for bernoulli), n_iter_,
    n_features_in_.
    Methods: transform (μ(x)), reconstruct (the decoder's mean at z = μ(x)), sample(n)
    (decoder means at z ~ N(0, I)), score_samples (the ELBO of each row, nats).
    """

    def __init__(self, n_components=2, hidden_layer_sizes=(256,), decoder="bernoulli", *, beta=1.0,
                 activation="relu", max_iter=100, batch_size=128, learning_rate_init=0.001, random_state=None,
                 verbose=0):
        self.n_components = n_components
        self.hidden_layer_sizes = hidden_layer_sizes
        self.decoder = decoder
        self.beta = beta
        self.activation = activation
        self.max_iter = max_iter
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.random_state = random_state
        self.verbose = verbose

    def fit(self, X, y=None):
        name = type(self).__name__
        X = validate_data(self, X, dtype=FLOAT_DTYPES, ensure_min_samples=2)
        sizes = hidden_sizes(self.hidden_layer_sizes, name)
        d = check_int(self.n_components, name="n_components", owner=name, minimum=1)
        check_option(self.decoder, name="decoder", owner=name, allowed=DECODERS)
        check_option(self.activation, name="activation", owner=name, allowed=ACTIVATIONS)
        beta = check_real(self.beta, name="beta", owner=name, minimum=0.0)
        epochs = check_int(self.max_iter, name="max_iter", owner=name, minimum=1)
        batch = min(check_int(self.batch_size, name="batch_size", owner=name, minimum=1), len(X))
        lr = check_real(self.learning_rate_init, name="learning_rate_init", owner=name, minimum=0.0, strict=True)
        if self.decoder == "bernoulli":
            check_unit_interval(X, f"{name} (decoder='bernoulli')")
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        dtype = str(X.dtype)
        self.mean_, self.scale_ = _standardisation(X, self.decoder)
        X = (X - self.mean_) / self.scale_
        net = VAENetwork(X.shape[1], d, sizes, self.activation, self.decoder, dtype, random_state=seed)
        optimizer = Adam(net.parameters(), lr=lr)
        noise = np.random.default_rng(seed + 1)

        def train_step(trainer, inputs, y_batch):                   # a sampled loss: fresh ε every step
            (x,) = inputs
            eps = noise.standard_normal((x.shape[0], d)).astype(dtype)
            optimizer.zero_grad()
            reconstruction, kl = net(x, eps)
            loss = (reconstruction + kl * beta).mean()              # mean −ELBO (β-weighted)
            value = loss.item()
            if np.isfinite(value):
                loss.backward()
                optimizer.step()
            return {"loss": value, "reconstruction": reconstruction.data.mean(), "kl": kl.data.mean()}

        trainer = Trainer(net, None, optimizer, batch_size=batch, max_epochs=epochs, train_step=train_step,
                          random_state=seed, verbose=self.verbose)
        history = trainer.fit(X)
        net.eval()
        self.network_ = net
        self.loss_curve_ = history["loss"]
        self.reconstruction_curve_, self.kl_curve_ = history["reconstruction"], history["kl"]
        self.n_iter_ = trainer.epoch
        self._n_features_out = d
        self._rng = np.random.default_rng(seed + 2)
        return self

    # -- using the fitted model ------------------------------------------------------------------
    def _input(self, X, owner):
        """X validated, then standardised as in fit (a no-op for the bernoulli decoder)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=FLOAT_DTYPES, reset=False)
        if self.decoder == "bernoulli":
            check_unit_interval(X, owner)
        return ((X - self.mean_) / self.scale_).astype(X.dtype, copy=False)

    def transform(self, X):
        """μ(x), the mean of q(z | x)   (N, d)."""
        X = self._input(X, "VAE.transform")
        with no_grad():
            return self.network_.encode(Tensor(X, dtype=self.network_.dtype))[0].data.astype(X.dtype, copy=False)

    def decode(self, Z):
        """The decoder's mean of p(x | z): σ(logits) (bernoulli) or m (gaussian)   (N, D)."""
        check_fitted_for(self, "decode")
        Z = np.asarray(Z, dtype=self.network_.dtype)
        if Z.ndim != 2 or Z.shape[1] != self.network_.n_components or not np.isfinite(Z).all():
            raise ValueError(f"VAE.decode: Z must be a finite array of shape (n, {self.network_.n_components}), "
                             f"got shape {Z.shape}.")
        with no_grad():
            out = self.network_.decoder(Tensor(Z)).data
        D = self.network_.n_features
        return 1.0 / (1.0 + np.exp(-out)) if self.decoder == "bernoulli" else out[:, :D] * self.scale_ + self.mean_

    def reconstruct(self, X):
        """The decoder's mean at z = μ(x)."""
        return self.decode(self.transform(X))

    def sample(self, n_samples=1, random_state=None):
        """n new points: z ~ N(0, I), then the decoder's mean (pixel probabilities for bernoulli)."""
        check_fitted_for(self, "sample")
        n = check_int(n_samples, name="n_samples", owner="VAE.sample", minimum=1)
        rng = self._rng if random_state is None else as_generator(random_state)
        return self.decode(rng.standard_normal((n, self.network_.n_components)))

    def score_samples(self, X, n_draws=10):
        """ELBO(x) per row in nats: the expectation over q(z | x) estimated with ``n_draws`` values of ε,
        the same for every row and drawn from a generator seeded by random_state (the numbers repeat)."""
        X = self._input(X, "VAE.score_samples")
        n_draws = check_int(n_draws, name="n_draws", owner="VAE.score_samples", minimum=1)
        rng = np.random.default_rng(check_random_state(self.random_state).randint(np.iinfo(np.int32).max))
        x = Tensor(X, dtype=self.network_.dtype)
        total = np.zeros(len(X))
        eps = rng.standard_normal((n_draws, 1, self.network_.n_components))   # the same ε for every row:
        with no_grad():                                                      # rows do not depend on their order
            for e in eps:
                reconstruction, kl = self.network_(x, np.broadcast_to(e, (len(X), e.shape[1])))
                total -= reconstruction.data + kl.data
        # in the data's units: p(x) = p(x̃) / Π scale, so log p(x) = log p(x̃) − Σ log scale
        return total / n_draws - np.log(self.scale_).sum()
