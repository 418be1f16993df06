"""The OpenAI (and OpenAI-compatible) chat-completions provider.

Why it looks the way it does:

* SDK retries are off (``max_retries=0``): ``RetryingEngine`` owns every retry, so each
  one is counted, leaves a breadcrumb and honours ``Retry-After``.
* openai/httpx2 exceptions are translated into the NARRA_FORGE tree in exactly one place,
  ``map_openai_errors``, around the SDK call; nothing above this module sees them.
* Structured output asks for a strict ``json_schema``; servers that reject it get
  ``json_object`` with the schema in the system prompt (remembered per engine). Bad JSON
  gets exactly one repair request, then ``StructuredOutputError``.
* No span is made here: ``InstrumentedEngine`` is the one place for ``gen_ai.chat`` spans.
* The API key is registered with the scrubber at construction, never kept on the engine,
  and every error message is scrubbed.
"""

from __future__ import annotations

import copy
import email.utils
import json
import logging
import re
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import openai
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from narra_forge.core.config import NarraForgeConfig
from narra_forge.core.errors import (
    ConfigError,
    EngineConnectionError,
    EngineError,
    EngineStatusError,
    EngineTimeout,
    RateLimitError,
    StructuredOutputError,
)
from narra_forge.core.types import Usage
from narra_forge.engines.base import Completion, Engine, EngineRequest, estimate_tokens
from narra_forge.engines.pricing import DEFAULT_MAX_OUTPUT_TOKENS, cost_usd
from narra_forge.engines.rate_limit import admit
from narra_forge.monitoring import register_secret
from narra_forge.monitoring.scrubbing import FILTERED, scrub_text

logger = logging.getLogger("narra_forge.engines.openai")

MISSING_KEY_MESSAGE = (
    "OPENAI_API_KEY is not set: NARRA_ENGINE=openai needs an API key (or OPENAI_BASE_URL "
    "of a server that ignores it and any non-empty key)"
)
OFFICIAL_HOST = "api.openai.com"
#: a masked key as the 401 message shows it ("sk-***abcd"): its ends are the key's, cut it
_MASKED_KEY = re.compile(r"[\w\-]*\*{3,}[\w\-]*")
_FENCED = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)
_USERINFO = re.compile(r"//[^@/]*@")
_SCHEMA_NAME = re.compile(r"[^A-Za-z0-9_-]")
_MAX_DETAIL = 500


# --------------------------------------------------------------------------------------
# Error translation
# --------------------------------------------------------------------------------------


def safe_message(text: str) -> str:
    """An error text with secrets (registered keys, masked keys, tokens) cut out."""
    return _MASKED_KEY.sub(FILTERED, scrub_text(text))


