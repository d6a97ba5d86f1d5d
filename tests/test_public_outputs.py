"""Every output drawn for the public holds no restricted feature and no exact
internal position; drawn for an internal audience, it holds them exactly.

The outputs are the ones people take away or see: the map as the dashboard sends
it (whole, and as loaded for the screen: features in view, or count cells when a
layer has more than the map may carry), the map page's exports read from the
store on click, the offline HTML (``geodata map``), every layer in every export format
(``geodata export``), the handout's PDF text and the positions drawn on its
pages (``geodata handout``; PNG pixels are out of scope), the headline figures,
and the analysis (its map as the page sends it, its tables as CSV, XLSX and the
CLI's JSON; its PNGs: ``tests/analysis/test_audiences.py``). "No coordinate
within 500 m of a restricted feature" is checked on
every position an output spells, decimal or encoded. The counts the store makes
(facets, tallies, grid cells) and a click answered by the store are checked
against what the display policy lets each audience see.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from pypdf import PdfReader

import folium
import geopandas as gpd
import pyproj

from geodata.analysis.run import run_analysis
from geodata.analysis.spec import AnalysisSpec
from geodata.analysis.tables import sites_table
from geodata.catalog import CITY_BOUNDS, LAYER_IDS, get_layer
from geodata.cli import main
from geodata.display import prepare_for_display
from geodata.export import EXTENSIONS, FORMATS, table_bytes, to_bytes
from geodata.figures import figure_choices, resolve_figures
from geodata.mapping.assets import standalone_html
from geodata.mapping.basemaps import load_basemap_data
from geodata.mapping.cells import screen_groups
from geodata.mapping.counts import frame_tallies, layer_count
from geodata.mapping.render import build_map
from geodata.mapping.report import report_html
from geodata.mapping.screen import (
    FEATURE_BUDGET,
    Screen,
    load_for_screen,
    pick,
    read_visible,
    view_tallies,
)
from geodata.present.decks import Deck, Slide, save_deck
from geodata.present.handout import Page, render_slide
from geodata.storage.base import read_view
from geodata.ui.analysis_map import coverage_groups
from geodata.view import REFERENCE_LAYERS, MapView
from tests.leaks import (
    cells_in_text,
    exact_hits,
    features_at,
    internal_only,
    metres_between,
    positions_in_frame,
    positions_in_text,
    readable,
    spellings,
    vertices,
)
from tests.payloads import rendered_with_payloads

AUDIENCES = ("public", "internal")
ANALYSIS_OUTPUTS = (
    "analysis coverage csv",
    "analysis sites json",
    "analysis scorecard json",
    "analysis sites xlsx",
    "analysis coverage map",
    "analysis sites map",
)
_TO_LONLAT = pyproj.Transformer.from_crs(3857, 4326, always_xy=True)


class Output:
    """One output: its text (names searched in it) and every position it holds."""

    def __init__(self, text: str, positions: np.ndarray) -> None:
        self.text = text
        self.positions = positions


def _cli(*args: str) -> str:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


#: Villages (internal) served by service sites (restricted and internal ones).
COVERAGE = AnalysisSpec(
    places="partner_villages", facilities="service_sites", statuses=(), k=0
)
#: Service sites have no status, so every one is a candidate for the next sites.
SITES = AnalysisSpec(places="partner_villages", facilities="service_sites", k=3)
_ANALYSIS_ARGS = ("--places", "partner_villages", "--facilities", "service_sites")


def _analysis(store, store_path: Path, audience: str) -> dict[str, Output]:
    out: dict[str, Output] = {}
    ask = ("--store", str(store_path), "analyze")
    for name, args in {
        "analysis coverage csv": (
            "coverage",
            *_ANALYSIS_ARGS,
            "--status",
            "all",
            "--csv",
        ),
        "analysis sites json": ("sites", *_ANALYSIS_ARGS, "--json"),
        "analysis scorecard json": ("scorecard", "--layer", "service_sites", "--json"),
    }.items():
        text = _cli(*ask, *args, "--audience", audience)
        out[name] = Output(text, positions_in_text(text))
    sites = run_analysis(store, SITES, audience)
    book = pd.read_excel(
        io.BytesIO(table_bytes(sites_table(sites, "zh"), "xlsx")), engine="openpyxl"
    )
    text = book.to_csv(index=False)
    out["analysis sites xlsx"] = Output(text, positions_in_text(text))
    for name, spec in (
        ("analysis coverage map", COVERAGE),
        ("analysis sites map", SITES),
    ):
        fmap = folium.Map()
        for group in coverage_groups(run_analysis(store, spec, audience), "zh"):
            group.add_to(fmap)
        html = fmap.get_root().render()
        out[name] = Output(html, positions_in_text(html))
    return out


def _export(store_path: Path, tmp: Path, lid: str, fmt: str, audience: str) -> Output:
    path = tmp / f"{lid}-{audience}{EXTENSIONS[fmt]}"
    _cli(
        "--store", str(store_path), "export", "--layer", lid, "--format", fmt,
        "--output", str(path), "--audience", audience,
    )  # fmt: skip
    data = path.read_bytes()
    if fmt in ("geojson", "csv"):
        text = data.decode("utf-8-sig")
        frame = gpd.read_file(path) if fmt == "geojson" else None
        found = positions_in_text(text)
        if frame is not None:
            found = np.vstack([found, positions_in_frame(frame)])
        return Output(text, found)
    if fmt == "gpkg":
        frame = gpd.read_file(path)
        return Output(
            " ".join(map(str, frame.get("name", []))), positions_in_frame(frame)
        )
    parts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        shps = [n for n in archive.namelist() if n.endswith(".shp")]
    for shp in shps:
        parts.append(gpd.read_file(f"zip://{path}!{shp}"))
    names = " ".join(" ".join(map(str, p.get("name", []))) for p in parts)
    found = [positions_in_frame(p) for p in parts] or [np.empty((0, 2))]
    return Output(names, np.vstack(found))


def _drawn_positions(fig) -> np.ndarray:
    """Every position a handout page draws on its map, back in (lon, lat)."""
    xy = []
    for ax in fig.axes:
        for artist in ax.collections:
            xy.append(np.asarray(artist.get_offsets(), dtype=float).reshape(-1, 2))
            for path in artist.get_paths():
                xy.append(np.asarray(path.vertices, dtype=float))
        for line in ax.lines:
            xy.append(np.asarray(line.get_xydata(), dtype=float))
    merc = np.vstack(xy)
    merc = merc[np.abs(merc[:, 0]) > 1e6]  # marker shapes are in points, not metres
    lon, lat = _TO_LONLAT.transform(merc[:, 0], merc[:, 1])
    return np.column_stack([lon, lat])


def _outputs(store, store_path: Path, tmp: Path, audience: str) -> dict[str, Output]:
    out: dict[str, Output] = {}
    view = MapView()  # every layer, no filter
    raw = read_view(store, view)
    payload = standalone_html(
        build_map(
            view,
            raw,
            role=audience,
            basemap_data=load_basemap_data(store),
            assets="inline",
        )
    )
    out["map page"] = Output(readable(payload), positions_in_text(payload))
    out.update(_screen_outputs(store, view, audience))
    html = tmp / f"map-{audience}.html"
    _cli(
        "--store", str(store_path), "map", "--output", str(html), "--audience", audience
    )
    text = html.read_text(encoding="utf-8")
    out["offline html"] = Output(readable(text), positions_in_text(text))
    for lid in LAYER_IDS:
        for fmt in FORMATS:
            out[f"export {lid}.{fmt}"] = _export(store_path, tmp, lid, fmt, audience)
    pdf = tmp / f"handout-{audience}.pdf"
    _cli(
        "--store", str(store_path), "handout", "--deck", "everything",
        "--output", str(pdf), "--audience", audience,
    )  # fmt: skip
    pdf_text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
    out["handout pdf text"] = Output(pdf_text, positions_in_text(pdf_text))
    deck = _everything_deck()
    fig = render_slide(store, deck.slides[0], "zh", Page(audience=audience))
    out["handout page drawing"] = Output("", _drawn_positions(fig))
    figures = resolve_figures(store, figure_choices(store), "zh", audience)
    words = " ".join(f"{f.label} {f.value} {f.source}" for f in figures)
    out["figures"] = Output(words, positions_in_text(words))
    out.update(_analysis(store, store_path, audience))
    return out


#: The whole city as the map page loads it: close in, every feature fits; with no
#: budget, every layer is drawn as count cells (~250 m: a lone feature's cell is
#: where the feature is, so a cell made of exact positions would give it away).
SCREENS = {
    "map screen": (Screen(CITY_BOUNDS, 12), FEATURE_BUDGET),
    "map screen cells": (Screen(CITY_BOUNDS, 15), 0),
}


def _screen_html(store, view: MapView, screen: Screen, budget: int, audience: str):
    loads = load_for_screen(store, view, screen, audience=audience, budget=budget)
    fmap = folium.Map()
    for group in screen_groups(view, loads, role=audience):
        group.add_to(fmap)
    return loads, rendered_with_payloads(fmap)


def _screen_outputs(store, view: MapView, audience: str) -> dict[str, Output]:
    """The map page's screen loads, and its exports read from the store on click."""
    out = {}
    for name, (screen, budget) in SCREENS.items():
        _, html = _screen_html(store, view, screen, budget, audience)
        out[name] = Output(readable(html), positions_in_text(html))
    shown = read_visible(store, view, audience)
    data = to_bytes(shown["service_sites"], "geojson", "service_sites")
    text = data.decode("utf-8")
    out["map page export service_sites.geojson"] = Output(text, positions_in_text(text))
    html = report_html(
        view, shown, basemap_data=load_basemap_data(store), role=audience, notice=""
    )
    out["map page export html"] = Output(readable(html), positions_in_text(html))
    return out


