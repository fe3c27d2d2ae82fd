"""The tree-boundaries experiment: the models it draws, their training accuracies, the figure."""
import numpy as np
import pytest
from sklearn.datasets import make_moons

from lucidml.experiments import figure_tree_boundaries, tree_boundary_accuracies, tree_boundary_models


def test_accuracies_are_the_models_training_scores():
    acc = tree_boundary_accuracies(random_state=0)
    assert list(acc) == list(tree_boundary_models())
    X, y = make_moons(120, noise=0.2, random_state=0)
    for name, model in tree_boundary_models(0).items():
        assert acc[name] == model.fit(X, y).score(X, y), name
    # a full tree reproduces its (distinct) training points; depth 3 cannot follow the noise
    assert acc["tree, full depth"] == 1.0 and acc["tree, depth 3"] < 1.0
    assert acc["random forest, 100 trees"] >= acc["tree, depth 3"]


@pytest.mark.slow
def test_figure():
    fig = figure_tree_boundaries(random_state=0, resolution=40)
    assert fig.png[:4] == b"\x89PNG" and "two moons" in fig.title
    assert np.isfinite(len(fig.png))
