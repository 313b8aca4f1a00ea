"""Stage 4, interpret: printed tables and text → records with meaning.

``table_kinds`` names a table from its title; ``header_keys`` turns printed headers into
column keys of the vocabulary; ``table_rows`` turns body rows into
:class:`~govbudget.schema.TableRow`; ``table_records`` drives both per table;
``performance`` reads performance forms; ``metadata`` the cover; ``narrative`` the
explanation's headline figures.
"""