def _everything_deck() -> Deck:
    view = MapView(
        layers=LAYER_IDS,
        center=(43.95, 121.5),
        zoom=7,
        indicators=("count:service_sites", "progress:youth_schools"),
    )
    return Deck("everything", "全部图层", slides=(Slide(view, "全部图层", id="all"),))


@pytest.fixture(scope="module")
def drawn(tmp_path_factory, seeded_store_file):
    """Every output for each audience, from one private copy of the sample store."""
    import shutil

    from geodata.config import Settings
    from geodata.storage import open_store

    tmp = tmp_path_factory.mktemp("outputs")
    store_path = tmp / "store.gpkg"
    shutil.copy(seeded_store_file, store_path)
    store = open_store(Settings(store=str(store_path)))
    save_deck(store, _everything_deck(), new=True)
    return store, {a: _outputs(store, store_path, tmp, a) for a in AUDIENCES}


def test_the_sample_has_restricted_and_internal_features(drawn):
    store, _ = drawn
    restricted, internal = (
        features_at(store, "restricted"),
        features_at(store, "internal"),
    )
    assert len(restricted) == 10 and set(restricted.layer) == {"service_sites"}
    assert len(internal) > 10 and {"partner_villages", "flood_sites"} <= set(
        internal.layer
    )


@pytest.mark.parametrize(
    "name",
    [
        "map page",
        *SCREENS,
        "map page export service_sites.geojson",
        "map page export html",
        "offline html",
        *[f"export {lid}.{fmt}" for lid in LAYER_IDS for fmt in FORMATS],
        "handout pdf text",
        "handout page drawing",
        "figures",
        *ANALYSIS_OUTPUTS,
    ],
)
def test_a_public_output_holds_nothing_restricted_and_no_exact_internal_position(
    drawn, name
):
    store, outputs = drawn
    output = outputs["public"][name]
    restricted = features_at(store, "restricted")
    distance = metres_between(output.positions, vertices(restricted))
    assert (distance >= 500).all(), f"{name}: a position {distance.min():.0f} m away"
    hits = exact_hits(output.positions, internal_only(store))
    assert not hits.any(), f"{name}: {hits.sum()} exact internal positions"
    leaked = [s for n in restricted.name for s in spellings(n) if s in output.text]
    assert leaked == [], name


