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
# time. Here the yearly sunspot numbers and the Nile's flow, beside statsmodels.

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
