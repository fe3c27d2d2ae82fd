"""Time series (SYLLABUS §12): ACF/PACF, differencing, lag features, AR, MA, ARMA, ARIMA,
forecasts with intervals and sequential (rolling-origin) cross-validation."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "stattools": ["acf", "acovf", "pacf", "difference", "undifference", "lag_matrix"],
    "ar": ["AR"],
    "arima": ["ARIMA", "ARMA", "MA", "arma_loglike"],
    "forecasting": ["LagForecaster", "ForecastingCV"],
    "rnn_forecaster": ["RNNForecaster"],
})
