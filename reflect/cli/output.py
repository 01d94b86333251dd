"""The CLI's one way out: standard output and error, guarded while a command runs.

Every command shows people's words through `cli_common.shown` where it prints
them. This module is the backstop for a place that forgets (or for text that
arrives by a way nobody thought of: an error message naming a file, a
question in a prompt, a renderer writing straight to `sys.stdout`). While
`reflect` runs a command, `sys.stdout` and `sys.stderr` are wrapped so that
everything written passes through core's sanitiser on its way out.

reflect's own styling (click.style's SGR codes: bold, dim) may stay, but only
when click itself would keep it (a terminal, or colour forced) and `NO_COLOR`
is not set; every other escape sequence, C1 or bidi control is shown as a
visible mark. So an OSC sequence, which click does not strip in a pipe, never
reaches a terminal, and with `NO_COLOR` no ESC is written at all. Only the
exact codes reflect writes are kept, not every SGR: one that came from a
person could hide text (`ESC[8m`) or hand the terminal a parameter list of
any length.

An output that cannot encode a character (`PYTHONIOENCODING=ascii`, or on
Windows a redirect to a file in the locale's code page) gets it as a
`\\uXXXX` escape instead of a traceback: the visible marks themselves are
not ASCII, and JSON stays valid and lossless that way, since such characters
only occur inside its strings.

The app is not run under the guard: Textual draws with escape sequences of its
own and shows people's words through the same sanitiser in its widgets.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click
from click import _compat as click_compat
from click.globals import resolve_color_default

from reflect.core.text import is_plain, visible

_SGR = re.compile(r"\x1b\[[012]m")
"""The Select Graphic Rendition codes click.style writes for reflect: bold,
dim and reset (reflect uses no colour), nothing more."""
_CSI = re.compile(r"\x1b\[[0-9;?]*[@-~]")


def _json_escape(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: each character the output cannot encode as a
    JSON `\\uXXXX` escape (a surrogate pair beyond the first plane)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    escaped: list[str] = []
    for char in error.object[error.start : error.end]:
        code = ord(char)
        if code > 0xFFFF:
            code -= 0x10000
            escaped.append(
                f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
            )
        else:
            escaped.append(f"\\u{code:04x}")
    return "".join(escaped), error.end


_ESCAPES = "reflect-json-escape"
codecs.register_error(_ESCAPES, _json_escape)


def no_color() -> bool:
    """True when the person asked for no colour (https://no-color.org): any
    non-empty value of NO_COLOR."""
    return bool(os.environ.get("NO_COLOR"))


class GuardedStream:
    """A text stream that writes only what is safe to put on a terminal.

    It offers no `buffer`, so nothing (click included) can reach past it to
    the bytes underneath.
    """

    def __init__(self, stream: TextIO, *, colour: bool) -> None:
        self.underneath = stream
        """The stream underneath, for reflect's own progress bar."""
        self._colour = colour

    def write(self, text: str) -> int:
        if not isinstance(text, str):  # click probes with b"" for a binary stream
            raise TypeError("reflect writes text, not bytes, to the terminal")
        tamed = self.tamed(text)
        try:
            self.underneath.write(tamed)
        except UnicodeEncodeError:
            # The whole text is encoded before any of it is buffered, so
            # nothing was written yet: write it again, escaped.
            encoding = self.underneath.encoding or "utf-8"
            self.underneath.write(
                tamed.encode(encoding, _ESCAPES).decode(encoding, "replace")
            )
        return len(text)

    def tamed(self, text: str) -> str:
        """`text` as it may reach the terminal."""
        if is_plain(text):
            return text
        if not self._keeps_style():
            return visible(text)
        kept: list[str] = []
        start = 0
        for match in _SGR.finditer(text):
            kept += [visible(text[start : match.start()]), match.group()]
            start = match.end()
        kept.append(visible(text[start:]))
        return "".join(kept)

    def _keeps_style(self) -> bool:
        # click's own decision for this stream (which CliRunner's `color=`
        # stands in for in tests), looked up at call time for that reason.
        # click exports no public name for it; `_compat` is where it is
        # defined (and where CliRunner replaces it), `utils` only re-imports it.
        strip = click_compat.should_strip_ansi(self.underneath, resolve_color_default())
        return self._colour and not strip

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.underneath.flush()

    def isatty(self) -> bool:
        return self.underneath.isatty()

    def fileno(self) -> int:
        return self.underneath.fileno()

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    @property
    def encoding(self) -> str:
        return self.underneath.encoding

    @property
    def errors(self) -> str | None:
        return self.underneath.errors

    @property
    def name(self) -> Any:
        return getattr(self.underneath, "name", "<stdout>")

    @property
    def closed(self) -> bool:
        return self.underneath.closed


class _Unstyled(GuardedStream):
    """reflect's own progress bar under NO_COLOR: its carriage returns stay,
    its cursor codes go (click writes them even when colour is off)."""

    def tamed(self, text: str) -> str:
        return _CSI.sub("", text)


def _guard(stream: TextIO | None) -> Any:
    if stream is None or isinstance(stream, GuardedStream):  # none, or done
        return stream
    return GuardedStream(stream, colour=not no_color())


@contextmanager
def guarded() -> Iterator[None]:
    """Standard output and error pass through the sanitiser until the end."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _guard(sys.stdout), _guard(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextmanager
def unguarded() -> Iterator[None]:
    """The real streams, for the app, which draws the screen itself."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = raw(sys.stdout), raw(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def raw(stream: TextIO) -> TextIO:
    """The stream under the guard (or `stream` itself when unguarded)."""
    return stream.underneath if isinstance(stream, GuardedStream) else stream


def sanitising(stream: TextIO) -> TextIO:
    """`stream` with everything written to it shown through the sanitiser,
    for a renderer that streams straight to standard output."""
    return GuardedStream(raw(stream), colour=False)  # type: ignore[return-value]


def for_progress(stream: TextIO) -> TextIO:
    """Where reflect's own progress bar may draw: the real stream, whose
    carriage returns it needs, without its cursor codes under NO_COLOR."""
    underneath = raw(stream)
    if no_color():
        return _Unstyled(underneath, colour=False)  # type: ignore[return-value]
    return underneath


@contextmanager
def progress_bar(
    label: str, total: int, *, every: int = 1
) -> Iterator[Callable[[int], None]]:
    """reflect's progress bar on standard error, drawn through `for_progress`.

    Yields `reach(count)`, which moves the bar forward to `count` (never
    back), redrawing at most once every `every` steps and at the end.
    """
    with click.progressbar(
        length=total,
        label=label,
        file=for_progress(sys.stderr),
        show_eta=True,
    ) as bar:
        done = 0

        def reach(count: int) -> None:
            nonlocal done
            if count > done and (count - done >= every or count == total):
                bar.update(count - done)
                done = count

        yield reach
