"""ASGI entry point: `uvicorn immunoguide.web.main:app` (settings from the environment)."""

from .app import create_app

app = create_app()
