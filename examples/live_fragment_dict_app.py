"""Live data with the older package's dict API (``st_lightweight_charts``) in a fragment.

Run: ``streamlit run examples/live_fragment_dict_app.py`` (``?rows=N``: rows per update).

The same config dict as before, its series' ``data`` list one row longer at each fragment run:
with a ``key`` only the new rows travel (``lwcharts/wire/held.py``), the component is not
mounted again and the zoom stays. See docs/performance.md, "Live data".
"""

import math

import streamlit as st

from lwcharts.streamlit import st_lightweight_charts

DAY = 86_400
START = 1_672_531_200  # 2023-01-01 UTC


def rows_from(first: int, count: int) -> list[dict[str, float]]:
    return [
        {"time": START + n * DAY, "value": 100.0 + 5 * math.sin(n / 9.0) + n * 0.05}
        for n in range(first, first + count)
    ]


st.title("Live rows with st_lightweight_charts")
rows = max(1, min(1000, int(st.query_params.get("rows", "1"))))
if "live_rows" not in st.session_state:
    st.session_state.live_rows = rows_from(0, 2000)
running = st.toggle("Running", value=True)


@st.fragment(run_every=1.0 if running else None)
def live_chart() -> None:
    data: list[dict[str, float]] = st.session_state.live_rows
    if running:
        data.extend(rows_from(len(data), rows))
    config = {
        "charts": [
            {
                "chartId": "live-dict",
                "chart": {"height": 400},
                "series": [
                    {"type": "Line", "data": data, "name": "Value", "options": {"lineWidth": 2}}
                ],
            }
        ]
    }
    st_lightweight_charts(config, key="live-dict")
    st.caption(f"BARS={len(data)}")


live_chart()
