"""Map page: every layer on one map (the planner-map issue extends it)."""

import streamlit as st
from streamlit_folium import st_folium

from geodata.catalog import LAYER_IDS
from geodata.errors import GeodataError
from geodata.i18n import layer_title, t
from geodata.mapping import build_map
from geodata.ui.feedback import show_error
from geodata.ui.resources import get_store
from geodata.ui.state import current_lang

lang = current_lang()
st.title(t("map.heading", lang))
st.caption(t("common.sample_notice", lang))
try:
    store = get_store()
    chosen = st.multiselect(t("map.layers", lang), LAYER_IDS, default=list(LAYER_IDS),
                            format_func=lambda lid: layer_title(lid, lang), key="map_layers")
    frames = {layer_id: store.read_layer(layer_id) for layer_id in chosen}
except GeodataError as exc:
    show_error(exc)
    st.stop()
st_folium(build_map(frames, lang), height=640, use_container_width=True,
          returned_objects=[], key="main_map")
st.dataframe(
    {t("common.layer", lang): [layer_title(lid, lang) for lid in frames],
     t("common.features", lang): [len(f) for f in frames.values()]},
    hide_index=True,
)
