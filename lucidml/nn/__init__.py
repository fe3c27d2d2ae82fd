"""Neural networks from first principles (SYLLABUS §11, §15): a NumPy autograd
:class:`Tensor`, activations and losses, layers, optimisers, training and MLP estimators."""
from lucidml.nn import functional, init
from lucidml.nn.clipping import clip_grad_norm_, clip_grad_value_
from lucidml.nn.embedding import Embedding
from lucidml.nn.mlp import MLPClassifier, MLPRegressor
from lucidml.nn.modules import (ELU, GELU, SMHT, BatchNorm1d, BinaryStep, Dropout, Flatten, Identity, LayerNorm,
                                LeakyReLU, Linear, Module, ModuleDict, ModuleList, Parameter, ReLU, Sequential, Sigmoid,
                                Softmax, Softplus, Tanh, Unflatten)
from lucidml.nn.optim import SGD, Adam, AdamW, CosineAnnealingLR, Optimizer, RMSprop, StepLR
from lucidml.nn.tensor import (Tensor, arange, cat, full, is_grad_enabled, no_grad, ones, stack, tensor, tril, triu,
                               where, zeros)
from lucidml.nn.training import EarlyStopping, Trainer, TrainingDivergedError

__all__ = ["Tensor", "tensor", "no_grad", "is_grad_enabled", "cat", "stack", "where", "zeros", "ones", "full",
           "arange", "tril", "triu", "functional", "init",
           "Module", "Parameter", "Sequential", "ModuleList", "ModuleDict", "Flatten", "Unflatten", "Linear",
           "Embedding", "Dropout", "BatchNorm1d", "LayerNorm", "Identity",
           "BinaryStep", "Sigmoid", "Tanh", "SMHT", "ReLU", "LeakyReLU", "ELU", "GELU", "Softplus", "Softmax",
           "Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "StepLR", "CosineAnnealingLR", "clip_grad_norm_",
           "clip_grad_value_", "Trainer", "EarlyStopping", "TrainingDivergedError", "MLPClassifier", "MLPRegressor"]
