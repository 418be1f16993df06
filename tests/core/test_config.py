"""NarraForgeConfig: environment, .env, keywords; invalid values; no secret in any dump."""

from __future__ import annotations

from pathlib import Path

import pytest

from narra_forge.core import ConfigError, NarraForgeConfig

DSN = "https://deadbeefdeadbeefdeadbeefdeadbeef@o1.ingest.sentry.io/456"


def test_defaults_without_environment() -> None:
    config = NarraForgeConfig()
    assert config.enable_sentry is True
    assert config.sentry_dsn is None
    assert not config.sentry_active
    assert config.min_coherence_score == 0.85
    assert config.output_dir == Path("output")
    assert config.narra_engine == "offline"


def test_reads_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENABLE_SENTRY", "false")
    monkeypatch.setenv("SENTRY_DSN", DSN)
    monkeypatch.setenv("SENTRY_ENVIRONMENT", "staging")
    monkeypatch.setenv("SENTRY_TRACES_SAMPLE_RATE", "0.5")
    monkeypatch.setenv("SENTRY_PROFILES_SAMPLE_RATE", "0.1")
    monkeypatch.setenv("SENTRY_DEBUG", "1")
    config = NarraForgeConfig()
    assert (config.enable_sentry, config.sentry_environment) == (False, "staging")
    assert (config.sentry_traces_sample_rate, config.sentry_profiles_sample_rate) == (0.5, 0.1)
    assert config.sentry_debug is True
    assert config.sentry_dsn_value == DSN


def test_reads_dotenv_in_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text(f"SENTRY_DSN={DSN}\nSENTRY_TRACES_SAMPLE_RATE=0.2\n")
    monkeypatch.chdir(tmp_path)
    config = NarraForgeConfig()
    assert config.sentry_dsn_value == DSN
    assert config.sentry_traces_sample_rate == 0.2


def test_keywords_override_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MIN_COHERENCE_SCORE", "0.5")
    assert NarraForgeConfig(min_coherence_score=0.9).min_coherence_score == 0.9


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("SENTRY_TRACES_SAMPLE_RATE", "1.5", "SENTRY_TRACES_SAMPLE_RATE=1.5 is invalid: expected a number from 0.0 to 1.0"),
        ("SENTRY_TRACES_SAMPLE_RATE", "abc", "SENTRY_TRACES_SAMPLE_RATE=abc is invalid: expected a number from 0.0 to 1.0"),
        ("ENABLE_SENTRY", "maybe", "ENABLE_SENTRY=maybe is invalid: expected true or false"),
        ("SENTRY_DSN", "not-a-dsn", "SENTRY_DSN=********** is invalid: expected a Sentry DSN"),
        ("MIN_COHERENCE_SCORE", "-1", "MIN_COHERENCE_SCORE=-1 is invalid"),
        ("NARRA_ENGINE", "gpt", "NARRA_ENGINE=gpt is invalid: expected offline or openai"),
        ("STAGE_MODELS", "{oops", "STAGE_MODELS={oops is invalid: expected a JSON object"),
    ],
)
def test_invalid_value_names_variable_value_and_allowed(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as info:
        NarraForgeConfig()
    message = str(info.value)
    assert message.startswith(expected.split(" is invalid")[0])
    assert expected in message
    assert "\n" not in message


def test_invalid_dsn_with_a_key_is_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENTRY_DSN", "https://supersecretkey@host")  # no project id
    with pytest.raises(ConfigError) as info:
        NarraForgeConfig()
    assert "supersecretkey" not in str(info.value)
    assert "SENTRY_DSN" in str(info.value)


def test_invalid_dotenv_value_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("SENTRY_PROFILES_SAMPLE_RATE=lots\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="SENTRY_PROFILES_SAMPLE_RATE=lots"):
        NarraForgeConfig()


def test_no_dump_reveals_a_secret() -> None:
    key = "sk-proj-verysecretvalue123456"
    config = NarraForgeConfig(sentry_dsn=DSN, openai_api_key=key, sentry_auth_token="tok-abcdef")
    dumps = [
        repr(config), str(config), repr(config.model_dump()), str(config.dict()),
        config.model_dump_json(), str(config.redacted()), repr(config.sentry_dsn),
    ]
    for text in dumps:
        assert key not in text
        assert "deadbeef" not in text
        assert "tok-abcdef" not in text
    assert config.openai_api_key is not None
    assert config.openai_api_key.get_secret_value() == key


def test_empty_dsn_means_disabled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENTRY_DSN", "")
    assert NarraForgeConfig().sentry_dsn is None
