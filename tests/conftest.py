"""Shared fixtures: a fixed clock, a small fake pipeline with the real one's interface, a store in tmp_path.

The fake pipeline knows a handful of words (see the tables below) and builds hand-made Event and
CasualtyClaim records from them, so that store, import and export tests do not depend on the real rules.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import socket
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

# pytest puts tests/ on sys.path for this file, and its folders named like our packages (tests/events,
# tests/schemas, ...) would then shadow the editable install as namespace packages: the root goes first.
_ROOT = str(Path(__file__).resolve().parents[1])
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from events.errors import InputError  # noqa: E402
from events.lexicon import Lexicons  # noqa: E402
from events.store.db import Store  # noqa: E402
from schemas import Actor, Article, CasualtyClaim, Event, Evidence, Place, PlaceMention  # noqa: E402
from schemas.models import ActorRole  # noqa: E402

FAKE_VERSION = "fake-1"

# trigger word -> (event type, sub-event type, rule id)
FAKE_TRIGGERS = {
    "clashed": ("Battles", "Armed clash", "fake.trigger.clash"),
    "shelled": ("Explosions/Remote violence", "Shelling/artillery/missile attack", "fake.trigger.shelling"),
    "protested": ("Protests", "Peaceful protest", "fake.trigger.protest"),
    "attacked": ("Violence against civilians", "Attack", "fake.trigger.attack"),
}
# place name -> resolved place (None: found but not in the fake gazetteer)
FAKE_PLACES: dict[str, Place | None] = {
    "Northtown": Place(geonameid="9000001", name="Northtown", country="Examplia", country_code="EX",
                       admin1="North Province", admin2="Upper District", latitude=12.5, longitude=-3.25,
                       feature_class="P", feature_code="PPL", population=12000),
    "Southport": Place(geonameid="9000002", name="Southport", country="Examplia", country_code="EX",
                       admin1="Coast Province", latitude=9.75, longitude=-1.5, feature_class="P",
                       feature_code="PPLA", population=250000),
    "Eastvale": None,
}
# actor word -> canonical name
FAKE_ACTORS = {
    "soldiers": "Military Forces of Examplia",
    "rebels": "Examplia Liberation Front",
    "police": "Police Forces of Examplia",
    "students": "Protesters (Examplia)",
}
_SENTENCE = re.compile(r"[^.!?]+[.!?]?")
_KILLED = re.compile(r"(?P<n>\d+) (?P<victim>people|civilians|soldiers|rebels) "
                     r"(?:were )?(?:reportedly )?killed")


def _short(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class FakeExtraction:
    """Same shape as events.pipeline.Extraction."""

    article: Article
    events: list[Event] = field(default_factory=list)
    claims: list[CasualtyClaim] = field(default_factory=list)


class FakePipeline:
    """`extract` raises InputError for ids in `refuse` and RuntimeError for ids in `crash`.

    Tests get it through the `make_pipeline` fixture: importing from conftest breaks once another
    conftest.py exists, as pytest then swaps the module named "conftest"."""

    def __init__(self, version: str = FAKE_VERSION, *, refuse: frozenset[str] = frozenset(),
                 crash: frozenset[str] = frozenset(), same_event_id: str | None = None) -> None:
        self.version = version
        self.refuse = refuse
        self.crash = crash
        self.same_event_id = same_event_id  # every event gets this id, to provoke a clash between articles
        self.calls: list[str] = []

    def extract(self, article: Article) -> FakeExtraction:
        self.calls.append(article.article_id)
        if article.article_id in self.crash:
            raise RuntimeError(f"fake pipeline crashed on {article.article_id}")
        if article.article_id in self.refuse:
            raise InputError("the fake pipeline refuses this article")
        events: list[Event] = []
        claims: list[CasualtyClaim] = []
        for index, match in enumerate(_SENTENCE.finditer(article.text)):
            event, found = self._sentence(article, index, match.start(), match.group())
            claims.extend(found)
            if event is not None:
                events.append(event)
        return FakeExtraction(article, events, claims)

    def _sentence(self, article: Article, index: int, offset: int,
                  sentence: str) -> tuple[Event | None, list[CasualtyClaim]]:
        trigger = next((w for w in FAKE_TRIGGERS if w in sentence), None)
        own_id = f"ev-{_short(article.article_id, self.version, index)}"
        event_id = (self.same_event_id or own_id) if trigger else None
        claims = [self._claim(article, event_id, index, offset, sentence, m)
                  for m in _KILLED.finditer(sentence)]
        if trigger is None:
            return None, claims
        event_type, sub_event_type, rule = FAKE_TRIGGERS[trigger]
        at = offset + sentence.index(trigger)
        places = [self._place(offset + sentence.index(name), name, place)
                  for name, place in FAKE_PLACES.items() if name in sentence]
        words = sorted((sentence.index(w), w) for w in FAKE_ACTORS if w in sentence)
        roles: tuple[ActorRole, ...] = ("actor1", "actor2", "assoc_actor_2")
        actors = [Actor(name=FAKE_ACTORS[w], role=roles[min(i, 2)], text=w,
                        start=offset + pos, end=offset + pos + len(w), rule=f"fake.actor.{w}",
                        suspected="suspected " + w in sentence)
                  for i, (pos, w) in enumerate(words)]
        fatalities = sum(c.count_low or 0 for c in claims)
        event = Event(
            event_id=str(event_id), article_id=article.article_id, event_date=article.published_at,
            date_precision="day", event_type=event_type, sub_event_type=sub_event_type, places=places,
            actors=actors, claims=claims, fatalities=fatalities,
            fatalities_low=fatalities if claims else None, fatalities_high=fatalities if claims else None,
            sentence=sentence.strip(), sentence_index=index, sentence_start=offset,
            sentence_end=offset + len(sentence),
            evidence=[Evidence(field="event_type", start=at, end=at + len(trigger), text=trigger, rule=rule),
                      *self._more_evidence(offset, sentence, actors, claims)],
            background="years ago" in sentence, extractor_version=self.version,
        )
        return event, claims

    @staticmethod
    def _more_evidence(offset: int, sentence: str, actors: list[Actor],
                       claims: list[CasualtyClaim]) -> list[Evidence]:
        """A weekday dates the event; actors and claims are also traced as evidence, as the real one does."""
        day = re.search(r"on (Monday|Tuesday|Sunday)", sentence)
        dated = [Evidence(field="event_date", start=offset + day.start(), end=offset + day.end(),
                          text=day.group(), rule="fake.date.weekday")] if day else []
        traced = [Evidence(field=a.role, start=a.start, end=a.end, text=a.text, rule=a.rule) for a in actors]
        traced += [Evidence(field=f"claim.{c.kind}", start=c.start, end=c.end, text=c.evidence, rule=c.rule)
                   for c in claims]
        return dated + traced

    @staticmethod
    def _place(start: int, name: str, place: Place | None) -> PlaceMention:
        return PlaceMention(text=name, start=start, end=start + len(name), place=place,
                            geo_precision=1 if place else 3, rule="fake.place")

    def _claim(self, article: Article, event_id: str | None, index: int, offset: int, sentence: str,
               m: re.Match[str]) -> CasualtyClaim:
        count = int(m.group("n"))
        claimant = "officials" if "officials said" in sentence else "reporter"
        hedges = ["reportedly"] if "reportedly" in sentence else []
        return CasualtyClaim(
            claim_id=f"cl-{_short(article.article_id, self.version, offset + m.start())}", event_id=event_id,
            article_id=article.article_id, kind="killed", count_low=count, count_high=count,
            qualifier="exact",
            coded=count, victim=m.group("victim"), claimant=claimant, hedged=bool(hedges), hedges=hedges,
            evidence=m.group(), start=offset + m.start(), end=offset + m.end(), sentence_index=index,
            rule="fake.claim.killed",
        )


class FixedClock:
    """Deterministic time: each call is one second after the previous one."""

    def __init__(self, start: datetime) -> None:
        self.next = start

    def __call__(self) -> datetime:
        now, self.next = self.next, self.next + timedelta(seconds=1)
        return now


def make_article(article_id: str, text: str, **fields: object) -> Article:
    """An Article published on 2 March 2026 unless `published_at` says otherwise."""
    return Article.model_validate({"article_id": article_id, "text": text, "published_at": date(2026, 3, 2),
                                   **fields})


@pytest.fixture(scope="session")
def lexicons() -> Lexicons:
    """The bundled lexicons, compiled once for the whole run (a test that needs a variant builds its own)."""
    return Lexicons()


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 4, 9, 30, tzinfo=timezone.utc))


@pytest.fixture
def fake_pipeline() -> FakePipeline:
    return FakePipeline()


@pytest.fixture
def make_pipeline() -> type[FakePipeline]:
    return FakePipeline


@pytest.fixture
def make_extraction() -> type[FakeExtraction]:
    return FakeExtraction


@pytest.fixture(name="make_article")
def make_article_fixture() -> Callable[..., Article]:
    return make_article


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "events.duckdb") as opened:
        yield opened


_LOOPBACK_NAMES = frozenset(("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"))


def _local(host: object) -> bool:
    """Whether a host names this machine: loopback names and addresses, or none (a local bind)."""
    if host is None:
        return True
    name = (host.decode() if isinstance(host, bytes) else str(host)).strip("[]").lower()
    if not name or name in _LOOPBACK_NAMES:
        return True
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _guard_sockets(monkeypatch: pytest.MonkeyPatch, allowed: Callable[[object], bool], refusal: str) -> list[object]:
    """Connections and name lookups of hosts `allowed` refuses raise `refusal`, and are recorded so that the
    fixture fails the test afterwards even if some layer swallowed the error."""
    attempts: list[object] = []
    connect, connect_ex, getaddrinfo = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def checked(address: object) -> None:
        host = address[0] if isinstance(address, tuple) else None  # AF_UNIX paths are local
        if not allowed(host):
            attempts.append(address)
            raise AssertionError(f"{refusal}: {address!r}")

    def guarded_connect(self: socket.socket, address: Any) -> None:
        checked(address)
        connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: Any) -> int:
        checked(address)
        return connect_ex(self, address)

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        checked((host,))
        return getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    return attempts


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """No test reaches beyond this machine (the project's rule: loopback test servers only). Worker processes a
    test starts are not covered; the network guard of the machine running CI is."""
    attempts = _guard_sockets(monkeypatch, _local, "a test tried to reach beyond loopback")
    yield attempts
    assert attempts == [], f"a test tried to reach beyond loopback: {attempts}"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Every connection attempt raises, loopback included. Modules that must never reach the network use it with
    `pytestmark = pytest.mark.usefixtures(...)`."""
    attempts = _guard_sockets(monkeypatch, lambda host: False, "a test tried to reach the network")
    yield attempts
    assert attempts == [], "a test tried to reach the network"
