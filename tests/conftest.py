"""Shared test settings: no screen for matplotlib, hypothesis without deadlines."""

import matplotlib
from hypothesis import HealthCheck, settings

matplotlib.use("Agg")

settings.register_profile("lucidml", deadline=None, max_examples=60,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("lucidml")
