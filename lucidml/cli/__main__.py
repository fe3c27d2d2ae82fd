"""``python -m lucidml.cli`` is the ``lucidml`` command."""
from lucidml.cli.apps import main

main()
