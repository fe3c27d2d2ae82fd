# %% [markdown]
# # The leakage guard refuses a future-trained split
# Time-ordered folds train on the past only; a split that trains on later years and
# validates on earlier ones is refused with a TemporalLeakageError, never silently scored.

# %%
import numpy as np

from lucidml.datasets import load_nile
from lucidml.model_selection import TemporalLeakageError, TimeSeriesSplit, check_temporal_split

years, flow = load_nile()
folds = list(TimeSeriesSplit(n_splits=4).split(flow))
for train, val in folds:
    check_temporal_split(train, val)                                  # passes: the past predicts the future
    print(f"train {years[train[0]]}-{years[train[-1]]} -> validate {years[val[0]]}-{years[val[-1]]}")
try:
    check_temporal_split(np.arange(50, 100), np.arange(0, 50))        # trains on the future
    raise SystemExit("a future-trained split was accepted")
except TemporalLeakageError as refusal:
    print("refused:", str(refusal)[:90], "...")

# %%
try:
    import matplotlib.pyplot as plt
except ImportError:                                   # plotting is optional
    plt = None
if plt is not None:
    fig, ax = plt.subplots(figsize=(6, 2.5))
    for i, (train, val) in enumerate(folds):
        ax.plot(years[train], [i] * len(train), "b.", years[val], [i] * len(val), "r.")
    ax.set_yticks(range(len(folds))); ax.set_xlabel("year (blue: train, red: validate)")
    plt.show()
