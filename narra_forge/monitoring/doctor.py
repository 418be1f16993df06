"""``narra-forge doctor``: the guide's Troubleshooting list, automated.

DSN present and well formed, ``ENABLE_SENTRY``, sample rates, the debug option, DNS and
TCP reachability of the DSN's host, and a test event accepted; one ``Check`` each, with
the fix when it fails.
"""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

from narra_forge.core.config import redact_dsn
from narra_forge.core.errors import InputError
from narra_forge.monitoring.delivery import (
    Check,
    DeliveryReport,
    DsnParts,
    send_test_event,
    short_error,
)


def check_dns(host: str, port: int, timeout: float = 3.0) -> Check:
    """Resolve ``host`` within ``timeout`` seconds (getaddrinfo in a daemon thread)."""
    result: dict[str, Any] = {}

    def resolve() -> None:
        try:
            result["addresses"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            result["error"] = exc

    thread = threading.Thread(target=resolve, name="narra-forge-dns", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        return Check("dns", False, f"resolving {host} took longer than {timeout:g} s",
                     "check your DNS resolver and network connection")
    if "error" in result:
        return Check("dns", False, f"cannot resolve {host}: {short_error(result['error'])}",
                     "check the DSN's host name, your DNS and network (offline? VPN?)")
    addresses = sorted({str(info[4][0]) for info in result["addresses"]})
    return Check("dns", True, f"{host} resolves to {', '.join(addresses[:3])}")


def check_tcp(host: str, port: int, timeout: float = 3.0) -> Check:
    """Open (and close) a TCP connection to ``host:port`` within ``timeout`` seconds."""
    started = time.monotonic()
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
    except ConnectionRefusedError:
        return Check("tcp", False, f"connection refused at {host}:{port}",
                     "nothing listens there: start the server, or fix the DSN's host and port")
    except TimeoutError:
        return Check("tcp", False, f"no connection to {host}:{port} within {timeout:g} s",
                     "a firewall or proxy may block it; check the DSN's port and your network")
    except OSError as exc:
        return Check("tcp", False, f"cannot connect to {host}:{port}: {short_error(exc)}",
                     "check the DSN's host and port and your network")
    elapsed = (time.monotonic() - started) * 1000
    return Check("tcp", True, f"{host}:{port} accepts connections ({elapsed:.0f} ms)")


def config_checks(
    *,
    enable_sentry: bool,
    environment: str,
    traces_sample_rate: float,
    profiles_sample_rate: float,
    debug: bool,
) -> list[Check]:
    """The guide's Troubleshooting items that need no network."""
    checks = [
        Check("enable_sentry", True, "ENABLE_SENTRY=true") if enable_sentry else
        Check("enable_sentry", False, "ENABLE_SENTRY=false: NARRA_FORGE never starts Sentry",
              "set ENABLE_SENTRY=true in .env or the environment"),
    ]
    rates = (f"SENTRY_TRACES_SAMPLE_RATE={float(traces_sample_rate)}, "
             f"SENTRY_PROFILES_SAMPLE_RATE={float(profiles_sample_rate)} "
             f"(environment {environment})")
    production = environment.strip().lower() in ("production", "prod")
    if traces_sample_rate == 0:
        checks.append(Check("sample rates", True, f"{rates}: no transactions are sent",
                            "set SENTRY_TRACES_SAMPLE_RATE=0.1 to 0.2 for performance data",
                            kind="warn"))
    elif traces_sample_rate >= 1.0 and production:
        checks.append(Check("sample rates", True,
                            f"{rates}: every transaction is sent in production",
                            "lower SENTRY_TRACES_SAMPLE_RATE to 0.05-0.2 to save quota",
                            kind="warn"))
    else:
        checks.append(Check("sample rates", True, rates))
    checks.append(Check(
        "debug", True,
        "SENTRY_DEBUG=true: the SDK logs its transport activity to stderr" if debug else
        "SENTRY_DEBUG=false; set SENTRY_DEBUG=true (init_sentry(debug=True)) to see the "
        "SDK's log on stderr",
        kind="info",
    ))
    return checks


def diagnose(
    dsn: str,
    *,
    enable_sentry: bool,
    environment: str,
    traces_sample_rate: float,
    profiles_sample_rate: float,
    debug: bool,
    spotlight: str | None = None,
    timeout: float = 3.0,
) -> DeliveryReport:
    """``narra-forge doctor``: the guide's Troubleshooting list, automated."""
    if not timeout > 0:
        raise InputError(f"timeout must be a number of seconds > 0, not {timeout!r}")
    started = time.monotonic()
    parts = DsnParts.parse(dsn)
    report = DeliveryReport(target=redact_dsn(dsn.strip()))
    legacy = " (it carries a legacy secret key, which is not needed)" if parts.secret_key else ""
    report.checks.append(Check(
        "dsn", True, f"{report.target}: host {parts.where}, project {parts.project_id}{legacy}"
    ))
    report.checks.extend(config_checks(
        enable_sentry=enable_sentry, environment=environment,
        traces_sample_rate=traces_sample_rate, profiles_sample_rate=profiles_sample_rate,
        debug=debug,
    ))
    if spotlight:
        report.checks.append(Check("spotlight", True, f"SENTRY_SPOTLIGHT={spotlight}: "
                                   "envelopes are also posted to the Spotlight sidecar",
                                   kind="info"))
    dns = check_dns(parts.host, parts.port, timeout)
    report.checks.append(dns)
    tcp = (check_tcp(parts.host, parts.port, timeout) if dns.ok else
           Check("tcp", False, f"not attempted: {parts.host} does not resolve", dns.fix))
    report.checks.append(tcp)
    if tcp.ok:
        report.checks.append(send_test_event(dsn, timeout=timeout))
    else:
        report.checks.append(Check("test event", False,
                                   f"not attempted: {parts.where} is unreachable", tcp.fix))
    report.seconds = time.monotonic() - started
    return report
