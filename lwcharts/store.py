"""Public path of the per-user settings file: ``store_path()`` and ``ConfigStore().clear(scope)``.

The engines live in ``lwcharts.settings`` (``file_store``, ``session_store``); the rules they
share in ``lwcharts.settings.rules``.
"""

from lwcharts._report import SettingsWarning
from lwcharts.settings.file_store import ConfigStore, SettingsStore, store_path
from lwcharts.settings.session_store import SessionStore

__all__ = ["ConfigStore", "SessionStore", "SettingsStore", "SettingsWarning", "store_path"]
