"""The clusters app's templates hold no inline script or style, so a strict CSP needs no exception."""

import re
from pathlib import Path

import pytest

import verbund.clusters

TEMPLATES = sorted((Path(verbund.clusters.__file__).parent / "templates").rglob("*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)

pytestmark = pytest.mark.unit


def test_there_are_templates_to_check():
    assert len(TEMPLATES) >= 15


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_no_inline_script_style_or_event_handler(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script> block"
    assert not INLINE_STYLE.search(text), "inline style"
    assert not HANDLER.search(text), "inline event handler attribute"
