"""Write the API's OpenAPI schema to a file: the web app's types are generated from it
(openapi-typescript) and its scripts type-checked against them, so a changed API field is a
failed `make lint` instead of a blank on a screen.

    python -m fancoins.web.schema var/openapi.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fancoins.api.app import create_app
from fancoins.config import load_settings


def write_schema(path: Path) -> None:
    # Development mode: the schema includes the dev sign-in the bundled app uses.
    app = create_app(load_settings(mode="development"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(app.openapi(), indent=1, sort_keys=True) + "\n")


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m fancoins.web.schema OUTPUT.json", file=sys.stderr)
        return 2
    write_schema(Path(argv[0]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
