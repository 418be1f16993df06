#!/usr/bin/env bash
# Create (idempotently) the virtual environment holding Bugsink and Kent, the real
# Sentry-protocol servers used by the integration tests (tests/support/sentry_servers.py).
#
# They live outside the test environment: Bugsink pins ~20 libraries (Django 5.2, gunicorn,
# requests, jsonschema, pygments, ...) and pulls in Brotli, which would switch sentry-sdk to
# brotli compression in the whole test session. The test session creates the venv itself
# when missing; running this script ahead of time (e.g. in a CI cache step) only saves time.
#
# Location: $NARRA_SENTRY_SERVERS_VENV, default <repo>/.venv-sentry-servers (git-ignored).
# Pins: BUGSINK_VERSION / KENT_VERSION in tests/support/sentry_servers.py.
# Usage: .ci/install_sentry_servers.sh [python]   (python defaults to python3)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python_bin="${1:-python3}"

cd "$repo_root"
start=$(date +%s)
venv="$(PYTHONPATH="$repo_root" "$python_bin" -c \
    'from tests.support.sentry_servers import ensure_server_venv; print(ensure_server_venv())')"
end=$(date +%s)

"$venv/bin/python" - <<'PY'
import importlib.metadata as md
print("bugsink", md.version("bugsink"), "| kent", md.version("kent"), "| gunicorn", md.version("gunicorn"))
PY
echo "sentry servers venv ready at $venv ($((end - start)) s)"
