"""Bad input, table-driven: one line naming the problem, exit code 2, nothing left behind."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

GOOD = '{"production_type": "short_story", "genre": "fantasy", "seed": 1}'


@dataclass
class Case:
    args: list[str]
    needle: str
    files: dict[str, str] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)


CASES: dict[str, Case] = {
    "jsonl_bad_json_line": Case(["batch", "b.jsonl"], "b.jsonl:2: not valid JSON",
                                {"b.jsonl": f"{GOOD}\n{{oops\n{GOOD}\n"}),
    "jsonl_line_not_object": Case(["batch", "b.jsonl"], "b.jsonl:1: expected a JSON object",
                                  {"b.jsonl": "[1, 2]\n"}),
    "jsonl_unknown_genre": Case(["batch", "b.jsonl"], "b.jsonl:3: genre='western' is invalid",
                                {"b.jsonl": f'{GOOD}\n\n{{"production_type": "novel", "genre": "western"}}\n'}),
    "jsonl_words_out_of_range": Case(
        ["batch", "b.jsonl"], "b.jsonl:1: word_count_target=3 is outside the novella range",
        {"b.jsonl": '{"production_type": "novella", "genre": "drama", "word_count_target": 3}\n'}),
    "jsonl_unknown_field": Case(["batch", "b.jsonl"], "b.jsonl:1: unknown brief field 'colour'",
                                {"b.jsonl": '{"production_type": "novel", "genre": "drama", "colour": "red"}\n'}),
    "jsonl_missing_file": Case(["batch", "missing.jsonl"], "cannot read briefs from missing.jsonl"),
    "jsonl_empty_file": Case(["batch", "b.jsonl"], "holds no briefs", {"b.jsonl": "\n\n"}),
    "batch_zero_concurrency": Case(["batch", "b.jsonl", "--concurrency", "0"], "--concurrency",
                                   {"b.jsonl": GOOD + "\n"}),
    "unknown_genre": Case(["produce", "--genre", "western"], "genre='western' is invalid"),
    "unknown_type": Case(["produce", "--type", "poem"], "production_type='poem' is invalid"),
    "negative_words": Case(["produce", "--words", "-5"], "word_count_target=-5 is outside"),
    "too_many_words": Case(["produce", "--words", "999999"], "word_count_target=999999 is outside"),
    "words_not_a_number": Case(["produce", "--words", "many"], "Invalid value for '--words'"),
    "unknown_engine": Case(["produce", "--engine", "gpt"], "Invalid value for '--engine'"),
    "unknown_option": Case(["produce", "--colour"], "No such option: --colour"),
    "unknown_command": Case(["fly"], "No such command 'fly'"),
    "unwritable_output": Case(["produce", "--output", "blocker/sub"], "is not writable",
                              {"blocker": "a file, not a directory"}),
    "corrupt_store": Case(["produce"], "job store", {"data/narra_forge.db": "garbage" * 500}),
    "corrupt_store_jobs": Case(["jobs"], "job store", {"data/narra_forge.db": "garbage" * 500}),
    "resume_unknown_id": Case(["resume", "job_nope"], "no job 'job_nope'"),
    "show_unknown_id": Case(["show", "job_nope"], "no job 'job_nope'"),
    "dotenv_bad_rate": Case(["produce"], "SENTRY_TRACES_SAMPLE_RATE=abc is invalid",
                            {".env": "SENTRY_TRACES_SAMPLE_RATE=abc\n"}),
    "dotenv_bad_bool": Case(["produce"], "ENABLE_SENTRY=maybe is invalid",
                            {".env": "ENABLE_SENTRY=maybe\n"}),
    "env_bad_dsn": Case(["produce"], "SENTRY_DSN=********** is invalid", env={"SENTRY_DSN": "not-a-dsn"}),
    "env_rate_above_one": Case(["produce"], "SENTRY_PROFILES_SAMPLE_RATE=1.5 is invalid",
                               env={"SENTRY_PROFILES_SAMPLE_RATE": "1.5"}),
    "env_bad_stage_models": Case(["produce"], "STAGE_MODELS={a06 is invalid",
                                 env={"STAGE_MODELS": "{a06"}),
    "env_bad_threshold": Case(["produce"], "MIN_COHERENCE_SCORE=2 is invalid",
                              env={"MIN_COHERENCE_SCORE": "2"}),
    "openai_without_key": Case(["produce", "--engine", "openai"], "OPENAI_API_KEY is not set"),
    "check_missing_dir": Case(["check", "nowhere"], "not found"),
    "check_corrupt_metadata": Case(["check", "job"], "is not a NARRA_FORGE metadata file",
                                   {"job/metadata.json": "{", "job/narrative.md": "# T\n"}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(tmp_path: Path, name: str) -> None:
    case = CASES[name]
    for relative, content in case.files.items():
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    before = {p for p in tmp_path.rglob("*")}
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SENTRY_", "OPENAI_", "NARRA_"))}
    env |= {"OUTPUT_DIR": str(tmp_path / "out"), "DATA_DIR": str(tmp_path / "data"), **case.env}
    proc = subprocess.run([sys.executable, "-m", "narra_forge.cli", *case.args],
                          capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert case.needle in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    created = {p for p in tmp_path.rglob("*")} - before
    leftovers = [p for p in created if p.is_file() and p.parent.name != "data"]
    assert not leftovers, leftovers
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
