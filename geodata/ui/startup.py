"""What the dashboard's server does before it answers: rehearse the first page.

Without it, a fresh server's first visitor waits for everything a process builds
once: the heavy imports (pandas, geopandas, folium), the store's counts for
the default view, the map's payloads and served assets. The launcher (``app.py``)
serves the router as an ``st.App`` with :func:`lifespan`, which runs the router's
default page once in a session of its own (as Streamlit's script health check
does) before the server takes requests. The process-wide caches it fills
(``st.cache_resource``, keyed by store, layer versions, view, screen, audience)
are the ones an anonymous visitor's first run asks for, so the first visitor
finds them ready; a later commit still makes new keys, so nothing stale is served.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from streamlit.logger import get_logger
from streamlit.runtime import Runtime

_LOGGER = get_logger(__name__)


@dataclass(frozen=True)
class Rehearsal:
    """How the start-up run of the default page went."""

    ok: bool
    #: Streamlit's word for the run: ``ok``, ``error`` or ``timeout``.
    outcome: str
    seconds: float


async def rehearse(runtime: Runtime | None = None) -> Rehearsal:
    """Run the router's default page once, as a first visitor would; say how it went.

    Call it on the server's event loop once the runtime has started. A page that
    fails is logged, never raised: the server still starts, and the visitor then
    sees the page's own message.
    """
    runtime = runtime or Runtime.instance()
    start = time.perf_counter()
    ok, outcome = await runtime.does_script_run_without_error()
    done = Rehearsal(ok, outcome, time.perf_counter() - start)
    log = _LOGGER.info if ok else _LOGGER.warning
    log("Rehearsed the default page in %.1f s: %s", done.seconds, outcome)
    return done


@contextlib.asynccontextmanager
async def lifespan(app: Any) -> AsyncIterator[dict[str, Rehearsal]]:
    """``st.App`` lifespan: rehearse the first page before the server answers.

    So a fresh server that answers its health check has its first page warm.
    """
    yield {"rehearsal": await rehearse()}
