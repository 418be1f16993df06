"""What a model call costs, from a price table kept in the code.

Why a table in code: the budget check (``MAX_COST_PER_JOB``) and the cost on every
``gen_ai.chat`` span must work offline and deterministically. The prices are OpenAI's
public list prices (https://openai.com/api/pricing, standard tier, USD per million
tokens) as last known when this table was written (``PRICES_AS_OF``); OpenAI changes
them, so check them against that page before trusting a bill, and update the date.

Models not in the table (local and other OpenAI-compatible servers) cost 0, with one
logged warning per model name.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from narra_forge.engines.base import EngineRequest

logger = logging.getLogger("narra_forge.engines.pricing")

#: when the prices below were last checked against the provider's list prices
PRICES_AS_OF = "2025-08"

#: output tokens assumed for a request without ``max_tokens`` (budget and TPM estimates)
DEFAULT_MAX_OUTPUT_TOKENS = 4_096

_PER_TOKEN = 1e-6


@dataclass(frozen=True, slots=True)
class ModelPrice:
    """USD per million tokens. ``cached_input`` None: the model has no cached-input rate."""

    input: float
    cached_input: float | None
    output: float


#: keys are normalised model names (see ``normalize_model``)
PRICES: dict[str, ModelPrice] = {
    "gpt-5": ModelPrice(1.25, 0.125, 10.00),
    "gpt-5-mini": ModelPrice(0.25, 0.025, 2.00),
    "gpt-5-nano": ModelPrice(0.05, 0.005, 0.40),
    "gpt-4.1": ModelPrice(2.00, 0.50, 8.00),
    "gpt-4.1-mini": ModelPrice(0.40, 0.10, 1.60),
    "gpt-4.1-nano": ModelPrice(0.10, 0.025, 0.40),
    "gpt-4o": ModelPrice(2.50, 1.25, 10.00),
    # the first gpt-4o snapshot kept its launch price
    "gpt-4o-2024-05-13": ModelPrice(5.00, None, 15.00),
    "chatgpt-4o": ModelPrice(5.00, None, 15.00),
    "gpt-4o-mini": ModelPrice(0.15, 0.075, 0.60),
    "o4-mini": ModelPrice(1.10, 0.275, 4.40),
    "o3": ModelPrice(2.00, 0.50, 8.00),
    "o3-mini": ModelPrice(1.10, 0.55, 4.40),
    "o1": ModelPrice(15.00, 7.50, 60.00),
    "o1-mini": ModelPrice(1.10, 0.55, 4.40),
    "gpt-4-turbo": ModelPrice(10.00, None, 30.00),
    "gpt-4": ModelPrice(30.00, None, 60.00),
    "gpt-3.5-turbo": ModelPrice(0.50, None, 1.50),
}

#: dated snapshots (``-2024-08-06``), old-style dates (``-0613``), ``-latest``, ``-preview``
_SUFFIX = re.compile(r"(?:-\d{4}-\d{2}-\d{2}|-\d{4}|-latest|-preview)$")

_warned: set[str] = set()


def normalize_model(model: str) -> str:
    """The table key for a model name: lower-cased, provider prefix and snapshot suffixes cut.

    A name that is itself in the table (such as ``gpt-4o-2024-05-13``) is kept as is.
    """
    name = model.strip().lower().removeprefix("openai/")
    while name not in PRICES:
        shorter = _SUFFIX.sub("", name)
        if shorter == name:
            break
        name = shorter
    return name


def price_for(model: str) -> ModelPrice | None:
    """The model's price, or None (logged once per model) when it is not in the table."""
    price = PRICES.get(normalize_model(model))
    if price is None and model not in _warned:
        _warned.add(model)
        logger.warning(
            "no price known for model %r: its calls are counted as free "
            "(prices as of %s; add it to narra_forge.engines.pricing.PRICES)",
            model, PRICES_AS_OF,
        )
    return price


def cost_usd(
    model: str, input_tokens: int, output_tokens: int, cached_input_tokens: int = 0
) -> float:
    """USD for one call. ``input_tokens`` includes the cached ones, as OpenAI reports it."""
    price = price_for(model)
    if price is None:
        return 0.0
    cached = min(max(cached_input_tokens, 0), input_tokens)
    cached_rate = price.input if price.cached_input is None else price.cached_input
    return (
        (input_tokens - cached) * price.input
        + cached * cached_rate
        + output_tokens * price.output
    ) * _PER_TOKEN


def estimate_cost(model: str, request: EngineRequest) -> float:
    """An upper bound for one request: estimated input, ``max_tokens`` of output, no cache.

    Used by the budget check before a call is made; the real cost comes from the usage.
    """
    output = request.max_tokens or DEFAULT_MAX_OUTPUT_TOKENS
    return cost_usd(model, request.estimated_input_tokens(), output)
