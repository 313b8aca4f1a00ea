"""The archive: content-addressed originals, parsed records, datasets, change detection."""
