"""The saved-state rules, written once as cases (tests/cases/saved-state-rules.json), run through
the store's own validation and merge; js/test/settings/saved-state-rules.test.ts runs the same
cases."""

import json
import warnings
from pathlib import Path
from typing import Any

import pytest

from lwcharts._report import SettingsWarning
from lwcharts.settings.rules import merged, state_entries

CASES = json.loads(
    (Path(__file__).resolve().parents[1] / "cases" / "saved-state-rules.json").read_text("utf-8")
)
CHART, SERIES = "chart", "series"


def entries(pane_id: object, entry: dict[str, Any] | None, now: int) -> Any:
    """An entry as the store reads it (a completeState from the browser or the file)."""
    if entry is None:
        return {}
    return state_entries({CHART: {pane_id: {SERIES: entry}}}, "case", now)


@pytest.mark.parametrize("case", CASES["cases"], ids=[c["name"] for c in CASES["cases"]])
def test_saved_state_rule(case: dict[str, Any]) -> None:
    now = case.get("now", CASES["now"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SettingsWarning)
        # Held on the incoming entry's pane, or on pane 0 when that pane id is refused.
        held = entries(case["paneId"], case["held"], now) or entries(0, case["held"], now)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", SettingsWarning)
        incoming = entries(case["paneId"], case["incoming"], now)
    result = merged(held, incoming)
    if case["expect"] == "rejected":
        assert incoming == {}
        assert any(issubclass(w.category, SettingsWarning) for w in caught)
        assert result == held
    elif case["expect"] == "held":
        assert result == held
    else:
        assert list(incoming.values()) == [case["incoming"]]
        assert list(result.values()) == [case["incoming"]]
