"""Sharing with a supervisor: see exactly what leaves, answer every finding.

The screen shows the share plan (the entries, their answers and asks; never
the private notes). Each privacy finding must be answered before anything
is written: `e` edits the passage (in the share only, the journal keeps its
words), `k` keeps it, `x` removes that answer from the share. Then a bundle
passphrase, agreed face to face, and a file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static
from textual.widgets.option_list import Option

from reflect.core import sharing
from reflect.core.agenda import agenda_findings, as_shared
from reflect.core.clock import local_today
from reflect.core.errors import ReflectError
from reflect.core.export import agenda as agenda_render
from reflect.core.journal import Journal
from reflect.core.passphrase import strength_hint
from reflect.tui.dialogs.fields import FieldsDialog, FolderOffer, TextDialog, calm
from reflect.tui.state import ReflectState
from reflect.tui.text import words
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import OptionList


def preview(snap: dict[str, Any]) -> Text:
    """One entry exactly as it will leave: every answer whole, as written.

    Nothing is cut short or joined up: the worker is deciding what to send,
    so they see all of it, line breaks and all, each answer under its
    question.
    """
    label = words(snap["title"] or "Untitled", style="bold")
    if snap["tags"]:
        label.append_text(
            words("  " + " ".join(f"#{t}" for t in snap["tags"]), style="dim")
        )
    if snap["ask"]:
        label.append("\n  What I want from this: ", style="italic")
        label.append_text(words(_indented(snap["ask"]), style="italic"))
    for answer in snap["answers"]:
        if not answer["response"].strip():
            continue
        label.append("\n  ")
        label.append_text(words(answer["question"] or "Note", style="dim"))
        label.append("\n    ")
        label.append_text(words(_indented(answer["response"].strip(), "    ")))
    return label


def _indented(text: str, by: str = "  ") -> str:
    """Following lines indented like the first, so an answer reads as one."""
    return text.replace("\n", "\n" + by)


class PreviewList(OptionList):
    """The findings to answer, then the preview, which the keys scroll through.

    An OptionList moves only between options that can be chosen, and the
    preview's cannot: without this, a preview longer than the screen could
    not be read to its end from the keyboard. Past the last finding (or
    with none), up and down scroll; page up and down, home and end always do.
    """

    def _ends(self) -> tuple[int | None, int | None]:
        enabled = [i for i, o in enumerate(self.options) if not o.disabled]
        return (enabled[0], enabled[-1]) if enabled else (None, None)

    def action_cursor_down(self) -> None:
        if self.highlighted in (None, self._ends()[1]):
            self.scroll_down(animate=False)
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.highlighted in (None, self._ends()[0]):
            self.scroll_up(animate=False)
        else:
            super().action_cursor_up()

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_first(self) -> None:
        self.scroll_home(animate=False)

    def action_last(self) -> None:
        self.scroll_end(animate=False)


class ShareScreen(Screen[None]):
    """Preview, findings, then write the bundle."""

    BINDINGS = [
        # First, so a narrow footer drops the finding keys before this one.
        Binding(
            "w",
            "write",
            "Write the bundle",
            tooltip="Write the bundle, once every finding is answered",
        ),
        Binding(
            "e",
            "edit",
            "Edit",
            tooltip="Edit the passage (in the share only: your journal keeps "
            "its words)",
        ),
        Binding("k", "keep", "Keep", tooltip="Keep the passage as it is"),
        Binding(
            "x",
            "remove",
            "Leave answer out",
            tooltip="Leave that answer out of the share (your journal keeps it)",
        ),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    app: ReflectState

    def __init__(
        self,
        journal: Journal,
        entry_ids: list[str],
        *,
        agenda: str | None = None,
        wellbeing: str | None = None,
        session: dict[str, object] | None = None,
        held_back: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.journal = journal
        self.held_back = list(held_back)
        self.plan = journal.sharing.plan(entry_ids)
        self.plan.agenda = agenda
        self.plan.wellbeing = wellbeing
        self.plan.session = session
        self.kept: set[tuple[str, str | None, str]] = set()
        """Findings the worker chose to keep: (entry, step, text)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="share-summary", classes="progress")
        yield PreviewList(id="share-list")
        yield KeysFooter()

    def on_mount(self) -> None:
        if self.plan.agenda is not None:
            # The agenda's findings from what a person wrote on it, as
            # `reflect agenda` finds them, not from its dates and headings.
            # As it leaves: reflections not shared are only named as such.
            check_in = self.app.library.packs.get("wellbeing")
            gathered = as_shared(
                self.journal.agenda.gather(check_in),
                {snap["id"] for snap in self.plan.entries},
            )
            self.plan.agenda_findings = agenda_findings(gathered, self.app.watch_list)
        self.refresh_list()
        self.query_one(OptionList).focus()

    def open_findings(self) -> list[sharing.ShareFinding]:
        watch = self.app.watch_list
        return [
            f
            for f in sharing.findings(self.plan, watch)
            if (f.entry_id, f.step_id, f.finding.text) not in self.kept
        ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The finding keys show only while a finding waits for an answer."""
        if action in ("edit", "keep", "remove"):
            return bool(self.open_findings())
        return True

    def refresh_list(self) -> None:
        found = self.open_findings()
        self.refresh_bindings()
        waiting = (
            f"{len(found)} thing{'s' if len(found) != 1 else ''} to look at first "
            "(e edit · k keep · x leaves that answer out; your journal keeps it)."
            if found
            else "Nothing left to look at: w writes the bundle."
        )
        entries = self.plan.entries
        summary = Text(
            f"Sharing {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"
        )
        if not entries:
            pass  # the agenda and its companions only: listed below
        elif len(entries) <= 2:
            summary.append(": ")
            summary.append_text(
                words(", ".join(s["title"] or "Untitled" for s in entries))
            )
        else:
            # Eight titles filled the top of a short terminal and pushed what
            # to do next out of sight; each title heads its preview below.
            summary.append(", each shown below")
        summary.append(". Private notes never leave.")
        if self.held_back:
            summary.append("\nNot included, as not marked 'can be shared': ")
            summary.append_text(words("; ".join(self.held_back)))
            summary.append(
                ". The agenda that leaves names them only as a reflection to "
                "talk about, with what you want from it."
            )
        summary.append(f"\n{waiting}")
        self.query_one("#share-summary", Static).update(summary)
        options = self.query_one(OptionList)
        options.clear_options()
        if found:
            options.add_option(
                Option(Text("Could identify someone", style="bold"), disabled=True)
            )
            for n, f in enumerate(found):
                label = words(f"'{f.finding.text}'", style="bold")
                label.append(f" looks like {f.finding.label} · ")
                label.append_text(words(f"{f.title} · {f.where}"))
                options.add_option(Option(label, id=f"finding:{n}"))
        options.add_option(Option(Text("What will leave", style="bold"), disabled=True))
        for extra, name in (
            (self.plan.agenda, "The agenda"),
            (self.plan.wellbeing, "How I have been (check-in summary)"),
            (self.plan.session, "The last session record, for sign-off"),
        ):
            if extra:
                options.add_option(Option(Text(name, style="bold"), disabled=True))
        for snap in self.plan.entries:
            options.add_option(Option(preview(snap), disabled=True))
        first = next(
            (i for i in range(options.option_count)
             if not options.get_option_at_index(i).disabled),
            None,
        )  # fmt: skip
        options.highlighted = first

    def selected(self) -> sharing.ShareFinding | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        option_id = options.get_option_at_index(options.highlighted).id or ""
        if not option_id.startswith("finding:"):
            return None
        found = self.open_findings()
        index = int(option_id.split(":")[1])
        return found[index] if index < len(found) else None

    def action_keep(self) -> None:
        finding = self.selected()
        if finding:
            self.kept.add((finding.entry_id, finding.step_id, finding.finding.text))
            if not finding.entry_id and finding.title == "agenda" and self.plan.agenda:
                # Kept on the agenda: its label must no longer say that names
                # were left out (as `reflect agenda --accept-findings`).
                self.plan.agenda = agenda_render.as_kept(self.plan.agenda)
            self.refresh_list()

    def _on_agenda(self, finding: sharing.ShareFinding) -> bool:
        """An agenda finding is changed on the prepare screen, not here (only
        k keeps it): said, rather than failing on an entry that is not one."""
        if finding.entry_id:
            return False
        self.notify(
            "That is on the agenda: change it on the prepare screen (escape "
            "goes back), or k keeps it."
        )
        return True

    def action_remove(self) -> None:
        finding = self.selected()
        if finding is None or self._on_agenda(finding):
            return
        if finding.step_id is None:
            sharing.edit_answer(
                self.plan, finding.entry_id, None, "", where=finding.where
            )
        else:
            sharing.remove_answer(self.plan, finding.entry_id, finding.step_id)
        self.refresh_list()

    def action_edit(self) -> None:
        finding = self.selected()
        if finding is None or self._on_agenda(finding):
            return
        snap = next(s for s in self.plan.entries if s["id"] == finding.entry_id)
        if finding.step_id is None and finding.where == "tags":
            current = " ".join(snap["tags"])
        elif finding.step_id is None:
            current = snap["title" if finding.where == "title" else "ask"]
        else:
            current = next(
                a["response"]
                for a in snap["answers"]
                if a["step_id"] == finding.step_id
            )

        def edited(text: str | None) -> None:
            if text is not None:
                sharing.edit_answer(
                    self.plan,
                    finding.entry_id,
                    finding.step_id,
                    text,
                    where=finding.where,
                )
                self.refresh_list()

        title = "Edit what leaves (your journal keeps its own words)"
        if finding.step_id is None:  # a title, tags or an ask: one line
            self.app.push_screen(
                FieldsDialog(title, [(finding.where, " ".join(current.split()))]),
                lambda values: edited(values[0] if values is not None else None),
            )
        else:  # an answer, as written: its line breaks leave with it
            self.app.push_screen(TextDialog(title, finding.where, current), edited)

    def action_write(self) -> None:
        if self.open_findings():
            self.notify("Look at each finding first: e, k or x.", severity="warning")
            return
        today = local_today(self.journal.now)
        default = Path(self.app.export_dir) / f"reflect-share-{today}.reflect"
        name_now = self.journal.sharing.display_name()

        folders = FolderOffer()

        def attempt(values: list[str]) -> str | None:
            # A passphrase is used exactly as typed, as everywhere else (the
            # bringing-in dialog and the CLI): only the path and name are trimmed.
            path, first, second, name = values
            path, name = path.strip(), name.strip()
            if first != second:
                return "The two passphrases are different; type the same one twice."
            target = self.app.places.typed(path)
            try:
                folders.write(
                    lambda replace: self.journal.sharing.send(
                        self.plan,
                        first,
                        target,
                        name=name,
                        replace=replace,
                        kdf=self.app.bundle_kdf,
                    )
                )
            except ReflectError as exc:
                return calm(exc)
            self.app.notify(
                f"Written to {target}. Tell your supervisor the passphrase face to "
                "face, not with the file.",
                timeout=10,
                markup=False,
            )
            return None

        def written(values: list[str] | None) -> None:
            if values is not None:
                self.dismiss()

        self.app.push_screen(
            FieldsDialog(
                "Write the share bundle",
                [
                    ("File", str(default)),
                    ("Bundle passphrase (agree it together, 10+ characters)", ""),
                    ("The same again", ""),
                    ("Your name as your supervisor knows you", name_now),
                ],
                secret=frozenset({1, 2}),
                paths=frozenset({0}),
                does="writes the bundle",
                advice=(1, lambda typed: strength_hint(typed, bundle=True)),
                submit=attempt,
            ),
            written,
        )

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_edit()
