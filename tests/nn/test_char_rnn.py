"""CharRNN and the n-gram baseline: counts by hand, nats/char, truncated BPTT, sampling,
persistence, bad input. Small corpora so the file runs in seconds."""
from __future__ import annotations

import numpy as np
import pytest

from lucidml import io
from lucidml.datasets.census_names import load_names
from lucidml.nn.char_rnn import CharRNN, NGramCharModel, _bptt_step, encode_names
from lucidml.nn import functional as F
from lucidml.nn.models.char_rnn import CharRNNNet, detach_state
from lucidml.nn.optim import SGD
from lucidml.nn.tensor import Tensor, no_grad

NAMES = ["ab", "ab", "b"]


def test_toy_by_hand():
    # vocabulary ". a b"; transitions: . → a (×2), a → b (×2), b → . (×3), . → b (×1)
    m = NGramCharModel(n=2, alpha=1.0).fit(NAMES)
    assert m.vocabulary_ == [".", "a", "b"]
    np.testing.assert_array_equal(m.counts_, [[0, 2, 1], [0, 0, 2], [3, 0, 0]])
    # "ab": p(a|.) = (2+1)/(3+3) = 1/2, p(b|a) = (2+1)/(2+3) = 3/5, p(.|b) = (3+1)/(3+3) = 2/3
    expected = -np.mean(np.log([1 / 2, 3 / 5, 2 / 3]))
    assert m.loss(["ab"]) == pytest.approx(expected, abs=1e-12)
    X, Y = encode_names(["ab", "b"], m.vocabulary_)
    np.testing.assert_array_equal(X, [[0, 1, 2], [0, 2, 0]])
    np.testing.assert_array_equal(Y, [[1, 2, 0], [2, 0, -100]])


def test_ngram_anchor_on_surnames():
    """The issue's anchors on the 90/10 surname split: bigram (add-1) 2.56 nats/char, trigram 2.32."""
    names = load_names("last")
    order = np.random.default_rng(0).permutation(len(names))
    n = int(0.9 * len(names))
    train, val = [names[i] for i in order[:n]], [names[i] for i in order[n:]]
    assert NGramCharModel(2, 1.0).fit(train).loss(val) == pytest.approx(2.56, abs=0.01)
    assert NGramCharModel(3, 0.1).fit(train).loss(val) == pytest.approx(2.32, abs=0.01)


@pytest.mark.parametrize("cell", ["rnn", "gru", "lstm"])
def test_learns_and_samples(cell):
    names = load_names("first").names[:300]
    model = CharRNN(cell, embedding_dim=8, hidden_size=32, max_iter=3, learning_rate=0.02, batch_size=32,
                    random_state=0).fit(names)
    assert model.loss_curve_[-1] < model.loss_curve_[0] < np.log(len(model.vocabulary_)) + 0.2
    assert model.network_.rnn.weight_hh_l0.dtype == np.float32                   # float32 by default
    s1 = model.sample(5, temperature=0.8, random_state=1)
    assert s1 == model.sample(5, temperature=0.8, random_state=1) and all(isinstance(s, str) for s in s1)
    assert set("".join(s1)) <= set(model.vocabulary_[1:])


def test_loss_is_mean_negative_log_likelihood():
    """loss(names) = −mean ln softmax(logits)[next char], computed here from the network directly."""
    names = ["anna", "bob", "eve"]
    model = CharRNN("gru", embedding_dim=4, hidden_size=8, max_iter=1, random_state=0, dtype="float64").fit(names)
    X, Y = encode_names(names, model.vocabulary_)
    logits, _ = model.network_(Tensor(X))
    z = logits.data
    p = np.exp(z) / np.exp(z).sum(-1, keepdims=True)
    keep = Y != -100
    expected = -np.mean(np.log(np.take_along_axis(p, np.where(keep, Y, 0)[..., None], -1)[..., 0][keep]))
    assert model.loss(names) == pytest.approx(expected, rel=1e-12)


def test_truncated_bptt():
    """Chunks of bptt steps carry the state forward (the forward loss equals the full one) but stop the
    gradient at chunk boundaries; bptt >= T is exactly full BPTT."""
    rng = np.random.default_rng(0)
    X = rng.integers(0, 5, size=(4, 8))
    Y = rng.integers(0, 5, size=(4, 8))

    def one_step(bptt):
        net = CharRNNNet(5, 3, 6, cell="lstm", random_state=0, dtype="float64")
        opt = SGD(net.parameters(), lr=0.0)                                   # lr 0: weights stay, grads stay
        loss = _bptt_step(net, opt, bptt, None)(None, (Tensor(X),), Y)
        return loss, net.embedding.weight.grad

    full_loss, full_grad = one_step(None)
    same_loss, same_grad = one_step(8)
    chunked_loss, last_chunk_grad = one_step(3)                               # chunks [0:3], [3:6], [6:8]
    assert same_loss == pytest.approx(full_loss, rel=1e-12)
    np.testing.assert_array_equal(same_grad, full_grad)
    assert chunked_loss == pytest.approx(full_loss, rel=1e-12)                # lr = 0: same forward numbers
    # the last update's gradient is that of chunk [6:8] alone, from the state after step 6 as a constant
    net = CharRNNNet(5, 3, 6, cell="lstm", random_state=0, dtype="float64")
    with no_grad():
        _, state = net(Tensor(X[:, :6]))
    logits, _ = net(Tensor(X[:, 6:]), detach_state(state))
    F.cross_entropy(logits.reshape(-1, 5), Y[:, 6:].reshape(-1)).backward()
    np.testing.assert_allclose(last_chunk_grad, net.embedding.weight.grad, rtol=1e-12, atol=1e-14)
    assert not np.allclose(last_chunk_grad, full_grad)


def test_round_trip(tmp_path):
    model = CharRNN("lstm", embedding_dim=4, hidden_size=8, max_iter=1, random_state=0).fit(["anna", "bob"])
    io.save(model, tmp_path / "m.npz")
    back = io.load(tmp_path / "m.npz")
    np.testing.assert_array_equal(back.log_prob(["ann", "bo"]), model.log_prob(["ann", "bo"]))
    assert back.sample(3, random_state=0) == model.sample(3, random_state=0)


def test_bad_input():
    model = CharRNN(embedding_dim=4, hidden_size=4, max_iter=1, random_state=0).fit(["ab", "ba"])
    with pytest.raises(ValueError, match=r"characters \['z'\] are outside the vocabulary"):
        model.loss(["az"])
    with pytest.raises(TypeError, match="one string"):
        model.loss("ab")
    with pytest.raises(ValueError, match="non-empty string"):
        CharRNN().fit(["ab", ""])
    with pytest.raises(ValueError, match="boundary token"):
        NGramCharModel().fit(["a.b"])
    with pytest.raises(ValueError, match="cell"):
        CharRNN(cell="transformer").fit(["ab"])
    with pytest.raises(ValueError, match="temperature"):
        model.sample(2, temperature=0.0)
