"""The served app: the dashboard plus the routes that keep a sign-in in a cookie.

``streamlit run app.py`` (what ``python3 dev.py run`` does) finds ``app`` below
and serves ``dashboard.py`` with the session routes of
``geodata.ui.session_routes`` beside it. ``streamlit run dashboard.py`` still
works, but a sign-in then lasts only as long as its browser tab.
"""

import streamlit as st

from geodata.ui.session_routes import routes

app = st.App("dashboard.py", routes=routes())

if __name__ == "__main__":
    app.run()
