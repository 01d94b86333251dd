"""The Textual interface. Imported only when the app starts (never by core)."""
