"""The ASGI entry point uvicorn imports: settings come from the environment."""

from fancoins.api.app import create_app

app = create_app()
