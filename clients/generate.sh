#!/usr/bin/env bash
# Regenerate both SDKs from the app's OpenAPI schema (no server needed): `make clients`.
#   clients/generate.sh [OUT]   OUT defaults to clients/ itself; the suite passes a temporary
#                               folder and compares the result with the committed files.
# Needs the project's .venv (openapi-python-client is pinned in requirements.lock) and
# clients/typescript/node_modules (`npm ci`, pinned by its package-lock.json).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
out="${1:-$here}"
bin="$repo/.venv/bin"
mkdir -p "$out/python" "$out/typescript/src"
out="$(cd "$out" && pwd)"

# The schema a production server serves (the dev-only endpoints are not part of the SDKs).
"$bin/python" -m fancoins.api.reference openapi "$out/openapi.json"

PATH="$bin:$PATH" "$bin/openapi-python-client" generate --path "$out/openapi.json" \
  --output-path "$out/python/fancoins_client" --meta none --overwrite \
  --config "$here/python/openapi-python-client.yaml" >/dev/null

"$here/typescript/node_modules/.bin/openapi-typescript" "$out/openapi.json" \
  --output "$out/typescript/src/schema.d.ts" --alphabetize >/dev/null 2>&1
echo "generated $out/openapi.json, $out/python/fancoins_client, $out/typescript/src/schema.d.ts"