def parse_retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds to wait from ``retry-after-ms`` (OpenAI's) or ``Retry-After`` (seconds or an
    HTTP date); None when absent or unreadable."""
    if not headers:
        return None
    raw_ms = headers.get("retry-after-ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000.0)
        except ValueError:
            pass
    raw = headers.get("retry-after")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _status_detail(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, Mapping) and isinstance(body.get("message"), str):
        detail = str(body["message"])
    else:
        detail = exc.message.split(" - ", 1)[-1] if " - " in exc.message else exc.message
    if exc.request_id:
        detail += f" (request id {exc.request_id})"
    return detail[:_MAX_DETAIL]


@contextmanager
def map_openai_errors(provider: str = "openai", model: str | None = None) -> Iterator[None]:
    """Translate openai/httpx2 failures into ``EngineError``s, like httpx's ``map_exceptions``.

    429 → ``RateLimitError``; other statuses → ``EngineStatusError`` (retryable for 408,
    409, 5xx); timeouts → ``EngineTimeout``; refused/dropped connections and bodies that
    are not JSON → ``EngineConnectionError`` (retryable); anything else from the SDK →
    ``EngineError``. Messages are scrubbed; the SDK error stays as ``__cause__``.
    """
    where = f"{provider} {model}" if model else provider
    try:
        yield
    except openai.APIStatusError as exc:
        _scrub_cause(exc)
        status = exc.status_code
        retry_after = parse_retry_after(exc.response.headers)
        message = safe_message(f"{where}: HTTP {status}: {_status_detail(exc)}")
        cls = RateLimitError if status == 429 else EngineStatusError
        raise cls(message, status_code=status, retry_after=retry_after) from exc
    except openai.APITimeoutError as exc:
        raise EngineTimeout(safe_message(f"{where}: no answer in time ({exc.message})")) from exc
    except openai.APIConnectionError as exc:
        cause = f" ({type(exc.__cause__).__name__})" if exc.__cause__ else ""
        raise EngineConnectionError(
            safe_message(f"{where}: connection failed{cause}: {exc.message}")) from exc
    except openai.APIResponseValidationError as exc:
        raise EngineConnectionError(
            safe_message(f"{where}: unreadable response (HTTP {exc.status_code})")) from exc
    except json.JSONDecodeError as exc:
        raise EngineConnectionError(
            safe_message(f"{where}: response body is not JSON: {exc.msg}")) from exc
    except openai.OpenAIError as exc:
        raise EngineError(safe_message(f"{where}: {type(exc).__name__}: {exc}")) from exc


def _scrub_cause(exc: openai.APIStatusError) -> None:
    """The SDK error stays the ``__cause__`` (Sentry shows the chain), so its text must be
    as clean as ours: a 401 quotes the key masked ("sk-***abcd"), and that is cut."""
    exc.message = safe_message(exc.message)
    exc.args = (exc.message, *exc.args[1:])
    if isinstance(exc.body, dict) and isinstance(exc.body.get("message"), str):
        exc.body["message"] = safe_message(exc.body["message"])


class _JsonSchemaRejected(Exception):
    """The server answered 400 to ``response_format: json_schema``."""


def _rejects_json_schema(exc: openai.BadRequestError) -> bool:
    text = f"{exc.param or ''} {exc.message}".lower()
    return "response_format" in text or "json_schema" in text


# --------------------------------------------------------------------------------------
# Strict JSON schema
# --------------------------------------------------------------------------------------


def strict_json_schema(model: type[BaseModel]) -> tuple[dict[str, Any], bool]:
    """The model's JSON schema rewritten for OpenAI's strict mode, and whether strict fits.

    Strict mode wants every object closed (``additionalProperties: false``) with every
    property required, no ``default`` and no ``$ref`` with sibling keys. Requiring fields
    that have defaults is harmless: the model then always sends them. Free-form mappings
    (``dict[str, X]``) cannot be strict; then the schema is sent with ``strict: false``.
    """
    root = copy.deepcopy(model.model_json_schema())
    defs: dict[str, Any] = root.get("$defs", {})
    strict = True

    def resolve(ref: str) -> dict[str, Any]:
        name = ref.rsplit("/", 1)[-1]
        return copy.deepcopy(defs.get(name, {}))

    def visit(node: Any, depth: int = 0) -> None:
        nonlocal strict
        if not isinstance(node, dict) or depth > 32:
            return
        if "$ref" in node and len(node) > 1:
            target = resolve(node.pop("$ref"))
            siblings = dict(node)
            node.clear()
            node.update({**target, **siblings})
        node.pop("default", None)
        props = node.get("properties")
        if node.get("type") == "object" or isinstance(props, dict):
            extra = node.get("additionalProperties")
            if not props and extra not in (None, False):
                strict = False
            else:
                node["additionalProperties"] = False
                node["required"] = list(props or {})
        for sub in (props or {}).values():
            visit(sub, depth + 1)
        for key in ("items", "additionalProperties", "not"):
            visit(node.get(key), depth + 1)
        for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
            for sub in node.get(key) or ():
                visit(sub, depth + 1)

    for definition in defs.values():
        visit(definition)
    visit(root)
    return root, strict


def schema_name(model: type[BaseModel]) -> str:
    return _SCHEMA_NAME.sub("_", model.__name__)[:64] or "output"


# --------------------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Reply:
    """One HTTP call's answer, reduced to what the engine needs."""

    text: str
    refusal: str | None
    finish_reason: str | None
    model: str
    input_tokens: int
    output_tokens: int
    cached_tokens: int


