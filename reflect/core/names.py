"""The names a journal is found by, in a module that imports nothing.

`paths` builds on them; the console script's first step (`cli.start`) reads
them before anything else has loaded, to begin opening the journal early.
"""

APP_NAME = "reflect"
"""The platform folders' name for reflect (data, config)."""
JOURNAL_FILE = "journal.db"
"""The journal's file inside its home folder."""
