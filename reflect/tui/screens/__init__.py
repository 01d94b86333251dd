"""The app's screens: create, unlock, home, note writer, entry view."""
