"""Character-level language models of names: an n-gram count model and a recurrent network.

Both model p(x_{t+1} | x_1 … x_t) over characters, each name framed by the boundary
token "." (". s m i t h ." ), and both report the cross-entropy on held-out names,

    loss = −(1/N) Σ_names Σ_t ln p(x_{t+1} | context)   in nats per character (N counts the end tokens),

so the numbers compare directly (ln 27 = 3.30 is a uniform guess over 26 letters + ".").

    NGramCharModel   p(c | previous n−1 chars) = (count(ctx, c) + α) / (count(ctx) + α V)   (add-α smoothing)
    CharRNN          the context is the whole prefix, summarised by a recurrent state h_t
                     (:class:`lucidml.nn.models.CharRNNNet`), trained by BPTT with Adam and
                     gradient-norm clipping; ``bptt`` truncates back-propagation to chunks
                     of that many steps, carrying the (detached) state across chunks.

Reference: Jurafsky & Martin, *Speech and Language Processing* (3rd ed.), ch. 3 (n-grams,
smoothing, perplexity); Karpathy's makemore (2022) for the names task; Williams & Peng
(1990) for truncated BPTT.

>>> names = ["anna", "anne", "hanna", "hannah"] * 5
>>> bigram = NGramCharModel(n=2, alpha=0.1).fit(names)
>>> bigram.vocabulary_
['.', 'a', 'e', 'h', 'n']
>>> bool(bigram.loss(["anna"]) < bigram.loss(["ehna"]))     # a familiar name is less surprising
True
>>> rnn = CharRNN(cell="gru", hidden_size=16, embedding_dim=8, max_iter=30, learning_rate=0.02,
...               batch_size=8, random_state=0).fit(names)
>>> bool(rnn.loss(names) < 1.0)                    # a tiny corpus is learnt almost by heart
True
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from lucidml.nn import functional as F
from lucidml.nn.clipping import clip_grad_norm_
from lucidml.nn.optim import Adam
from lucidml.nn.tensor import Tensor, no_grad
from lucidml.nn.training import Trainer
from lucidml.utils.validation import check_int, check_option, check_real

__all__ = ["CharRNN", "NGramCharModel", "encode_names"]

BOUNDARY = "."
IGNORE = -100


# ------------------------------------------------------------------------------------------------
# encoding shared by both models
# ------------------------------------------------------------------------------------------------
def _check_names(names, owner):
    if isinstance(names, str):
        raise TypeError(f"{owner}: expected a list of names (strings), got one string {names!r}; wrap it in a list.")
    names = list(names)
    if not names:
        raise ValueError(f"{owner}: got no names; pass a non-empty list of strings.")
    bad = [n for n in names if not isinstance(n, str) or not n]
    if bad:
        raise ValueError(f"{owner}: every name must be a non-empty string, got {bad[:3]!r}.")
    if any(BOUNDARY in n for n in names):
        raise ValueError(f"{owner}: names must not contain {BOUNDARY!r}, the boundary token.")
    return names


def _vocabulary(names):
    return [BOUNDARY] + sorted(set("".join(names)))


def encode_names(names, vocabulary, owner="encode_names"):
    """Inputs X and targets Y (N, T_max + 1), int64: X = [0, c₁ … c_n, 0 …], Y = [c₁ … c_n, 0, −100 …].

    Padding targets are −100 (ignored by the loss); padded inputs are 0 and, the model
    being causal, never influence a real position.
    """
    index = {c: i for i, c in enumerate(vocabulary)}
    unknown = sorted(set("".join(names)) - set(index))
    if unknown:
        raise ValueError(f"{owner}: characters {unknown[:10]} are outside the vocabulary of {len(vocabulary)} "
                         f"characters seen in fit ({''.join(vocabulary[1:])!r}); fit on a corpus that contains them.")
    T = max(len(n) for n in names) + 1
    X = np.zeros((len(names), T), dtype=np.int64)
    Y = np.full((len(names), T), IGNORE, dtype=np.int64)
    for r, name in enumerate(names):
        ids = [index[c] for c in name]
        X[r, 1:len(ids) + 1] = ids
        Y[r, :len(ids)] = ids
        Y[r, len(ids)] = 0
    return X, Y


# ------------------------------------------------------------------------------------------------
# the n-gram baseline
# ------------------------------------------------------------------------------------------------
class NGramCharModel(BaseEstimator):
    """Counts of (n−1 characters, next character) with add-α smoothing.

    p(c | ctx) = (N(ctx, c) + α) / (N(ctx) + α V); the context of the first characters is
    padded with boundary tokens. n=2, α=1 is the classic bigram with add-one smoothing.
    Attributes: ``vocabulary_`` (V characters, "." first), ``counts_`` (V^(n−1), V).
    """

    def __init__(self, n=2, alpha=1.0):
        self.n = n
        self.alpha = alpha

    def fit(self, names, y=None):
        names = _check_names(names, "NGramCharModel")
        n = check_int(self.n, name="n", owner="NGramCharModel", minimum=1, maximum=5)
        check_real(self.alpha, name="alpha", owner="NGramCharModel", minimum=0.0, strict=True)
        self.vocabulary_ = _vocabulary(names)
        ctx, nxt = self._contexts(names, n)
        V = len(self.vocabulary_)
        self.counts_ = np.bincount(ctx * V + nxt, minlength=V ** n).reshape(V ** (n - 1), V).astype(np.float64)
        return self

    def _contexts(self, names, n):
        """Every (context code, next id) pair: context = the n−1 previous ids in base V."""
        X, Y = encode_names(names, self.vocabulary_, type(self).__name__)
        V = len(self.vocabulary_)
        keep = Y != IGNORE                                           # (N, T)
        padded = np.concatenate([np.zeros((X.shape[0], n - 2 if n > 1 else 0), dtype=np.int64), X], axis=1)
        code = np.zeros_like(X)
        for k in range(n - 1):                                       # ids x_{t−n+2} … x_t
            code = code * V + padded[:, k:k + X.shape[1]]
        return code[keep], Y[keep]

    def log_prob(self, names):
        """ln p of every next character (incl. the end token) of every name, concatenated."""
        check_is_fitted(self)
        names = _check_names(names, type(self).__name__)
        ctx, nxt = self._contexts(names, self.n)
        V = len(self.vocabulary_)
        counts = self.counts_[ctx]                                    # (M, V)
        return np.log((counts[np.arange(len(nxt)), nxt] + self.alpha) / (counts.sum(axis=1) + self.alpha * V))

    def loss(self, names) -> float:
        """Cross-entropy in nats per character on ``names``."""
        return float(-self.log_prob(names).mean())

    def score(self, names, y=None) -> float:
        return -self.loss(names)

    def sample(self, n_samples=10, *, random_state=None, max_length=30):
        check_is_fitted(self)
        rng = np.random.default_rng(random_state)
        V, n = len(self.vocabulary_), self.n
        out = []
        for _ in range(n_samples):
            ids = [0] * (n - 1)
            chars = []
            for _ in range(max_length):
                code = 0
                for i in ids[len(ids) - (n - 1):] if n > 1 else []:
                    code = code * V + i
                row = self.counts_[code] + self.alpha
                c = int(rng.choice(V, p=row / row.sum()))
                if c == 0:
                    break
                chars.append(self.vocabulary_[c])
                ids.append(c)
            out.append("".join(chars))
        return out


# ------------------------------------------------------------------------------------------------
# the recurrent model
# ------------------------------------------------------------------------------------------------
class CharRNN(BaseEstimator):
    """A recurrent character-level language model with scikit-learn's conventions.

    Parameters
    ----------
    cell : "rnn", "gru" or "lstm"
    embedding_dim, hidden_size, num_layers, dropout : the network (:class:`~lucidml.nn.models.CharRNNNet`)
    learning_rate, batch_size, max_iter : Adam on mini-batches of names, max_iter epochs
    clip_grad_norm : the joint gradient norm is clipped to this before each step (None: no clipping)
    bptt : truncate back-propagation through time to chunks of this many steps (None: whole names)
    dtype : "float32" (default) or "float64" for the network
    random_state, verbose : seed for the initialisation and the shuffles; 1 = a progress bar

    Attributes: ``vocabulary_``, ``network_``, ``loss_curve_`` (training nats/char per epoch), ``n_iter_``.
    ``fit(names)``; ``loss(names)`` (nats/char); ``sample(n, temperature, random_state)``.
    Input is text, so scikit-learn's ``check_estimator`` (numeric X) does not apply; the
    API (``get_params``, ``clone``, ``score``, persistence) is the estimator contract.
    """

    def __init__(self, cell="lstm", *, embedding_dim=32, hidden_size=128, num_layers=1, dropout=0.0,
                 learning_rate=0.005, batch_size=64, max_iter=5, clip_grad_norm=5.0, bptt=None,
                 dtype="float32", random_state=None, verbose=0):
        self.cell = cell
        self.embedding_dim = embedding_dim
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.dropout = dropout
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.clip_grad_norm = clip_grad_norm
        self.bptt = bptt
        self.dtype = dtype
        self.random_state = random_state
        self.verbose = verbose

    def _check_params(self):
        owner = type(self).__name__
        check_option(self.cell, name="cell", owner=owner, allowed=("rnn", "gru", "lstm"))
        for name in ("embedding_dim", "hidden_size", "num_layers", "batch_size", "max_iter"):
            check_int(getattr(self, name), name=name, owner=owner, minimum=1)
        check_real(self.learning_rate, name="learning_rate", owner=owner, minimum=0.0, strict=True)
        if self.clip_grad_norm is not None:
            check_real(self.clip_grad_norm, name="clip_grad_norm", owner=owner, minimum=0.0, strict=True)
        if self.bptt is not None:
            check_int(self.bptt, name="bptt", owner=owner, minimum=1)
        check_option(str(np.dtype(self.dtype)), name="dtype", owner=owner, allowed=("float32", "float64"))

    def fit(self, names, y=None):
        from lucidml.nn.models.char_rnn import CharRNNNet

        self._check_params()
        names = _check_names(names, type(self).__name__)
        self.vocabulary_ = _vocabulary(names)
        X, Y = encode_names(names, self.vocabulary_, type(self).__name__)
        seed = np.random.default_rng(self.random_state).integers(2 ** 31)
        net = CharRNNNet(len(self.vocabulary_), self.embedding_dim, self.hidden_size, self.num_layers, self.cell,
                         self.dropout, random_state=seed, dtype=self.dtype)
        optimizer = Adam(net.parameters(), lr=self.learning_rate)
        step = _bptt_step(net, optimizer, self.bptt, self.clip_grad_norm)
        trainer = Trainer(net, None, optimizer, batch_size=self.batch_size, max_epochs=self.max_iter,
                          train_step=step, random_state=seed, verbose=self.verbose)
        history = trainer.fit(X, Y)
        self.network_ = net
        self.loss_curve_ = history["loss"]
        self.n_iter_ = trainer.epoch
        return self

    def log_prob(self, names):
        """ln p of every next character (incl. the end token) of every name, concatenated."""
        check_is_fitted(self)
        names = _check_names(names, type(self).__name__)
        X, Y = encode_names(names, self.vocabulary_, type(self).__name__)
        net = self.network_.eval()
        parts = []
        with no_grad():
            for s in range(0, len(X), 2048):
                x, y = X[s:s + 2048], Y[s:s + 2048]
                logits, _ = net(Tensor(x))                               # (B, T, V)
                z = logits.data.astype(np.float64)
                lse = np.log(np.exp(z - z.max(-1, keepdims=True)).sum(-1)) + z.max(-1)
                keep = y != IGNORE
                parts.append((np.take_along_axis(z, np.where(keep, y, 0)[..., None], -1)[..., 0] - lse)[keep])
        return np.concatenate(parts)

    def loss(self, names) -> float:
        """Cross-entropy in nats per character on ``names`` (the end token counts as a character)."""
        return float(-self.log_prob(names).mean())

    def score(self, names, y=None) -> float:
        return -self.loss(names)

    def sample(self, n_samples=10, temperature=1.0, *, random_state=None, max_length=30):
        """Draw names one character at a time from p(x_{t+1} | x_≤t)^{1/temperature} (renormalised).

        temperature < 1 sharpens the distribution (safer, more common names); > 1 flattens it.
        """
        check_is_fitted(self)
        n_samples = check_int(n_samples, name="n_samples", owner="CharRNN.sample", minimum=1)
        temperature = check_real(temperature, name="temperature", owner="CharRNN.sample", minimum=0.0, strict=True)
        rng = np.random.default_rng(random_state)
        net = self.network_.eval()
        ids = np.zeros((n_samples, 1), dtype=np.int64)
        alive = np.ones(n_samples, dtype=bool)
        chars = [[] for _ in range(n_samples)]
        state = None
        with no_grad():
            for _ in range(max_length):
                logits, state = net(Tensor(ids), state)                   # (n, 1, V)
                z = logits.data[:, -1].astype(np.float64) / temperature
                p = np.exp(z - z.max(axis=1, keepdims=True))
                p /= p.sum(axis=1, keepdims=True)
                u = rng.random((n_samples, 1))
                nxt = np.minimum((p.cumsum(axis=1) < u).sum(axis=1), p.shape[1] - 1)   # inverse-CDF draw
                for r in np.flatnonzero(alive & (nxt != 0)):
                    chars[r].append(self.vocabulary_[nxt[r]])
                alive &= nxt != 0
                if not alive.any():
                    break
                ids = nxt[:, None].astype(np.int64)
        return ["".join(c) for c in chars]


def _bptt_step(net, optimizer, bptt, max_norm):
    """A Trainer step: the batch is cut to its longest name, then (if ``bptt``) into chunks of
    ``bptt`` steps; each chunk is one update, and the state carries over, detached."""
    from lucidml.nn.models.char_rnn import detach_state

    def step(trainer, inputs, y):
        x = inputs[0].data
        T = int((y != IGNORE).sum(axis=1).max())                          # the batch's longest name + end
        x, y = x[:, :T], y[:, :T]
        size = T if bptt is None else bptt
        state, total, count = None, 0.0, 0
        for s in range(0, T, size):
            xc, yc = x[:, s:s + size], y[:, s:s + size]
            n = int((yc != IGNORE).sum())
            if n == 0:
                break
            optimizer.zero_grad()
            logits, state = net(Tensor(xc), state)                        # (B, t, V)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), yc.reshape(-1), ignore_index=IGNORE)
            loss.backward()
            if max_norm is not None:
                clip_grad_norm_(net.parameters(), max_norm)
            optimizer.step()
            state = detach_state(state)                                    # truncate: no gradient across chunks
            total += loss.item() * n
            count += n
        return total / max(count, 1)
    return step
