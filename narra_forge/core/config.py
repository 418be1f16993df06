"""Settings: one pydantic-settings class read from the environment, a ``.env`` and keywords.

Why one class: every knob (Sentry, engines, budgets, paths) is documented, validated and
redacted in one place, and an invalid value becomes one ``ConfigError`` line naming the
variable instead of a pydantic traceback.
"""

from __future__ import annotations

import builtins
import json
import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict, SettingsError

from narra_forge.core.errors import ConfigError

EngineName = Literal["offline", "openai"]

_SECRET_FIELDS = frozenset({"sentry_dsn", "openai_api_key", "sentry_auth_token"})
REDACTED = "**********"

#: what each setting allows, for error messages (pydantic's own wording is the fallback)
_ALLOWED: dict[str, str] = {
    "enable_sentry": "true or false (also 1/0, yes/no, on/off)",
    "sentry_debug": "true or false",
    "sentry_send_default_pii": "true or false",
    "sentry_record_prompts": "true or false",
    "sentry_dsn": "a Sentry DSN such as https://<public_key>@<host>/<project_id>, or empty",
    "sentry_traces_sample_rate": "a number from 0.0 to 1.0",
    "sentry_profiles_sample_rate": "a number from 0.0 to 1.0",
    "min_coherence_score": "a number from 0.0 to 1.0",
    "cpu_workers": "an integer from 0 to 64, or empty for automatic",
    "narra_engine": "offline or openai",
    "sentry_shutdown_timeout": "a number of seconds >= 0",
    "api_timeout_seconds": "a number of seconds > 0",
    "max_retries": "an integer from 0 to 20",
    "max_cost_per_job": "a number of US dollars >= 0, or empty for no limit",
    "warn_cost_threshold": "a number of US dollars >= 0, or empty for no warning",
    "stage_models": 'a JSON object mapping stage/agent id to model, e.g. {"a06": "gpt-4o"}',
    "model_rpm_limits": 'a JSON object mapping model to requests per minute',
    "model_tpm_limits": 'a JSON object mapping model to tokens per minute',
}


def validate_dsn(value: str) -> str:
    """Check a DSN's shape the way Sentry parses it, so a typo fails here with its name."""
    parts = urlsplit(value.strip())
    project = parts.path.rstrip("/").rsplit("/", 1)[-1] if parts.path else ""
    if parts.scheme not in ("http", "https") or not parts.username or not parts.hostname:
        raise ValueError("not a valid DSN")
    if not project.isdigit():
        raise ValueError("not a valid DSN (no numeric project id at the end)")
    return value.strip()


def redact_dsn(value: str) -> str:
    """A DSN with its keys hidden, safe to print."""
    return re.sub(r"//[^@/]*@", f"//{REDACTED}@", value)


class NarraForgeConfig(BaseSettings):
    """Every setting of NARRA_FORGE. Environment names are the field names upper-cased."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        validate_default=True,
    )

    # --- Sentry ---------------------------------------------------------------------------
    enable_sentry: bool = Field(True, description="Send errors and traces when a DSN is set.")
    sentry_dsn: SecretStr | None = Field(None, description="Project DSN; empty disables Sentry.")
    sentry_environment: str = Field("development", description="Sentry environment name.")
    sentry_traces_sample_rate: float = Field(0.2, ge=0.0, le=1.0)
    sentry_profiles_sample_rate: float = Field(0.0, ge=0.0, le=1.0)
    sentry_debug: bool = False
    sentry_send_default_pii: bool = Field(
        False, description="Keep emails and IP addresses found in events (never secrets)."
    )
    sentry_record_prompts: bool = Field(
        False, description="Put truncated prompt and completion text on gen_ai spans."
    )
    sentry_spotlight: str | None = Field(
        None, description="Spotlight sidecar URL (or 'true' for the default one)."
    )
    sentry_shutdown_timeout: float = Field(2.0, ge=0.0)
    sentry_auth_token: SecretStr | None = None
    sentry_org: str | None = None
    sentry_project: str | None = None
    sentry_api_url: str | None = Field(
        None, description="Sentry API base for reading events back (default: from the DSN)."
    )

    # --- Production -----------------------------------------------------------------------
    output_dir: Path = Path("output")
    data_dir: Path = Path("data")
    min_coherence_score: float = Field(0.85, ge=0.0, le=1.0)
    cpu_workers: int | None = Field(
        None, ge=0, le=64,
        description="Processes for CPU work (0 inline; empty: one per core for batches).")

    # --- Engines --------------------------------------------------------------------------
    narra_engine: EngineName = "offline"
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    default_mini_model: str = "gpt-4o-mini"
    default_gpt4_model: str = "gpt-4o"
    stage_models: Annotated[builtins.dict[str, str], NoDecode] = Field(default_factory=dict)
    api_timeout_seconds: float = Field(120.0, gt=0)
    max_retries: int = Field(3, ge=0, le=20)
    model_rpm_limits: Annotated[builtins.dict[str, int], NoDecode] = Field(default_factory=dict)
    model_tpm_limits: Annotated[builtins.dict[str, int], NoDecode] = Field(default_factory=dict)
    default_rpm_limit: int = Field(500, gt=0)
    default_tpm_limit: int = Field(200_000, gt=0)
    max_cost_per_job: float | None = Field(None, ge=0)
    warn_cost_threshold: float | None = Field(None, ge=0)

    def __init__(self, **values: Any) -> None:
        try:
            super().__init__(**values)
        except ValidationError as exc:
            raise ConfigError(_describe(exc)) from None
        except SettingsError as exc:
            raise ConfigError(f"invalid settings: {exc}") from None

    @field_validator("sentry_dsn", mode="before")
    @classmethod
    def _dsn_shape(cls, value: Any) -> Any:
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        validate_dsn(str(raw))
        return raw

    @field_validator("openai_api_key", "sentry_auth_token", "openai_base_url",
                     "sentry_spotlight", "sentry_api_url", "sentry_org", "sentry_project",
                     "max_cost_per_job", "warn_cost_threshold",
                     mode="before")
    @classmethod
    def _empty_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("stage_models", "model_rpm_limits", "model_tpm_limits", mode="before")
    @classmethod
    def _json_object(cls, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(value) if value.strip() else {}
        return value

    # --- views ----------------------------------------------------------------------------
    @property
    def sentry_dsn_value(self) -> str | None:
        return self.sentry_dsn.get_secret_value() if self.sentry_dsn else None

    @property
    def sentry_active(self) -> bool:
        return self.enable_sentry and self.sentry_dsn is not None

    def redacted(self) -> builtins.dict[str, Any]:
        """JSON-safe dump with every secret replaced: the only form that may leave the process."""
        return self.model_dump(mode="json")

    def dict(self, **kwargs: Any) -> builtins.dict[str, Any]:  # type: ignore[override]
        """pydantic v1 spelling the guide uses; redacted and JSON-safe, without a warning."""
        return self.model_dump(mode="json", **kwargs)


def env_name(field: str) -> str:
    return field.upper()


def _show(value: Any) -> str:
    text = "" if value is None else str(value)
    return text if text and not any(c.isspace() for c in text) else repr(text)


def _describe(exc: ValidationError) -> str:
    """One line for the first invalid setting: variable, value (redacted) and what is allowed."""
    messages = []
    for error in exc.errors():
        field = str(error["loc"][0]) if error["loc"] else "?"
        value = error.get("input")
        shown = REDACTED if field in _SECRET_FIELDS else _show(value)
        allowed = _ALLOWED.get(field) or error["msg"]
        messages.append(f"{env_name(field)}={shown} is invalid: expected {allowed}")
    return "; ".join(messages)
