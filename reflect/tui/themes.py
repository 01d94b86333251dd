"""reflect's own colours and the choice of theme from the worker's settings.

Textual brings many themes; reflect adds one with the strongest contrast it
can, for bright rooms, tired eyes and low vision. The worker's choice is kept
in the journal, so a theme saved on another machine (or by a later version)
may not exist here: then the app falls back to the default rather than fail.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from textual.theme import BUILTIN_THEMES, Theme

from reflect.core.preferences import DEFAULT_THEME, HIGH_CONTRAST_THEME

HIGH_CONTRAST = Theme(
    name=HIGH_CONTRAST_THEME,
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1a1a1a",
    warning="#ffaf00",
    # Light enough that a dark label on an error button reads at 7:1.
    error="#ff8080",
    success="#5fff5f",
    dark=True,
)

CHOICES = (
    ("Dark (the default)", "textual-dark"),
    ("Light", "textual-light"),
    ("High contrast: easiest to read", "reflect-high-contrast"),
    ("Soft dark (nord)", "nord"),
    ("Warm dark (gruvbox)", "gruvbox"),
    ("Soft light (catppuccin latte)", "catppuccin-latte"),
    ("Paper (solarized light)", "solarized-light"),
)
"""A few calm themes with plain names, rather than every theme Textual has."""

_TEXTUAL_DARK = BUILTIN_THEMES[DEFAULT_THEME]
DEFAULT_DARK = replace(
    _TEXTUAL_DARK,
    variables={
        **_TEXTUAL_DARK.variables,
        # Textual writes the selected row's text and the labels of coloured
        # buttons in 87% white (or black), which on its blue and its red falls
        # below WCAG AA's 4.5:1; opaque white (or black) reaches it. Same
        # name, so a saved "textual-dark" and the default both get it.
        "block-cursor-foreground": "auto 100%",
        "button-color-foreground": "auto 100%",
    },
)
"""The default theme: Textual's dark one with readable selected rows."""

OWN_THEMES = (HIGH_CONTRAST, DEFAULT_DARK)
"""Themes reflect registers with Textual, on top of Textual's own (one of
them in place of Textual's theme of the same name)."""


def theme_to_use(wanted: str, available: Collection[str]) -> str:
    """The theme to show for a saved choice: it, when it exists, else the default."""
    return wanted if wanted in available else DEFAULT_THEME


def choices(available: Collection[str]) -> list[tuple[str, str]]:
    """The settings page's (label, theme) list: those this Textual has."""
    return [(label, name) for label, name in CHOICES if name in available]