def test_the_public_still_sees_where_internal_features_roughly_are(drawn):
    store, outputs = drawn
    internal = features_at(store, "internal")
    shown = outputs["public"]["export partner_villages.geojson"]
    villages = vertices(internal[internal.layer == "partner_villages"])
    # coarsened, not dropped: every village is within ~1 km of where it is drawn
    assert (metres_between(villages, shown.positions) < 800).all()
    assert "北大营子村" in shown.text


@pytest.mark.parametrize(
    ("name", "layers"),
    [
        ("map page", None),
        ("map screen", None),
        ("map page export service_sites.geojson", ("service_sites",)),
        ("map page export html", None),
        ("offline html", None),
        *[(f"export service_sites.{fmt}", ("service_sites",)) for fmt in FORMATS],
        *[(f"export partner_villages.{fmt}", ("partner_villages",)) for fmt in FORMATS],
        ("handout page drawing", None),
        ("analysis coverage csv", ("partner_villages",)),
        ("analysis sites json", ("service_sites",)),
        ("analysis sites xlsx", ("service_sites",)),
        ("analysis coverage map", ("partner_villages", "service_sites")),
        ("analysis sites map", ("partner_villages", "service_sites")),
    ],
)
def test_an_internal_output_holds_them_exactly(drawn, name, layers):
    store, outputs = drawn
    output = outputs["internal"][name]
    for level in ("restricted", "internal"):
        wanted = features_at(store, level)
        if layers is not None:
            wanted = wanted[wanted.layer.isin(layers)]
        if name.startswith("analysis"):  # it stands an area for a point on it
            wanted = wanted[wanted.geom_type == "Point"]
        if wanted.empty:
            continue
        points = vertices(wanted)
        found = exact_hits(output.positions, points)
        assert found.all(), f"{name}: {(~found).sum()} {level} positions missing"
        if output.text and level == "restricted":
            missing = [
                n
                for n in wanted.name
                if not any(s in output.text for s in spellings(n))
            ]
            assert missing == [], name


