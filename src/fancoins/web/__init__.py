"""The bundled web app and operator console: static files served at /app, no build step."""
