"""The served app: the dashboard, its sign-in routes and its start-up rehearsal.

``streamlit run app.py`` (what ``python3 dev.py run`` does) finds ``app`` below
and serves ``dashboard.py`` with the session routes of
``geodata.ui.session_routes`` beside it; before it answers anyone it runs the
default page once (:mod:`geodata.ui.startup`), so a fresh server's first visitor
finds its caches warm. ``streamlit run dashboard.py`` still works, but a sign-in
then lasts only as long as its browser tab, and the first visitor waits for what
the rehearsal would have built.
"""

import streamlit as st

from geodata.ui.session_routes import routes
from geodata.ui.startup import lifespan

app = st.App("dashboard.py", routes=routes(), lifespan=lifespan)

if __name__ == "__main__":
    app.run()
