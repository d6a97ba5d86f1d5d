import re

from click.testing import CliRunner

from geodata.cli import main
from geodata.mapping.payload import decode
from tests.common import HOSTILE_NAME
from tests.payloads import layer_names, page_payloads, points_of


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
    # one layer's data, and only Naiman features in it
    layers = [r for r in page_payloads(page).values() if "kind" not in decode(r)[0]]
    points = [p for raw in layers for p in points_of(raw)]
    assert len(layers) == 1
    assert points and {banner for *_, banner, _ in points} == {"奈曼旗"}
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
    assert HOSTILE_NAME not in page  # not as markup in the page...
    assert HOSTILE_NAME in layer_names(page_payloads(page))  # ...but as data, whole
