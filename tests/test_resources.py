"""A non-editable install (`pip install .`, as docs/deploy.md says) ships the stylesheet, the
map and the documents the app shows: every file under assets/ and docs/ is named in
pyproject's data-files, and the app finds them in the project folder or the installed copy."""

from __future__ import annotations

import tomllib
from pathlib import Path

from dashboard import resources

ROOT = Path(__file__).resolve().parents[1]


def test_every_shipped_file_is_in_the_data_files() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = {f for files in config["tool"]["setuptools"]["data-files"].values() for f in files}
    on_disk = {p.relative_to(ROOT).as_posix() for folder in ("assets", "docs")
               for p in (ROOT / folder).rglob("*") if p.is_file()}
    # The examples the upload page offers as templates (examples/first-day/ is for the docs).
    on_disk |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "examples").glob("*.csv")}
    assert on_disk == listed
    for target, files in config["tool"]["setuptools"]["data-files"].items():
        for f in files:  # installed under share/overblik/ at the same relative place
            assert target == "share/overblik/" + f.rsplit("/", 1)[0]


def test_the_installed_copy_is_used_when_the_project_folder_has_none(tmp_path,
                                                                    monkeypatch) -> None:
    assert resources.project_path("assets", "overblik.css") == ROOT / "assets" / "overblik.css"
    monkeypatch.setattr(resources, "PROJECT", tmp_path / "site-packages")
    monkeypatch.setattr(resources, "SHARED", tmp_path / "share" / "overblik")
    assert resources.project_path("docs", "metrics.md") == (
        tmp_path / "share" / "overblik" / "docs" / "metrics.md")
