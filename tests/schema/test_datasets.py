"""The dataset definitions every writer shares: each column a pull or ``parse --out`` writes is described."""

from __future__ import annotations

from govbudget.schema.datasets import DATASETS, with_classifications
from govbudget.schema.fields import description


def test_every_dataset_column_has_a_description():
    for name, spec in DATASETS.items():
        columns = spec.schema.names + (with_classifications(spec.schema.empty_table()).column_names if name == "line_items" else [])
        assert all(description(name, column) for column in columns)
