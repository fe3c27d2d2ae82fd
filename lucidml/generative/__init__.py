"""Neural dimensionality reduction and generative models (SYLLABUS §10, §14): autoencoders,
restricted Boltzmann machines, variational autoencoders and generative adversarial networks."""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "autoencoder": ["Autoencoder"],
    "rbm": ["BernoulliRBM"],
    "vae": ["VAE", "VAENetwork", "gaussian_kl"],
    "gan": ["GAN"],
})
