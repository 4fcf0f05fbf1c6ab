"""A chart as one self-contained HTML file: ``Chart.save_html``.

The page holds the standalone front end (``static/standalone.js``, built from
``js/src/hosts/standalone.ts``) as an inline classic script and the chart's envelope, base64 in a
``<script type="application/octet-stream">``: nothing is fetched, so it opens from ``file://``
with no network.
"""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lwcharts.settings.link import SettingsLink, os_user_scope

if TYPE_CHECKING:
    from lwcharts.model.chart import Chart

_STANDALONE = Path(__file__).parent / "static" / "standalone.js"
ENVELOPE_ELEMENT_ID = "lwcharts-envelope"


def _inline_script(text: str) -> str:
    # An inline script ends at the first "</script" whatever JS context it sits in; "<\/" means
    # the same inside the JS strings and regexes where the minified bundle could hold it.
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def standalone_html(envelope: bytes, *, title: str) -> str:
    """The page for one chart envelope (see docs/wire-format.md)."""
    if not _STANDALONE.is_file():
        raise FileNotFoundError(
            f"{_STANDALONE} is missing: build the front end (cd js && npm run build)"
        )
    bundle = _inline_script(_STANDALONE.read_text(encoding="utf-8"))
    data = base64.b64encode(envelope).decode("ascii")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{margin:16px;font-family:system-ui,sans-serif}</style>\n"
        "</head>\n<body>\n"
        '<div data-lwcharts-target="' + ENVELOPE_ELEMENT_ID + '"></div>\n'
        f'<script type="application/octet-stream" id="{ENVELOPE_ELEMENT_ID}">{data}</script>\n'
        f"<script>{bundle}</script>\n"
        "</body>\n</html>\n"
    )


def save_html(
    chart: Chart,
    path: str | PathLike[str],
    *,
    title: str | None = None,
    saved: Mapping[str, Any] | None = None,
    scope_key: str = "",
) -> None:
    """Write ``chart`` to ``path`` as one page drawn with ``saved`` settings (``{paneId:
    {seriesId: entry}}``), by default the OS user's from the settings file."""
    if saved is None:
        link = SettingsLink(os_user_scope())
        link.apply_inputs(chart)  # and corrects saved inputs the chart cannot take
        saved, scope_key = link.saved_for(chart.chart_id), link.key
    else:
        chart.apply_saved_inputs(saved)
    envelope = chart.to_envelope(saved=saved, scope_key=scope_key)
    page = standalone_html(envelope, title=title or chart.chart_id)
    with open(path, "w", encoding="utf-8") as file:
        file.write(page)
