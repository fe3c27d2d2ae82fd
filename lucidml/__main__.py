"""``python -m lucidml`` is the ``lucidml`` command."""
from lucidml.cli.apps import main

main()
