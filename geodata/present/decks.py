"""Slide decks: prepared map views kept in the store, in order (no streamlit).

A deck is a store document of kind ``deck`` keyed by its name; its body holds the
titles and an ordered list of slides. Each slide holds a :class:`MapView` (layers,
filters, basemap, centre, zoom and the figure ids in ``view.indicators``) plus
titles, subtitles and speaker notes in Chinese and English. A slide may also
carry an analysis view: the query parameters of the analysis page
(:meth:`geodata.analysis.spec.AnalysisSpec.to_params`), which presenter mode
draws instead of the plain layers.

Editing functions are pure (a deck in, a new deck out); :func:`save_deck` writes
with the revision the editor started from, so two presenters editing the same
deck cannot silently overwrite each other.
"""

from __future__ import annotations

import contextlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from geodata.catalog import CITY_BOUNDS, DATA_DIR, get_layer
from geodata.display import prepare_for_display
from geodata.errors import ConflictError, GeodataError
from geodata.extent import fit_bounds
from geodata.storage import Store
from geodata.view import MapView

DECK_KIND = "deck"
DEFAULT_DECK = "tongliao"
_DEFAULT_DECK_FILE = DATA_DIR / "default_deck.json"
_NAME = re.compile(r"^[A-Za-z0-9_\-\u4e00-\u9fff]{1,40}$")


class DeckError(GeodataError):
    """A deck or slide does not exist or cannot be saved as asked."""

    code = "deck"


