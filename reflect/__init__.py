"""reflect: a private, encrypted reflective-practice journal for peer support workers.

The package is split so that scripts and tests can use the journal without a
terminal: `reflect.core` is plain Python, `reflect.cli.main` is the composition root,
and `reflect.tui` is the Textual interface that `reflect.cli.main` starts on demand.
"""

__version__ = "0.1.0"
