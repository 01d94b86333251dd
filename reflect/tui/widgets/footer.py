"""The footer that never loses the way out and the way to help.

Textual's footer lists a screen's keys from left to right and simply cuts
whatever does not fit, so in a narrow window (60 columns, a split pane, a
large font) the keys that went first were `esc Back` and the app's `? Help`,
the two a worker needs most when unsure. This footer pins those two at the
right, beside the command palette key, and lets the screen's other keys give
way whole, from the last one back: a half-shown key reads as nonsense, and
every key is listed in the help that `?` opens (`f1` while typing in a box,
where `?` is a character).

Home and the screens that make or unlock a journal have no `esc` (there is
nothing to go back to); `^q Quit` is one of their own keys there.

Every screen composes this footer rather than Textual's own; a test holds
every module in reflect.tui to it, so a screen added later gets it too.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.geometry import Size
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

WAY_OUT = ("escape",)
"""Keys that leave a screen, in the order preferred (the first bound is pinned)."""
SUPPORT_KEYS = ("exclamation_mark", "f2")
"""The support page's key, pinned where a screen shows it (home's `!`, the
writer's f2): the one key a worker having a hard day must find, however
narrow the window."""
HELP_KEYS = ("question_mark", "f1")
"""`?` opens the help, except where a text box takes it as a character
(Textual then leaves it out of the active bindings): there `f1` does."""


class KeysFooter(Footer):
    """A footer whose way out and help key are always on screen."""

    DEFAULT_CSS = """
    KeysFooter {
        .pinned {
            dock: right;
            width: auto;
            height: 1;
            background: $footer-background;
        }
        .pinned FooterKey.-palette {
            border-left: vkey $foreground 20%;
            padding-right: 1;
        }
    }
    """

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        active = self.screen.active_bindings
        pinned, covered = pinned_bindings(
            {key: entry[1] for key, entry in active.items()}, self.app.get_key_display
        )
        seen_actions: set[str] = set()
        for _, binding, enabled, tooltip in active.values():
            if not binding.show or binding.key in covered:
                continue
            if binding.action in seen_actions:  # one key per action, as Footer does
                continue
            seen_actions.add(binding.action)
            yield self._key(binding, enabled, tooltip, binding.description)
        with HorizontalGroup(classes="pinned"):
            for binding, shown_as in pinned:
                _, _, enabled, tooltip = active[binding.key]
                description = binding.description
                yield self._key(binding, enabled, tooltip, description, shown_as)
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            wanted = self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE
            if wanted and palette:
                _, binding, enabled, tooltip = palette
                key = self._key(binding, enabled, tooltip, binding.description)
                key.add_class("-palette")
                yield key
        self.call_after_refresh(self.fit_keys)

    def _key(
        self,
        binding: Binding,
        enabled: bool,
        tooltip: str,
        description: str,
        shown_as: str | None = None,
    ) -> FooterKey:
        return FooterKey(
            binding.key,
            shown_as or self.app.get_key_display(binding),
            description,
            binding.action,
            disabled=not enabled,
            tooltip=tooltip or binding.tooltip,
        ).data_bind(compact=Footer.compact)

    def on_resize(self) -> None:
        self.fit_keys()

    def fit_keys(self) -> None:
        """Show as many of the screen's keys as fit whole beside the pinned ones."""
        if not self.is_attached:
            return
        pinned = sum(
            _width(key) for key in self.query(".pinned FooterKey").results(FooterKey)
        )
        room = self.size.width - pinned
        for key in self.query_children(FooterKey):
            width = _width(key)
            key.display = width <= room
            room = room - width if key.display else -1  # the rest give way too


def _width(key: FooterKey) -> int:
    """Columns the key takes: its words, padding, border and margin."""
    styles = key.styles
    content = key.get_content_width(Size(0, 0), Size(0, 0))
    return (
        content
        + styles.padding.width
        + styles.border.spacing.width
        + styles.margin.width
    )


def pinned_bindings(
    active: dict[str, Binding], display: Callable[[Binding], str]
) -> tuple[list[tuple[Binding, str | None]], set[str]]:
    """The support key, the way out and help among a screen's active
    bindings (by key).

    Each comes with how its key is shown (None: the usual notation), and the
    keys they cover, so the rest of the footer leaves them out. When `?` does
    the same as `esc` (on the help page both close it) they are one key,
    shown as `esc ?`.
    """
    out = next((active[key] for key in WAY_OUT if key in active), None)
    help_binding = next((active[key] for key in HELP_KEYS if key in active), None)
    support = next(
        (active[key] for key in SUPPORT_KEYS if key in active and active[key].show),
        None,
    )
    found = [b for b in (support, out, help_binding) if b is not None]
    covered = {binding.key for binding in found}
    if out and help_binding and out.action == help_binding.action:
        first = [(support, None)] if support else []
        return [*first, (out, f"{display(out)} {display(help_binding)}")], covered
    return [(binding, None) for binding in found], covered
