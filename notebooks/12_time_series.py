# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # §12 Time series
#
# **The slide's setting:** a pure time series models f(y_t | y_{t−1}, ..., y_0): lagged
# targets become the features. AR, MA, ARMA and ARIMA, and cross-validation that respects
# time. Here the yearly sunspot numbers and the Nile's flow, beside statsmodels; at the end,
# recurrent networks (an LSTM beside PyTorch's, a character model of surnames).

# %%
import matplotlib.pyplot as plt
import numpy as np

from lucidml import datasets, explain
from lucidml.linear_model import Ridge
from lucidml.model_selection import TimeSeriesSplit
from lucidml.timeseries import AR, ARIMA, ForecastingCV, LagForecaster, acf, lag_matrix, pacf

years, spots = datasets.load_sunspots()
explain.ar_forecast(spots[-3:], [1.2, -0.5], steps=3, const=15.0)

# %% [markdown]
# ## Autocorrelation and partial autocorrelation, beside statsmodels (if installed)

# %%
r, phi = acf(spots, 20), pacf(spots, 20)
try:
    from statsmodels.tsa.stattools import acf as sm_acf, pacf as sm_pacf

    print(f"max |Δ acf| = {np.abs(r - sm_acf(spots, nlags=20, fft=False)).max():.1e}, "
          f"max |Δ pacf| = {np.abs(phi - sm_pacf(spots, nlags=20, method='ywm')).max():.1e}")
except ImportError:
    print("statsmodels not installed: pip install statsmodels to compare")
fig, (a, b) = plt.subplots(1, 2, figsize=(9, 2.6))
a.bar(range(21), r); a.set_title("ACF of sunspots"); b.bar(range(21), phi); b.set_title("PACF: AR(2)-like")
plt.show()

# %% [markdown]
# ## AR(p) by least squares on the lag matrix; ARIMA by exact maximum likelihood

# %%
Z, target = lag_matrix(spots, 2)                       # rows (y_{t−1}, y_{t−2}) -> y_t
print("lag matrix", Z.shape, "first row", Z[0], "-> target", target[0])
ar = AR(2).fit(spots)
print("AR(2): const", round(ar.const_, 3), "coefficients", np.round(ar.ar_, 4))
try:
    from statsmodels.tsa.ar_model import AutoReg

    print("statsmodels AutoReg:", np.round(AutoReg(spots, 2, trend="c").fit().params, 4))
except ImportError:
    pass

_, flow = datasets.load_nile()
model = ARIMA(1, 1, 1).fit(flow)
mean, ci = model.forecast(10, return_conf_int=True, alpha=0.1)
print(f"Nile ARIMA(1,1,1): log-likelihood {model.loglike_:.3f}, AIC {model.aic_:.2f}")
fig, ax = plt.subplots(figsize=(8, 2.6))
ax.plot(np.arange(1871, 1971), flow, label="Nile flow")
ax.plot(np.arange(1971, 1981), mean, label="forecast"); ax.fill_between(np.arange(1971, 1981), ci[:, 0], ci[:, 1], alpha=0.3, label="90% interval")
ax.legend(); plt.show()

# %% [markdown]
# ## Sequential cross-validation: every fold trains on the past only

# %%
explain.differencing(flow[:6], d=1)

# %%
cv = TimeSeriesSplit(n_splits=5, test_size=10)
for name, forecaster in [("AR(2)", AR(2)), ("lags + ridge", LagForecaster(Ridge(alpha=1.0), lags=9))]:
    scores = ForecastingCV(forecaster, cv=cv, scoring="mae").fit(spots)
    print(f"{name:>12}: mean absolute error over 5 rolling origins = {scores.mean_score_:.2f}")

# %% [markdown]
# ## Recurrent networks: the same weights at every step
# An RNN carries a state from step to step, h_t = tanh(W_ih x_t + W_hh h_{t−1} + b); the LSTM
# adds a cell c_t = f ⊙ c_{t−1} + i ⊙ g whose additive update lets the gradient survive long
# sequences. lucidml.nn's `RNN`, `LSTM` and `GRU` keep PyTorch's parameter names, shapes and gate
# order (i, f, g, o), so PyTorch's weights load unchanged. One LSTM step, gate by gate:

# %%
explain.lstm_step()

# %%
from lucidml.nn import LSTM, CharRNN, NGramCharModel, Tensor

z = (spots - spots.mean()) / spots.std()
x = np.stack([z[s:s + 12] for s in range(0, 240, 30)])[:, :, None]        # (B = 8, T = 12, 1) windows
lstm = LSTM(1, 8, batch_first=True, dtype="float64", random_state=0)
out, (h, c) = lstm(Tensor(x, dtype=np.float64))                             # out (8, 12, 8), h and c (1, 8, 8)
try:
    import torch

    ref = torch.nn.LSTM(1, 8, batch_first=True).double()
    ref.load_state_dict({k: torch.tensor(v) for k, v in lstm.state_dict().items()})   # names: weight_ih_l0, ...
    t_out, (t_h, t_c) = ref(torch.tensor(x))
    gaps = [np.abs(a.data - b.detach().numpy()).max() for a, b in [(out, t_out), (h, t_h), (c, t_c)]]
    print("max |LSTM lucidml − torch|: outputs {:.1e}, h_T {:.1e}, c_T {:.1e}".format(*gaps))
except ImportError:
    print("torch not installed: pip install torch to compare with torch.nn.LSTM")

# %% [markdown]
# ## A character-level LSTM on surnames, beside a bigram model
# Sequences are not only numbers: `CharRNN` reads a name one character at a time and predicts the
# next. 1,500 surnames of the 1990 US Census and three epochs here (`lucidml experiment char-rnn` runs
# the full corpus); the loss is the validation cross-entropy in nats per character.

# %%
names = datasets.load_names()                                               # most frequent first
rng = np.random.default_rng(0)
sample = [names[i] for i in rng.permutation(5000)[:2000]]
train, val = sample[:1500], sample[1500:]
rnn = CharRNN("lstm", embedding_dim=16, hidden_size=48, max_iter=3, batch_size=32, random_state=0).fit(train)
bigram = NGramCharModel(2).fit(train)
print(f"validation nats/char: lucidml CharRNN (LSTM) {rnn.loss(val):.3f}, bigram counts {bigram.loss(val):.3f}")
print("sampled names:", ", ".join(rnn.sample(8, random_state=0)))
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(range(1, len(rnn.loss_curve_) + 1), rnn.loss_curve_, "o-", label="CharRNN, training")
ax.axhline(bigram.loss(val), ls="--", color="grey", label="bigram, validation")
ax.plot([len(rnn.loss_curve_)], [rnn.loss(val)], "k*", ms=10, label="CharRNN, validation")
ax.set_xlabel("epoch")
ax.set_ylabel("nats per character")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# ## Your turn: a seeded exercise from `lucidml quiz`
# Another seed gives another exercise of the same kind (`lucidml quiz` asks them in the terminal).

# %%
from lucidml import quiz

exercise = quiz.generate("timeseries", seed=3, difficulty=1)
exercise

# %%
feedback = exercise.check("1, 2, 3")          # type your answer here
print(feedback.status, "-", feedback.message)
# exercise.solution                           # uncomment for the worked solution

# %% [markdown]
# **Exercise.** Difference the Nile series once (`explain.differencing`) and look at its
# ACF: which ARIMA order does it suggest?
