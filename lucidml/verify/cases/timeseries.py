"""§12 time series against statsmodels on the Nile and sunspot series."""
import warnings

import numpy as np

from lucidml.verify.registry import case


@case("acf", reference="statsmodels.tsa.stattools.acf", quantity="autocorrelations, lags 0-40",
      datasets=["nile", "sunspots"], tol=1e-10, reason="the same sums of lagged products: rounding only",
      requires=["statsmodels"])
def acf(d):
    from statsmodels.tsa.stattools import acf as sm_acf

    from lucidml.timeseries import acf

    return acf(d.y, 40), sm_acf(d.y, nlags=40, fft=False)


@case("acovf", reference="statsmodels.tsa.stattools.acovf", quantity="autocovariances, lags 0-40",
      datasets=["nile", "sunspots"], tol=1e-10, relative=True, reason="the same sums of lagged products: rounding only",
      requires=["statsmodels"])
def acovf(d):
    from statsmodels.tsa.stattools import acovf as sm_acovf

    from lucidml.timeseries import acovf

    return acovf(d.y, 40), sm_acovf(d.y, nlag=40, fft=False)


@case("lag_matrix", reference="statsmodels.tsa.tsatools.lagmat", quantity="lags 1-5 and the target",
      datasets=["nile", "sunspots"], tol=0, reason="copies of the same values: identical", requires=["statsmodels"])
def lag_matrix(d):
    from statsmodels.tsa.tsatools import lagmat

    from lucidml.timeseries import lag_matrix

    Z, target = lag_matrix(d.y, 5)
    lags, leads = lagmat(d.y, 5, trim="both", original="sep")
    return np.c_[Z, target], np.c_[lags, leads.ravel()]


@case("pacf", reference="statsmodels.tsa.stattools.pacf(method='ywm')", quantity="partial autocorrelations, lags 0-40",
      datasets=["nile", "sunspots"], tol=1e-10, reason="Durbin-Levinson on the same autocovariances: rounding only",
      requires=["statsmodels"])
def pacf(d):
    from statsmodels.tsa.stattools import pacf as sm_pacf

    from lucidml.timeseries import pacf

    return pacf(d.y, 40), sm_pacf(d.y, nlags=40, method="ywm")


@case("AR", reference="statsmodels.tsa.ar_model.AutoReg", quantity="constant and coefficients of AR(4) by OLS",
      datasets=["nile", "sunspots"], tol=1e-8, relative=True,
      reason="the same least-squares problem on the lag matrix: 1e-8 of the largest parameter",
      requires=["statsmodels"])
def ar(d):
    from statsmodels.tsa.ar_model import AutoReg

    from lucidml.timeseries import AR

    m = AR(4).fit(d.y)
    return np.r_[m.const_, m.ar_], AutoReg(d.y, 4, trend="c").fit().params


def _fit_arima(d):
    from lucidml.timeseries import ARIMA

    m = ARIMA(1, 0, 1, trend="c").fit(d.y)
    return m, np.r_[m.const_, m.ar_, m.ma_, m.sigma2_]                 # statsmodels' parameter order


@case("ARIMA", reference="statsmodels ARIMA.loglike at our estimate",
      quantity="log-likelihood of the fitted ARIMA(1,0,1)", datasets=["nile", "sunspots"], tol=1e-10,
      relative=True, reason="the same exact Gaussian likelihood (Kalman filter) at the same parameters: rounding only",
      requires=["statsmodels"])
def arima_loglike(d):
    from statsmodels.tsa.arima.model import ARIMA as SmARIMA

    m, params = _fit_arima(d)
    return m.loglike_, SmARIMA(d.y, order=(1, 0, 1), trend="c").loglike(params)


@case("ARIMA", reference="statsmodels ARIMA.score at our estimate",
      quantity="gradient of log L × |θ| at the fitted ARIMA(1,0,1) (a maximum: 0)", datasets=["nile", "sunspots"],
      tol=1e-3, reason="at a maximum the gradient vanishes; statsmodels' numerical gradient scaled by |θ| stays "
                       "below 1e-3 only within ~1e-6 of the maximum (seen ~1e-5)", requires=["statsmodels"])
def arima_optimum(d):
    from statsmodels.tsa.arima.model import ARIMA as SmARIMA

    _, params = _fit_arima(d)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        g = SmARIMA(d.y, order=(1, 0, 1), trend="c").score(params)
    return g * np.abs(params), np.zeros_like(params)


@case("ARMA", reference="statsmodels ARIMA.loglike at our estimate",
      quantity="log-likelihood of the fitted ARMA(2,1)", datasets=["nile", "sunspots"], tol=1e-10, relative=True,
      reason="the same exact Gaussian likelihood at the same parameters: rounding only", requires=["statsmodels"])
def arma(d):
    from statsmodels.tsa.arima.model import ARIMA as SmARIMA

    from lucidml.timeseries import ARMA

    m = ARMA(2, 1).fit(d.y)
    params = np.r_[m.const_, m.ar_, m.ma_, m.sigma2_]
    return m.loglike_, SmARIMA(d.y, order=(2, 0, 1), trend="c").loglike(params)


@case("arma_loglike", reference="statsmodels ARIMA.loglike at the same parameters",
      quantity="exact log-likelihood of ARMA(2,1) at fixed parameters", datasets=["nile", "sunspots"],
      tol=1e-11, relative=True, reason="the same prediction-error decomposition: rounding only",
      requires=["statsmodels"])
def arma_loglike(d):
    from statsmodels.tsa.arima.model import ARIMA as SmARIMA

    from lucidml.timeseries import arma_loglike

    y = d.y
    params = np.r_[y.mean(), 0.25, 0.25, 0.2, np.var(y) / 2]          # μ, φ₁, φ₂, θ₁, σ²
    ours = arma_loglike(y, params[1:3], params[3:4], params[0], params[-1])
    return ours, SmARIMA(y, order=(2, 0, 1)).loglike(params)
