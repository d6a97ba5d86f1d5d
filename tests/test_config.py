from dataclasses import fields

import pytest

from geodata.config import ENV_VARS, Settings
from geodata.errors import ConfigError


def test_from_env_reads_every_variable(tmp_path):
    env = {
        "GEODATA_STORE": str(tmp_path / "s.gpkg"),
        "GEODATA_TIANDITU_KEY": "k",
        "GEODATA_LANG": "en",
        "GEODATA_MAX_UPLOAD_MB": "12",
    }
    s = Settings.from_env(env)
    assert (s.store, s.tianditu_key, s.default_lang, s.max_upload_mb) == (
        env["GEODATA_STORE"],
        "k",
        "en",
        12,
    )


def test_default_store_lives_outside_the_package():
    s = Settings.from_env({})
    assert s.store.endswith("geodata.gpkg")
    assert "site-packages" not in s.store and "/geodata/data" not in s.store


def test_every_field_has_an_env_var():
    assert set(ENV_VARS) == {f.name for f in fields(Settings)}


@pytest.mark.parametrize(
    ("var", "value"),
    [
        ("GEODATA_LANG", "fr"),
        ("GEODATA_MAX_UPLOAD_MB", "lots"),
        ("GEODATA_MAX_UPLOAD_MB", "0"),
    ],
)
def test_bad_values_name_the_variable(var, value):
    with pytest.raises(ConfigError, match=var):
        Settings.from_env({var: value})
