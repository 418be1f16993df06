"""``narra-forge sentry test`` and ``narra-forge doctor``: is Sentry receiving our data?

Both read the DSN and friends from ``NarraForgeConfig`` (environment and ``.env``), print
one line per check (``PASS``/``FAIL``/``WARN``/``SKIP``/``INFO name: detail``, with the fix
when it did not pass) and a summary line. Exit codes: 0 all passed, 1 a check failed,
2 no DSN or invalid settings (raised as `ConfigError`, which ``narra_forge.cli.main`` and
`run_test_script` print as one line).
"""

from __future__ import annotations

import sys
from typing import Annotated, NoReturn

import typer

from narra_forge.core.config import NarraForgeConfig
from narra_forge.core.errors import ConfigError, NarraForgeError
from narra_forge.monitoring.delivery import Check, DeliveryReport, run_delivery_check
from narra_forge.monitoring.doctor import diagnose

NO_DSN = ("no Sentry DSN: set SENTRY_DSN=https://<public_key>@<host>/<project_id> "
          "in .env or the environment (Project Settings > Client Keys (DSN))")

sentry_app = typer.Typer(
    name="sentry",
    help="Check that Sentry receives NARRA_FORGE's errors and traces.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@sentry_app.callback()
def _sentry_group() -> None:
    """Check that Sentry receives NARRA_FORGE's errors and traces."""


def _exit(code: int) -> NoReturn:
    raise typer.Exit(code)


def _dsn(config: NarraForgeConfig) -> str:
    dsn = config.sentry_dsn_value
    if not dsn:
        raise ConfigError(NO_DSN)
    return dsn


def _api_url(config: NarraForgeConfig) -> str | None:
    """``SENTRY_API_URL`` (environment or ``.env``), when set."""
    return config.sentry_api_url


def print_report(report: DeliveryReport) -> None:
    for check in report.checks:
        typer.echo(check.line())
    typer.echo(report.summary())


def delivery_report(config: NarraForgeConfig, *, timeout: float = 10.0) -> DeliveryReport:
    """What ``sentry test`` prints: `run_delivery_check` with the configured settings."""
    dsn = _dsn(config)
    token = config.sentry_auth_token.get_secret_value() if config.sentry_auth_token else None
    report = run_delivery_check(
        dsn, auth_token=token, org=config.sentry_org, project=config.sentry_project,
        api_url=_api_url(config), timeout=timeout,
    )
    if not config.enable_sentry:
        report.checks.insert(0, Check(
            "enable_sentry", True, "ENABLE_SENTRY=false: tested anyway, but NARRA_FORGE "
            "does not send while it is off", "set ENABLE_SENTRY=true", kind="warn",
        ))
    return report


@sentry_app.command("test")
def sentry_test(
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds per HTTP request.")] = 10.0,
) -> None:
    """Send a test error, message, breadcrumbs, context and transaction; prove they arrived."""
    report = delivery_report(NarraForgeConfig(), timeout=timeout)
    print_report(report)
    _exit(0 if report.ok else 1)


def doctor(
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds per network step.")] = 3.0,
) -> None:
    """Check the Sentry setup: DSN, ENABLE_SENTRY, sample rates, DNS, TCP, a test event."""
    config = NarraForgeConfig()
    report = diagnose(
        _dsn(config),
        enable_sentry=config.enable_sentry,
        environment=config.sentry_environment,
        traces_sample_rate=config.sentry_traces_sample_rate,
        profiles_sample_rate=config.sentry_profiles_sample_rate,
        debug=config.sentry_debug,
        spotlight=config.sentry_spotlight,
        timeout=timeout,
    )
    print_report(report)
    _exit(0 if report.ok else 1)


def run_test_script(argv: list[str] | None = None) -> int:
    """``monitoring/test_sentry.py``: run ``sentry test``; errors become one line."""
    command = typer.main.get_command(sentry_app)
    args = ["test", *(sys.argv[1:] if argv is None else argv)]
    try:
        # Without standalone mode a typer.Exit(code) is returned, not raised.
        result = command.main(args=args, prog_name="test_sentry.py", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except typer.Abort:
        typer.echo("interrupted", err=True)
        return 130
    except typer.TyperException as exc:  # usage errors (typer's own click)
        typer.echo(f"error: {exc.format_message()}", err=True)
        return int(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    except NarraForgeError as exc:
        typer.echo(f"error: {exc}", err=True)
        return exc.exit_code
    return result if isinstance(result, int) else 0


__all__ = [
    "NO_DSN", "delivery_report", "doctor", "print_report", "run_test_script", "sentry_app",
    "sentry_test",
]
