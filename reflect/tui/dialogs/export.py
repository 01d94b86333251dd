"""Exporting an agenda (or a record, or the year in review) from the app:
Markdown and printable HTML.

The worker chooses the folder (one that exists is offered; a missing one is
made only when they agree); both files are written owner-only, and the notice
says plainly that they are not encrypted, because that is the moment the
words leave the journal. A folder that cannot take the files keeps the dialog
open with what was typed and the reason inside it. The privacy scan runs
first, as for `reflect agenda -o`: its findings are shown in the dialog and
nothing is written until the worker presses enter again on the same ones.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reflect.core.agenda import PaperFinding, agenda_findings, findings_summary
from reflect.core.clock import local_today
from reflect.core.errors import FileTaken, ReflectError
from reflect.core.export import agenda as agenda_render
from reflect.core.files import check_writable, not_encrypted, write_file
from reflect.core.journal import Journal
from reflect.core.yearly import YearContents
from reflect.tui.dialogs.fields import FieldsDialog, FolderOffer, calm
from reflect.tui.state import ReflectState

NOT_SAVED = "Nothing was saved"
SHOWN_FINDINGS = 2
"""How many findings the dialog lists; the rest are counted."""


def findings_offer(found: list[PaperFinding], what: str = "agenda") -> str:
    """What the dialog says before writing words the scan flagged."""
    lines = [findings_summary(found, what)]
    lines += [f"  {f.line()}" for f in found[:SHOWN_FINDINGS]]
    more = len(found) - SHOWN_FINDINGS
    if more > 0:
        lines.append(f"  and {more} more.")
    lines.append(
        "Press enter again to write the files anyway, or escape to go back "
        "and change those words first."
    )
    return "\n".join(lines)


def write_pair(
    folder: Path, stem: str, markdown: str, html: str, replace: bool = False
) -> list[Path]:
    """Write `<stem>.md` and `<stem>.html` into an existing folder, 0600.

    Both places are checked before either file is written, so a refusal
    leaves neither behind. Files already there (an agenda exported earlier
    the same day) are replaced only with `replace`, after the worker agreed;
    otherwise FileTaken names every one of them.
    """
    pair = [(folder / f"{stem}{suffix}", text)
            for suffix, text in ((".md", markdown), (".html", html))]  # fmt: skip
    taken: list[Path] = []
    for path, _ in pair:
        try:
            check_writable(path, replace=replace, nothing=NOT_SAVED)
        except FileTaken:
            taken.append(path)
    if taken:
        names = " and ".join(str(path) for path in taken)
        raise FileTaken(f"{names} already exist. {NOT_SAVED}.", *taken)
    for path, text in pair:
        write_file(path, text.encode("utf-8"), replace=replace, nothing=NOT_SAVED)
    return [path for path, _ in pair]


def export_agenda(
    app: ReflectState, journal: Journal, agreement: str | None = None
) -> None:
    """Ask where, then write the agenda (for `agreement`, by name; None: the
    next one due) as Markdown and HTML, gathered afresh at each try."""

    def gather() -> tuple[list[PaperFinding], str, str]:
        check_in = app.library.packs.get("wellbeing")
        agenda = journal.agenda.for_agreement(agreement).gather(check_in)
        return (
            agenda_findings(agenda, app.watch_list),
            agenda_render.agenda_markdown(agenda),
            agenda_render.agenda_html(agenda),
        )

    _export_paper(
        app,
        "Export the agenda",
        f"supervision-agenda-{local_today(journal.now).isoformat()}",
        "agenda",
        gather,
    )


def export_year_review(app: ReflectState, contents: YearContents) -> None:
    """Ask where, then write the year in review the worker is looking at
    (`contents`, as the preview gathered it, so what is written is what was
    seen) as Markdown and HTML; the privacy scan's findings first, as for
    the agenda."""
    from reflect.core.export import review as review_render
    from reflect.core.yearly import year_findings

    def gather() -> tuple[list[PaperFinding], str, str]:
        return (
            list(year_findings(contents, app.watch_list)),
            review_render.review_markdown(contents),
            review_render.review_html(contents),
        )

    _export_paper(
        app,
        f"Export the year in review for {contents.year}",
        f"year-in-review-{contents.year}",
        "year in review",
        gather,
    )


def _export_paper(
    app: ReflectState,
    title: str,
    stem: str,
    what: str,
    gather: Callable[[], tuple[list[PaperFinding], str, str]],
) -> None:
    """The one way a document for someone else leaves the app: ask for a
    folder; if the privacy scan finds something, say what and write only
    when the worker presses enter again on the same findings (then the
    label says they were kept); write the Markdown and HTML pair, or
    neither. `gather` gives the findings and both documents."""
    folders = FolderOffer(otherwise="choose another folder")
    shown_findings: list[tuple[str, ...]] = [()]
    """The findings last shown: the same ones again mean the worker agreed."""

    def attempt(values: list[str]) -> str | None:
        folder = app.places.typed(values[0].strip())
        found, markdown, page = gather()
        seen = tuple(f.line() for f in found)
        if seen and seen != shown_findings[0]:
            shown_findings[0] = seen
            return findings_offer(found, what)
        # Kept after being shown the findings: the label says so.
        label = agenda_render.as_kept if seen else (lambda text: text)
        try:
            paths = folders.write(
                lambda replace: write_pair(
                    folder, stem, label(markdown), label(page), replace
                )
            )
        except ReflectError as exc:
            return calm(exc)
        app.notify(
            f"Saved {paths[0].name} and {paths[1].name} in {folder}. "
            + not_encrypted(2, printable=True),
            timeout=8,
            markup=False,
        )
        return None

    app.push_screen(
        FieldsDialog(
            title,
            [("Folder", str(app.export_dir))],
            paths=frozenset({0}),
            does="writes the two files",
            submit=attempt,
        )
    )
