"""Python-computed series: a function of a data source and a few declared inputs.

``chart.indicator("line", sma, source=df, inputs={"length": 20})`` draws ``sma(df, length=20)``
and shows ``length`` on the Inputs tab of the settings dialog. The user's value is saved like a
style, in the series' saved ``config`` under ``input:length``; every render applies the saved
values (``apply_saved``) and re-runs the function when they differ from the ones drawn.

Saved values are untrusted: the store accepts only primitive values under ``input:`` keys
(``settings.schema.check_saved_input``), and here each is checked against the input's declared
spec. A value out of range, or one the function raises on, is dropped with an ``InputWarning``;
the chart keeps the data it had, and the caller (``SettingsLink.apply_inputs``) corrects the
saved value so the dialog shows what is drawn.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from lwcharts._report import SettingsWarning, clip, short
from lwcharts._report import warn as _report
from lwcharts.model.data import Columns, to_columns
from lwcharts.settings.schema import (
    INPUT_NAME,
    INPUT_PREFIX,
    MAX_INPUTS,
    MAX_TEXT_LENGTH,
    check_scalar,
    series_columns,
)

InputKind = Literal["int", "float", "bool", "text", "choice"]
Primitive = int | float | bool | str

__all__ = ["Applied", "Computed", "Input", "InputSpec", "InputWarning", "declare"]


class InputWarning(SettingsWarning):
    """A saved input of a computed series was dropped, or its function failed on the user's
    value (the chart keeps the data it had)."""


@dataclass(frozen=True)
class Input:
    """An input with more than a default: ``Input(20, minimum=1, maximum=500, label="Length")``
    or ``Input("close", choices=["open", "close"])``. The kind follows the default's type."""

    default: Primitive
    minimum: float | None = None
    maximum: float | None = None
    label: str | None = None
    choices: Sequence[Primitive] | None = None


@dataclass(frozen=True)
class InputSpec:
    """A checked input declaration, as the dialog gets it (``header``)."""

    name: str
    kind: InputKind
    default: Primitive
    label: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Primitive, ...] = ()

    def check(self, value: object) -> Primitive:
        """``value`` as the function gets it, or ``ValueError`` saying what was expected."""
        where = f"input {self.name!r}"
        if self.kind == "choice":
            if any(_same(value, choice) for choice in self.choices):
                return value  # type: ignore[return-value]
            allowed = ", ".join(repr(c) for c in self.choices)
            raise ValueError(f"{where} must be one of {allowed}, got {short(value)}")
        return check_scalar(where, self.kind, value, self.minimum, self.maximum)

    def header(self, value: Primitive, problem: str | None) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "default": self.default,
            "value": value,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "label": self.label,
            "choices": list(self.choices),
            "problem": problem,
        }


def declare(inputs: Mapping[str, object] | None) -> dict[str, InputSpec]:
    """Input specs from ``{name: default or Input(...)}``; ``ValueError`` names a bad one."""
    if inputs is None:
        return {}
    if not isinstance(inputs, Mapping):
        raise ValueError(f"inputs must be a dict of name: default, got {short(inputs)}")
    if len(inputs) > MAX_INPUTS:
        raise ValueError(f"at most {MAX_INPUTS} inputs per series, got {len(inputs)}")
    return {name: _declare_one(name, given) for name, given in inputs.items()}


def _declare_one(name: object, given: object) -> InputSpec:
    if not isinstance(name, str) or not INPUT_NAME.fullmatch(name):
        raise ValueError(
            f"input name {short(name)} must be a Python identifier of at most 64 characters"
        )
    spec = given if isinstance(given, Input) else Input(given)  # type: ignore[arg-type]
    where = f"input {name!r}"
    label = name.replace("_", " ").capitalize() if spec.label is None else spec.label
    if not isinstance(label, str) or len(label) > MAX_TEXT_LENGTH:
        raise ValueError(f"{where}: label must be text of at most {MAX_TEXT_LENGTH} characters")
    default = spec.default
    if spec.choices is not None:
        choices = tuple(spec.choices)
        if not choices or not all(_primitive(c) for c in choices):
            raise ValueError(f"{where}: choices must be a non-empty list of numbers, bools or text")
        if spec.minimum is not None or spec.maximum is not None:
            raise ValueError(f"{where}: give choices or minimum/maximum, not both")
        checked = InputSpec(name, "choice", default, label, choices=choices)
    else:
        checked = InputSpec(
            name, _kind(where, default), default, label, _bound(spec.minimum, where, "minimum"),
            _bound(spec.maximum, where, "maximum"),
        )  # fmt: skip
        if checked.kind not in ("int", "float") and (
            checked.minimum is not None or checked.maximum is not None
        ):
            raise ValueError(f"{where}: minimum/maximum apply to number inputs only")
        low, high = checked.minimum, checked.maximum
        if low is not None and high is not None and low > high:
            raise ValueError(f"{where}: minimum {low:g} is above maximum {high:g}")
    try:
        checked.check(default)
    except ValueError as exc:
        raise ValueError(f"the default of {exc}") from None
    return checked


def _kind(where: str, default: object) -> InputKind:
    if isinstance(default, bool):
        return "bool"
    if isinstance(default, int):
        return "int"
    if isinstance(default, float):
        return "float"
    if isinstance(default, str):
        return "text"
    raise ValueError(
        f"{where}: default must be an int, float, bool or str (or lwcharts.Input(...)), "
        f"got {short(default)}"
    )


