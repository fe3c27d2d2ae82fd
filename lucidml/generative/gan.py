"""Generative adversarial network (Goodfellow et al. 2014): a generator and a discriminator in a game.

The generator G maps noise z ~ N(0, I) to a sample x = G(z); the discriminator D(x) = σ(a(x))
is the probability that x came from the data rather than from G. They play

    min_G max_D  V(D, G) = E_data[log D(x)] + E_z[log(1 − D(G(z)))]

by alternating one gradient step for each player with its own optimiser, on a batch of B
real rows and B fresh samples:

    discriminator   L_D = −(1/B) Σ [log σ(a(xᵢ)) + log(1 − σ(a(G(zᵢ))))]    (G held fixed)
    generator       L_G = −(1/B) Σ log σ(a(G(zᵢ)))                            (D held fixed)

L_G is the non-saturating loss of §3 of the paper: minimising log(1 − D(G(z))) gives G
almost no gradient early on, when D rejects its samples confidently; maximising log D(G(z))
has the same fixed point and a strong gradient there. Both losses are binary cross-entropy
on the logits a, computed stably. The data are standardised before training (and samples
mapped back), and Adam uses β₁ = 0.5, as DCGAN (Radford et al. 2016) recommends for this game.
At the game's equilibrium p_G = p_data, D = ½ everywhere and L_D = 2 log 2 ≈ 1.386.
Symbols: z (d,) with d = n_components, x (D,), a = the discriminator's logit.
References: Goodfellow et al. (2014), "Generative adversarial nets", Algorithm 1 and §3;
Goodfellow, Bengio & Courville, *Deep Learning*, §20.10.4.

>>> from lucidml.datasets import make_gaussian_ring
>>> X, _ = make_gaussian_ring(256, random_state=0)
>>> gan = GAN(max_iter=2, random_state=0).fit(X)
>>> gan.sample(5).shape, len(gan.loss_curve_["discriminator"])
((5, 2), 2)
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state
from sklearn.utils.validation import validate_data

from lucidml.generative._networks import ACTIVATIONS, FLOAT_DTYPES, check_fitted_for, hidden_sizes, mlp
from lucidml.nn import functional as F
from lucidml.nn.init import as_generator
from lucidml.nn.modules import Sequential
from lucidml.nn.optim import Adam
from lucidml.nn.tensor import Tensor, no_grad
from lucidml.nn.training import Trainer, TrainingDivergedError
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["GAN"]


class GAN(BaseEstimator):
    """A fully connected GAN with scikit-learn's fit and a ``sample`` method.

    Parameters
    ----------
    n_components : d, the size of the noise z
    hidden_layer_sizes : hidden widths of both networks (the generator's in this order, the
        discriminator's mirrored)
    activation : f of the hidden layers ("leaky_relu" by default, the GAN custom)
    max_iter : epochs; batch_size : B; learning_rate_init : both players' Adam step size
    random_state, verbose

    Attributes: generator_, discriminator_ (:class:`~lucidml.nn.Sequential`), loss_curve_
    ({"discriminator": [...], "generator": [...]}, per epoch), mean_, scale_ (the
    standardisation), n_iter_, n_features_in_.
    """

    def __init__(self, n_components=2, hidden_layer_sizes=(128, 128), activation="leaky_relu", *, max_iter=100,
                 batch_size=128, learning_rate_init=0.001, random_state=None, verbose=0):
        self.n_components = n_components
        self.hidden_layer_sizes = hidden_layer_sizes
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
        check_option(self.activation, name="activation", owner=name, allowed=ACTIVATIONS)
        epochs = check_int(self.max_iter, name="max_iter", owner=name, minimum=1)
        batch = min(check_int(self.batch_size, name="batch_size", owner=name, minimum=1), len(X))
        lr = check_real(self.learning_rate_init, name="learning_rate_init", owner=name, minimum=0.0, strict=True)
        seed = check_random_state(self.random_state).randint(np.iinfo(np.int32).max)
        rng = np.random.default_rng(seed)
        dtype = str(X.dtype)
        mean, scale = X.mean(axis=0), X.std(axis=0)
        scale = np.where(scale > 0, scale, 1.0).astype(X.dtype)
        Xs = (X - mean) / scale                                                  # standardised data
        D = X.shape[1]
        G = mlp((d, *sizes, D), self.activation, rng, dtype)                     # z → x
        Dnet = mlp((D, *sizes[::-1], 1), self.activation, rng, dtype)            # x → logit a(x)
        opt_d = Adam(Dnet.parameters(), lr=lr, betas=(0.5, 0.999))
        opt_g = Adam(G.parameters(), lr=lr, betas=(0.5, 0.999))
        noise = np.random.default_rng(seed + 1)

        def train_step(trainer, inputs, y_batch):
            (x,) = inputs
            B = x.shape[0]
            ones, zeros = np.ones((B, 1), dtype=dtype), np.zeros((B, 1), dtype=dtype)
            # the discriminator's step: real rows → 1, generated rows → 0, G fixed (detach)
            fake = G(Tensor(noise.standard_normal((B, d)).astype(dtype))).detach()
            opt_d.zero_grad()
            d_loss = (F.binary_cross_entropy_with_logits(Dnet(x), ones)
                      + F.binary_cross_entropy_with_logits(Dnet(fake), zeros))
            _check_finite(d_loss.item(), "discriminator", trainer.epoch, lr)
            d_loss.backward()
            opt_d.step()
            # the generator's step, non-saturating: make D call fresh samples real (D is not stepped)
            opt_g.zero_grad()
            g_loss = F.binary_cross_entropy_with_logits(Dnet(G(Tensor(noise.standard_normal((B, d)).astype(dtype)))),
                                                        ones)
            _check_finite(g_loss.item(), "generator", trainer.epoch, lr)
            g_loss.backward()
            opt_g.step()
            return {"discriminator": d_loss.item(), "generator": g_loss.item()}

        trainer = Trainer(Sequential(G, Dnet), None, [opt_d, opt_g], batch_size=batch, max_epochs=epochs,
                          train_step=train_step, random_state=seed, verbose=self.verbose)
        history = trainer.fit(Xs)
        self.generator_, self.discriminator_ = G, Dnet
        self.loss_curve_ = {"discriminator": history["discriminator"], "generator": history["generator"]}
        self.mean_, self.scale_ = mean, scale
        self.n_iter_ = trainer.epoch
        self._rng = np.random.default_rng(seed + 2)
        return self

    def sample(self, n_samples=1, random_state=None):
        """n new points x = G(z), z ~ N(0, I), in the data's units."""
        check_fitted_for(self, "sample")
        n = check_int(n_samples, name="n_samples", owner="GAN.sample", minimum=1)
        rng = self._rng if random_state is None else as_generator(random_state)
        dtype = self.generator_[0].weight.dtype
        with no_grad():
            x = self.generator_(Tensor(rng.standard_normal((n, self.n_components)).astype(dtype))).data
        return x * self.scale_ + self.mean_

    def predict_proba(self, X):
        """D(x): the discriminator's probability that each row is real   (N,)."""
        check_fitted_for(self, "score")
        X = validate_data(self, X, dtype=FLOAT_DTYPES, reset=False)
        with no_grad():
            a = self.discriminator_(Tensor((X - self.mean_) / self.scale_, dtype=self.scale_.dtype)).data[:, 0]
        return 1.0 / (1.0 + np.exp(-a))


def _check_finite(value: float, player: str, epoch: int, lr: float) -> None:
    """A NaN or infinite loss ends the game with the player and the epoch named."""
    if not np.isfinite(value):
        raise TrainingDivergedError(
            f"GAN: the {player} loss became {value} in epoch {epoch}; the game diverged. Use a smaller "
            f"learning_rate_init (now {lr:g}), e.g. 1e-4, or scale the data.")
