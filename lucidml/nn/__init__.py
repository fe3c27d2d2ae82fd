"""Neural networks from first principles (SYLLABUS §11–§15): a NumPy autograd
:class:`Tensor`, activations and losses, layers (linear, convolution, pooling, norms,
recurrent, attention, transformer blocks), containers, optimisers, training, and the
scikit-learn estimators built on them (MLP, CNN, character RNN).

Names resolve lazily: ``lucidml.nn.Tensor`` imports only ``nn/tensor.py``, so using the
autograd does not load scikit-learn. ``lucidml.nn.functional`` (F) and
``lucidml.nn.models`` are submodules.
"""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "tensor": ["Tensor", "no_grad", "is_grad_enabled", "cat", "stack", "where", "zeros", "ones", "full",
               "arange", "tril", "triu"],
    "modules": ["Module", "Parameter", "Sequential", "ModuleList", "ModuleDict", "Flatten", "Unflatten", "Linear",
                "Dropout", "BatchNorm1d", "LayerNorm", "Identity", "BinaryStep", "Sigmoid", "Tanh", "SMHT", "ReLU",
                "LeakyReLU", "ELU", "GELU", "Softplus", "Softmax"],
    "embedding": ["Embedding"],
    "conv": ["Conv1d", "Conv2d"],
    "pooling": ["MaxPool2d", "AvgPool2d", "AdaptiveAvgPool2d"],
    "norm": ["BatchNorm2d", "Dropout2d"],
    "recurrent": ["RNNCell", "LSTMCell", "GRUCell", "RNN", "LSTM", "GRU"],
    "attention": ["MultiheadAttention", "scaled_dot_product_attention"],
    "positional": ["SinusoidalPositionalEncoding", "LearnedPositionalEmbedding"],
    "transformer": ["TransformerEncoderLayer", "TransformerDecoderLayer", "TransformerEncoder", "TransformerDecoder",
                    "Transformer"],
    "optim": ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "StepLR", "CosineAnnealingLR"],
    "clipping": ["clip_grad_norm_", "clip_grad_value_"],
    "training": ["Trainer", "EarlyStopping", "TrainingDivergedError"],
    "mlp": ["MLPClassifier", "MLPRegressor"],
    "cnn": ["CNNClassifier"],
    "char_rnn": ["CharRNN", "NGramCharModel"],
})
