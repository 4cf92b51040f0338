"""Settings from the environment (prefix IMMUNOGUIDE_)."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_database_url() -> str:
    return f"sqlite:///{(Path.cwd() / 'var' / 'immunoguide.db').as_posix()}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="IMMUNOGUIDE_", extra="ignore")

    #: SQLAlchemy URL of the store: SQLite by default, or postgresql+psycopg://user@host/db
    database_url: str = ""
    #: Where `build` and `validate` read the curated content.
    content_dir: Path = Path("content")
    #: How often a running server checks the store for a newly published build.
    reload_seconds: float = 2.0

    def resolved_database_url(self) -> str:
        return self.database_url or _default_database_url()
