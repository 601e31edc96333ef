"""Sphinx configuration of the onestop documentation.

Build (warnings are errors, as in CI)::

    .venv/bin/python -m sphinx -W --keep-going -b html docs docs/_build/html

The pages are MyST Markdown; their ``>>>`` examples are doctests, run by pytest
(``pytest --doctest-glob='*.md' docs``). No extension here needs the network.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Document the working tree even if another copy of onestop is installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import onestop
from onestop.procedures import schema_reference_markdown, write_schema

# The catalog file-format reference is generated from the JSON Schema at every build, so it
# cannot drift from the code; the schema itself is published beside the pages.
_GENERATED = Path(__file__).resolve().parent / "_generated"
_GENERATED.mkdir(exist_ok=True)
(_GENERATED / "catalog-format.md").write_text(schema_reference_markdown(), encoding="utf-8")
write_schema(_GENERATED / "catalog-1.json")
# The dossier state diagram is drawn from the transition table itself, with no Graphviz.
sys.path.insert(0, str(Path(__file__).resolve().parent))
from _diagram import write_state_diagram  # noqa: E402

write_state_diagram(_GENERATED / "dossier-states.svg")

# The indicator reference is generated from the shipped indicator set, like the catalog format.
from onestop.scoring import indicator_reference_markdown, plot_monthly_shares  # noqa: E402

(_GENERATED / "indicators.md").write_text(indicator_reference_markdown(), encoding="utf-8")
# The chart of the scorecard how-to is drawn from the page's own example year, so the two
# cannot disagree: the page's examples run here (what they print is discarded) and the monthly
# cards they compute, ``months``, are plotted.
import contextlib  # noqa: E402
import doctest  # noqa: E402
import io  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

_page = (Path(__file__).resolve().parent / "howto-scorecard.md").read_text(encoding="utf-8")
_names: dict[str, object] = {}
with contextlib.redirect_stdout(io.StringIO()):
    for _example in doctest.DocTestParser().get_examples(_page):
        if _example.exc_msg is None:
            exec(compile(_example.source, "howto-scorecard.md", "exec"), _names)
_axes = plot_monthly_shares(_names["months"], language="en")
_axes.figure.savefig(_GENERATED / "monthly-shares.png", dpi=100)
plt.close("all")
# The what-if tutorial's chart, the same way: its examples run and their ``comparison`` is drawn.
from onestop.whatif import plot_comparison  # noqa: E402

_page = (Path(__file__).resolve().parent / "tutorial-whatif.md").read_text(encoding="utf-8")
_names = {}
with contextlib.redirect_stdout(io.StringIO()):
    for _example in doctest.DocTestParser().get_examples(_page):
        if _example.exc_msg is None:
            exec(compile(_example.source, "tutorial-whatif.md", "exec"), _names)
_axes = plot_comparison(_names["comparison"], procedures=4)
_axes.figure.savefig(_GENERATED / "whatif.png", dpi=100)
plt.close("all")

project = "onestop"
author = "onestop developers"
copyright = "onestop developers, MIT licence"
version = release = onestop.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
# benchmark-results.md is the raw report of the last benchmark run, included by benchmarks.md.
exclude_patterns = ["_build", "_generated", "benchmark-results.md", "Thumbs.db", ".DS_Store"]
language = "en"

# MyST: definition lists, ``{eval-rst}`` for autodoc, and anchors for headings so pages can
# link to sections (``[text](conventions.md#time-zones)``).
myst_enable_extensions = ["deflist"]
myst_heading_anchors = 3

# Docstrings are Google style ("Examples:", "References:", "Attributes:").
napoleon_google_docstring = True
napoleon_numpy_docstring = False
# "Attributes:" becomes one linkable entry per attribute (Deadline.due_at, ...).
napoleon_use_ivar = False

# Type hints go into the descriptions as plain text: the docs are built without
# intersphinx (no network at build time), so external types stay unresolved, and they must
# not produce warnings.
autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"members": True, "show-inheritance": True}
autoclass_content = "class"

pygments_style = "friendly"
html_theme = "furo"
html_title = f"onestop {release}"
