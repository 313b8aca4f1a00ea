"""Stress sets: corpus disclosures damaged or re-printed the ways real producers make them.

Damaged text layers, simple fonts made composite (:mod:`.composite`: Type0, Identity-H,
with or without a map) and turned pages are functions ``(source, target, pages) -> target``
registered in :data:`testkit.stress.classes.CLASSES` (tests and ``benchmarks/stress.py``
walk that registry). Re-printings render the corpus truth with
:mod:`testkit.variants.renderer` under one printing habit and know what the parsed
records must be: :mod:`.continued` (tables running on under a 续表 caption), :mod:`.forms`
(performance forms as other tools print them; ``benchmarks/stress_printing.py``). The PDFs
are built in memory or under a temporary directory, never committed.
"""
