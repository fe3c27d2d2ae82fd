"""§10 PCA and truncated SVD against scikit-learn's."""

from lucidml.verify.registry import case


@case("PCA", reference="sklearn.decomposition.PCA", quantity="3 principal axes (same sign convention)",
      datasets=["iris", "wine", "digits"], tol=1e-8,
      reason="the same SVD of the centred data; well separated leading singular values: 1e-8")
def pca_components(d):
    from sklearn import decomposition as sk

    from lucidml.decomposition import PCA

    return PCA(3).fit(d.X).components_, sk.PCA(3).fit(d.X).components_


@case("PCA", reference="sklearn.decomposition.PCA", quantity="explained variance of every component",
      datasets=["iris", "wine", "digits"], tol=1e-8, relative=True,
      reason="squared singular values / (N − 1) of the same SVD: 1e-8 of the largest")
def pca_variance(d):
    from sklearn import decomposition as sk

    from lucidml.decomposition import PCA

    return PCA().fit(d.X).explained_variance_, sk.PCA().fit(d.X).explained_variance_


@case("TruncatedSVD", reference="sklearn.decomposition.TruncatedSVD(algorithm='arpack')",
      quantity="3 leading singular values", datasets=["iris", "digits"], tol=1e-10, relative=True,
      reason="an exact SVD against ARPACK's converged Lanczos values: rounding only")
def truncated_svd(d):
    from sklearn import decomposition as sk

    from lucidml.decomposition import TruncatedSVD

    return (TruncatedSVD(3, algorithm="exact").fit(d.X).singular_values_,
            sk.TruncatedSVD(3, algorithm="arpack").fit(d.X).singular_values_)