class OpenAIEngine(Engine):
    """Chat completions through ``openai.AsyncOpenAI``.

    ``provider`` is ``"openai"`` for api.openai.com and ``"openai_compatible"`` for any
    other ``OPENAI_BASE_URL``. Official endpoints get ``max_completion_tokens`` (o-series
    and newer models reject ``max_tokens``); compatible servers get ``max_tokens``, the
    one they all understand. ``client`` replaces the SDK client the config would build
    (custom transports, tests); provider and parameters still follow the config.
    """

    #: each HTTP call (repairs and fallbacks included) passes ``rate_limit.admit``
    uses_rate_gate = True

    def __init__(self, config: NarraForgeConfig, *, client: openai.AsyncOpenAI | None = None):
        key = config.openai_api_key.get_secret_value() if config.openai_api_key else ""
        if not key.strip():
            raise ConfigError(MISSING_KEY_MESSAGE)
        register_secret(key)
        self.base_url = config.openai_base_url
        host = urlsplit(self.base_url).hostname if self.base_url else OFFICIAL_HOST
        self.official = host == OFFICIAL_HOST
        self.provider = "openai" if self.official else "openai_compatible"
        self.default_model = config.default_mini_model
        self.token_param = "max_completion_tokens" if self.official else "max_tokens"
        self._api_key = config.openai_api_key
        self._timeout = config.api_timeout_seconds
        self._http: openai.AsyncOpenAI | None = client
        #: False once the server rejected ``json_schema``: use ``json_object`` from then on
        self.json_schema_supported = True

    def __repr__(self) -> str:
        where = _USERINFO.sub(f"//{FILTERED}@", self.base_url) if self.base_url else OFFICIAL_HOST
        return (f"OpenAIEngine(provider={self.provider!r}, base_url={where!r}, "
                f"default_model={self.default_model!r})")

    @property
    def _client(self) -> openai.AsyncOpenAI:
        """The SDK client, made on first use and again after ``aclose`` (one per loop)."""
        if self._http is None:
            assert self._api_key is not None
            self._http = openai.AsyncOpenAI(
                api_key=self._api_key.get_secret_value(), base_url=self.base_url,
                timeout=self._timeout, max_retries=0,  # our retry loop owns retries
            )
        return self._http

    async def aclose(self) -> None:
        """Close the connections; the next request opens new ones."""
        if self._http is not None:
            client, self._http = self._http, None
            await client.close()

    # -- request -------------------------------------------------------------------------

    async def request(self, request: EngineRequest) -> Completion:
        model = request.model or self.default_model
        messages = [{"role": "system", "content": request.system},
                    {"role": "user", "content": request.user}]
        if request.output_schema is None:
            reply = await self._call(model, messages, request, None)
            return self._completion([reply], text=reply.text)
        return await self._structured(model, messages, request, request.output_schema)

    async def _structured(
        self, model: str, messages: list[dict[str, str]], request: EngineRequest,
        schema: type[BaseModel],
    ) -> Completion:
        strict_schema, strict = strict_json_schema(schema)
        replies: list[_Reply] = []
        if self.json_schema_supported:
            response_format: dict[str, Any] = {"type": "json_schema", "json_schema": {
                "name": schema_name(schema), "schema": strict_schema, "strict": strict}}
            try:
                replies.append(await self._call(model, messages, request, response_format))
            except _JsonSchemaRejected:
                if self.json_schema_supported:
                    self.json_schema_supported = False
                    logger.warning("%s rejected response_format json_schema; using "
                                   "json_object with the schema in the system prompt from "
                                   "now on", self.provider)
        if not replies:
            response_format = {"type": "json_object"}
            messages = [{"role": "system", "content": (
                f"{request.system}\n\nAnswer with one JSON object only. "
                f"JSON schema: {json.dumps(strict_schema, separators=(',', ':'))}")},
                messages[1]]
            replies.append(await self._call(model, messages, request, response_format))

        reply = replies[-1]
        parsed, problem = _parse(schema, reply, request.max_tokens)
        if parsed is None:
            if reply.refusal:
                raise self._spent(replies, StructuredOutputError(safe_message(
                    f"{schema.__name__}: the model refused: {reply.refusal[:_MAX_DETAIL]}")))
            repair = [*messages, {"role": "assistant", "content": reply.text},
                      {"role": "user", "content": _repair_prompt(schema, problem)}]
            reply = await self._call(model, repair, request, response_format)
            replies.append(reply)
            parsed, problem = _parse(schema, reply, request.max_tokens)
            if parsed is None:
                raise self._spent(replies, StructuredOutputError(safe_message(
                    f"{schema.__name__}: invalid model output after one repair: {problem}")))
        return self._completion(replies, text=reply.text, parsed=parsed)

    def _spent(self, replies: list[_Reply], error: StructuredOutputError
               ) -> StructuredOutputError:
        """The error, carrying what its unusable answers cost, so the job still books it."""
        spent = self._completion(replies, text="", parsed=None)
        error.spent = (spent.model, spent.usage.input_tokens, spent.usage.output_tokens,
                       spent.cost_usd)
        return error

    async def _call(
        self, model: str, messages: list[dict[str, str]], request: EngineRequest,
        response_format: dict[str, Any] | None,
    ) -> _Reply:
        params: dict[str, Any] = {"model": model, "messages": messages}
        if request.max_tokens is not None:
            params[self.token_param] = request.max_tokens
        if request.temperature is not None:
            params["temperature"] = request.temperature
        if request.seed is not None:
            params["seed"] = request.seed
        if response_format is not None:
            params["response_format"] = response_format
        input_estimate = sum(estimate_tokens(m["content"]) for m in messages)
        reserve = input_estimate + (request.max_tokens or DEFAULT_MAX_OUTPUT_TOKENS)
        async with admit(model, reserve) as ticket:
            with map_openai_errors(self.provider, model):
                try:
                    response = await self._client.chat.completions.create(**params)
                except openai.BadRequestError as exc:
                    if (response_format or {}).get("type") == "json_schema" and \
                            _rejects_json_schema(exc):
                        raise _JsonSchemaRejected from exc
                    raise
            reply = self._reply(response, model, input_estimate)
            ticket.settle(reply.input_tokens + reply.output_tokens)
        return reply

    def _reply(self, response: Any, model: str, input_estimate: int) -> _Reply:
        """Pull text, finish reason and usage out; a body that is no completion is retryable."""
        where = f"{self.provider} {model}"
        if not isinstance(response, ChatCompletion):
            raise EngineConnectionError(safe_message(
                f"{where}: response is not a chat completion ({type(response).__name__})"))
        try:
            choice = response.choices[0]
            text = choice.message.content or ""
            refusal = choice.message.refusal
            finish = choice.finish_reason
        except (AttributeError, IndexError, TypeError):
            raise EngineConnectionError(f"{where}: response has no usable choice") from None
        usage = response.usage
        if usage is not None and usage.prompt_tokens is not None:
            details = usage.prompt_tokens_details
            cached = (details.cached_tokens or 0) if details is not None else 0
            input_tokens, output_tokens = usage.prompt_tokens, usage.completion_tokens or 0
        else:
            input_tokens, output_tokens, cached = input_estimate, estimate_tokens(text), 0
        return _Reply(text=text, refusal=refusal, finish_reason=finish,
                      model=response.model or model, input_tokens=input_tokens,
                      output_tokens=output_tokens, cached_tokens=cached)

    def _completion(
        self, replies: list[_Reply], *, text: str, parsed: BaseModel | None = None
    ) -> Completion:
        """One Completion for all HTTP calls of a request: the last answer, summed usage."""
        last = replies[-1]
        usage = Usage(input_tokens=sum(r.input_tokens for r in replies),
                      output_tokens=sum(r.output_tokens for r in replies))
        cost = sum(cost_usd(r.model, r.input_tokens, r.output_tokens, r.cached_tokens)
                   for r in replies)
        return Completion(text=text, parsed=parsed, model=last.model, provider=self.provider,
                          usage=usage, finish_reason=last.finish_reason, cost_usd=cost)


def _parse(
    schema: type[BaseModel], reply: _Reply, max_tokens: int | None
) -> tuple[BaseModel | None, str]:
    """The validated object, or None and what was wrong with the output."""
    if reply.finish_reason == "length":
        limit = f" of {max_tokens}" if max_tokens else ""
        return None, f"the output was cut off at the token limit{limit} (finish_reason=length)"
    if not reply.text.strip():
        return None, "the output was empty"
    text = reply.text
    fenced = _FENCED.match(text)
    if fenced:
        text = fenced.group(1)
    try:
        return schema.model_validate_json(text), ""
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(p) for p in err['loc']) or '(root)'}: {err['msg']}"
            for err in exc.errors(include_url=False, include_input=False)[:8]
        ]
        return None, "; ".join(problems)[:_MAX_DETAIL]


def _repair_prompt(schema: type[BaseModel], problem: str) -> str:
    if "finish_reason=length" in problem:
        return ("Your previous answer was cut off before the JSON was complete. Reply with "
                f"the complete {schema.__name__} JSON object only, shorter so that it fits.")
    return (f"Your previous answer is not a valid {schema.__name__} JSON object: {problem}. "
            "Reply with the corrected JSON object only: no prose, no code fences.")
