"""The one exception tree of NARRA_FORGE.

Every error the package raises on purpose is a ``NarraForgeError``. Lower libraries'
errors (openai, httpx, sqlite3, pydantic) are translated where they cross into our code,
never further up, so the CLI can map a whole branch to one exit code and one line::

    NarraForgeError                       exit 1 unless stated
    ├── InputError                        exit 2: the caller asked for something impossible
    │   ├── ConfigError                   a setting (environment, .env, keyword) is invalid
    │   ├── BriefError                    a production brief is invalid
    │   └── JobNotFound                   no job with that id in the store
    ├── StoreError                        the job store is unreadable or corrupt (exit 2)
    ├── OutputError                       the output directory cannot be written (exit 2)
    ├── EngineError                       a text engine failed to produce a completion
    │   ├── EngineTimeout                 no answer within API_TIMEOUT_SECONDS
    │   ├── EngineConnectionError         connection refused, dropped, DNS …
    │   ├── EngineStatusError             the provider answered an HTTP error
    │   │   └── RateLimitError            … 429
    │   ├── StructuredOutputError         JSON missing, invalid or of the wrong shape
    │   └── BudgetExceeded                MAX_COST_PER_JOB would be overshot
    ├── StageError                        a pipeline stage failed (wraps the cause)
    └── JobCancelled                      SIGINT/SIGTERM stopped the job (exit 130)
"""

from __future__ import annotations


class NarraForgeError(Exception):
    """Base of every error NARRA_FORGE raises on purpose."""

    exit_code: int = 1


class InputError(NarraForgeError):
    """The caller's input (settings, brief, arguments) cannot be used."""

    exit_code = 2


class ConfigError(InputError, ValueError):
    """A setting is invalid; the message names the variable, the value and what is allowed."""


class BriefError(InputError, ValueError):
    """A production brief is invalid; the message names the field and what is allowed."""


class JobNotFound(InputError, LookupError):
    """No job with that id exists in the store."""


class StoreError(NarraForgeError):
    """The job store cannot be opened, read or written."""

    exit_code = 2


class OutputError(NarraForgeError):
    """The manuscript cannot be written where it was asked to go."""

    exit_code = 2


class EngineError(NarraForgeError):
    """A text engine failed; ``retryable`` says whether trying again can help."""

    retryable: bool = False

    def __init__(self, message: str, *, retry_attempt: int | None = None) -> None:
        super().__init__(message)
        #: how many retries were made before giving up (None: not retried)
        self.retry_attempt = retry_attempt
        #: what the failed call still cost (a model answered, but unusably): booked anyway
        self.spent: tuple[str, int, int, float] | None = None  # model, input, output, USD

    @property
    def retries_exhausted(self) -> bool:
        return self.retry_attempt is not None


class EngineTimeout(EngineError):
    retryable = True


class EngineConnectionError(EngineError):
    retryable = True


class EngineStatusError(EngineError):
    """The provider answered with an HTTP error status."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        retry_after: float | None = None,
        retry_attempt: int | None = None,
    ) -> None:
        super().__init__(message, retry_attempt=retry_attempt)
        self.status_code = status_code
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:  # type: ignore[override]
        return self.status_code in (408, 409, 429) or self.status_code >= 500


class RateLimitError(EngineStatusError):
    """The provider's rate limit (HTTP 429): expected and retried, noise unless exhausted."""


class StructuredOutputError(EngineError):
    """The model's JSON was missing, invalid, truncated or of the wrong shape."""


class BudgetExceeded(EngineError):
    """The next request would take the job over MAX_COST_PER_JOB."""


class StageError(NarraForgeError):
    """A stage of the pipeline failed; carries which one and the job it belonged to."""

    def __init__(self, message: str, *, agent_id: str, stage: str, job_id: str) -> None:
        super().__init__(message)
        self.agent_id = agent_id
        self.stage = stage
        self.job_id = job_id


class JobCancelled(NarraForgeError):
    """The job was interrupted (SIGINT or SIGTERM); its checkpoints are kept."""

    exit_code = 130
