"""Settings read from the environment, and the ones production must set."""

import pytest

from chalicelib.settings import ConfigurationError, get_settings, reset_settings


@pytest.fixture(autouse=True)
def fresh_settings():
    reset_settings()
    yield
    reset_settings()


def test_production_refuses_development_pseudonym_key(monkeypatch):
    monkeypatch.setenv("REMI_STAGE", "prod")
    monkeypatch.delenv("REMI_PSEUDONYM_KEY", raising=False)
    with pytest.raises(ConfigurationError):
        get_settings()


def test_production_accepts_its_own_pseudonym_key(monkeypatch):
    monkeypatch.setenv("REMI_STAGE", "prod")
    monkeypatch.setenv("REMI_PSEUDONYM_KEY", "a-long-random-key-from-secrets-manager")
    assert get_settings().pseudonym_key == b"a-long-random-key-from-secrets-manager"


def test_leeway_above_sixty_seconds_is_refused(monkeypatch):
    monkeypatch.setenv("REMI_FAS_LEEWAY_SECONDS", "61")
    with pytest.raises(ConfigurationError):
        get_settings()
