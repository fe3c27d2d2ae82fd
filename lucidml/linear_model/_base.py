"""Small pieces the linear models share: the output shapes and ŷ = X w + b."""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.utils.validation import check_is_fitted, validate_data


def set_linear_output(model, W, b, y_ndim):
    """Store W (D, T) and b (T,) as scikit-learn does: coef_ (D,) and a float for 1-D y, else (T, D), (T,)."""
    if y_ndim == 1:
        model.coef_, model.intercept_ = W[:, 0].copy(), float(b[0])
    else:
        model.coef_, model.intercept_ = W.T.copy(), np.asarray(b, dtype=np.float64)


class _LinearPredictor(RegressorMixin, BaseEstimator):
    """The prediction ŷ = X w + b (``coef_``, ``intercept_``, one or several targets) that
    LinearRegression and Ridge share. Not an estimator by itself: it has no ``fit``."""

    def predict(self, X):
        """ŷ = X w + b."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return X @ self.coef_.T + self.intercept_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        return tags
