"""BatchOrchestrator: runs jobs through the ten stages, each job observable in Sentry.

Per job: its own isolation scope (tags, contexts and breadcrumbs never cross jobs), one
transaction ``pipeline.execute``, and per stage a ``stage.execute`` span with breadcrumbs
at its start and end. Agent and model spans come from the agent base and the engine's
instrumenting wrapper; this module only owns the job and stage levels.
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from typing import Any

from narra_forge._version import __version__
from narra_forge.agents import PIPELINE, Agent
from narra_forge.core.config import NarraForgeConfig
from narra_forge.core.cpu import set_cpu_workers
from narra_forge.core.errors import EngineError, InputError, NarraForgeError, StageError
from narra_forge.core.state import JobState, ProgressCallback, StageRecord, cost_of, usage_of
from narra_forge.core.types import NarrativeOutput, ProductionBrief
from narra_forge.engines.accounting import AgentEngine, CostLimits
from narra_forge.engines.base import Engine
from narra_forge.engines.factory import build_engine, model_for
from narra_forge.monitoring import (
    SentrySpan,
    SentryTransaction,
    add_breadcrumb,
    capture_exception,
    capture_message,
    init_sentry,
    isolation_scope,
    mark_reported,
    set_context,
    set_tag,
)
from narra_forge.monitoring.consts import OP
from narra_forge.monitoring.tracing import LinkedTransaction, span_room
from narra_forge.output.files import check_writable
from narra_forge.store.sqlite_store import JobStore

logger = logging.getLogger(__name__)

VERSION = __version__
#: spans one model call may make: ours, and an HTTP client span from auto-instrumentation
SPANS_PER_CALL = 2
QUALITY_MESSAGE = "Pipeline completed with quality score below threshold"


def new_job_id() -> str:
    return f"job_{time.strftime('%Y%m%d_%H%M%S')}_{uuid.uuid4().hex[:8]}"


class BatchOrchestrator:
    """Produces narratives from briefs. Initializes Sentry when the config asks for it."""

    def __init__(
        self,
        config: NarraForgeConfig | None = None,
        *,
        engine: Engine | None = None,
        progress: ProgressCallback | None = None,
        sentry_options: dict[str, Any] | None = None,
        store: JobStore | None = None,
    ) -> None:
        self.config = config if config is not None else NarraForgeConfig()
        self.progress = progress
        self._store = store
        self.stages: tuple[Agent, ...] = PIPELINE
        if self.config.enable_sentry and (self.config.sentry_dsn or self.config.sentry_spotlight):
            init_sentry(
                dsn=self.config.sentry_dsn,
                environment=self.config.sentry_environment,
                release=f"narra-forge@{VERSION}",
                traces_sample_rate=self.config.sentry_traces_sample_rate,
                profiles_sample_rate=self.config.sentry_profiles_sample_rate,
                debug=self.config.sentry_debug,
                send_default_pii=self.config.sentry_send_default_pii,
                **(sentry_options or {}),
            )
        self.engine = engine if engine is not None else build_engine(self.config)
        self._active_jobs = 0
        if self.config.cpu_workers is not None:
            set_cpu_workers(self.config.cpu_workers)

    @property
    def store(self) -> JobStore:
        """The job store, opened on first use (``DATA_DIR/narra_forge.db``)."""
        if self._store is None:
            self._store = JobStore(self.config.data_dir)
        return self._store

    async def produce_narrative(self, brief: ProductionBrief | dict[str, Any]) -> NarrativeOutput:
        """Run one brief through every stage; the finished output, or a typed error."""
        if not isinstance(brief, ProductionBrief):
            brief = ProductionBrief(**brief)
        store = self.store  # a corrupt store fails here, before anything is written
        check_writable(self.config.output_dir)
        state = JobState(job_id=new_job_id(), brief=brief, output_root=self.config.output_dir,
                         engine=self.engine.provider)
        store.create_job(state)
        async with self._job_slot():
            with isolation_scope():
                return await self._run_job(state, first_stage=1)

    async def resume(self, job_id: str) -> NarrativeOutput:
        """Continue a job after its last checkpointed stage (a crash, a kill, a Ctrl-C)."""
        job = self.store.get_job(job_id)
        if job.status == "done":
            raise InputError(f"job {job_id} is already done: nothing to resume")
        state, last = self.store.load_state(job_id)
        check_writable(state.output_root)
        self.store.set_status(job_id, "running")
        async with self._job_slot():
            with isolation_scope():
                set_tag("resumed_from_stage", str(last))
                return await self._run_job(state, first_stage=last + 1)

    @asynccontextmanager
    async def _job_slot(self) -> AsyncIterator[None]:
        """Counts running jobs; the last one out closes the engine's connections, so none
        outlive the event loop that opened them (the engine reopens them on demand)."""
        self._active_jobs += 1
        try:
            yield
        finally:
            self._active_jobs -= 1
            if self._active_jobs == 0:
                await self.engine.aclose()

    async def produce_batch(
        self, briefs: Iterable[ProductionBrief | dict[str, Any]], concurrency: int = 4
    ) -> list[NarrativeOutput | NarraForgeError]:
        """Every brief, at most ``concurrency`` at a time; a failing job never stops the rest.

        Results come back in the order of ``briefs``: the output, or the job's typed error.
        """
        if concurrency < 1:
            raise InputError(f"concurrency={concurrency} is invalid: expected at least 1")
        workers = self.config.cpu_workers
        if workers is None:  # a batch's jobs share one loop: spread their CPU work
            workers = (os.cpu_count() or 1) if concurrency > 1 else 0
        set_cpu_workers(workers)
        gate = asyncio.Semaphore(concurrency)

        async def one(brief: ProductionBrief | dict[str, Any]) -> NarrativeOutput | NarraForgeError:
            async with gate:
                try:
                    return await self.produce_narrative(brief)
                except NarraForgeError as error:
                    return error

        return list(await asyncio.gather(*(one(b) for b in briefs)))

    async def _run_job(self, state: JobState, first_stage: int) -> NarrativeOutput:
        brief = state.brief
        kind = brief.production_type.value
        async with SentryTransaction(
            op=OP.PIPELINE,
            name=f"{kind}_generation",
            description=f"Generate {brief.target_words:,} word {brief.genre.value} {kind}",
        ) as transaction:
            for key, value in (("production_type", kind), ("genre", brief.genre.value),
                               ("job_id", state.job_id)):
                set_tag(key, value)
                transaction.set_tag(key, value)
            set_context("job", {
                "job_id": state.job_id, "production_type": kind, "genre": brief.genre.value,
                "word_count_target": brief.target_words,
            })
            # The guide puts the whole config here; ours is the redacted dump.
            set_context("pipeline", {"brief": brief.dict(), "config": self.config.redacted()})
            state.trace_id = transaction.trace_id if transaction.sampled else None
            state.bind_progress(self.progress, len(self.stages))
            try:
                for number, agent in enumerate(self.stages, 1):
                    if number >= first_stage:
                        await self._run_stage(state, number, agent)
            except StageError as error:
                # What the failed stage spent counts too (it is never checkpointed).
                self.store.set_status(state.job_id, "failed", error=str(error),
                                      cost_usd=state.total_cost)
                raise
            except (asyncio.CancelledError, KeyboardInterrupt):
                transaction.set_status("cancelled")
                self.store.set_status(state.job_id, "cancelled", error="interrupted",
                                      cost_usd=state.total_cost)
                raise
            output = state.require("output")
            self.store.set_status(state.job_id, "done", words=output.word_count)
            self._finish(state, output, transaction)
            state.report(done=True)
            return output

    async def _run_stage(self, state: JobState, number: int, agent: Agent) -> None:
        state.enter_stage(number, agent.name)
        add_breadcrumb(message=f"Starting stage: {agent.name}", category="pipeline",
                       level="info", data={"stage": number, "agent_id": agent.id,
                                           "job_id": state.job_id})
        calls_before = len(state.calls)
        started = time.perf_counter()
        engine = AgentEngine(self.engine, agent_id=agent.id, ledger=state,
                             model=model_for(agent.id, agent.model_tier, self.config,
                                             self.engine),
                             limits=CostLimits(self.config.max_cost_per_job,
                                               self.config.warn_cost_threshold))
        async with SentrySpan(op=OP.STAGE, description=agent.name) as span:
            span.set_data("stage", number)
            span.set_data("agent_id", agent.id)
            try:
                async with self._room_for(state, agent):
                    artifact = await agent.run(state, engine)
            except Exception as cause:
                self._fail(state, number, agent, cause)
            duration = time.perf_counter() - started
            calls = state.calls[calls_before:]
            usage = usage_of(calls)
            span.set_data("tokens_used", usage.total_tokens)
            state.stages[agent.id] = StageRecord(
                agent_id=agent.id, name=agent.name, duration_s=duration, usage=usage,
                cost_usd=cost_of(calls), calls=len(calls))
            state.record(agent.produces, artifact)
            self.store.checkpoint(state, number, agent.id, agent.produces, calls)
        add_breadcrumb(message=f"Completed stage: {agent.name}", category="pipeline",
                       level="info", data={"stage": number, "job_id": state.job_id,
                                           "duration": round(duration, 3),
                                           "tokens_used": usage.total_tokens})
        logger.info("job %s: stage %d/%d %s done in %.2fs", state.job_id, number,
                    len(self.stages), agent.name, duration)

    def _room_for(self, state: JobState, agent: Agent) -> AbstractAsyncContextManager[Any]:
        """A linked transaction for a stage whose spans would not fit the job's transaction.

        sentry-sdk keeps at most 1,000 spans per transaction; a book-length stage makes a
        model call (and possibly an HTTP span) per segment. Such a stage's spans then go
        into a transaction of their own, a child of the stage span in the same trace.
        """
        room = span_room()
        segments = len(state.plan.segments) if state.plan is not None else 1
        expected = 2 + SPANS_PER_CALL * (segments if agent.model_tier == "gpt4" else 2)
        if room is None or room >= expected:
            return nullcontext()
        return LinkedTransaction(op=OP.STAGE, name=f"{state.brief.production_type.value}"
                                 f"_generation/{agent.id}", description=agent.name)

    def _fail(self, state: JobState, number: int, agent: Agent, cause: Exception) -> None:
        """Capture the failure once and raise the typed error the caller gets.

        An engine error whose retries ran out is sent as itself (with ``retry_attempt``,
        which ``before_send_hook`` keeps); anything else as the ``StageError``. Both are
        marked reported, so an excepthook seeing the StageError later sends nothing.
        """
        extras: dict[str, Any] = {"job_id": state.job_id, "stage_number": number}
        exhausted = isinstance(cause, EngineError) and cause.retry_attempt is not None
        if exhausted:
            extras["retry_attempt"] = cause.retry_attempt  # type: ignore[union-attr]
        add_breadcrumb(message=f"Stage failed: {agent.name}", category="pipeline",
                       level="error", data={"stage": number, "job_id": state.job_id,
                                            "error": type(cause).__name__})
        try:
            raise StageError(f"stage {number} ({agent.name}) failed: {cause}",
                             agent_id=agent.id, stage=agent.name, job_id=state.job_id
                             ) from cause
        except StageError as error:
            capture_exception(cause if exhausted else error,
                              tags={"agent_id": agent.id, "stage": agent.name},
                              extras=extras,
                              fingerprint=["stage-failure", agent.id, type(cause).__name__])
            mark_reported(error, cause)
            raise

    def _finish(self, state: JobState, output: NarrativeOutput, transaction: Any) -> None:
        score = output.coherence_score
        transaction.set_data("word_count", output.word_count)
        transaction.set_data("total_tokens", output.usage.total_tokens)
        transaction.set_data("cost_usd", output.cost_usd)
        transaction.set_data("cost_by_agent", output.cost_by_agent)
        transaction.set_data("cost_by_model", output.cost_by_model)
        transaction.set_data("coherence_score", score)
        transaction.set_tag("coherence_score", f"{score:.2f}")
        set_tag("coherence_score", f"{score:.2f}")
        threshold = self.config.min_coherence_score
        if score < threshold:
            capture_message(QUALITY_MESSAGE, level="warning",
                            tags={"coherence_score": f"{score:.2f}",
                                  "threshold": f"{threshold:.2f}"})
