"""``python -m lwcharts.settings`` (from the repository root): write the generated copies of the
option schema, the front end's JSON and docs/options.md (tests/unit/test_schema.py checks them)."""

from pathlib import Path

from lwcharts.settings.schema import GENERATED

for target, render in GENERATED.items():
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text(render(), encoding="utf-8")
    print(f"wrote {target}")
