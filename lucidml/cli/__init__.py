"""The ``lucidml`` command: worked solutions in the terminal, experiments, and the course tour.

    lucidml explain conv1d --signal 2,5,0,1,3 --kernel 0,1,0
    lucidml explain conv2d --data "1 0 1 1 0; 1 0 0 1 1; ..." --kernel "0 0 0; 0 5 0; 0 0 0"
    lucidml explain knn --train "0 0; 1 0; 5 5" --labels a,a,b --query 0.5,0.2 -k 3
    lucidml tour --out report/

Bad input (a ragged matrix, a kernel larger than the data in 'valid' mode, ...) gets a
one-line error on stderr and exit code 2, never a traceback. A topic adds commands in its
own ``lucidml/<topic>/commands.py`` with the decorators below; they are found from the
source (:mod:`lucidml.cli.discovery`), and a topic is imported only to run its commands.

    apps.py       app, explain_app, experiment_app; explain_command, experiment_command,
                  friendly_errors, show, Format; main (the entry point)
    parsing.py    parse_vector, parse_matrix, parse_labels
    discovery.py  reading the topics' commands.py without importing them
"""
from lucidml.utils.exports import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(__name__, {
    "apps": ["app", "explain_app", "experiment_app", "explain_command", "experiment_command", "friendly_errors",
             "show", "Format", "main"],
    "parsing": ["parse_vector", "parse_matrix", "parse_labels"],
})
