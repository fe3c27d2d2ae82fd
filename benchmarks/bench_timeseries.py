"""Time-series workloads: ARIMA exact ML, AR by OLS, ACF/PACF, against statsmodels."""
from __future__ import annotations

import warnings

import numpy as np
from harness import Workload


def workloads(quick: bool) -> list[Workload]:
    from scipy.signal import lfilter
    from statsmodels.tsa.ar_model import AutoReg
    from statsmodels.tsa.arima.model import ARIMA as SmARIMA
    from statsmodels.tsa.stattools import acf as sm_acf
    from statsmodels.tsa.stattools import pacf as sm_pacf

    from lucidml.timeseries import AR, ARIMA, acf, pacf

    n_arima = 300 if quick else 2000
    n_ar = 2000 if quick else 100_000
    n_acf = 2000 if quick else 1_000_000

    def arima_data():
        # (1 − 0.5B + 0.3B²) ∇y_t = (1 + 0.4B + 0.2B²) ε_t
        e = np.random.default_rng(0).normal(size=n_arima + 1)
        w = lfilter([1, 0.4, 0.2], [1, -0.5, 0.3], e)
        return np.cumsum(w)

    def ar_data():
        e = np.random.default_rng(1).normal(size=n_ar)
        return 2.0 + lfilter([1.0], [1, -0.6, 0.2, -0.1], e)

    def acf_data():
        e = np.random.default_rng(2).normal(size=n_acf)
        return lfilter([1.0], [1, -0.8], e)

    def sm_arima(y):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = SmARIMA(y, order=(2, 1, 2)).fit()
        return np.r_[r.params], r.llf

    def ours_arima(y):
        m = ARIMA(2, 1, 2).fit(y)
        return np.r_[m.ar_, m.ma_, m.sigma2_], m.loglike_, y

    def check_arima(a, b):
        # equal coefficients (1e-3); our log L is that of ∇y, which statsmodels computes
        # identically at the same parameters (its ARIMA on y adds an approximately diffuse
        # first observation, so its reported llf differs by a constant).
        np.testing.assert_allclose(a[0], b[0], rtol=1e-3, atol=1e-3)
        same = SmARIMA(np.diff(a[2]), order=(2, 0, 2), trend="n").loglike(a[0])
        np.testing.assert_allclose(a[1], same, rtol=1e-10)

    def check_close(tol):
        return lambda a, b: np.testing.assert_allclose(a, b, rtol=tol, atol=tol)

    return [
        Workload(f"time series: ARIMA(2,1,2) exact ML fit, n={n_arima}", arima_data, ours_arima, sm_arima,
                 "statsmodels ARIMA.fit", check=check_arima, repeats=3),
        Workload(f"time series: AR(3) OLS fit, n={n_ar}", ar_data,
                 lambda y: _ar_params(AR(3).fit(y)),
                 lambda y: AutoReg(y, 3).fit().params, "statsmodels AutoReg.fit",
                 check=check_close(1e-8), repeats=5),
        Workload(f"time series: acf 40 lags, n={n_acf}", acf_data, lambda y: acf(y, 40),
                 lambda y: sm_acf(y, nlags=40, fft=True), "statsmodels acf(fft=True)",
                 check=check_close(1e-10), repeats=5),
        Workload(f"time series: pacf 40 lags (Yule-Walker), n={n_acf}", acf_data, lambda y: pacf(y, 40),
                 lambda y: sm_pacf(y, nlags=40, method="ywm"), "statsmodels pacf(method='ywm')",
                 check=check_close(1e-10), repeats=5),
    ]


def _ar_params(m):
    return np.r_[m.const_, m.ar_]
