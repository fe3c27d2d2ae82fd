"""``python -m lucidml`` is the ``lucidml`` command."""
from lucidml.cli import main

main()
