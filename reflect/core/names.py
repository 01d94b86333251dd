"""The names a journal is found by, in a module that imports nothing.

`paths` and the lock build on them; the console script's first step
(`cli.start`) reads them before anything else has loaded, to begin opening
the journal early, and must find it exactly where the command will.
"""

APP_NAME = "reflect"
"""The platform folders' name for reflect (data, config)."""
JOURNAL_FILE = "journal.db"
"""The journal's file inside its home folder."""
FILE_MODE = 0o600
"""Files we write (journal, lock, backups, exports): readable by the owner only."""
