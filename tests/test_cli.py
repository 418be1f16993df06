"""The command line: produce, check, one-line errors and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from narra_forge.cli import main


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, "-m", "narra_forge.cli", *args], capture_output=True,
                          text=True, timeout=120, cwd=cwd, env={**os.environ, **(env or {})})


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
        raise SystemExit(0)
    captured = capsys.readouterr()
    return int(info.value.code or 0), captured.out, captured.err


def test_produce_json_summary_only_on_stdout(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = cli(capsys, "produce", "--type", "short_story", "--genre", "fantasy",
                         "--seed", "11", "--output", str(tmp_path), "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["production_type"] == "short_story"
    assert 5_400 <= summary["word_count"] <= 6_600
    assert summary["cost_usd"] == 0.0
    assert summary["tokens"]["total"] > 0
    assert summary["trace_id"] is None
    assert Path(summary["files"]["markdown"]).is_file()
    assert Path(summary["output_dir"]).parent == tmp_path


def test_produce_human_summary(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = cli(capsys, "produce", "-t", "short_story", "-g", "mystery", "--words",
                       "5000", "-o", str(tmp_path))
    assert code == 0
    for label in ("words", "coherence", "language", "narrative", "tokens", "cost", "output"):
        assert label in out


def test_check_passes_then_fails_after_an_edit(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = cli(capsys, "produce", "--seed", "4", "-o", str(tmp_path), "--json")
    job_dir = Path(json.loads(out)["output_dir"])
    code, out, _ = cli(capsys, "check", str(job_dir), "--json")
    assert code == 0
    report = json.loads(out)
    assert report["passed"] is True and report["coherence"]["score"] >= 0.85
    # An editor deletes the second half of the book.
    manuscript = job_dir / "narrative.md"
    text = manuscript.read_text()
    headings = [i for i, line in enumerate(text.splitlines()) if line.startswith("## ")]
    lines = text.splitlines()[: headings[len(headings) // 2]]
    manuscript.write_text("\n".join(lines) + "\n")
    code, out, _ = cli(capsys, "check", str(job_dir))
    assert code == 1
    assert "segments_written" in out and "FAIL" in out


def test_check_of_a_missing_directory_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = cli(capsys, "check", str(tmp_path / "nope"))
    assert code == 2
    assert err.count("\n") == 1 and "not found" in err


@pytest.mark.parametrize(
    ("args", "env", "needle"),
    [
        (["produce", "--genre", "western"], {}, "genre='western' is invalid"),
        (["produce", "--type", "poem"], {}, "production_type='poem' is invalid"),
        (["produce", "--words", "-5"], {}, "outside the short_story range"),
        (["produce", "--words", "abc"], {}, "error:"),
        (["produce"], {"SENTRY_TRACES_SAMPLE_RATE": "1.5"}, "SENTRY_TRACES_SAMPLE_RATE=1.5 is invalid"),
        (["produce"], {"ENABLE_SENTRY": "maybe"}, "ENABLE_SENTRY=maybe is invalid"),
        (["produce"], {"SENTRY_DSN": "not-a-dsn"}, "SENTRY_DSN=********** is invalid"),
        (["produce", "--bogus"], {}, "No such option"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], env: dict[str, str],
                                          needle: str) -> None:
    proc = run_cli(*args, "--output", str(tmp_path / "out"), cwd=tmp_path, env=env)
    assert proc.returncode == 2, proc.stderr
    assert needle in proc.stderr
    assert proc.stderr.count("\n") == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_unwritable_output_directory(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    proc = run_cli("produce", "--output", str(blocker / "sub"), cwd=tmp_path)
    assert proc.returncode == 2
    assert "not writable" in proc.stderr and proc.stderr.count("\n") == 1


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    from narra_forge import __version__

    code, out, _ = cli(capsys, "version")
    assert code == 0 and __version__ in out
