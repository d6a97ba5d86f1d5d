import re

from click.testing import CliRunner

from geodata.cli import main
from tests.common import HOSTILE_NAME


def _run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_map_writes_standalone_html_for_chosen_layers_and_banner(store_env, tmp_path):
    out = tmp_path / "map.html"
    result = _run(
        "map",
        "--output",
        str(out),
        "--layer",
        "youth_schools",
        "--banner",
        "Naiman Banner",
        "--lang",
        "en",
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert not re.search(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="https?://', page)
    assert "Youth military schools" in page
    # one point layer, one banner in its banner dictionary: only Naiman features
    assert page.count('"R":[') == 1 and '"R":["奈曼旗"]' in page
    # the legend lists the chosen layers only
    assert "Ethnic-unity demonstration schools" not in page


def test_map_rejects_an_unknown_banner(store_env, tmp_path):
    result = CliRunner().invoke(
        main, ["map", "--output", str(tmp_path / "m.html"), "--banner", "nowhere"]
    )
    assert result.exit_code == 2
    assert "not a banner" in result.output
    assert not (tmp_path / "m.html").exists()


def test_map_escapes_hostile_names(store_env, store, tmp_path):
    from geodata.storage import CommitInfo

    frame = store.read_layer("youth_schools")
    frame.loc[frame.index[0], "name"] = HOSTILE_NAME
    store.write_layer(
        "youth_schools", frame, mode="replace", commit=CommitInfo(author="test")
    )
    out = tmp_path / "map.html"
    assert _run("map", "--output", str(out), "--layer", "youth_schools").exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert HOSTILE_NAME not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
