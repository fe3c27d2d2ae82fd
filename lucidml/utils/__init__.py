"""Shared plumbing: input validation used by every topic module."""
from lucidml.utils.validation import (
    as_float_array,
    check_int,
    check_option,
    check_real,
    check_training_query,
)

__all__ = ["as_float_array", "check_int", "check_option", "check_real", "check_training_query"]
