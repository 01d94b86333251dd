"""Why a file could not be written or read, in words that are true.

A folder that is there but will not take a new file must not be reported as
missing: the app would offer to make it, and then fail again with the same
wrong reason.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from reflect.core import files
from reflect.core.errors import CannotRead, CannotWrite, FolderMissing


def _not_found(path: Path, data: bytes, **_how: object) -> None:
    raise FileNotFoundError(2, "No such file or directory")


def test_a_folder_that_exists_but_takes_no_file_is_not_called_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "write_private_bytes", _not_found)
    target = tmp_path / "fb.reflect"
    with pytest.raises(CannotWrite) as refused:
        files.write_file(target, b"sealed", nothing="Nothing was sent")
    assert not isinstance(refused.value, FolderMissing)
    message = str(refused.value)
    assert "no folder" not in message
    assert f"files cannot be made in {tmp_path}" in message
    assert message.endswith("Nothing was sent; choose another place.")
    assert not target.exists()


def test_a_folder_that_went_away_is_still_offered_to_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()

    def vanish(path: Path, data: bytes, **_how: object) -> None:
        folder.rmdir()
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(files, "write_private_bytes", vanish)
    with pytest.raises(FolderMissing) as refused:
        files.write_file(folder / "fb.reflect", b"sealed")
    assert refused.value.folder == folder


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/proc/self").is_dir(),
    reason="needs Linux /proc",
)
def test_proc_is_a_folder_where_files_cannot_be_made() -> None:
    with pytest.raises(CannotWrite) as refused:
        files.write_file(Path("/proc/fb2.reflect"), b"sealed")
    assert not isinstance(refused.value, FolderMissing)
    assert "there is no folder" not in str(refused.value)
    assert not Path("/proc/fb2.reflect").exists()


def test_a_read_error_is_a_whole_sentence(tmp_path: Path) -> None:
    with pytest.raises(CannotRead) as refused:
        files.read_file(tmp_path / "nothing.reflect", 100)
    assert str(refused.value).endswith("check the name and try again.")


def test_an_empty_name_is_asked_for_not_called_a_folder() -> None:
    # An empty File box in the app arrives as Path(""), which is ".": "could
    # not write .: that is a folder" told a worker nothing they could act on.
    with pytest.raises(CannotWrite) as caught:
        files.check_writable(Path(""), nothing="Nothing was sent")
    assert str(caught.value) == (
        "there is no file name yet; type where to write the file. Nothing was sent."
    )
