"""Neural networks from first principles (SYLLABUS §11, §15): a NumPy autograd
:class:`Tensor`, activations and losses, layers, optimisers, training and MLP estimators."""
from lucidml.nn import functional, init
from lucidml.nn.modules import (ELU, GELU, SMHT, BatchNorm1d, BinaryStep, Dropout, Identity, LayerNorm, LeakyReLU,
                                Linear, Module, Parameter, ReLU, Sequential, Sigmoid, Softmax, Softplus, Tanh)
from lucidml.nn.mlp import MLPClassifier, MLPRegressor
from lucidml.nn.optim import SGD, Adam, AdamW, CosineAnnealingLR, Optimizer, RMSprop, StepLR
from lucidml.nn.tensor import Tensor, cat, is_grad_enabled, no_grad, stack, tensor, where
from lucidml.nn.training import EarlyStopping, Trainer, TrainingDivergedError

__all__ = ["Tensor", "tensor", "no_grad", "is_grad_enabled", "cat", "stack", "where", "functional", "init",
           "Module", "Parameter", "Sequential", "Linear", "Dropout", "BatchNorm1d", "LayerNorm", "Identity",
           "BinaryStep", "Sigmoid", "Tanh", "SMHT", "ReLU", "LeakyReLU", "ELU", "GELU", "Softplus", "Softmax",
           "Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "StepLR", "CosineAnnealingLR",
           "Trainer", "EarlyStopping", "TrainingDivergedError", "MLPClassifier", "MLPRegressor"]
