"""Settings: theme, the privacy watch list, the idle lock, supervision, and
what the support panel shows of the worker's own (nation, plan, people).

They live inside the encrypted journal, never in a plain file: the watch
list is the names of people the worker supports.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import (
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
from reflect.tui.state import ReflectState
from reflect.tui.text import words
from reflect.tui.themes import choices
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import Checkbox


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
            agreement = self.journal.supervision.agreement()
            # A new agreement starts from the organisation's type and
            # frequency (if its file sets them); a saved one keeps its own.
            fresh = org.new_agreement(self.app.organisation)
            yield Label("Supervision: who supervises you (a name or a role)")
            yield Input(agreement.supervisor if agreement else "", id="supervisor")
            yield Label("What kind of supervision")
            yield Select(
                [(t, t) for t in supervision.TYPES],
                value=agreement.type if agreement else fresh.type,
                allow_blank=False,
                id="kind",
            )
            yield Label("How often, in days")
            yield Input(
                str(agreement.every_days if agreement else fresh.every_days),
                id="every",
                type="integer",
            )
            yield Label("Next session (YYYY-MM-DD)")
            next_date = agreement.next_date if agreement else None
            yield Input(next_date.isoformat() if next_date else "", id="next")
            yield Checkbox(
                "Share my own wellbeing or recovery scale",
                agreement.share_recovery if agreement else False,
                id="share-recovery",
            )
            yield Static(
                "On: it goes on agendas and in shares with your supervisor. "
                "Off: how your own recovery is going stays on this computer.",
                classes="hint",
            )
            yield from self._support_fields()
            yield from self._from_organisation()
            yield Static("", id="error", classes="error")
        yield KeysFooter()

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
            idle_minutes=int(idle_text) if idle_text.lstrip("-").isdigit() else -1,
            noticing=self.query_one("#noticing", Checkbox).value,
            nation=nation if isinstance(nation, str) else "",
            support_plan=self.query_one("#plan", TextArea).text.strip(),
            trusted_name=self.query_one("#trusted-name", Input).value.strip(),
            trusted_contact=self.query_one("#trusted-contact", Input).value.strip(),
            gp=self.query_one("#gp", Input).value.strip(),
        )
        try:
            self.journal.save_settings(prefs, self._agreement())
        except ReflectError as exc:
            self.query_one("#error", Static).update(words(str(exc)))
            return
        self.app.preferences = prefs
        self.app.apply_theme()
        self.notify("Settings saved.")
        self.dismiss()

    def _agreement(self) -> supervision.Agreement | None:
        """The agreement to keep: when one exists or anything was filled in."""
        who = self.query_one("#supervisor", Input).value.strip()
        next_text = self.query_one("#next", Input).value.strip()
        fresh = org.new_agreement(self.app.organisation)
        every = self.query_one("#every", Input).value.strip() or str(fresh.every_days)
        share = self.query_one("#share-recovery", Checkbox).value
        if self.journal.supervision.agreement() is None and not (
            who or next_text or share
        ):
            return None
        kind = self.query_one("#kind", Select).value
        return supervision.Agreement(
            supervisor=who,
            type=kind if isinstance(kind, str) else fresh.type,
            every_days=int(every) if every.isdigit() else 0,
            next_date=supervision.parse_day(next_text, "next date")
            if next_text
            else None,
            share_recovery=share,
        )

    def on_unmount(self) -> None:
        self.app.apply_theme()  # a previewed theme that was not saved goes back
