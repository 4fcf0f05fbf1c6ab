"""The user's series settings: the option schema and shared facts (``schema``), the rules saved
state follows (``rules``), the store engines (``file_store``, ``session_store``, ``sql_store``),
which one a process uses (``store_choice``; ``lwcharts.settings.use_store``) and the link a host
reads and writes them through (``link``).

Kept empty of imports: the model imports ``schema`` without loading a store engine, so
``use_store`` is loaded on first use.
"""

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "use_store":
        from lwcharts.settings.store_choice import use_store

        return use_store
    raise AttributeError(f"module 'lwcharts.settings' has no attribute {name!r}")
