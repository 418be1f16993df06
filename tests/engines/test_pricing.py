"""Price table: cost from usage, snapshot names, unknown models free with one warning."""

from __future__ import annotations

import logging
import re

import pytest

from narra_forge.engines import pricing
from narra_forge.engines.base import EngineRequest
from narra_forge.engines.pricing import (
    DEFAULT_MAX_OUTPUT_TOKENS,
    PRICES,
    PRICES_AS_OF,
    cost_usd,
    estimate_cost,
    normalize_model,
)

M = 1_000_000


def test_list_prices_of_the_default_models() -> None:
    assert cost_usd("gpt-4o", M, M) == pytest.approx(2.50 + 10.00)
    assert cost_usd("gpt-4o-mini", M, M) == pytest.approx(0.15 + 0.60)
    assert cost_usd("gpt-4o-mini", 1_000, 500) == pytest.approx(0.00015 + 0.0003)
    assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", PRICES_AS_OF)


def test_cached_input_is_part_of_input_and_priced_lower() -> None:
    # 1M input of which 400k cached: 600k at 2.50 + 400k at 1.25
    assert cost_usd("gpt-4o", M, 0, cached_input_tokens=400_000) == pytest.approx(1.5 + 0.5)
    # cached can never exceed input, nor go negative
    assert cost_usd("gpt-4o", 100, 0, cached_input_tokens=10**9) == pytest.approx(100 * 1.25 / M)
    assert cost_usd("gpt-4o", 100, 0, cached_input_tokens=-5) == cost_usd("gpt-4o", 100, 0)


def test_model_without_cached_rate_charges_full_input() -> None:
    assert cost_usd("gpt-4-turbo", M, 0, cached_input_tokens=M) == pytest.approx(10.00)


@pytest.mark.parametrize(("name", "key"), [
    ("gpt-4o-2024-08-06", "gpt-4o"),
    ("gpt-4o-2024-11-20", "gpt-4o"),
    ("gpt-4o-mini-2024-07-18", "gpt-4o-mini"),
    ("gpt-4.1-2025-04-14", "gpt-4.1"),
    ("gpt-4.1-mini-2025-04-14", "gpt-4.1-mini"),
    ("o4-mini-2025-04-16", "o4-mini"),
    ("gpt-4-0613", "gpt-4"),
    ("gpt-3.5-turbo-0125", "gpt-3.5-turbo"),
    ("chatgpt-4o-latest", "chatgpt-4o"),
    ("GPT-4o-Mini", "gpt-4o-mini"),
    ("openai/gpt-4.1-nano", "gpt-4.1-nano"),
    # a snapshot with its own price stays itself
    ("gpt-4o-2024-05-13", "gpt-4o-2024-05-13"),
])
def test_snapshot_names_map_to_their_model(name: str, key: str) -> None:
    assert normalize_model(name) == key
    assert key in PRICES


def test_snapshot_costs_like_its_model() -> None:
    assert cost_usd("gpt-4o-2024-08-06", 1234, 567) == cost_usd("gpt-4o", 1234, 567)
    assert cost_usd("gpt-4o-2024-05-13", M, M) == pytest.approx(5.00 + 15.00)


def test_unknown_model_is_free_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    pricing._warned.discard("llama-3-local")
    with caplog.at_level(logging.WARNING, logger="narra_forge.engines.pricing"):
        assert cost_usd("llama-3-local", 10_000, 10_000) == 0.0
        assert cost_usd("llama-3-local", 5, 5) == 0.0
        assert estimate_cost("llama-3-local", EngineRequest(task="prose", system="s", user="u")) == 0
    warnings = [r for r in caplog.records if "llama-3-local" in r.getMessage()]
    assert len(warnings) == 1
    assert "free" in warnings[0].getMessage()


def test_estimate_cost_is_an_upper_bound_from_max_tokens() -> None:
    request = EngineRequest(task="prose", system="x" * 400, user="y" * 400, max_tokens=1_000)
    assert request.estimated_input_tokens() == 200
    assert estimate_cost("gpt-4o", request) == pytest.approx(cost_usd("gpt-4o", 200, 1_000))
    unbounded = request.model_copy(update={"max_tokens": None})
    assert estimate_cost("gpt-4o", unbounded) == pytest.approx(
        cost_usd("gpt-4o", 200, DEFAULT_MAX_OUTPUT_TOKENS))
    # actual usage within the cap costs no more than the estimate
    assert cost_usd("gpt-4o", 180, 900, cached_input_tokens=50) <= estimate_cost("gpt-4o", request)
