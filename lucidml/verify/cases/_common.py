"""Shared preparation for the cases: the splits and scalings the topic tests use."""
import numpy as np


def scaled(d):
    """Standardised inputs (z-scores), as the SVM, logistic and kNN reference tests use."""
    X = d.X
    s = X.std(axis=0)
    return (X - X.mean(axis=0)) / np.where(s > 0, s, 1.0)


def split(d, test_size=0.3, seed=0):
    """A seeded hold-out split, then scaled with the training statistics (as tests/neighbors does)."""
    from sklearn.model_selection import train_test_split
    from sklearn.preprocessing import StandardScaler

    Xtr, Xte, ytr, yte = train_test_split(d.X, d.y, test_size=test_size, random_state=seed)
    scaler = StandardScaler().fit(Xtr)
    return scaler.transform(Xtr), scaler.transform(Xte), ytr, yte


def standardised_target(d):
    return (d.y - d.y.mean()) / d.y.std()
