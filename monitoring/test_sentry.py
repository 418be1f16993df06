"""Send test data to the configured Sentry and verify it arrived (the guide's "Testing").

Run from the repository root::

    python monitoring/test_sentry.py [--timeout SECONDS]

Same as ``narra-forge sentry test``: reads SENTRY_DSN (and SENTRY_AUTH_TOKEN, SENTRY_ORG,
SENTRY_PROJECT to read the events back) from the environment and ``.env``. Prints one
line per check and a summary; exits 0 when all passed, 1 when one failed, 2 when no DSN
is set or the settings are invalid.
"""

from __future__ import annotations

import sys
from pathlib import Path

if __name__ == "__main__":
    try:
        from narra_forge.cli_sentry import run_test_script
    except ImportError:  # a checkout that is not pip-installed
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from narra_forge.cli_sentry import run_test_script

    sys.exit(run_test_script())
