"""Recording a supervision session, from the prepared agenda or blank.

The record holds what DOMAIN's records hold: date and times, type, who was
there by role, a short summary and outcome per item, decisions, support
agreed, learning needs, actions (which become open actions and come back at
the next preparation until done), and the next date. The supervisee marks it
agreed and can note the supervisor's sign-off.

A record belongs to one agreement. In a group the worker notes who attended
by role and records only their own actions; two peers supervising each
other (co-reflection) each keep their own record, with no sign-off.
"""

from __future__ import annotations

from datetime import date, timedelta

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

from reflect.core import agenda as prep_core
from reflect.core import org
from reflect.core import supervision as core
from reflect.core.errors import NotFound, ReflectError
from reflect.core.journal import Journal
from reflect.tui.state import ReflectState
from reflect.tui.text import words
from reflect.tui.widgets.footer import KeysFooter
from reflect.tui.widgets.marks import Checkbox


def action_hint(today: date, kind: str = "peer") -> str:
    """How to write an action, its example date two weeks from `today`; in a
    group, each action is the worker's own, so there is no "who"."""
    if kind == "group":
        return (
            f"Your own actions, one per line. Add '{core.example_due(today)}' for when."
        )
    who = "peer" if kind == "co-reflection" else "supervisor"  # no supervisor
    return f"One per line. Add '; {who}' for who, '{core.example_due(today)}' for when."


def recorded(count: int) -> str:
    """What saving a record says: its new actions come back, in words that
    fit one action as well as several (none promises nothing)."""
    if not count:
        return "Session recorded."
    if count == 1:
        return (
            "Session recorded with 1 new action. It will come back at your next "
            "preparation until it is done."
        )
    return (
        f"Session recorded with {count} new actions. They will come back at your "
        "next preparation until they are done."
    )


class SessionScreen(Screen[None]):
    """ctrl+s saves the record; escape leaves without saving."""

    BINDINGS = [
        Binding(
            "ctrl+s",
            "save",
            "Save record",
            tooltip="Save the record (its actions come back until done)",
        ),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    app: ReflectState

    def __init__(
        self,
        journal: Journal,
        prep: prep_core.Preparation | None,
        agreement: str | None = None,
    ) -> None:
        super().__init__()
        self.journal = journal
        self.prep = prep
        try:
            self.agreement = journal.supervision.agreement(agreement)
        except NotFound:  # removed since the prepare screen opened
            self.agreement = journal.supervision.agreement()
        self.several = len(journal.supervision.agreements()) > 1

    def compose(self) -> ComposeResult:
        today = prep_core.today(self.journal.now)
        # Without an agreement, the organisation's defaults (if any) stand in.
        agreed = self.agreement or org.new_agreement(self.app.organisation)
        kind = agreed.type
        next_day = today + timedelta(days=agreed.every_days)
        yield Header()
        yield Static("Record this supervision session", classes="screen-title")
        if self.several and self.agreement is not None:
            yield Static(words(f"For: {self.agreement.name} ({kind})"), classes="hint")
        # Above the form, not at its foot: in a short terminal a refusal at
        # the end of the form would be out of sight, and ctrl+s would seem
        # to do nothing.
        error = Static("", id="error", classes="error")
        error.display = False
        yield error
        with VerticalScroll(classes="form"):
            yield Label("Date (YYYY-MM-DD), start and end")
            yield Input(today.isoformat(), id="day")
            yield Input(placeholder="Start, such as 10:00", id="start")
            yield Input(placeholder="End, such as 11:00", id="end")
            yield Label("Type")
            yield Select(
                [(t, t) for t in core.TYPES], value=kind, allow_blank=False, id="type"
            )
            yield Label("Who was there (roles, not names)")
            yield Input(
                core.default_attendees(self.agreement),
                placeholder="Roles, not names: peer worker, facilitator",
                id="attendees",
            )
            for n, item in enumerate(self.prep.items if self.prep else ()):
                yield Label(words(f"{n + 1}. {item.title}"))
                yield Input(placeholder="What we talked about", id=f"summary-{n}")
                yield Input(placeholder="What came of it", id=f"outcome-{n}")
            yield Label("Decisions, and why")
            yield TextArea(id="decisions")
            yield Label("Support agreed")
            yield TextArea(id="support")
            yield Label("Learning needs")
            yield Input(id="learning")
            yield Label("Actions")
            yield Static(action_hint(today, kind), classes="hint")
            yield TextArea(id="actions")
            yield Label("Next session (YYYY-MM-DD)")
            yield Input(next_day.isoformat(), id="next")
            yield Checkbox("I agree this record is right", id="agreed")
            if core.has_sign_off(kind):  # co-reflection: each keeps their own
                yield Checkbox("My supervisor has signed it off", id="signed")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#day", Input).focus()

    def _value(self, selector: str) -> str:
        widget = self.query_one(selector)
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, Input | Select):
            return str(widget.value)
        raise TypeError(f"{selector} is not a field with a value")

    def action_save(self) -> None:
        try:
            day = core.parse_day(self._value("#day"))
            next_text = self._value("#next").strip()
            next_day = core.parse_day(next_text, "next date") if next_text else None
            items = tuple(
                core.SessionItem(
                    title=item.title,
                    summary=self._value(f"#summary-{n}").strip(),
                    outcome=self._value(f"#outcome-{n}").strip(),
                )
                for n, item in enumerate(self.prep.items if self.prep else ())
            )
            actions = [
                core.parse_action_line(line)
                for line in self._value("#actions").splitlines()
                if line.strip()
            ]
            session = core.Session(
                id="",
                day=day,
                start=self._value("#start").strip(),
                end=self._value("#end").strip(),
                type=self._value("#type"),
                attendees=self._value("#attendees").strip(),
                items=items,
                decisions=self._value("#decisions").strip(),
                support=self._value("#support").strip(),
                learning=self._value("#learning").strip(),
                next_date=next_day,
                agreed=self.query_one("#agreed", Checkbox).value,
                supervisor_signed=any(
                    c.value for c in self.query("#signed").results(Checkbox)
                )
                and core.has_sign_off(self._value("#type")),
                agreement=self.agreement.name if self.agreement else "",
            )
            saved = self.journal.agenda.record_session(session, actions, self.prep)
        except ReflectError as exc:
            error = self.query_one("#error", Static)
            error.update(words(str(exc)))
            error.display = True
            return
        self.app.notify(recorded(len(saved.actions)))
        self.dismiss()
