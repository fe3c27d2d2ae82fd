"""statsmodels' shipped series, loaded the same way by every test module here."""
import numpy as np
import pytest


def nile():
    sm = pytest.importorskip("statsmodels.api")
    return sm.datasets.nile.load_pandas().data["volume"].to_numpy(float)


def sunspots():
    sm = pytest.importorskip("statsmodels.api")
    return sm.datasets.sunspots.load_pandas().data["SUNACTIVITY"].to_numpy(float)


def macro(column):
    sm = pytest.importorskip("statsmodels.api")
    return sm.datasets.macrodata.load_pandas().data[column].to_numpy(float)


def brockwell_davis(name):
    pytest.importorskip("statsmodels")
    from statsmodels.tsa.arima.datasets import brockwell_davis_2002 as bd

    return np.asarray(getattr(bd, name), float)
