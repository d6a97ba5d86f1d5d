"""Encodings: .cpg honoured, GBK detected, override, no mojibake stored (point 3)."""

import pytest

from geodata.errors import IngestError
from geodata.ingest import IngestOptions, commit, inspect, prepare
from geodata.ingest.encoding import from_cpg, garbled, normalise, sniff
from tests import fixtures as fx

pytestmark = pytest.mark.backends

NAMES = list(fx.SCHOOLS["名称"])


def test_gbk_shapefile_without_cpg_reads_right(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path, encoding="GBK", cpg=False)
    insp = inspect(upload, "youth_schools")
    assert insp.encoding_declared is None
    assert insp.encoding_detected == "GB18030"
    assert list(insp.names_preview) == NAMES
    prepared = prepare(store, upload, "youth_schools")
    assert prepared.report.ok
    assert list(prepared.features["name"]) == NAMES
    assert list(prepared.features["banner"]) == list(fx.SCHOOLS["旗县"])


def test_cpg_is_honoured(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path, encoding="GBK", cpg=True)
    insp = inspect(upload, "youth_schools")
    assert insp.encoding_declared in ("GBK", "GB18030")
    assert list(prepare(store, upload, "youth_schools").features["name"]) == NAMES


def test_utf8_without_cpg_is_detected(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path, encoding="UTF-8", cpg=False)
    assert inspect(upload, "youth_schools").encoding_detected == "UTF-8"
    assert list(prepare(store, upload, "youth_schools").features["name"]) == NAMES


def test_wrong_override_is_caught_as_garbled_and_never_stored(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path, encoding="GBK", cpg=False)
    version = store.current_version("youth_schools")
    prepared = prepare(
        store, upload, "youth_schools", options=IngestOptions(encoding="LATIN1")
    )
    codes = {i.code for i in prepared.report.issues}
    assert "garbled_text" in codes
    assert not prepared.report.ok
    with pytest.raises(IngestError, match="errors"):
        commit(store, prepared, author="t")
    assert store.current_version("youth_schools") == version


def test_override_fixes_a_wrong_guess(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path, encoding="GBK", cpg=False)
    with pytest.raises(IngestError, match="does not decode as UTF-8"):
        prepare(store, upload, "youth_schools", options=IngestOptions(encoding="UTF-8"))
    good = prepare(
        store, upload, "youth_schools", options=IngestOptions(encoding="GBK")
    )
    assert list(good.features["name"]) == NAMES


@pytest.mark.parametrize("encoding", ["gbk", "utf-8", "utf-8-sig"])
def test_csv_in_gbk_or_utf8(store, tmp_path, encoding):
    upload = fx.csv(tmp_path, encoding=encoding)
    assert list(prepare(store, upload, "youth_schools").features["name"]) == NAMES


def test_helpers():
    assert normalise("UTF8") == "UTF-8"
    assert sniff("奈曼旗".encode("gb18030")) == "GB18030"
    assert not garbled("奈曼旗希望少年军校")
    assert garbled("奈曼旗希望少年军校".encode().decode("gbk", errors="replace"))


def test_cpg_file(tmp_path):
    cpg = tmp_path / "a.cpg"
    cpg.write_text("936")
    assert from_cpg(cpg) == "GBK"
    cpg.write_text("nonsense-codec")
    assert from_cpg(cpg) is None


def test_an_encoding_that_reads_private_use_characters_is_refused(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path, encoding="GBK", cpg=False)
    version = store.current_version("youth_schools")
    with pytest.raises(IngestError) as caught:
        prepare(store, upload, "youth_schools", options=IngestOptions(encoding="BIG5"))
    assert caught.value.code == "ingest.encoding_unclean"
    assert caught.value.params["clean"] == "GB18030"
    assert "GB18030" in caught.value.render("zh")
    assert store.current_version("youth_schools") == version


@pytest.mark.parametrize("name", ["Nêdong", "Maqên", "Ürümqi", "Xigazê"])
def test_latin_letters_with_diacritics_are_not_garbled(store, tmp_path, name):
    assert not garbled(name)
    frame = fx.schools()
    frame.loc[0, "名称"] = f"{name} School"
    report = prepare(store, fx.shapefile_zip(tmp_path, frame), "youth_schools").report
    assert report.ok


def test_the_names_preview_shows_the_first_text_column(store, tmp_path):
    frame = fx.schools().rename(columns={"名称": "叫法"})  # no column maps to name
    insp = inspect(fx.shapefile_zip(tmp_path, frame), "youth_schools")
    assert "name" not in insp.field_map.values()
    assert list(insp.names_preview) == NAMES
