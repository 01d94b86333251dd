"""Small reusable pieces of the interface."""

from reflect.tui.widgets.entry_list import EntryList

__all__ = ["EntryList"]
