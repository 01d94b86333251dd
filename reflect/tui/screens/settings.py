"""Settings: theme, the privacy watch list, the idle lock, supervision, and
what the support panel shows of the worker's own (nation, plan, people).

They live inside the encrypted journal, never in a plain file: the watch
list is the names of people the worker supports.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Header,
    Input,
    Label,
    Select,
    Static,
    TextArea,
)

from reflect.core import org, supervision, support
from reflect.core.errors import ReflectError
from reflect.core.journal import Journal
from reflect.core.text import whole_number
from reflect.tui.dialogs.choice import Choice, ChoiceDialog
from reflect.tui.state import ReflectState
from reflect.tui.text import shown, words
from reflect.tui.themes import choices
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import Checkbox

NEW = "\x00new"
"""The agreement choice that adds one (no name can be this)."""
_TEXT_FIELDS = (
    "agreement-name", "supervisor", "every", "next", "minutes",
    "confidentiality", "readers", "review",
)  # fmt: skip


def _as_fields(agreement: supervision.Agreement, *, new: bool) -> dict[str, str]:
    """An agreement as the words its fields show (a new one: no name yet)."""
    return {
        "agreement-name": "" if new else agreement.name,
        "supervisor": agreement.supervisor,
        "kind": agreement.type,
        "every": str(agreement.every_days),
        "next": agreement.next_date.isoformat() if agreement.next_date else "",
        "minutes": str(agreement.minutes),
        "confidentiality": agreement.confidentiality,
        "record-by": agreement.record_by,
        "readers": agreement.readers,
        "review": agreement.review_date.isoformat() if agreement.review_date else "",
        "share-recovery": "yes" if agreement.share_recovery else "",
    }


def _from_fields(
    before: supervision.Agreement, values: dict[str, str]
) -> supervision.Agreement:
    """The agreement the fields say, from the one they started as; a name
    that was only its supervisor's follows a new supervisor (`changed`)."""

    def whole(text: str) -> int:
        return whole_number(text) or 0  # out of range: refused

    def day(text: str, what: str) -> date | None:
        return supervision.parse_day(text, what) if text else None

    changes: dict[str, object] = {
        "supervisor": values["supervisor"],
        "type": values["kind"] or before.type,
        "every_days": whole(values["every"] or str(before.every_days)),
        "next_date": day(values["next"], "next date"),
        "minutes": whole(values["minutes"] or "60"),
        "confidentiality": values["confidentiality"],
        "record_by": values["record-by"] or before.record_by,
        "readers": values["readers"],
        "review_date": day(values["review"], "review date"),
        "share_recovery": bool(values["share-recovery"]),
    }
    if values["agreement-name"] != before.name:
        changes["name"] = values["agreement-name"]
    return before.changed(**changes)


