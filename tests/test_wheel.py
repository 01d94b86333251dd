"""The built wheel carries the prompt packs, the demo's data and the
competence frameworks, and an installed reflect finds them.

Builds a real wheel (as `pip install .` does), checks that `reflect/prompts/`
in it holds exactly the files of `prompts/` and `reflect/demo/` those of the
checkout's demo folder, then runs reflect from the unpacked wheel, away from
the checkout, so only the packaged copy can be found.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [built] = out.glob("reflect-*.whl")
    return built


def test_wheel_holds_every_pack_and_nothing_else(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        packed = sorted(
            name.removeprefix("reflect/prompts/")
            for name in archive.namelist()
            if name.startswith("reflect/prompts/")
        )
    on_disk = sorted(p.name for p in (REPO / "prompts").iterdir() if p.is_file())
    assert packed == on_disk
    assert "gibbs.toml" in packed


def test_wheel_holds_the_demo_data(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        packed = sorted(
            name.removeprefix("reflect/demo/")
            for name in archive.namelist()
            if name.startswith("reflect/demo/")
        )
    demo = REPO / "reflect" / "demo"
    assert packed == sorted(p.name for p in demo.iterdir() if p.is_file())
    assert {"themed.toml", "samples.toml", "checkins.toml"} <= set(packed)


def test_wheel_holds_the_national_support_lines(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        packed = archive.read("reflect/support_lines.toml")
    assert packed == (REPO / "reflect" / "support_lines.toml").read_bytes()


def test_wheel_holds_the_shipped_frameworks(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        packed = sorted(
            name.removeprefix("reflect/frameworks/")
            for name in archive.namelist()
            if name.startswith("reflect/frameworks/")
        )
        hee = archive.read("reflect/frameworks/hee-mhpsw-2020.toml")
    shipped = REPO / "reflect" / "frameworks"
    assert packed == sorted(p.name for p in shipped.iterdir() if p.is_file())
    assert hee == (shipped / "hee-mhpsw-2020.toml").read_bytes()


def test_installed_reflect_lists_the_packaged_packs(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run(
        [sys.executable, "-m", "reflect", "prompts", "list", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    ids = {p["id"] for p in json.loads(result.stdout)}
    assert {"quick", "gibbs", "boundaries", "wellbeing", "prepare"} <= ids
    probe = subprocess.run(
        [sys.executable, "-c", "import reflect; print(reflect.__file__)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert probe.stdout.startswith(str(target))
    # The demo reads its data through the installed package too.
    demo = subprocess.run(
        [
            sys.executable,
            "-c",
            "from reflect.core.demo.entries import ENTRIES, load; "
            "print(sum(len(load(name)['reflection']) for name in ENTRIES))",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert demo.returncode == 0, demo.stderr
    assert int(demo.stdout) >= 25
    # The support lines too: `reflect support` reads the installed copy.
    lines = subprocess.run(
        [sys.executable, "-m", "reflect", "support", "--nation", "wales"],
        cwd=tmp_path,
        env={**env, "REFLECT_HOME": str(tmp_path / "h")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert lines.returncode == 0, lines.stderr
    assert "116 123" in lines.stdout and "NHS 111 Wales" in lines.stdout
    # And the competence framework: `reflect frameworks` reads the installed copy.
    listed = subprocess.run(
        [sys.executable, "-m", "reflect", "frameworks", "list", "--json"],
        cwd=tmp_path,
        env={**env, "REFLECT_CONFIG_HOME": str(tmp_path / "c")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listed.returncode == 0, listed.stderr
    [hee] = json.loads(listed.stdout)
    assert hee["id"] == "hee-mhpsw-2020"
    assert hee["path"].startswith(str(target))