@dataclass(frozen=True)
class Slide:
    """One prepared view: what the map shows plus what the presenter says."""

    view: MapView
    title_zh: str
    title_en: str = ""
    subtitle_zh: str = ""
    subtitle_en: str = ""
    notes_zh: str = ""
    notes_en: str = ""
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    #: Analysis page parameters as sorted ``(key, value)`` pairs; empty: none.
    analysis: tuple[tuple[str, str], ...] = ()

    def title(self, lang: str) -> str:
        """Title in ``lang``; an empty English title falls back to Chinese."""
        return (self.title_en or self.title_zh) if lang == "en" else self.title_zh

    def subtitle(self, lang: str) -> str:
        """Subtitle in ``lang`` (falls back to Chinese)."""
        if lang == "en":
            return self.subtitle_en or self.subtitle_zh
        return self.subtitle_zh

    def notes(self, lang: str) -> str:
        """Speaker notes in ``lang`` (falls back to Chinese)."""
        return (self.notes_en or self.notes_zh) if lang == "en" else self.notes_zh

    @property
    def figures(self) -> tuple[str, ...]:
        """Figure ids shown on this slide (see :mod:`geodata.slide_figures`)."""
        return self.view.indicators

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (``analysis`` only when the slide has one)."""
        out = {
            "id": self.id,
            "view": self.view.to_dict(),
            **{k: getattr(self, k) for k in _TEXT_FIELDS},
        }
        if self.analysis:
            out["analysis"] = dict(self.analysis)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Slide:
        """Inverse of :meth:`to_dict`; missing texts become empty.

        Examples
        --------
        >>> s = Slide(MapView(), "覆盖", id="a", analysis=analysis_pairs({"k": "2"}))
        >>> Slide.from_dict(s.to_dict()) == s, s.to_dict()["analysis"]
        (True, {'k': '2'})
        """
        texts = {k: str(data.get(k) or "") for k in _TEXT_FIELDS}
        slide_id = str(data.get("id") or uuid.uuid4().hex[:8])
        raw = data.get("analysis")
        return cls(
            view=MapView.from_dict(data.get("view") or {}),
            id=slide_id,
            analysis=analysis_pairs(raw if isinstance(raw, Mapping) else {}),
            **texts,
        )


def analysis_pairs(params: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """Analysis page parameters as a slide keeps them: sorted string pairs."""
    return tuple(sorted((str(k), str(v)) for k, v in params.items()))


_TEXT_FIELDS = (
    "title_zh",
    "title_en",
    "subtitle_zh",
    "subtitle_en",
    "notes_zh",
    "notes_en",
)


@dataclass(frozen=True)
class Deck:
    """An ordered list of slides under a name; ``revision`` is the stored one."""

    name: str
    title_zh: str
    title_en: str = ""
    slides: tuple[Slide, ...] = ()
    revision: int | None = None

    def title(self, lang: str) -> str:
        """Title in ``lang`` (falls back to Chinese)."""
        return (self.title_en or self.title_zh) if lang == "en" else self.title_zh

    def to_body(self) -> dict[str, Any]:
        """The document body stored for this deck."""
        return {
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "slides": [s.to_dict() for s in self.slides],
        }

    @classmethod
    def from_body(
        cls, name: str, body: Mapping[str, Any], revision: int | None = None
    ) -> Deck:
        """A deck from a stored document body."""
        slides = tuple(Slide.from_dict(s) for s in body.get("slides") or ())
        return cls(
            name,
            str(body.get("title_zh") or name),
            str(body.get("title_en") or ""),
            slides,
            revision,
        )

    def slide_at(self, number: int) -> Slide:
        """The slide numbered ``number`` (1-based), clamped into range.

        Raises
        ------
        DeckError
            If the deck has no slides.
        """
        if not self.slides:
            raise DeckError(code="deck.no_slides", deck=self.name)
        return self.slides[clamp(number, len(self.slides)) - 1]

    def index_of(self, slide_id: str) -> int:
        """0-based position of the slide with ``slide_id``."""
        for i, s in enumerate(self.slides):
            if s.id == slide_id:
                return i
        raise DeckError(code="deck.no_such_slide", slide=slide_id, deck=self.name)


def clamp(number: int, count: int) -> int:
    """``number`` forced into ``1..count`` (a link may name any slide).

    Examples
    --------
    >>> clamp(0, 7), clamp(3, 7), clamp(99, 7)
    (1, 3, 7)
    """
    return max(1, min(int(number), max(count, 1)))


# --- editing (pure) -------------------------------------------------------------


def add_slide(deck: Deck, slide: Slide, position: int | None = None) -> Deck:
    """A copy of ``deck`` with ``slide`` inserted at 0-based ``position`` (or last)."""
    slides = list(deck.slides)
    slides.insert(len(slides) if position is None else position, slide)
    return replace(deck, slides=tuple(slides))


def update_slide(deck: Deck, slide: Slide) -> Deck:
    """A copy of ``deck`` with the slide of the same id replaced by ``slide``."""
    i = deck.index_of(slide.id)
    return replace(deck, slides=(*deck.slides[:i], slide, *deck.slides[i + 1 :]))


def remove_slide(deck: Deck, slide_id: str) -> Deck:
    """A copy of ``deck`` without the slide ``slide_id``."""
    i = deck.index_of(slide_id)
    return replace(deck, slides=deck.slides[:i] + deck.slides[i + 1 :])


def move_slide(deck: Deck, slide_id: str, offset: int) -> Deck:
    """A copy of ``deck`` with slide ``slide_id`` moved by ``offset`` places (clamped).

    Examples
    --------
    >>> d = Deck("d", "d", slides=tuple(Slide(MapView(), c, id=c) for c in "abc"))
    >>> [s.id for s in move_slide(d, "c", -1).slides]
    ['a', 'c', 'b']
    >>> [s.id for s in move_slide(d, "a", -5).slides]
    ['a', 'b', 'c']
    """
    i = deck.index_of(slide_id)
    slides = list(deck.slides)
    slide = slides.pop(i)
    slides.insert(max(0, min(i + offset, len(slides))), slide)
    return replace(deck, slides=tuple(slides))


# --- store ----------------------------------------------------------------------


def check_name(name: str) -> str:
    """Return ``name`` if it can name a deck, else raise :class:`DeckError`.

    Examples
    --------
    >>> check_name("council-2024")
    'council-2024'
    """
    if not _NAME.match(name or ""):
        raise DeckError(code="deck.bad_name", deck=name)
    return name


def list_decks(store: Store) -> list[Deck]:
    """All decks in the store, ordered by name (reading writes nothing)."""
    return [
        Deck.from_body(d.key, d.body, d.revision)
        for d in store.list_documents(DECK_KIND)
    ]


def load_deck(store: Store, name: str = DEFAULT_DECK) -> Deck:
    """The deck called ``name``.

    Raises
    ------
    DeckError
        If there is no such deck; the message lists the decks that exist.
    """
    doc = store.get_document(DECK_KIND, name)
    if doc is None:
        names = [d.key for d in store.list_documents(DECK_KIND)]
        if not names:
            raise DeckError(code="deck.none", deck=name)
        raise DeckError(code="deck.not_found", deck=name, decks=", ".join(names))
    return Deck.from_body(doc.key, doc.body, doc.revision)


def save_deck(store: Store, deck: Deck, *, new: bool = False) -> Deck:
    """Write ``deck``; return it with its new revision.

    ``deck.revision`` is the revision the edit started from: if someone saved the
    deck since, the store raises ``ConflictError`` and nothing is written. With
    ``new=True`` the name must not be taken yet.
    """
    check_name(deck.name)
    try:
        # Revision 0 means "not there yet", so creating never replaces a deck.
        doc = store.put_document(
            DECK_KIND,
            deck.name,
            deck.to_body(),
            expected_revision=0 if new else deck.revision,
        )
    except ConflictError:
        if new:
            raise DeckError(code="deck.exists", deck=deck.name) from None
        raise
    return replace(deck, revision=doc.revision)


def delete_deck(store: Store, name: str) -> None:
    """Delete the deck ``name``; raise :class:`DeckError` if it does not exist."""
    if not store.delete_document(DECK_KIND, name):
        raise DeckError(code="deck.not_deleted", deck=name)


def ensure_default_deck(store: Store) -> None:
    """Store the default deck when the store holds no deck at all.

    Called at the edges (seeding, the dashboard's first start, the deck page's
    restore button), never by a read.
    """
    if store.list_documents(DECK_KIND):
        return
    deck = default_deck(store)
    # A second process racing us to create it gets a conflict: the deck exists.
    with contextlib.suppress(ConflictError):
        store.put_document(DECK_KIND, deck.name, deck.to_body(), expected_revision=0)


# --- the default deck -----------------------------------------------------------


def _extent(store: Store, layers: tuple[str, ...]) -> tuple[float, float, float, float]:
    """The ground that frames ``layers`` (the whole city when they are empty).

    Framed on what the public sees: a deck's extent reaches every viewer, so it
    must not outline where restricted features are.
    """
    boxes = [
        prepare_for_display(store.read_layer(lid), get_layer(lid)).total_bounds
        for lid in layers
    ]
    boxes = [b for b in boxes if all(map(_finite, b))]
    if not boxes:
        return CITY_BOUNDS
    lon_min = min(b[0] for b in boxes)
    lat_min = min(b[1] for b in boxes)
    lon_max = max(b[2] for b in boxes)
    lat_max = max(b[3] for b in boxes)
    pad_x, pad_y = (lon_max - lon_min) * 0.08 + 0.01, (lat_max - lat_min) * 0.08 + 0.01
    return (lon_min - pad_x, lat_min - pad_y, lon_max + pad_x, lat_max + pad_y)


def _finite(x: float) -> bool:
    return x == x and abs(x) != float("inf")


def default_deck(store: Store) -> Deck:
    """The deck that tells the sample's story, framed on the store's own features.

    Its text lives in ``geodata/data/default_deck.json``.
    """
    data = json.loads(_DEFAULT_DECK_FILE.read_text(encoding="utf-8"))
    slides = []
    for spec in data["slides"]:
        box = _extent(store, tuple(spec.get("frame_on", ())))
        center, zoom = fit_bounds(box, max_zoom=12)
        view = MapView(
            layers=("admin_areas", *spec["layers"]),
            center=center,
            zoom=zoom,
            indicators=tuple(spec["figures"]),
            extent=tuple(round(v, 5) for v in box),
        )
        slides.append(Slide(view, id=spec["id"], **{k: spec[k] for k in _TEXT_FIELDS}))
    return Deck(data["name"], data["title_zh"], data["title_en"], tuple(slides))