class SettingsScreen(Screen[None]):
    """ctrl+s saves; escape leaves without saving."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "app.pop_screen", "Back", tooltip="Leave without saving"),
    ]

    app: ReflectState

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal
        self.kept = journal.supervision.agreements()
        self.chosen = self.kept[0].name if self.kept else NEW
        """Which agreement the fields show: its name as kept, or `NEW`."""
        self.drafts: dict[str, dict[str, str]] = {}
        """Fields of agreements edited and then switched away from."""

    def compose(self) -> ComposeResult:
        prefs = self.app.preferences
        themes = choices(self.app.available_themes)
        names = [name for _, name in themes]
        yield Header()
        yield Static("Settings", classes="screen-title")
        with VerticalScroll(classes="form"):
            yield Label("Colours")
            yield Select(
                themes,
                value=prefs.theme if prefs.theme in names else names[0],
                allow_blank=False,
                id="theme",
            )
            yield Label("Privacy watch list: names or places to flag, one per line")
            yield Static(
                "The writer gently points these out so you can write 'the person "
                "I support' instead. The list stays inside your encrypted journal.",
                classes="hint",
            )
            yield TextArea("\n".join(prefs.watch_list), id="watch")
            yield Label("Lock after this many idle minutes (0 never locks)")
            if not self.app.lockable:
                # Nobody could type a way back in, so the app never locks:
                # say so, rather than offer minutes that do nothing.
                yield Static(
                    "The demo never locks: it has no passphrase to unlock it with."
                    if self.app.demo
                    else "This journal has no passphrase, so it never locks.",
                    classes="hint",
                )
            yield Input(str(prefs.idle_minutes), id="idle", type="integer")
            yield Checkbox(
                "Notice on home when a wellbeing score stays low",
                prefs.noticing,
                id="noticing",
            )
            yield from self._agreement_fields()
            yield from self._support_fields()
            yield from self._from_organisation()
            yield Static("", id="error", classes="error")
        yield KeysFooter()

    # ---- supervision agreements -----------------------------------------

    def _agreement_fields(self) -> ComposeResult:
        """One agreement's fields, and (with any kept) which one they show.

        A worker may have line supervision and a peer group: the choice at
        the top picks the agreement the fields below edit, or a new one.
        Edits to each are kept while switching and saved together.
        """
        yield Label("Supervision agreements", classes="section")
        if self.kept:
            yield Select(
                self._choices(),
                value=self.chosen,
                allow_blank=False,
                id="agreement-choice",
            )
            remove = Button("Remove this agreement…", id="remove-agreement")
            remove.display = self.chosen != NEW
            yield remove
        values = self._values(self.chosen)
        yield Label("Its name: the supervisor's or the group's")
        yield Input(values["agreement-name"], id="agreement-name")
        yield Label("Who supervises you (a name or a role)")
        yield Input(values["supervisor"], id="supervisor")
        yield Label("What kind of supervision")
        yield Select(
            [(t, t) for t in supervision.TYPES],
            value=values["kind"],
            allow_blank=False,
            id="kind",
        )
        yield Label("How often, in days")
        yield Input(values["every"], id="every", type="integer")
        yield Label("Next session (YYYY-MM-DD)")
        yield Input(values["next"], id="next")
        yield Label("How long a session is, in minutes")
        yield Input(values["minutes"], id="minutes", type="integer")
        yield Label("Limits of confidentiality agreed")
        yield Input(values["confidentiality"], id="confidentiality")
        yield Label("Who writes the record")
        yield Select(
            [(w, w) for w in supervision.RECORD_WRITERS],
            value=values["record-by"],
            allow_blank=False,
            id="record-by",
        )
        yield Label("Who may read the record")
        yield Input(values["readers"], id="readers")
        yield Label("Review the agreement on (YYYY-MM-DD)")
        yield Input(values["review"], id="review")
        yield Checkbox(
            "Share my own wellbeing or recovery scale",
            values["share-recovery"] == "yes",
            id="share-recovery",
        )
        yield Static(
            "On: it goes on agendas and in shares with your supervisor. "
            "Off: how your own recovery is going stays on this computer.",
            classes="hint",
        )

    def _show_chosen(self) -> None:
        """The fields of the agreement chosen, and whether it can be removed."""
        self._show_fields(self._values(self.chosen))
        self.query_one("#remove-agreement").display = self.chosen != NEW

    def _choices(self) -> list[tuple[str | Text, str]]:
        """The agreement choice's lines: each kept agreement, then a new one.
        A name is shown as written (`words`): a `Select` reads a plain
        string as markup, and "Group [/]" stopped this screen opening."""
        return [
            *((words(a.name), a.name) for a in self.kept),
            ("Add another" if self.kept else "Add one", NEW),
        ]

    def _before(self, key: str) -> supervision.Agreement:
        """The agreement as kept, or a new one from the organisation's
        defaults (its type and frequency, if its file sets them)."""
        kept = next((a for a in self.kept if a.name == key), None)
        return kept or org.new_agreement(self.app.organisation)

    def _values(self, key: str) -> dict[str, str]:
        """The fields' words for one agreement: as edited, else as kept."""
        if key in self.drafts:
            return self.drafts[key]
        return _as_fields(self._before(key), new=key == NEW)

    def _read_fields(self) -> dict[str, str]:
        values = {
            field: self.query_one(f"#{field}", Input).value.strip()
            for field in _TEXT_FIELDS
        }
        for field in ("kind", "record-by"):
            chosen = self.query_one(f"#{field}", Select).value
            values[field] = chosen if isinstance(chosen, str) else ""
        share = self.query_one("#share-recovery", Checkbox).value
        values["share-recovery"] = "yes" if share else ""
        return values

    def _show_fields(self, values: dict[str, str]) -> None:
        for field in _TEXT_FIELDS:
            self.query_one(f"#{field}", Input).value = values[field]
        for field in ("kind", "record-by"):
            self.query_one(f"#{field}", Select).value = values[field]
        self.query_one("#share-recovery", Checkbox).value = bool(
            values["share-recovery"]
        )

    @on(Select.Changed, "#agreement-choice")
    def _choose_agreement(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str) or event.value == self.chosen:
            return
        self.drafts[self.chosen] = self._read_fields()
        self.chosen = event.value
        self._show_chosen()

    @on(Button.Pressed, "#remove-agreement")
    def _ask_to_remove(self) -> None:
        """An agreement that has ended goes after one question (as
        `reflect agreement NAME --remove` asks); its records stay."""
        name = self.chosen
        if name == NEW:
            return

        def answered(choice: str | None) -> None:
            if choice == "remove":
                self._remove(name)

        self.app.push_screen(
            ChoiceDialog(
                "Remove this agreement?",
                f"Remove the agreement {name!r}? Its session records stay as "
                "they are. Your other changes on this page still wait for ctrl+s.",
                [
                    Choice("r", "Remove it", "remove", "error"),
                    Choice("k", "Keep it", "keep"),
                ],
            ),
            answered,
        )

    def _remove(self, name: str) -> None:
        try:
            gone = self.journal.supervision.remove_agreement(name)
        except ReflectError as exc:
            self.query_one("#error", Static).update(words(str(exc)))
            return
        self.drafts.pop(name, None)
        self.kept = self.journal.supervision.agreements()
        # The first option is chosen before the choice changes, so the
        # change it makes is one this screen already shows.
        self.chosen = self.kept[0].name if self.kept else NEW
        choice = self.query_one("#agreement-choice", Select)
        choice.set_options(self._choices())
        choice.value = self.chosen
        self._show_chosen()
        choice.focus()  # where the worker was, not back at the top
        self.notify(
            shown(f"Removed the agreement {gone.name!r}; its session records stay."),
            markup=False,
        )

    def _agreements(self) -> list[tuple[supervision.Agreement, str | None]]:
        """The agreements to keep, each with the name it replaces (None: a
        new one): those edited, and a new one only if anything was filled."""
        self.drafts[self.chosen] = self._read_fields()
        kept: list[tuple[supervision.Agreement, str | None]] = []
        for key, values in self.drafts.items():
            before = self._before(key)
            if values == _as_fields(before, new=key == NEW):
                continue  # untouched
            if key == NEW and not any(
                values[f] for f in ("agreement-name", "supervisor", "next")
            ):
                continue  # nothing filled in: no agreement is invented
            try:
                after = _from_fields(before, values)
            except ReflectError as exc:
                label = values["agreement-name"] or values["supervisor"]
                raise ReflectError(f"{label}: {exc}" if label else str(exc)) from None
            kept.append((after, None if key == NEW else key))
        return kept

    # ---- from the organisation's file (issue 18, item 8) -----------------

    def _from_organisation(self) -> ComposeResult:
        """What the installed organisation file brings, read-only and calm.

        Its words are shown as written (never as markup). Each part says
        how the worker's own choice takes its place; nothing here is saved
        with the worker's settings.
        """
        organisation = self.app.organisation
        if organisation is None:
            return
        yield Label(words(f"From your organisation: {organisation.name}", "bold"))
        for line in org.describe(organisation):
            yield Static(words(line), classes="org-line")
        yield Static(
            "These come from the file your organisation gave you (reflect org "
            "show). Your own choices above come first; a new file from your "
            "organisation replaces these.",
            classes="hint",
        )

    def _support_fields(self) -> ComposeResult:
        """What the support panel (! from home) shows of the worker's own."""
        prefs = self.app.preferences
        yield Label("If today is hard: your own support")
        yield Static(
            "Shown on the support panel (! from home), only while your journal "
            "is open. Kept inside your encrypted journal.",
            classes="hint",
        )
        yield Label("Your nation, for the national lines")
        yield Select(
            [("All four nations", ""), *((n, k) for k, n in support.NATIONS.items())],
            value=prefs.nation if prefs.nation in support.NATIONS else "",
            allow_blank=False,
            id="nation",
        )
        yield Label("Your wellness or crisis plan: where it is, or what it says")
        yield TextArea(prefs.support_plan, id="plan")
        yield Label("Someone you trust, and how to reach them")
        yield Input(prefs.trusted_name, placeholder="Their name", id="trusted-name")
        yield Input(
            prefs.trusted_contact,
            placeholder="How to reach them",
            id="trusted-contact",
        )
        yield Label("Your GP")
        yield Input(prefs.gp, placeholder="Practice and phone number", id="gp")

    def on_mount(self) -> None:
        self.query_one("#theme", Select).focus()

    @on(Select.Changed, "#theme")
    def _preview(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.app.theme = event.value

    def action_save(self) -> None:
        idle_text = self.query_one("#idle", Input).value.strip() or "0"
        theme = self.query_one("#theme", Select).value
        nation = self.query_one("#nation", Select).value
        # From the app's copy, so what is set elsewhere (the writer's ctrl+t)
        # is kept, not reset to its default.
        prefs = replace(
            self.app.preferences,
            theme=theme if isinstance(theme, str) else self.app.preferences.theme,
            watch_list=tuple(
                line.strip()
                for line in self.query_one("#watch", TextArea).text.splitlines()
                if line.strip()
            ),
            idle_minutes=-1 if (idle := whole_number(idle_text)) is None else idle,
            noticing=self.query_one("#noticing", Checkbox).value,
            nation=nation if isinstance(nation, str) else "",
            support_plan=self.query_one("#plan", TextArea).text.strip(),
            trusted_name=self.query_one("#trusted-name", Input).value.strip(),
            trusted_contact=self.query_one("#trusted-contact", Input).value.strip(),
            gp=self.query_one("#gp", Input).value.strip(),
        )
        try:
            self.journal.save_settings(prefs, agreements=self._agreements())
        except ReflectError as exc:
            self.query_one("#error", Static).update(words(str(exc)))
            return
        self.app.preferences = prefs
        self.app.apply_theme()
        self.notify("Settings saved.")
        self.dismiss()

    def on_unmount(self) -> None:
        self.app.apply_theme()  # a previewed theme that was not saved goes back
