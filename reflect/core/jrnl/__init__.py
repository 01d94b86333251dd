"""Bringing a jrnl journal in: where jrnl keeps it, its format, and the import.

`config` reads jrnl's own settings (with places the CLI resolved), `files`
finds and reads the journal files safely, `format` parses jrnl's plain-text
entries, and `importing` writes them into reflect in one transaction.
"""
