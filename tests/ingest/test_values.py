"""Vocabularies: values outside a list are kept or mapped, no dead end (point 1)."""

import pandas as pd
import pytest

from geodata.catalog import get_layer
from geodata.errors import IngestError
from geodata.i18n import value_label
from geodata.ingest import IngestOptions, commit, prepare
from geodata.ingest.values import coerce, typed_text
from tests import fixtures as fx


def test_known_spellings_become_listed_values_in_any_case_or_width():
    spec = get_layer("service_sites")
    frame = pd.DataFrame(
        {"site_type": ["军供站", "Veterans' home", "ＥＬＤＥＲＬＹ_HOME"]}
    )
    out, issues, unknown = coerce(frame, spec)
    assert list(out["site_type"]) == [
        "military_supply_station",
        "veterans_home",
        "elderly_home",
    ]
    assert issues == [] and unknown == []


def test_a_value_outside_the_list_is_a_warning_counted_and_kept():
    spec = get_layer("youth_schools")
    frame = pd.DataFrame({"status": ["已建成", "烂尾", "烂尾", None]})
    out, issues, unknown = coerce(frame, spec)
    assert list(out["status"]) == ["built", "烂尾", "烂尾", None]
    assert [(i.code, i.severity, i.feature_index) for i in issues] == [
        ("value_kept", "warning", 1),
        ("value_kept", "warning", 2),
    ]
    assert [(u.value, u.count, u.mapped_to) for u in unknown] == [("烂尾", 2, None)]


def test_the_stewards_mapping_applies_and_the_choice_stays_on_offer():
    spec = get_layer("youth_schools")
    frame = pd.DataFrame({"status": ["烂尾", "拟建中"]})
    out, issues, unknown = coerce(
        frame, spec, {"status": {"烂尾": "under_construction"}}
    )
    assert list(out["status"]) == ["under_construction", "拟建中"]
    assert [(u.value, u.mapped_to) for u in unknown] == [
        ("烂尾", "under_construction"),
        ("拟建中", None),
    ]
    assert [i.feature_index for i in issues] == [1]


def test_a_kept_value_reads_as_other_on_the_map():
    assert value_label("status", "烂尾", "zh") == "其他（烂尾）"
    assert value_label("site_type", "宣传牌", "en") == "other (宣传牌)"
    assert value_label("status", "built", "en") == "Built"


def test_a_kept_value_is_stored_as_given(store, tmp_path):
    frame = fx.schools()
    frame.loc[2, "状态"] = "烂尾"
    prepared = prepare(store, fx.shapefile_zip(tmp_path, frame), "youth_schools")
    assert prepared.report.ok
    commit(store, prepared, author="t")
    assert "烂尾" in set(store.read_layer("youth_schools")["status"])


def test_mapping_onto_a_value_not_in_the_list_is_refused(store, tmp_path):
    upload = fx.shapefile_zip(tmp_path)
    with pytest.raises(IngestError, match="not one of the field's values"):
        prepare(
            store,
            upload,
            "youth_schools",
            options=IngestOptions(value_map={"status": {"规划": "maybe"}}),
        )


def test_a_code_read_as_a_number_stays_a_code():
    spec = get_layer("admin_areas")
    frame = pd.DataFrame({"adcode": [150502.0, 150525.0]})
    out, issues, _ = coerce(frame, spec)
    assert list(out["adcode"]) == ["150502", "150525"] and issues == []


def test_table_cells_come_back_as_the_json_they_were_written_from():
    assert typed_text("42") == 42 and typed_text("0042") == "0042"
    assert typed_text("0.1") == 0.1 and typed_text("False") is False
