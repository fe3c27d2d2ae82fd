"""Agreement cases, one module per lucidml topic; every module here is loaded by the registry.

Each module registers its cases with :func:`lucidml.verify.registry.case`; the tolerances
and their reasons are the ones the topic's own reference tests established.
"""
