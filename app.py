"""The dashboard's server: ``streamlit run app.py`` (what ``python3 dev.py run`` does).

``dashboard.py`` is the router and ``app_pages/`` the pages; this launcher serves
them as an ``st.App`` that rehearses the default page before it answers
(:mod:`geodata.ui.startup`), so a fresh server's first visitor finds its caches
warm. ``streamlit run dashboard.py`` serves the same pages without the rehearsal.
"""

import streamlit as st

from geodata.ui.startup import lifespan

app = st.App("dashboard.py", lifespan=lifespan)
