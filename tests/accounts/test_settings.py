"""Configuration from the environment: no start on the development key with DEBUG off."""

import os
import subprocess
import sys


def _import_settings(**env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import zhicheng.settings"], env=environment, capture_output=True, text=True
    )


def test_debug_off_refuses_the_development_secret_key():
    result = _import_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "ImproperlyConfigured" in result.stderr


def test_debug_off_starts_with_a_real_secret_key():
    assert _import_settings(DEBUG="false", SECRET_KEY="k" * 50).returncode == 0


def test_a_malformed_boolean_is_refused():
    result = _import_settings(DEBUG="maybe")
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr
