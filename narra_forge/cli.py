"""``narra-forge``: parse, show progress, print a summary, map errors to exit codes.

Exit codes: 0 done, 1 production failure (or quality below threshold for ``check``),
2 bad input or configuration, 130 interrupted. Errors are one line on stderr.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
import sys
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from narra_forge._version import __version__
from narra_forge.core.config import NarraForgeConfig
from narra_forge.core.errors import InputError, JobCancelled, NarraForgeError
from narra_forge.core.state import Progress as JobProgress
from narra_forge.core.types import NarrativeOutput, ProductionBrief

T = TypeVar("T")

app = typer.Typer(
    name="narra-forge",
    help="Batch narrative production engine: a brief goes in, a manuscript comes out.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
# Not a terminal (a pipe, CI): wide enough that job ids and paths are never cut.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
err = Console(stderr=True, highlight=False)


class EngineChoice(StrEnum):
    offline = "offline"
    openai = "openai"


def _setup_logging(verbose: bool) -> None:
    package = logging.getLogger("narra_forge")
    package.setLevel(logging.INFO)  # INFO records exist, so Sentry can keep them as breadcrumbs
    if not any(isinstance(h, RichHandler) for h in package.handlers):
        handler = RichHandler(console=err, show_path=False, show_time=False)
        handler.setLevel(logging.INFO if verbose else logging.WARNING)
        package.addHandler(handler)
        package.propagate = False


def _config(**overrides: Any) -> NarraForgeConfig:
    return NarraForgeConfig(**{k: v for k, v in overrides.items() if v is not None})


@contextmanager
def _stage_progress(enabled: bool) -> Iterator[Callable[[JobProgress], None] | None]:
    """Rich progress on stderr: stage i/10, and segment j/n inside a stage that has them."""
    if not enabled:
        yield None
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=err, transient=True)
    stages = bar.add_task("stages", total=10)
    segments = bar.add_task("segments", total=1, visible=False)

    def update(event: JobProgress) -> None:
        bar.update(stages, total=event.stages, completed=event.stage - (0 if event.done else 1),
                   description=f"stage {event.stage}/{event.stages} {event.stage_name}")
        if event.segments:
            bar.update(segments, total=event.segments, completed=event.segment or 0,
                       description=f"  segment {event.segment}/{event.segments}", visible=True)
        else:
            bar.update(segments, visible=False)

    with bar:
        yield update


def summary_dict(result: NarrativeOutput) -> dict[str, Any]:
    return {
        "job_id": result.job_id,
        "title": result.title,
        "production_type": result.brief.production_type.value,
        "genre": result.brief.genre.value,
        "word_count": result.word_count,
        "coherence_score": round(result.coherence_score, 4),
        "language_score": round(result.language_score, 4),
        "narrative_score": round(result.narrative_score, 4),
        "tokens": {"input": result.usage.input_tokens, "output": result.usage.output_tokens,
                   "total": result.usage.total_tokens},
        "cost_usd": round(result.cost_usd, 6),
        "cost_by_model": result.cost_by_model,
        "cost_by_agent": result.cost_by_agent,
        "output_dir": str(result.output_dir),
        "files": {kind: str(path) for kind, path in result.files.items()},
        "trace_id": result.trace_id,
    }


def _print_summary(data: dict[str, Any]) -> None:
    table = Table(title=f"{data['title']} ({data['job_id']})", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    rows = [
        ("words", f"{data['word_count']:,}"),
        ("coherence", f"{data['coherence_score']:.2f}"),
        ("language", f"{data['language_score']:.2f}"),
        ("narrative", f"{data['narrative_score']:.2f}"),
        ("tokens", f"{data['tokens']['total']:,} ({data['tokens']['input']:,} in, "
                   f"{data['tokens']['output']:,} out)"),
        ("cost", f"${data['cost_usd']:.4f}"),
        *((f"  {model}", f"${cost:.4f}") for model, cost in data["cost_by_model"].items()),
        ("output", data["output_dir"]),
    ]
    if data.get("trace_id"):
        rows.append(("sentry trace", data["trace_id"]))
    for what, value in rows:
        table.add_row(what, value)
    out.print(table)


@app.command()
def produce(
    production_type: Annotated[str, typer.Option("--type", "-t", help="short_story, novella, novel or epic_saga")] = "short_story",
    genre: Annotated[str, typer.Option("--genre", "-g", help="fantasy, scifi, horror, thriller, mystery, drama, romance or hybrid")] = "fantasy",
    inspiration: Annotated[str, typer.Option(help="What the story should grow from.")] = "",
    words: Annotated[int | None, typer.Option("--words", "-w", help="Word target (within the type's range).")] = None,
    seed: Annotated[int | None, typer.Option(help="Seed: same brief and seed, same book (offline).")] = None,
    title: Annotated[str | None, typer.Option(help="Title (else invented).")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output directory (default OUTPUT_DIR).")] = None,
    engine: Annotated[EngineChoice | None, typer.Option(help="Text engine (default NARRA_ENGINE).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print only the summary, as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each stage.")] = False,
) -> None:
    """Produce one narrative from a brief."""
    from narra_forge.core.orchestrator import BatchOrchestrator

    _setup_logging(verbose)
    brief = ProductionBrief(production_type=production_type, genre=genre,
                            inspiration=inspiration, word_count_target=words, seed=seed,
                            title=title)
    config = _config(output_dir=output, narra_engine=engine.value if engine else None)
    with _stage_progress(enabled=err.is_terminal) as progress:
        orchestrator = BatchOrchestrator(config, progress=progress)
        result = run_interruptible(orchestrator.produce_narrative(brief))
    data = summary_dict(result)
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        _print_summary(data)


@app.command()
def batch(
    briefs_file: Annotated[Path, typer.Argument(help="JSON Lines: one brief per line (the fields of ProductionBrief).")],
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", min=1, max=64, help="Jobs at a time.")] = 4,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output directory (default OUTPUT_DIR).")] = None,
    engine: Annotated[EngineChoice | None, typer.Option(help="Text engine (default NARRA_ENGINE).")] = None,
    keep_going: Annotated[bool, typer.Option("--keep-going", help="Run the valid briefs even if some lines are bad.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print only the results, as JSON.")] = False,
) -> None:
    """Produce every brief of a JSONL file; exit 1 when any job failed."""
    from narra_forge.core.briefs import read_briefs_jsonl
    from narra_forge.core.orchestrator import BatchOrchestrator

    _setup_logging(False)
    briefs, bad = read_briefs_jsonl(briefs_file)
    if bad and not keep_going:
        raise bad[0]
    for error in bad:
        err.print(f"skipped: {error}", markup=False, soft_wrap=True)
    config = _config(output_dir=output, narra_engine=engine.value if engine else None)
    with _batch_progress(enabled=err.is_terminal) as progress:
        orchestrator = BatchOrchestrator(config, progress=progress)
        results = run_interruptible(
            orchestrator.produce_batch([b for _, b in briefs], concurrency=concurrency))
    rows = []
    for (line, brief), result in zip(briefs, results, strict=True):
        row: dict[str, Any] = {"line": line, "production_type": brief.production_type.value,
                               "genre": brief.genre.value}
        if isinstance(result, NarrativeOutput):
            row |= {"status": "done", **summary_dict(result)}
        else:
            row |= {"status": "failed", "error": str(result),
                    "job_id": getattr(result, "job_id", None)}
        rows.append(row)
    failed = sum(r["status"] != "done" for r in rows) + len(bad)
    if as_json:
        sys.stdout.write(json.dumps({"results": rows, "skipped": [str(b) for b in bad],
                                     "failed": failed}, indent=2) + "\n")
    else:
        table = Table(title=f"batch: {len(rows) - failed + len(bad)} done, {failed} failed")
        for column in ("line", "job", "type", "genre", "status", "words", "coherence", "cost",
                       "output / error"):
            table.add_column(column)
        for r in rows:
            done = r["status"] == "done"
            table.add_row(str(r["line"]), r.get("job_id") or "-", r["production_type"],
                          r["genre"], r["status"], f"{r['word_count']:,}" if done else "-",
                          f"{r['coherence_score']:.2f}" if done else "-",
                          f"${r['cost_usd']:.4f}" if done else "-",
                          r["output_dir"] if done else r["error"])
        out.print(table)
    if failed:
        raise typer.Exit(1)


@contextmanager
def _batch_progress(enabled: bool) -> Iterator[Callable[[JobProgress], None] | None]:
    """One progress row per job: stage i/10 and, while writing, segment j/n."""
    if not enabled:
        yield None
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=err, transient=False)
    rows: dict[str, Any] = {}

    def update(event: JobProgress) -> None:
        if event.job_id not in rows:
            rows[event.job_id] = bar.add_task(event.job_id, total=event.stages)
        detail = f" {event.segment}/{event.segments}" if event.segments else ""
        bar.update(rows[event.job_id], completed=event.stage - (0 if event.done else 1),
                   description=f"{event.job_id} {event.stage_name}{detail}")

    with bar:
        yield update


@app.command()
def jobs(
    limit: Annotated[int, typer.Option(help="How many, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
) -> None:
    """List jobs with status, current stage, words and cost."""
    from narra_forge.store.sqlite_store import JobStore

    rows = JobStore(_config().data_dir).list_jobs(limit)
    if as_json:
        sys.stdout.write(json.dumps([r.model_dump(mode="json") for r in rows], indent=2) + "\n")
        return
    table = Table(title=f"{len(rows)} jobs")
    for column in ("job", "status", "type", "genre", "stage", "words", "cost"):
        table.add_column(column)
    for r in rows:
        table.add_row(r.job_id, r.status, r.brief.production_type.value, r.brief.genre.value,
                      f"{r.stage}/10 {r.stage_name}", f"{r.words:,}", f"${r.cost_usd:.4f}")
    out.print(table)


@app.command()
def show(job_id: Annotated[str, typer.Argument(help="A job id from `narra-forge jobs`.")]) -> None:
    """Show one job: its brief, status, progress and where its output is."""
    from narra_forge.store.sqlite_store import JobStore

    row = JobStore(_config().data_dir).get_job(job_id)
    sys.stdout.write(json.dumps(row.model_dump(mode="json"), indent=2) + "\n")


@app.command()
def resume(
    job_id: Annotated[str, typer.Argument(help="A job id from `narra-forge jobs`.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print only the summary, as JSON.")] = False,
) -> None:
    """Continue a job from its last finished stage."""
    from narra_forge.core.orchestrator import BatchOrchestrator

    _setup_logging(False)
    with _stage_progress(enabled=err.is_terminal) as progress:
        orchestrator = BatchOrchestrator(_config(), progress=progress)
        result = run_interruptible(orchestrator.resume(job_id))
    data = summary_dict(result)
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2) + "\n")
    else:
        _print_summary(data)


def run_interruptible(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` that turns SIGINT/SIGTERM into cancellation of the running jobs.

    Cancelled jobs mark themselves cancelled in the store (checkpoints kept); the exit
    flush then sends what Sentry has queued. Exit code 130 (SIGINT) or 143 (SIGTERM).
    """
    received: list[int] = []

    async def main() -> T:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        assert task is not None

        def on_signal(signum: int) -> None:
            received.append(signum)
            task.cancel()

        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, on_signal, signum)
        return await coro

    try:
        return asyncio.run(main())
    except (asyncio.CancelledError, KeyboardInterrupt):
        signum = received[0] if received else signal.SIGINT
        error = JobCancelled(f"interrupted by {signal.Signals(signum).name}: running jobs were "
                             "marked cancelled; `narra-forge resume JOB_ID` continues one")
        error.exit_code = 128 + signum
        raise error from None


