"""govbudget: budget and final-accounts disclosures (预决算公开) as clean, archived data."""

__version__ = "0.1.0"
