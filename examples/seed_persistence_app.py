import streamlit as st
import pandas as pd
from lwcharts.streamlit import st_lightweight_charts

st.set_page_config(page_title="Chart with Series Config Persistence", layout="wide")

# Initialize session state for series configurations
if 'series_configs' not in st.session_state:
    st.session_state.series_configs = {}

def save_configs_to_file():
    """Save configurations to a file for true persistence"""
    import json
    try:
        with open('series_configs.json', 'w') as f:
            json.dump(st.session_state.series_configs, f)
    except Exception as e:
        st.error(f"Failed to save configs: {e}")

def load_configs_from_file():
    """Load configurations from file"""
    import json
    try:
        with open('series_configs.json', 'r') as f:
            return json.load(f)
    except (FileNotFoundError, json.JSONDecodeError):
        return {}

# Load existing configurations on startup
if not st.session_state.series_configs:
    st.session_state.series_configs = load_configs_from_file()

# Sample data
data = [
    {'time': '2023-01-01', 'value': 100},
    {'time': '2023-01-02', 'value': 102},
    {'time': '2023-01-03', 'value': 101},
    {'time': '2023-01-04', 'value': 105},
    {'time': '2023-01-05', 'value': 108},
]

st.title("📊 Chart with Series Configuration Persistence")
st.markdown("Configure the series using the gear button. Settings persist across redraws!")

# Chart configuration
chart_config = {
    'charts': [
        {
            'chartId': 'persistent-chart',
            'chart': {
                'height': 400,
                'layout': {
                    'background': {'color': '#ffffff'},
                    'textColor': '#333'
                }
            },
            'series': [
                {
                    'type': 'Line',
                    'data': data,
                    'name': 'Main Line Series',
                    'options': {
                        'color': '#2196F3',
                        'lineWidth': 2
                    }
                }
            ],
            # Enable pane collapse functionality with series config
            'paneCollapse': {
                'enabled': True,
                'showTooltip': True
            }
        }
    ],
    'syncConfig': {'enabled': False},
    # Pass backend data for persistence
    'seriesConfigBackendData': {
        'completeState': st.session_state.series_configs
    }
}

# Render chart
col1, col2 = st.columns([3, 1])

with col1:
    result = st_lightweight_charts(
        config=chart_config,
        key='persistent_chart'
    )

with col2:
    st.subheader("Configuration Status")

    if st.session_state.series_configs:
        st.success(f"✅ {len(st.session_state.series_configs)} chart(s) configured")

        # Show current configurations
        with st.expander("Current Configurations"):
            st.json(st.session_state.series_configs)
    else:
        st.info("ℹ️ No configurations saved yet")

    # Save/Load buttons
    st.subheader("Persistence Controls")

    if st.button("💾 Save to File"):
        save_configs_to_file()
        st.success("Configurations saved!")

    if st.button("📁 Load from File"):
        st.session_state.series_configs = load_configs_from_file()
        st.rerun()

    if st.button("🗑️ Clear All"):
        st.session_state.series_configs = {}
        st.rerun()

# Handle configuration changes from frontend
if result and isinstance(result, dict):
    if result.get('type') == 'series_config_changes':
        # Update session state
        st.session_state.series_configs = result.get('completeState', {})

        # Auto-save to file
        save_configs_to_file()

        # Show success message
        changes_count = len(result.get('changes', []))
        st.success(f"✅ Updated {changes_count} series configuration(s)")

        # Rerun to update the display
        st.rerun()

# Instructions
st.markdown("""
### 🎯 How to Use

1. **Configure Series**: Click the gear ⚙ button on the chart to open series settings
2. **Modify Settings**: Change colors, line thickness, opacity, visibility options
3. **Persistent Storage**: Settings are automatically saved and restored across:
   - Chart redraws (when you interact with other Streamlit widgets)
   - Page refreshes (via session state)
   - App restarts (via file persistence)

### 📋 Available Configuration Options

- **Style Tab**: Color, opacity, line thickness, line style (solid/dashed/dotted)
- **Visibility Tab**: Price lines, labels, precision settings
- **Inputs Tab**: Series-specific parameters (varies by series type)

### 🔧 Technical Details

The persistence system uses:
- **Frontend**: TypeScript service with debounced backend sync
- **Backend**: Streamlit session state + optional file persistence
- **Storage**: Local storage (immediate) + backend (cross-session)
""")