@app.command()
def check(
    job_dir: Annotated[Path, typer.Argument(help="OUTPUT_DIR/<job_id> of a finished job.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Re-check a manuscript as it is on disk now; exit 1 when coherence is below threshold."""
    from narra_forge.checks import check_job_dir

    config = _config()
    report = check_job_dir(job_dir)
    passed = report["coherence"]["score"] >= config.min_coherence_score
    report["threshold"] = config.min_coherence_score
    report["passed"] = passed
    if as_json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        out.print(f"coherence {report['coherence']['score']:.2f} "
                  f"(threshold {config.min_coherence_score:.2f}) "
                  f"language {report['editorial']['language_score']:.2f} "
                  f"narrative {report['editorial']['narrative_score']:.2f}")
        for finding in report["coherence"]["findings"] + report["editorial"]["findings"]:
            where = f" [segment {finding['segment'] + 1}]" if finding.get("segment") is not None else ""
            out.print(f"{finding['severity']:<7} {finding['check']}{where}: {finding['message']}")
        out.print("PASS" if passed else "FAIL")
    if not passed:
        raise typer.Exit(1)


@app.command()
def version() -> None:
    """Print the version."""
    out.print(f"narra-forge {__version__}")


def _register_sentry_commands() -> None:
    from narra_forge.cli_sentry import doctor, sentry_app

    app.add_typer(sentry_app, name="sentry")
    app.command("doctor")(doctor)


_register_sentry_commands()


def main(argv: list[str] | None = None) -> None:
    """Console entry point: every error becomes one line and an exit code."""
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="narra-forge", standalone_mode=False)
        # Without standalone mode click *returns* the code of an Exit (typer.Exit(1)).
        sys.exit(code if isinstance(code, int) else 0)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("interrupted", markup=False)
        sys.exit(130)
    except typer.TyperException as exc:  # usage errors: typer's own click
        err.print(f"error: {exc.format_message()}", markup=False, soft_wrap=True)
        sys.exit(getattr(exc, "exit_code", 2))
    except KeyboardInterrupt:
        err.print("interrupted", markup=False)
        sys.exit(130)
    except NarraForgeError as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        sys.exit(exc.exit_code)
    except Exception as exc:  # a bug: report it once, in one line, and to Sentry
        from narra_forge.monitoring import capture_exception

        capture_exception(exc)
        err.print(f"internal error: {type(exc).__name__}: {exc}", markup=False, soft_wrap=True)
        sys.exit(1)


__all__ = ["InputError", "app", "main"]


if __name__ == "__main__":
    main()
