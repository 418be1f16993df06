"""SQLite job store: every job, and every finished stage's artifact, checkpointed atomically.

stdlib ``sqlite3`` in WAL mode, one connection per store object. A checkpoint writes the
stage's artifact, its accounting and the job row in one transaction, so after a crash
(even ``kill -9``) the store holds exactly the stages that finished.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from narra_forge.core.errors import JobNotFound, StoreError
from narra_forge.core.state import CallRecord, JobState, StageRecord
from narra_forge.core.types import ProductionBrief

JobStatus = Literal["running", "done", "failed", "cancelled"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    job_id        TEXT PRIMARY KEY,
    status        TEXT NOT NULL,
    brief         TEXT NOT NULL,
    engine        TEXT NOT NULL,
    output_root   TEXT NOT NULL,
    created_at    REAL NOT NULL,
    updated_at    REAL NOT NULL,
    stage         INTEGER NOT NULL DEFAULT 0,
    stage_name    TEXT NOT NULL DEFAULT '',
    words         INTEGER NOT NULL DEFAULT 0,
    cost_usd      REAL NOT NULL DEFAULT 0,
    cost_warned   INTEGER NOT NULL DEFAULT 0,
    error         TEXT
);
CREATE TABLE IF NOT EXISTS checkpoints (
    job_id     TEXT NOT NULL REFERENCES jobs(job_id),
    stage      INTEGER NOT NULL,
    agent_id   TEXT NOT NULL,
    field      TEXT NOT NULL,
    artifact   TEXT NOT NULL,
    record     TEXT NOT NULL,
    calls      TEXT NOT NULL,
    PRIMARY KEY (job_id, stage)
);
"""


class JobRow(BaseModel):
    job_id: str
    status: JobStatus
    brief: ProductionBrief
    engine: str
    output_root: str
    created_at: float
    updated_at: float
    stage: int
    stage_name: str
    words: int
    cost_usd: float
    cost_warned: bool
    error: str | None


class JobStore:
    """Jobs and their checkpoints in ``<data_dir>/narra_forge.db``."""

    FILENAME = "narra_forge.db"

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / self.FILENAME
        self._lock = threading.Lock()
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=10, isolation_level=None,
                                       check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
        except (sqlite3.DatabaseError, OSError) as exc:
            raise StoreError(f"job store {self.path} cannot be opened: {exc}") from None

    def close(self) -> None:
        self._db.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.DatabaseError as exc:
                raise StoreError(f"job store {self.path}: {exc}") from None

    # --- jobs -------------------------------------------------------------------------
    def create_job(self, state: JobState) -> None:
        now = time.time()
        with self._tx() as db:
            db.execute(
                "INSERT INTO jobs (job_id, status, brief, engine, output_root, created_at,"
                " updated_at) VALUES (?, 'running', ?, ?, ?, ?, ?)",
                (state.job_id, state.brief.model_dump_json(), state.engine,
                 str(state.output_root), now, now),
            )

    def set_status(self, job_id: str, status: JobStatus, *, error: str | None = None,
                   words: int | None = None, cost_usd: float | None = None) -> None:
        with self._tx() as db:
            db.execute(
                "UPDATE jobs SET status = ?, error = ?, updated_at = ?,"
                " words = COALESCE(?, words), cost_usd = COALESCE(?, cost_usd)"
                " WHERE job_id = ?",
                (status, error, time.time(), words, cost_usd, job_id),
            )

    def checkpoint(self, state: JobState, stage: int, agent_id: str, field: str,
                   calls: list[CallRecord]) -> None:
        """The stage's artifact, accounting and the job's progress, in one transaction."""
        artifact = getattr(state, field)
        record = state.stages[agent_id]
        words = state.draft.word_count if state.draft is not None else 0
        with self._tx() as db:
            db.execute(
                "INSERT OR REPLACE INTO checkpoints VALUES (?, ?, ?, ?, ?, ?, ?)",
                (state.job_id, stage, agent_id, field, artifact.model_dump_json(),
                 record.model_dump_json(), json.dumps([c.model_dump() for c in calls])),
            )
            db.execute(
                "UPDATE jobs SET stage = ?, stage_name = ?, words = ?, cost_usd = ?,"
                " cost_warned = ?, updated_at = ? WHERE job_id = ?",
                (stage, record.name, words, state.total_cost, int(state.cost_warning_sent),
                 time.time(), state.job_id),
            )

    def get_job(self, job_id: str) -> JobRow:
        rows = self._select("SELECT * FROM jobs WHERE job_id = ?", (job_id,))
        if not rows:
            raise JobNotFound(f"no job {job_id!r} in {self.path}")
        return rows[0]

    def list_jobs(self, limit: int = 100) -> list[JobRow]:
        return self._select("SELECT * FROM jobs ORDER BY created_at DESC LIMIT ?", (limit,))

    def _select(self, sql: str, params: tuple[Any, ...]) -> list[JobRow]:
        try:
            with self._lock:
                cursor = self._db.execute(sql, params)
                names = [c[0] for c in cursor.description]
                rows = cursor.fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"job store {self.path}: {exc}") from None
        jobs = []
        for row in rows:
            data = dict(zip(names, row, strict=True))
            data["brief"] = ProductionBrief.model_validate_json(data["brief"])
            jobs.append(JobRow(**data))
        return jobs

    # --- resume -----------------------------------------------------------------------
    def load_state(self, job_id: str) -> tuple[JobState, int]:
        """The job's state rebuilt from its checkpoints, and the last finished stage."""
        job = self.get_job(job_id)
        state = JobState(job_id=job_id, brief=job.brief, engine=job.engine,
                         output_root=Path(job.output_root), cost_warning_sent=job.cost_warned)
        try:
            with self._lock:
                rows = self._db.execute(
                    "SELECT stage, agent_id, field, artifact, record, calls FROM checkpoints"
                    " WHERE job_id = ? ORDER BY stage", (job_id,)).fetchall()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"job store {self.path}: {exc}") from None
        last = 0
        for stage, agent_id, field, artifact, record, calls in rows:
            annotation = type(state).model_fields[field].annotation
            model = next(a for a in getattr(annotation, "__args__", (annotation,))
                         if isinstance(a, type) and issubclass(a, BaseModel))
            state.record(field, model.model_validate_json(artifact))
            state.stages[agent_id] = StageRecord.model_validate_json(record)
            state.calls.extend(CallRecord(**c) for c in json.loads(calls))
            last = stage
        return state, last
