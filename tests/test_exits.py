"""Exit statuses come from one enum, and the README's table lists exactly it.

Scripts read reflect's exit status, so a number typed at one exit path and
forgotten at another would be a silent change of interface. An AST walk
finds every way the package ends a process (`sys.exit`, `SystemExit`,
click's `ctx.exit`/`Exit`, Textual's `exit(return_code=…)`) and any
`exit_code =` on a class, and refuses a literal number in any of them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from reflect.core import errors
from reflect.core.exits import ExitCode, exit_code_for

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "reflect"

EXITS = {"exit", "SystemExit", "Exit"}
"""Calls that end the process (or the app) with their argument as status."""


def _numbers_in(node: ast.AST) -> list[int]:
    return [
        n.value
        for n in ast.walk(node)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, int)
        and not isinstance(n.value, bool)
    ]


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _exit_paths(tree: ast.AST) -> list[tuple[int, str, list[ast.expr]]]:
    """(line, what, the expressions that become the status) for each path."""
    found: list[tuple[int, str, list[ast.expr]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _name(node.func) in EXITS:
            status = [*node.args[:1]]
            status += [k.value for k in node.keywords if k.arg == "return_code"]
            found.append((node.lineno, ast.unparse(node.func), status))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {_name(t) for t in targets}
            if names & {"exit_code", "return_code"} and node.value is not None:
                found.append((node.lineno, "exit_code =", [node.value]))
    return found


def test_every_exit_path_takes_its_status_from_exit_code() -> None:
    literal: list[str] = []
    seen = 0
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, what, status in _exit_paths(tree):
            seen += 1
            if any(_numbers_in(expr) for expr in status):
                literal.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    # The CLI's entry point, its group, the app's quit, unlock and signal
    # paths: a walk that finds fewer has stopped looking.
    assert seen >= 10, seen
    assert literal == [], "use reflect.core.exits.ExitCode:\n" + "\n".join(literal)


def test_core_errors_carry_no_exit_status() -> None:
    """The classes say what went wrong; `exit_code_for` decides the number."""
    classes = [
        c
        for c in vars(errors).values()
        if isinstance(c, type) and issubclass(c, errors.ReflectError)
    ]
    assert len(classes) > 10
    assert [c.__name__ for c in classes if hasattr(c, "exit_code")] == []
    for cls in classes:
        opening = issubclass(cls, errors.CannotOpen)
        want = ExitCode.CANNOT_OPEN if opening else ExitCode.FAILED
        assert exit_code_for(cls.__new__(cls)) is want, cls.__name__


def test_the_readme_lists_every_exit_status_and_no_other() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("Exit status", 1)[1].split("\n\n", 2)[1]
    listed = [int(n) for n in re.findall(r"^\| (\d+) \|", table, re.MULTILINE)]
    assert listed == sorted(code.value for code in ExitCode)


def test_a_signal_ends_the_app_with_the_shells_number_for_it() -> None:
    import signal

    for signum in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
        assert ExitCode.ended_by(signum) == 128 + signum