def _counted_layers(view: MapView) -> list[str]:
    return [lid for lid in view.layers if lid not in REFERENCE_LAYERS]


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_store_counts_what_the_audience_may_see(drawn, audience):
    """Tallies (counts, chart) and the screen's cells count, per layer, exactly the
    features the display policy gives the audience: the public's leave the ten
    restricted sites out, though the store counts them."""
    store, _ = drawn
    view = MapView()
    shown = {
        lid: prepare_for_display(store.read_layer(lid), get_layer(lid), audience)
        for lid in _counted_layers(view)
    }
    tallies = view_tallies(store, view, audience)
    assert {lid: tallies[lid] for lid in shown} == frame_tallies(shown)
    loads, html = _screen_html(store, view, Screen(CITY_BOUNDS, 15), 0, audience)
    for lid in _counted_layers(view):
        load = loads[lid]
        n = int(load.cells["n"].sum()) if load.aggregated else load.in_view
        assert n == len(shown[lid]), lid
    drawn_cells = sum(n for _, _, n in cells_in_text(html))
    assert drawn_cells == sum(len(f) for f in shown.values())
    sites = layer_count(tallies["service_sites"])
    everything = store.count("service_sites")
    assert sites == (everything - 10 if audience == "public" else everything)


def test_a_click_finds_only_what_the_audience_may_see(drawn):
    """A click at a restricted site finds it for internal viewers, never for the
    public; a public click finds an internal village where its map draws it."""
    store, _ = drawn
    close = Screen(CITY_BOUNDS, 16)
    sites = MapView(layers=("service_sites",))
    restricted = features_at(store, "restricted")
    for name, point in zip(restricted.name, restricted.geometry, strict=True):
        public = pick(store, sites, point.y, point.x, close, "public")
        assert name not in [h.row.get("name") for h in public]
        inside = pick(store, sites, point.y, point.x, close, "internal")
        assert name in [h.row.get("name") for h in inside]
    villages = MapView(layers=("partner_villages",))
    spec = get_layer("partner_villages")
    village = store.read_layer("partner_villages").iloc[:1]
    snapped = prepare_for_display(village, spec, "public").geometry.iloc[0]
    exact = village.geometry.iloc[0]
    assert snapped.distance(exact) > 1e-4  # the sample's village is off the grid
    hits = pick(store, villages, snapped.y, snapped.x, close, "public")
    hit = next(h for h in hits if h.row.get("name") == village.name.iloc[0])
    assert hit.row[village.geometry.name].equals(snapped)
    assert hit.row.get("note") is None  # no address-level field
