"""Drawing validation, written once as cases (tests/cases/drawing-rules.json) and run through
the Python twin of ``sanitizeDrawings``; js/test/drawings/drawing-rules.test.ts runs the same
cases through the front end's, so both languages keep and drop exactly the same records."""

import json
from pathlib import Path
from typing import Any

import pytest

from lwcharts.settings.drawings import sanitize_drawings

pytestmark = pytest.mark.drawings

CASES = json.loads(
    (Path(__file__).resolve().parents[1] / "cases" / "drawing-rules.json").read_text("utf-8")
)


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_drawing_rule(case: dict[str, Any]) -> None:
    records, problems = sanitize_drawings(case["input"], CASES["now"])
    assert records == case["expect"]
    kept_ids = [r["id"] for r in records]
    given = case["input"] if isinstance(case["input"], list) else []
    if case["input"] is not None and len(kept_ids) < len(given):
        # A dropped entry is reported: one warning names what and why.
        assert problems