def _bound(value: object, where: str, what: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{where}: {what} must be a finite number, got {short(value)}")
    return value


@dataclass
class Computed:
    """What makes a series computed: its function, source, inputs and the values drawn now."""

    function: Callable[..., Any]
    source: Any
    specs: dict[str, InputSpec]
    column: str | None
    values: dict[str, Primitive] = field(default_factory=dict)
    # Why the user's last value of an input was not taken, shown under it in the dialog until a
    # value is taken.
    problems: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.values:
            self.values = {name: spec.default for name, spec in self.specs.items()}

    def run(self, series_type: str, series_id: str, values: Mapping[str, Primitive]) -> Columns:
        data = self.function(self.source, **values)
        return to_columns(data, series_columns(series_type), series=series_id, column=self.column)

    def header(self) -> dict[str, Any]:
        return {
            name: spec.header(self.values[name], self.problems.get(name))
            for name, spec in self.specs.items()
        }

    def apply_saved(self, series_type: str, series_id: str, entry: object) -> SavedOutcome:
        """Apply the series' saved entry: see ``_apply_saved``."""
        return _apply_saved(self, series_type, series_id, entry)


@dataclass
class Applied:
    """The outcome of ``Chart.apply_saved_inputs``: whether data changed, and saved configs to
    correct."""

    changed: bool = False
    # (paneId, seriesId) → (seriesType, the series' saved config without the rejected values)
    corrections: dict[tuple[str, str], tuple[str, dict[str, Any]]] = field(default_factory=dict)


@dataclass
class SavedOutcome:
    """What one computed series makes of its saved entry (``Computed.apply_saved``)."""

    # The series' new data when the saved inputs changed it, else None.
    columns: Columns | None = None
    # The saved config to write back when values were dropped, else None.
    correction: dict[str, Any] | None = None


def _apply_saved(
    computed: Computed, series_type: str, series_id: str, entry: object
) -> SavedOutcome:
    """Re-run ``computed`` when the saved ``entry`` (``{config, seriesType, ...}`` as the store
    gives it) asks for other input values than those drawn.

    A saved value that does not fit the input's spec, or that the function raises on, is dropped
    with an ``InputWarning``: the series keeps the value it draws now (and its data), and the
    outcome holds the saved config to write back with that value.
    """
    outcome = SavedOutcome()
    config = entry.get("config", {}) if isinstance(entry, Mapping) else {}
    if not isinstance(entry, Mapping) or entry.get("seriesType") != series_type:
        config = {}
    wanted, rejected = _wanted(series_id, computed, config)
    if wanted != computed.values:
        try:
            outcome.columns = computed.run(series_type, series_id, wanted)
        except Exception as exc:  # the user's function: anything can happen
            changed = {n for n in wanted if wanted[n] != computed.values[n]}
            problem = (
                f"{_call(computed, wanted)} raised {type(exc).__name__}: "
                f"{clip(str(exc))}; kept the data of {_call(computed, computed.values)}"
            )
            _warn(f"series {series_id!r}: {problem}")
            computed.problems.update(dict.fromkeys(changed, problem))
            rejected.update(changed)
        else:
            computed.values = wanted
            computed.problems = {n: p for n, p in computed.problems.items() if n in rejected}
    if rejected:
        fixed = {
            key: value
            for key, value in config.items()
            if not (key.startswith(INPUT_PREFIX) and key[len(INPUT_PREFIX) :] in rejected)
        }
        for name in rejected & set(computed.specs):
            if computed.values[name] != computed.specs[name].default:
                fixed[INPUT_PREFIX + name] = computed.values[name]
        outcome.correction = fixed
    return outcome


def _wanted(
    series_id: str, computed: Computed, config: Mapping[str, Any]
) -> tuple[dict[str, Primitive], set[str]]:
    """The input values the saved config asks for, and the names of saved values dropped."""
    wanted = {name: spec.default for name, spec in computed.specs.items()}
    rejected: set[str] = set()
    for key, value in config.items():
        if not key.startswith(INPUT_PREFIX):
            continue
        name = key[len(INPUT_PREFIX) :]
        spec = computed.specs.get(name)
        if spec is None:
            # An input the code no longer declares: harmless, left in the store.
            continue
        try:
            wanted[name] = spec.check(value)
        except ValueError as exc:
            _warn(f"series {series_id!r}: saved {clip(str(exc))}; dropped")
            computed.problems[name] = f"{clip(str(exc))}; kept {computed.values[name]!r}"
            wanted[name] = computed.values[name]
            rejected.add(name)
    return wanted, rejected


def _call(computed: Computed, values: Mapping[str, Primitive]) -> str:
    name = getattr(computed.function, "__name__", "the function")
    args = ", ".join(f"{k}={v!r}" for k, v in values.items())
    return f"{name}({args})" if args else f"{name}()"


def _same(value: object, choice: object) -> bool:
    # True == 1 in Python, so a choice of 1 must not accept true; 1 and 1.0 are one number (JSON
    # from the browser writes 1.0 as 1).
    if isinstance(value, bool) or isinstance(choice, bool):
        return value is choice
    numbers = (int, float)
    if isinstance(value, numbers) and isinstance(choice, numbers):
        return value == choice
    return type(value) is type(choice) and value == choice


def _primitive(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, (bool, int)) or (
        isinstance(value, str) and len(value) <= MAX_TEXT_LENGTH
    )


def _warn(message: str) -> None:
    _report(message, InputWarning)
