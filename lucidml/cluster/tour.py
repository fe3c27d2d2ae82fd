"""Tour section: unsupervised learning, clustering and choosing the number of clusters (SYLLABUS §8)."""
from __future__ import annotations

import numpy as np

from lucidml.report.section import Figure, Section


def section() -> Section:
    from lucidml.explain.clustering import kmeans_iteration, silhouette

    X_small = np.array([[1., 1.], [1.5, 2.], [3., 4.], [5., 7.], [3.5, 5.], [4.5, 5.], [3.5, 4.5]])
    labels_small = np.array([0, 0, 1, 1, 1, 1, 1])
    return Section(
        title="Unsupervised learning: clustering",
        order=80,
        intro=["Clustering finds structure in X alone, without labels. Four families: centroid based "
               "(k-means: each point joins its nearest centre), connectivity based (agglomerative: merge the "
               "closest clusters, draw the dendrogram), distribution based (a Gaussian mixture fitted by EM) "
               "and density based (DBSCAN: clusters are dense regions, everything else is noise).",
               "The number of clusters is a choice: the elbow of the inertia curve, the highest mean "
               "silhouette, or the lowest BIC of a Gaussian mixture."],
        solutions=[kmeans_iteration(X_small, X_small[:2]), silhouette(X_small, labels_small, 2)],
        figures=[_figure_four_methods(), _figure_dendrogram(), _figure_gmm(), _figure_choosing_k()],
        notes=["k-means finds round clusters of similar size: it fails on the moons and on stretched blobs, "
               "where the mixture (full covariances) and DBSCAN (any shape) succeed."],
    )


def _datasets():
    from sklearn.datasets import make_blobs, make_moons

    blobs = make_blobs(400, centers=3, cluster_std=0.8, random_state=8)[0]
    moons = make_moons(400, noise=0.06, random_state=0)[0]
    aniso = make_blobs(400, centers=3, random_state=170)[0] @ np.array([[0.6, -0.64], [-0.41, 0.85]])
    return [("blobs", blobs, 3, 0.8), ("moons", moons, 2, 0.2), ("anisotropic", aniso, 3, 0.25)]


def _figure_four_methods() -> Figure:
    import matplotlib.pyplot as plt
    from sklearn.preprocessing import StandardScaler

    from lucidml.cluster import DBSCAN, AgglomerativeClustering, GaussianMixture, KMeans

    sets = _datasets()
    fig, axes = plt.subplots(len(sets), 4, figsize=(12, 8.5))
    for row, (name, X, k, eps) in zip(axes, sets):
        X = StandardScaler().fit_transform(X)
        methods = [("k-means", KMeans(k, n_init=5, random_state=0)),
                   ("agglomerative (single)" if name == "moons" else "agglomerative (ward)",
                    AgglomerativeClustering(k, linkage="single" if name == "moons" else "ward")),
                   ("GMM (full)", GaussianMixture(k, n_init=3, random_state=0)),
                   ("DBSCAN", DBSCAN(eps=eps, min_samples=5))]
        for ax, (title, model) in zip(row, methods):
            z = model.fit_predict(X)
            ax.scatter(X[:, 0], X[:, 1], c=np.where(z < 0, -1, z), s=6, cmap="tab10", vmin=-1, vmax=9)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_title(f"{title}: {name}", fontsize=9)
    fig.tight_layout()
    return Figure.from_matplotlib(fig, "Four clustering families on the same data",
                                  "Rows: blobs, moons, stretched blobs (standardised). DBSCAN noise in grey-blue.")


def _figure_dendrogram() -> Figure:
    import matplotlib.pyplot as plt
    from scipy.cluster.hierarchy import dendrogram
    from sklearn.datasets import load_iris

    from lucidml.cluster import AgglomerativeClustering

    X = load_iris().data[::3]
    Z = AgglomerativeClustering(3, linkage="ward").fit(X).linkage_matrix()
    fig, ax = plt.subplots(figsize=(10, 3.5))
    dendrogram(Z, ax=ax, no_labels=True, color_threshold=Z[-2, 2])
    ax.set_ylabel("merge height (ward)")
    return Figure.from_matplotlib(fig, "Dendrogram (ward linkage) of 50 iris flowers",
                                  "Cutting below the last two merges leaves three clusters.")


def _figure_gmm() -> Figure:
    import matplotlib.pyplot as plt

    from lucidml.cluster import GaussianMixture

    _, X, k, _ = _datasets()[2]
    gm = GaussianMixture(k, random_state=0).fit(X)
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.scatter(X[:, 0], X[:, 1], c=gm.predict(X), s=6, cmap="tab10", vmin=0, vmax=9)
    t = np.linspace(0, 2 * np.pi, 100)
    for mu, S in zip(gm.means_, gm.covariances_):
        lam, U = np.linalg.eigh(S)
        for r in (1, 2):                                           # 1σ and 2σ ellipses
            E = mu + r * (U @ (np.sqrt(lam)[:, None] * np.stack([np.cos(t), np.sin(t)]))).T
            ax.plot(E[:, 0], E[:, 1], "k-", lw=1)
    ax.set_title("GMM: 1σ and 2σ ellipses", fontsize=10)
    return Figure.from_matplotlib(fig, "A Gaussian mixture on stretched blobs",
                                  "Full covariances follow the stretch that k-means cannot.")


def _figure_choosing_k() -> Figure:
    import matplotlib.pyplot as plt
    from sklearn.datasets import make_blobs

    from lucidml.cluster import choose_n_clusters

    X = make_blobs(500, centers=4, cluster_std=0.7, random_state=1)[0]
    fig, axes = plt.subplots(1, 3, figsize=(12, 3.3))
    for ax, method in zip(axes, ["elbow", "silhouette", "bic"]):
        c = choose_n_clusters(X, range(2, 9), method=method)
        ax.plot(c.k, c.scores, "o-")
        ax.plot([c.best_k], [c.scores[list(c.k).index(c.best_k)]], "o", ms=12, mfc="none", mec="crimson", mew=2)
        ax.set_xlabel("K")
        ax.set_title(f"{c.score_name}: K = {c.best_k}", fontsize=9)
    fig.tight_layout()
    return Figure.from_matplotlib(fig, "Choosing the number of clusters (4 true blobs)",
                                  "Elbow (knee of the inertia), silhouette (maximum), BIC (minimum).")
