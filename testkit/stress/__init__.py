"""Damaged renderings of corpus PDFs: every way a real disclosure's text can mislead a reader.

Each stress class is a function ``(source, target, pages) -> target`` registered in
:data:`testkit.stress.classes.CLASSES`; tests and ``benchmarks/stress.py`` walk the
registry, so a new class (added by anyone) is generated, parsed and scored the same way.
"""
