"""The older Streamlit package's API: its config dict (``dict_api``) built into charts."""
