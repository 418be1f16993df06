"""Real Sentry-protocol servers for integration tests: Bugsink and Kent.

Both run as subprocesses on 127.0.0.1 (free ports), with all state in a temporary
directory, and are killed (whole process group) at `stop()`.

They live in a separate virtual environment, not in the test environment: Bugsink pins
~20 libraries (Django 5.2, gunicorn 26.2, requests 2.34.*, jsonschema 4.26.*, pygments
2.21.*, ...) and pulls in ``Brotli``, whose mere presence switches sentry-sdk's transport
to brotli compression for the whole test session (and Kent cannot decode brotli).
`ensure_server_venv()` creates that venv once (file lock, no-op when present) at
``$NARRA_SENTRY_SERVERS_VENV`` or ``<repo>/.venv-sentry-servers`` (git-ignored by
``.venv*/``); ``.ci/install_sentry_servers.sh`` does the same ahead of time.

Usage::

    with BugsinkServer() as bugsink:
        sentry_sdk.init(dsn=bugsink.dsn)
        event_id = sentry_sdk.capture_exception(exc)
        sentry_sdk.flush(timeout=5)
        event = bugsink.wait_for_event(event_id)   # event["data"]["tags"], ...

    with KentServer() as kent:
        sentry_sdk.init(dsn=kent.dsn, traces_sample_rate=1.0,
                        _experiments={"transport_compression_algo": "gzip"})
        ...
        [tx] = kent.wait_for(lambda k: k.transactions())

Kent decodes gzip/deflate only (brotli gets HTTP 500): clients must force gzip as above
(`KentServer.sdk_options()` returns those options); this relies on the explicit option,
not on brotli being absent.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import importlib.metadata
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any, Self, cast

BUGSINK_VERSION = "2.6.2"
KENT_VERSION = "2.2.0"
SERVER_REQUIREMENTS: tuple[str, ...] = (f"bugsink=={BUGSINK_VERSION}", f"kent=={KENT_VERSION}")

VENV_ENV_VAR = "NARRA_SENTRY_SERVERS_VENV"
REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_VENV = REPO_ROOT / ".venv-sentry-servers"

#: Any 32-hex key works for Kent (it checks none).
DEFAULT_KEY = "0123456789abcdef0123456789abcdef"

_MARKER = ".narra-sentry-servers.json"
_INSTALL_TIMEOUT = 900.0

# Must never appear in the servers' environment (our own SDK config, interpreter hooks...).
_DROPPED_ENV_PREFIXES = ("SENTRY_", "PYTHON", "VIRTUAL_ENV", "DJANGO_", "FLASK_", "PIP_")

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never use a proxy


class ServerBootError(RuntimeError):
    """A server could not be installed or did not become ready."""


class ServerAPIError(RuntimeError):
    """A server API call answered with an unexpected status."""

    def __init__(self, method: str, url: str, status: int, body: bytes) -> None:
        self.status = status
        self.body = body
        text = body[:500].decode("utf-8", "replace")
        super().__init__(f"{method} {url} -> HTTP {status}: {text}")


# -- virtual environment ----------------------------------------------------------------


# Read at import too: test fixtures may scrub NARRA_* variables before a server starts.
_IMPORT_TIME_VENV = os.environ.get(VENV_ENV_VAR)


def server_venv_path() -> Path:
    """The servers' venv: ``$NARRA_SENTRY_SERVERS_VENV`` or ``<repo>/.venv-sentry-servers``.

    The variable is read now, else as it was when this module was imported.
    """
    value = os.environ.get(VENV_ENV_VAR) or _IMPORT_TIME_VENV
    return Path(value).expanduser().resolve() if value else DEFAULT_VENV


def _marker_payload() -> dict[str, Any]:
    return {"requirements": list(SERVER_REQUIREMENTS)}


def _venv_ready(venv: Path) -> bool:
    try:
        marker = json.loads((venv / _MARKER).read_text())
    except (OSError, ValueError):
        return False
    needed = ("python", "gunicorn", "bugsink-manage", "bugsink-create-conf", "kent-server")
    return marker == _marker_payload() and all((venv / "bin" / n).exists() for n in needed)


def ensure_server_venv(venv: Path | None = None) -> Path:
    """Create the servers' venv with pinned Bugsink and Kent, once; no-op when present.

    Safe under concurrency (``fcntl`` lock inside the venv dir, e.g. pytest-xdist workers).
    Never deletes anything: an existing venv is completed with ``pip install``.
    """
    venv = (venv or server_venv_path()).resolve()
    if _venv_ready(venv):
        return venv
    venv.mkdir(parents=True, exist_ok=True)  # `python -m venv` accepts an existing dir
    with (venv / ".narra-install.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if _venv_ready(venv):
                return venv
            python = venv / "bin" / "python"
            # Fastest: a pip-less venv filled by our own pip (``--python``, pip >= 22.3);
            # saves ensurepip (~6 s). Otherwise a classic venv with its own pip.
            host_pip = _host_pip_can_target()
            if not python.exists():
                flags = ["--without-pip"] if host_pip else []
                _run_install([sys.executable, "-m", "venv", *flags, str(venv)])
            has_own_pip = (venv / "bin" / "pip").exists()
            pip = (
                [str(python), "-m", "pip"]
                if has_own_pip or not host_pip
                else [sys.executable, "-m", "pip", "--python", str(python)]
            )
            if not has_own_pip and not host_pip:
                _run_install([str(python), "-m", "ensurepip", "--default-pip"])
            _run_install(
                [
                    *pip,
                    "install",
                    "--disable-pip-version-check",
                    "--no-input",
                    "--quiet",
                    "--no-compile",  # byte-compiled lazily, only what the servers import
                    *SERVER_REQUIREMENTS,
                ]
            )
            # The venv is not project code: keep it out of git even without .gitignore rules.
            (venv / ".gitignore").write_text("*\n")
            (venv / _MARKER).write_text(json.dumps(_marker_payload()))
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return venv


def _host_pip_can_target() -> bool:
    """Whether this interpreter's pip supports ``--python`` (pip >= 22.3)."""
    try:
        version = importlib.metadata.version("pip")
    except importlib.metadata.PackageNotFoundError:
        return False
    try:
        major, minor = (int(part) for part in version.split(".")[:2])
    except ValueError:
        return False
    return (major, minor) >= (22, 3)


