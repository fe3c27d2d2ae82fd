"""Time series (SYLLABUS §12): ACF/PACF, differencing, lag features, AR, MA, ARMA, ARIMA,
forecasts with intervals and sequential (rolling-origin) cross-validation."""
from lucidml.timeseries.ar import AR
from lucidml.timeseries.arima import ARIMA, ARMA, MA, arma_loglike
from lucidml.timeseries.forecasting import ForecastingCV, LagForecaster
from lucidml.timeseries.stattools import acf, acovf, difference, lag_matrix, pacf, undifference

__all__ = ["acf", "acovf", "pacf", "difference", "undifference", "lag_matrix",
           "AR", "ARIMA", "ARMA", "MA", "arma_loglike", "LagForecaster", "ForecastingCV"]
