"""Files the app serves or reads that live beside the packages, not in them: the stylesheet,
scripts and map (assets/) and the documents users read in the app (docs/).

In a source checkout, or installed with `pip install -e .`, they are in the project folder.
`pip install .` puts them under `<prefix>/share/overblik/` (pyproject's data-files, checked
by tests/test_resources.py), where a wheel without them used to serve pages unstyled."""

from __future__ import annotations

import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SHARED = Path(sys.prefix) / "share" / "overblik"


def project_path(*parts: str) -> Path:
    """The project folder's copy of a shipped file if there is one, else the installed one."""
    source = PROJECT.joinpath(*parts)
    return source if source.exists() else SHARED.joinpath(*parts)
