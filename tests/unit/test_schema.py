"""The option schema: one table validates Python options and browser settings, and feeds the
front end through a generated JSON file that must never drift from it."""

from pathlib import Path

import pytest

from lwcharts.settings.schema import GENERATED, SCHEMA, check_option, is_css_color

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("target", sorted(GENERATED))
def test_generated_schema_copies_are_current(target: str) -> None:
    written = (ROOT / target).read_text(encoding="utf-8")
    assert written == GENERATED[target](), "run: python -m lwcharts.settings"


@pytest.mark.parametrize(
    "color",
    [
        "#fff",
        "#26a69a",
        "#26a69a80",
        "rgba(38, 166, 154, 0.5)",
        "hsl(120, 50%, 50%)",
        "RebeccaPurple",
        "transparent",
    ],
)
def test_css_colours_accepted(color: str) -> None:
    assert is_css_color(color)


@pytest.mark.parametrize(
    "color",
    [
        "",
        "#ggg",
        "red; background:url(x)",
        "javascript:alert(1)",
        "expression(1)",
        "rgb(1,2)",
        "<script>",
        12,
        None,
        "#" + "f" * 100,
    ],
)
def test_hostile_or_broken_colours_refused(color: object) -> None:
    assert not is_css_color(color)


def test_every_default_passes_its_own_check() -> None:
    for series_type, options in SCHEMA.items():
        for name, spec in options.items():
            if spec.kind == "color" and spec.default == "":
                continue  # "" means: follow the series colour
            check_option(series_type, name, spec.default)


def test_choice_accepts_label_or_value_and_returns_value() -> None:
    assert check_option("line", "lineStyle", "dotted") == 1
    assert check_option("line", "lineStyle", 1) == 1
    with pytest.raises(ValueError, match="must be one of"):
        check_option("line", "lineStyle", True)
