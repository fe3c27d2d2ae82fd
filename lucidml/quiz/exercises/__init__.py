"""The exercise types, one module per course topic (syllabus order in the file names).

Each module defines functions decorated with :func:`lucidml.quiz.registry.register`; the
registry imports every module here, so a new exercise type is one small module (or one
more function in its topic's module) and no other file changes. Library imports stay
inside the functions, so listing the topics loads no estimator.
"""