def _run_install(cmd: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    try:
        proc = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=_INSTALL_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ServerBootError(f"timed out after {_INSTALL_TIMEOUT}s: {cmd}") from exc
    if proc.returncode != 0:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-30:])
        raise ServerBootError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{tail}")


def server_executable(name: str, venv: Path | None = None) -> Path:
    """Path of an executable (``gunicorn``, ``kent-server``, ...) in the servers' venv."""
    return ensure_server_venv(venv) / "bin" / name


# -- helpers ------------------------------------------------------------------------------


def free_port() -> int:
    """A currently free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_request(
    method: str,
    url: str,
    *,
    body: Any = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 10.0,
) -> tuple[int, dict[str, str], bytes]:
    """Plain HTTP call (no proxy); JSON-encodes non-bytes bodies. Returns status, headers, body."""
    hdrs = dict(headers or {})
    data: bytes | None
    if body is None or isinstance(body, bytes):
        data = body
    else:
        data = json.dumps(body).encode()
        hdrs.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(url, data=data, headers=hdrs, method=method)
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers.items()), exc.read()


def _wait(check: Callable[[], Any], timeout: float, what: str, interval: float = 0.1) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


class _ManagedServer:
    """A server subprocess in its own process group, with a temporary state directory."""

    name = "server"
    stop_signal = signal.SIGTERM

    def __init__(self, *, venv: Path | None = None, boot_timeout: float = 60.0) -> None:
        self.venv_path = venv
        self.boot_timeout = boot_timeout
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_file: Any = None
        self._port: int | None = None
        self.boot_seconds: float | None = None  # last start(), incl. any venv creation

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> Self:
        """Install if needed, prepare the state directory, boot and wait until ready."""
        if self._proc is not None:
            return self
        started = time.monotonic()
        self.venv_path = ensure_server_venv(self.venv_path)
        self._tmp = tempfile.TemporaryDirectory(prefix=f"narra-{self.name}-")
        atexit.register(self.stop)
        try:
            self._port = free_port()
            self._prepare()
            for attempt in range(3):
                if attempt:
                    self._port = free_port()
                self._launch()
                try:
                    self._wait_ready()
                    break
                except ServerBootError:
                    # werkzeug: "Address already in use"; gunicorn: "Connection in use"
                    port_taken = " in use" in self.log_tail().lower()
                    self._kill()
                    if not port_taken or attempt == 2:
                        raise
            self._after_start()
        except BaseException:
            self.stop()
            raise
        self.boot_seconds = time.monotonic() - started
        return self

    def stop(self) -> None:
        """Kill the process group and delete the state directory (idempotent)."""
        self._kill()
        self._port = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None
        atexit.unregister(self.stop)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- properties ------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The port the server listens on."""
        if self._port is None:
            raise RuntimeError(f"{self.name} is not running")
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def workdir(self) -> Path:
        """The temporary state directory."""
        if self._tmp is None:
            raise RuntimeError(f"{self.name} is not running")
        return Path(self._tmp.name)

    @property
    def log_path(self) -> Path:
        """The server's combined stdout/stderr log."""
        return self.workdir / "server.log"

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the server log."""
        try:
            text = self.log_path.read_text(errors="replace")
        except (OSError, RuntimeError):
            return ""
        return "\n".join(text.splitlines()[-lines:])

    # -- subclass hooks --------------------------------------------------------------

    def _prepare(self) -> None:
        """Create configuration / databases in `workdir` (before the first launch)."""

    def _command(self) -> list[str]:
        raise NotImplementedError

    def _ready_url(self) -> str:
        raise NotImplementedError

    def _after_start(self) -> None:
        """Runs once the server answers (e.g. create a project)."""

    # -- internals -------------------------------------------------------------------

    def _exe(self, name: str) -> str:
        assert self.venv_path is not None
        return str(self.venv_path / "bin" / name)

    def _env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED_ENV_PREFIXES)}
        tmp = self.workdir / "tmp"
        tmp.mkdir(exist_ok=True)
        assert self.venv_path is not None
        env.update(
            HOME=str(self.workdir),
            TMPDIR=str(tmp),
            VIRTUAL_ENV=str(self.venv_path),
            PATH=f"{self.venv_path / 'bin'}{os.pathsep}{env.get('PATH', '')}",
            PYTHONUNBUFFERED="1",
            NO_PROXY="*",
            no_proxy="*",
        )
        return env

    def _run_setup(self, cmd: list[str], timeout: float = 120.0) -> str:
        """Run a preparation command, log its output, return stdout."""
        proc = subprocess.run(
            cmd,
            cwd=self.workdir,
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        with self.log_path.open("a") as log:
            log.write(f"$ {' '.join(cmd)}\n{proc.stdout}{proc.stderr}")
        if proc.returncode != 0:
            raise ServerBootError(
                f"{self.name} setup step failed ({proc.returncode}): {' '.join(cmd)}\n"
                f"--- log tail ---\n{self.log_tail()}"
            )
        return proc.stdout

    def _launch(self) -> None:
        self._log_file = self.log_path.open("ab")
        self._proc = subprocess.Popen(
            self._command(),
            cwd=self.workdir,
            env=self._env(),
            stdin=subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: killpg reaches every worker
        )

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + self.boot_timeout
        url = self._ready_url()
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                raise ServerBootError(
                    f"{self.name} exited with code {self._proc.returncode} while booting "
                    f"(port {self._port})\n--- log tail ---\n{self.log_tail()}"
                )
            with contextlib.suppress(OSError):
                status, _, _ = http_request("GET", url, timeout=2)
                if status == 200:
                    return
            time.sleep(0.1)
        raise ServerBootError(
            f"{self.name} not ready at {url} after {self.boot_timeout}s\n"
            f"--- log tail ---\n{self.log_tail()}"
        )

    def _kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            for sig, grace in ((self.stop_signal, 5.0), (signal.SIGKILL, 5.0)):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, sig)
                try:
                    proc.wait(timeout=grace)
                    break
                except subprocess.TimeoutExpired:
                    continue
            # Reap leftovers of the group (e.g. a worker that outlived the master).
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)
        if self._log_file is not None:
            self._log_file.close()
            self._log_file = None


# -- Bugsink ------------------------------------------------------------------------------

# argv[1]: directory to copy the freshly migrated (token-less) databases into, or "".
_BUGSINK_SETUP = r"""
import contextlib, io, shutil, sys
import django
django.setup()
from django.core.management import call_command
from django.db import connections
call_command("migrate", verbosity=0, interactive=False)
call_command("migrate", "snappea", database="snappea", verbosity=0, interactive=False)
if sys.argv[1]:
    connections.close_all()
    for name in ("default", "snappea"):
        shutil.copy(connections.databases[name]["NAME"], sys.argv[1])
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    call_command("create_auth_token")
print("NARRA_TOKEN=" + buf.getvalue().split()[-1])
"""

_BUGSINK_DBS = ("db.sqlite3", "snappea.sqlite3")


class BugsinkServer(_ManagedServer):
    """Bugsink (gunicorn, local template, eager snappea), with one team and one project.

    Ingestion is synchronous: an event can be read back right after ``sentry_sdk.flush()``.
    Only error/message events are stored; transactions etc. get 200 and are dropped, and
    Bugsink answers every envelope with ``X-Sentry-Rate-Limits: 86400:transaction;...``.
    """

    name = "bugsink"
    stop_signal = signal.SIGINT  # gunicorn: quick shutdown (TERM waits for keep-alive clients)

    def __init__(
        self,
        *,
        project_name: str = "narra-forge-tests",
        team_name: str = "narra-forge",
        venv: Path | None = None,
        boot_timeout: float = 60.0,
    ) -> None:
        super().__init__(venv=venv, boot_timeout=boot_timeout)
        self.project_name = project_name
        self.team_name = team_name
        self._token: str | None = None
        self._project: dict[str, Any] | None = None
        self._conf_port: int | None = None
        self.team_id: str | None = None

    # -- public API ------------------------------------------------------------------

    @property
    def token(self) -> str:
        """Full-access bearer token for ``/api/canonical/0/``."""
        if self._token is None:
            raise RuntimeError("bugsink is not running")
        return self._token

    @property
    def api_url(self) -> str:
        """``<base_url>/api/canonical/0``."""
        return f"{self.base_url}/api/canonical/0"

    @property
    def project_id(self) -> int:
        """Integer id of the test project."""
        if self._project is None:
            raise RuntimeError("bugsink is not running")
        return int(self._project["id"])

    @property
    def dsn(self) -> str:
        """The test project's DSN (``http://<key>@127.0.0.1:<port>/<project_id>``)."""
        if self._project is None:
            raise RuntimeError("bugsink is not running")
        return str(self._project["dsn"])

    @property
    def project(self) -> dict[str, Any]:
        """The project as returned by ``GET /projects/<id>/``."""
        if self._project is None:
            raise RuntimeError("bugsink is not running")
        return dict(self._project)

    def api(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        expect: tuple[int, ...] = (200, 201),
    ) -> Any:
        """Call the canonical API (``path`` relative to it, or a full URL); parsed JSON.

        Raises `ServerAPIError` when the status is not in ``expect``.
        """
        url = path if path.startswith("http") else f"{self.api_url}/{path.lstrip('/')}"
        if params:
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
        status, _, raw = http_request(
            method, url, body=body, headers={"Authorization": f"Bearer {self.token}"}
        )
        if status not in expect:
            raise ServerAPIError(method, url, status, raw)
        return json.loads(raw) if raw else None

    def _paginate(self, path: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        results: list[dict[str, Any]] = []
        page = self.api("GET", path, params=params)
        results.extend(page["results"])
        while page.get("next"):
            page = self.api("GET", page["next"])
            results.extend(page["results"])
        return results

    def get_event(self, event_id: str) -> dict[str, Any] | None:
        """The stored event (``EventDetail``) for an SDK event id, or None if unknown.

        Shape: ``{"id", "event_id" (dashed UUID), "issue", "project", "timestamp", ...,
        "data": <the event as stored: tags, extra, contexts, user, breadcrumbs.values,
        release, environment, level, exception...>, "stacktrace_md"}``.
        """
        try:
            event = self.api(
                "GET",
                "events/lookup/",
                params={"project": self.project_id, "event_id": event_id},
            )
        except ServerAPIError as exc:
            if exc.status == 404:
                return None
            raise
        return cast("dict[str, Any]", event)

    def wait_for_event(self, event_id: str, timeout: float = 10.0) -> dict[str, Any]:
        """Poll `get_event` until the event is stored."""
        event = _wait(lambda: self.get_event(event_id), timeout, f"bugsink event {event_id}")
        return cast("dict[str, Any]", event)

    def list_issues(self) -> list[dict[str, Any]]:
        """All issues of the test project (oldest first)."""
        return self._paginate("issues/", {"project": self.project_id})

    def list_events(self, issue: str | None = None) -> list[dict[str, Any]]:
        """Events (``EventList``: no ``data``) of one issue, or of every issue of the project."""
        issues = [issue] if issue else [i["id"] for i in self.list_issues()]
        return [ev for i in issues for ev in self._paginate("events/", {"issue": i})]

    # -- hooks -----------------------------------------------------------------------

    def _write_conf(self, port: int) -> None:
        """``bugsink-create-conf`` for ``port`` (it sets BASE_URL, used in DSNs) + overrides."""
        self._conf_port = port
        conf = self.workdir / "bugsink_conf.py"
        conf.unlink(missing_ok=True)
        self._run_setup(
            [
                self._exe("bugsink-create-conf"),
                "--template=local",
                "--host=127.0.0.1",
                f"--port={port}",
                "-o",
                str(conf),
            ]
        )
        wd = self.workdir
        overrides = {
            "PHONEHOME": False,
            "INGEST_STORE_BASE_DIR": str(wd / "ingestion"),
        }
        with conf.open("a") as fh:
            fh.write(
                "\n# --- narra-forge test overrides ---\n"
                f"BUGSINK.update({overrides!r})\n"
                # snappea's wakeup dir defaults to /tmp/snappea.wakeup, shared by instances
                f"SNAPPEA.update({{'WAKEUP_CALLS_DIR': {str(wd / 'snappea.wakeup')!r}}})\n"
                f"DATABASES['default']['NAME'] = {str(wd / 'db.sqlite3')!r}\n"
                f"DATABASES['default']['TEST']['NAME'] = {str(wd / 'test.sqlite3')!r}\n"
                f"DATABASES['snappea']['NAME'] = {str(wd / 'snappea.sqlite3')!r}\n"
                "SENTRY_DSN = None\n"
            )

    def _template_dir(self) -> Path:
        assert self.venv_path is not None
        return self.venv_path / f".bugsink-{BUGSINK_VERSION}-migrated"

    def _prepare(self) -> None:
        self._write_conf(self.port)
        # Migrating from scratch takes ~6 s: reuse databases migrated once per venv
        # (saved right after migrating, before any token exists).
        template = self._template_dir()
        staging = ""
        if all((template / db).exists() for db in _BUGSINK_DBS):
            for db in _BUGSINK_DBS:
                shutil.copyfile(template / db, self.workdir / db)
        else:
            staging = tempfile.mkdtemp(prefix=f"{template.name}.", dir=template.parent)
        out = self._run_setup([self._exe("python"), "-c", _BUGSINK_SETUP, staging])
        if staging:
            try:
                Path(staging).rename(template)
            except OSError:  # another process saved it first
                shutil.rmtree(staging, ignore_errors=True)
        tokens = [ln for ln in out.splitlines() if ln.startswith("NARRA_TOKEN=")]
        if not tokens:
            raise ServerBootError(f"bugsink printed no auth token\n{self.log_tail()}")
        self._token = tokens[-1].split("=", 1)[1].strip()

    def _launch(self) -> None:
        if self._conf_port != self.port:  # launch retried on another port
            self._write_conf(self.port)
        super()._launch()

    def _env(self) -> dict[str, str]:
        env = super()._env()
        env.update(PYTHONPATH=str(self.workdir), DJANGO_SETTINGS_MODULE="bugsink_conf")
        return env

    def _command(self) -> list[str]:
        return [
            self._exe("gunicorn"),
            f"--bind=127.0.0.1:{self.port}",
            "--workers=1",
            "--threads=4",
            "--no-control-socket",
            "--timeout=60",
            "bugsink.wsgi",
        ]

    def _ready_url(self) -> str:
        return f"{self.base_url}/health/ready"

    def _after_start(self) -> None:
        team = self.api("POST", "teams/", body={"name": self.team_name})
        self.team_id = str(team["id"])
        created = self.api(
            "POST", "projects/", body={"name": self.project_name, "team": self.team_id}
        )
        self._project = self.api("GET", f"projects/{int(created['id'])}/")

    def stop(self) -> None:
        """Kill gunicorn (process group) and delete the state directory."""
        super().stop()
        self._project = None
        self._token = None


# -- Kent ---------------------------------------------------------------------------------


class KentServer(_ManagedServer):
    """Kent, "the fakest Sentry": keeps the last 100 items of each type, checks no keys.

    Decodes gzip/deflate only: init the SDK with `sdk_options()` (forces gzip).
    """

    name = "kent"

    def __init__(self, *, venv: Path | None = None, boot_timeout: float = 30.0) -> None:
        super().__init__(venv=venv, boot_timeout=boot_timeout)

    @property
    def dsn(self) -> str:
        """A DSN for project 1 (Kent accepts any key and project)."""
        return self.dsn_for()

    def dsn_for(self, project_id: int = 1, key: str = DEFAULT_KEY) -> str:
        """A DSN with a chosen project id / key."""
        return f"http://{key}@127.0.0.1:{self.port}/{project_id}"

    def sdk_options(self, **overrides: Any) -> dict[str, Any]:
        """``sentry_sdk.init`` keyword arguments for Kent: dsn + gzip transport."""
        options: dict[str, Any] = {
            "dsn": self.dsn,
            "_experiments": {"transport_compression_algo": "gzip"},
        }
        options.update(overrides)
        return options

    def _get_json(self, path: str) -> Any:
        url = f"{self.base_url}{path}"
        status, _, raw = http_request("GET", url)
        if status != 200:
            raise ServerAPIError("GET", url, status, raw)
        return json.loads(raw)

    def list(self) -> list[dict[str, Any]]:
        """``GET /api/eventlist/``: ``[{"event_id": <kent id>, "project_id", "summary"}]``."""
        return list(self._get_json("/api/eventlist/")["events"])

    def get(self, kent_id: str) -> dict[str, Any]:
        """``GET /api/event/<kent id>``: ``{"event_id", "project_id", "payload": {
        "envelope_header", "header" (item header), "body" (decoded item)}}``."""
        return dict(self._get_json(f"/api/event/{kent_id}"))

    def records(self) -> Iterator[dict[str, Any]]:
        """Full records (`get`) of everything Kent holds, in Kent's list order."""
        for entry in self.list():
            yield self.get(entry["event_id"])

    def items(self, item_type: str) -> list[Any]:
        """Decoded bodies of the stored items of ``item_type``."""
        return [
            rec["payload"]["body"]
            for rec in self.records()
            if (rec["payload"].get("header") or {}).get("type") == item_type
        ]

    def events(self) -> list[dict[str, Any]]:
        """Error / message event bodies."""
        return self.items("event")

    def transactions(self) -> list[dict[str, Any]]:
        """Transaction bodies (with ``spans``)."""
        return self.items("transaction")

    def spans(self) -> list[dict[str, Any]]:
        """Streamed (v2) spans of ``span`` items, flattened (``gen_ai.*`` spans land here)."""
        return [span for body in self.items("span") for span in body.get("items", [])]

    def flush(self) -> None:
        """``POST /api/flush/``: forget everything."""
        url = f"{self.base_url}/api/flush/"
        status, _, raw = http_request("POST", url, body=b"")
        if status != 200:
            raise ServerAPIError("POST", url, status, raw)

    def wait_for(self, condition: int | Callable[[KentServer], Any], timeout: float = 10.0) -> Any:
        """Wait until Kent holds ``condition`` items (int) or ``condition(self)`` is truthy."""
        if isinstance(condition, int):
            count = condition

            def check() -> Any:
                entries = self.list()
                return entries if len(entries) >= count else None

        else:

            def check() -> Any:
                return condition(self)

        return _wait(check, timeout, "kent", interval=0.05)

    def _command(self) -> list[str]:
        return [self._exe("kent-server"), "run", "--host", "127.0.0.1", "--port", str(self.port)]

    def _ready_url(self) -> str:
        return f"{self.base_url}/api/eventlist/"


__all__ = [
    "BUGSINK_VERSION",
    "DEFAULT_VENV",
    "KENT_VERSION",
    "SERVER_REQUIREMENTS",
    "VENV_ENV_VAR",
    "BugsinkServer",
    "KentServer",
    "ServerAPIError",
    "ServerBootError",
    "ensure_server_venv",
    "free_port",
    "http_request",
    "server_executable",
    "server_venv_path",
]
