"""Every classifier on two moons: each is as accurate as its scikit-learn twin on the same split."""
import numpy as np
from sklearn import ensemble, linear_model, naive_bayes, neighbors, svm, tree
from sklearn.datasets import make_moons
from typer.testing import CliRunner

from lucidml.cli import app
from lucidml.experiments import compare_classifiers


def test_matches_scikit_learn_models_on_the_same_split():
    result = compare_classifiers(random_state=0)
    X, y = make_moons(n_samples=300, noise=0.25, random_state=0)
    order = np.random.default_rng(0).permutation(300)
    train, test = order[:150], order[150:]
    twins = {
        "kNN (k = 15)": neighbors.KNeighborsClassifier(15),
        "logistic regression": linear_model.LogisticRegression(),
        "decision tree (depth 5)": tree.DecisionTreeClassifier(max_depth=5, random_state=0),
        "random forest": ensemble.RandomForestClassifier(50, max_depth=6, random_state=0),
        "gradient boosting": ensemble.GradientBoostingClassifier(n_estimators=50, max_depth=2, random_state=0),
        "AdaBoost (stumps)": ensemble.AdaBoostClassifier(n_estimators=50, random_state=0),
        "SVC (rbf)": svm.SVC(),
        "Gaussian naive Bayes": naive_bayes.GaussianNB(),
    }
    assert list(result.accuracy) == list(twins)
    for name, model in twins.items():
        reference = (model.fit(X[train], y[train]).predict(X[test]) == y[test]).mean()
        # deterministic twins agree exactly; the random forest's bootstrap draws differ from
        # scikit-learn's, so 150 held-out points allow a few different answers (3/150 = 0.02)
        assert abs(result.accuracy[name] - reference) <= 0.021, name
    assert result.accuracy["SVC (rbf)"] > result.accuracy["logistic regression"]  # the moons bend


def test_cli_prints_the_table(tmp_path):
    out = CliRunner().invoke(app, ["experiment", "classifiers", "--out", str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert "SVC (rbf)" in out.output and (tmp_path / "classifiers.png").is_file()
