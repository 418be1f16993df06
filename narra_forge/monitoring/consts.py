"""Op names and span-data keys, named once (as sentry-sdk's ``consts`` does).

The ``gen_ai.*`` names come from ``sentry_sdk.consts`` so they follow Sentry's AI agent
monitoring conventions as the SDK defines them; ours are the pipeline's own ops.
"""

from __future__ import annotations

from sentry_sdk.consts import OP as SDK_OP
from sentry_sdk.consts import SPANDATA


class OP:
    PIPELINE = "pipeline.execute"
    STAGE = "stage.execute"
    AGENT = "agent.execute"
    GEN_AI_INVOKE_AGENT = SDK_OP.GEN_AI_INVOKE_AGENT
    GEN_AI_CHAT = SDK_OP.GEN_AI_CHAT


class DATA:
    OPERATION_NAME = SPANDATA.GEN_AI_OPERATION_NAME
    AGENT_NAME = SPANDATA.GEN_AI_AGENT_NAME
    PIPELINE_NAME = SPANDATA.GEN_AI_PIPELINE_NAME
    PROVIDER_NAME = SPANDATA.GEN_AI_PROVIDER_NAME
    REQUEST_MODEL = SPANDATA.GEN_AI_REQUEST_MODEL
    RESPONSE_MODEL = SPANDATA.GEN_AI_RESPONSE_MODEL
    REQUEST_MAX_TOKENS = SPANDATA.GEN_AI_REQUEST_MAX_TOKENS
    REQUEST_TEMPERATURE = SPANDATA.GEN_AI_REQUEST_TEMPERATURE
    INPUT_MESSAGES = SPANDATA.GEN_AI_INPUT_MESSAGES
    OUTPUT_MESSAGES = SPANDATA.GEN_AI_OUTPUT_MESSAGES
    FINISH_REASONS = SPANDATA.GEN_AI_RESPONSE_FINISH_REASONS
    USAGE_INPUT_TOKENS = SPANDATA.GEN_AI_USAGE_INPUT_TOKENS
    USAGE_OUTPUT_TOKENS = SPANDATA.GEN_AI_USAGE_OUTPUT_TOKENS
    USAGE_TOTAL_TOKENS = SPANDATA.GEN_AI_USAGE_TOTAL_TOKENS
    COST_USD = "gen_ai.cost.total_usd"
