"""Stress sets: corpus disclosures re-printed the ways real producers print them.

Each module renders the corpus truth (tests/fixtures/corpus/truth) with
:mod:`testkit.variants.renderer` under one class of printing habit and knows what
the parsed records must be: :mod:`.continued` (tables running on under a 续表
caption), :mod:`.forms` (performance forms as other tools print them). The PDFs
are built in memory (or under a temporary directory), never committed.
"""
