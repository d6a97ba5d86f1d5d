"""Every error ingest raises carries a code with text in both languages; advice fits."""

import ast
import re
import string
import zipfile
from pathlib import Path

import pytest

import geodata.errors
from geodata.errors import GeodataError, IngestError, InvalidArchiveError
from geodata.i18n import TEXTS
from geodata.ingest import inspect, prepare
from tests import fixtures as fx

pytestmark = pytest.mark.backends

INGEST = Path(__file__).resolve().parents[2] / "geodata" / "ingest"
ERROR_CLASSES = {
    name
    for name, value in vars(geodata.errors).items()
    if isinstance(value, type) and issubclass(value, GeodataError)
}
CODE = re.compile(r"ingest(\.[a-z_]+)+")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _raises() -> list[tuple[str, ast.Call]]:
    """Every ``raise SomeGeodataError(...)`` in the ingest package, with its file."""
    out = []
    for path in sorted(INGEST.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                func = node.exc.func
                if isinstance(func, ast.Name) and func.id in ERROR_CLASSES:
                    out.append((f"{path.name}:{node.lineno}", node.exc))
    return out


def _codes() -> set[str]:
    """Every error code written in the ingest package (in a raise or a table)."""
    found = set()
    for path in INGEST.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if CODE.fullmatch(node.value):
                    found.add(node.value)
    return found


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_raise_names_a_code_and_no_english_message():
    raises = _raises()
    assert len(raises) > 30  # the walk finds them
    for where, call in raises:
        keywords = {k.arg for k in call.keywords}
        assert "code" in keywords, f"{where}: raise without code="
        assert not call.args, f"{where}: a message in code; put it in the i18n table"


def test_every_ingest_error_code_has_chinese_and_english_text():
    codes = _codes()
    assert "ingest.archive.not_zip" in codes and "ingest.no_xy_columns" in codes
    for code in sorted(codes):
        zh, en = TEXTS[f"error.{code}"]
        assert CJK.search(zh), f"{code}: the Chinese text is not Chinese"
        assert re.match("[A-Za-z{]", en), f"{code}: the English text is not English"
        assert _fields(zh) == _fields(en), f"{code}: zh and en take other parameters"


def test_every_raise_gives_the_parameters_its_text_needs():
    for where, call in _raises():
        code = next(k.value for k in call.keywords if k.arg == "code")
        if not isinstance(code, ast.Constant):
            continue  # chosen in a loop; its codes are checked by the test above
        given = {k.arg for k in call.keywords} - {"code"}
        _, en = TEXTS[f"error.{code.value}"]
        assert _fields(en) <= given, (
            f"{where}: {code.value} lacks {_fields(en) - given}"
        )


@pytest.mark.parametrize("name", ["fake.zip", "地图.kmz"])
def test_a_file_that_is_no_zip_is_called_so(store, tmp_path, name):
    path = tmp_path / name
    path.write_text("名称,经度,纬度\n甲,122.26,43.62\n", encoding="utf-8")
    with pytest.raises(InvalidArchiveError) as caught:
        prepare(store, path, "youth_schools")
    assert caught.value.code == "ingest.archive.not_zip"
    assert f"{name!r} is not a zip archive" in str(caught.value)
    assert "truncated" not in str(caught.value)  # uploading it again will not help
    assert "不是 zip 压缩包" in caught.value.render("zh")


def test_a_truncated_zip_is_called_so(store, tmp_path):
    path = fx.truncated(fx.shapefile_zip(tmp_path))
    with pytest.raises(InvalidArchiveError) as caught:
        inspect(path, "youth_schools")
    assert caught.value.code == "ingest.archive.damaged"
    assert "truncated" in str(caught.value) and "upload" in str(caught.value)
    assert "截断" in caught.value.render("zh")


def test_a_zip_whose_data_is_damaged_is_an_ingest_error(store, tmp_path):
    path = tmp_path / "damaged.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        rows = "".join(
            f"点{i},{122 + i / 7e3:.6f},{43 + i / 9e3:.6f}\n" for i in range(2000)
        )
        zf.writestr("a.csv", "名称,经度,纬度\n" + rows)
    data = bytearray(path.read_bytes())
    data[60:90] = b"\xff" * 30  # inside the deflated stream; the directory is intact
    path.write_bytes(bytes(data))
    with pytest.raises(InvalidArchiveError) as caught:
        prepare(store, path, "youth_schools")
    assert caught.value.code == "ingest.archive.member_damaged"
    assert "'a.csv' cannot be read" in str(caught.value)


def test_table_without_coordinates_reads_in_chinese(store, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not geodata\n", encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        prepare(store, path, "youth_schools")
    assert str(caught.value).startswith("'notes.txt' has no coordinate columns")
    assert caught.value.render("zh").startswith("“notes.txt”没有坐标列")


def test_no_crs_names_the_likely_zones_in_both_languages(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path, fx.schools(4528), prj=False)
    with pytest.raises(IngestError) as caught:
        prepare(store, upload, "youth_schools")
    assert caught.value.code == "ingest.crs_missing.likely"
    assert "EPSG:4528" in str(caught.value) and "EPSG:4528" in caught.value.render("zh")
    assert "未声明坐标系" in caught.value.render("zh")
