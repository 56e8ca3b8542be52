"""Figures computed once and kept while the data stay the same (`st.cache_data`).

`cached(context, function, *args)` returns `function(session, *args)` – computed in a read
session of the signed-in user's database – from Streamlit's data cache when the same user
asked it of the same database with the same arguments at the same data versions
(`ote.data_version`): a write to the team raises its version, so a saved record shows at
once. The key holds the user's id, so nothing cached for one user is ever given to another
(DOMAIN.md §5), and the function runs through the user's database, so the role's rules
hold when it is computed. The versions the user may see are read once per page run, by
the frame, together with the signed-in user (`read_versions`, in app.py).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Hashable
from typing import Any

import streamlit as st
from sqlalchemy import select

from ote import models as m
from ote.data_version import EVERYTHING


def read_versions(connection, team_ids: frozenset[int] | None) -> dict[int, int]:
    """{team id (0: everything): version} of the version rows of `team_ids` and version 0
    (all of them for None: a user who spans every team) – the filter `ote.access` puts on
    the table, applied here because the frame reads them on a bare connection, once per
    page run (the counters say nothing about anyone)."""
    query = select(m.DataVersion.team_id, m.DataVersion.version)
    if team_ids is not None:
        query = query.where(m.DataVersion.team_id.in_([EVERYTHING, *team_ids]))
    return dict(connection.execute(query).all())


def visible_versions(database) -> dict[int, int]:
    """The versions the database's principal may see (`read_versions`), on a connection of
    its own."""
    principal = getattr(database, "principal", None)
    with database.engine.connect() as connection:
        return read_versions(connection, principal.team_ids if principal else None)


def team_versions(versions: dict[int, int], team_id: int | None) -> tuple[int, int]:
    """(version of everything, version of the team) – what a team's figures depend on."""
    return versions.get(EVERYTHING, 0), versions.get(team_id, 0) if team_id is not None else 0


@st.cache_data(max_entries=2000, ttl=3600, show_spinner=False)
def _computed(key: str, _compute: Callable[[], Any]) -> Any:
    return _compute()


@st.cache_resource(max_entries=2000, ttl=3600, show_spinner=False)
def _kept(key: str, _compute: Callable[[], Any]) -> tuple:
    return tuple(_compute())


def digest(value: Any) -> str:
    """A short name of a value's content (its pickle, hashed): what the caches are keyed on.
    Streamlit's own hashing walks every argument in Python on every run; pickling is done
    in C. Equal names mean equal pickles, so equal values: a value that pickles another
    way each time only misses the cache, it never gets another's answer."""
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=20).hexdigest()


def _key(database, user_id, versions, function, args) -> str:
    return digest(
        (
            f"{function.__module__}.{function.__qualname__}",
            database.describe(),
            user_id,
            versions,
            args,
        )
    )


def _computing(database, function: Callable[..., Any], args: tuple) -> Callable[[], Any]:
    def compute() -> Any:
        with database.read() as session:
            return function(session, *args)

    return compute


def cached_at(
    database, user_id: int | None, versions: Hashable, function: Callable[..., Any], *args: Any
) -> Any:
    """`function(session, *args)` in a read session of `database`, cached per database,
    user, `versions` and arguments (each call gets its own copy)."""
    key = _key(database, user_id, versions, function, args)
    return _computed(key, _computing(database, function, args))


def shared_at(
    database, user_id: int | None, versions: Hashable, function: Callable[..., Any], *args: Any
) -> tuple:
    """As `cached_at`, for a list of frozen rows: kept as one tuple, read as it is."""
    key = _key(database, user_id, versions, function, args)
    return _kept(key, _computing(database, function, args))


def _user_and_versions(context) -> tuple[int | None, tuple[int, int]]:
    """The user's id and the data versions of the context's team."""
    user_id = context.user.id if context.user is not None else None
    team_id = context.team.id if context.team is not None else None
    versions = context.versions
    if versions is None:  # a context not made by the frame: read them now
        versions = visible_versions(context.database)
    return user_id, team_versions(versions, team_id)


def cached(context, function: Callable[..., Any], *args: Any) -> Any:
    """`function(session, *args)`, cached per user, arguments and the data versions of the
    context's team."""
    return cached_at(context.database, *_user_and_versions(context), function, *args)


def shared(context, function: Callable[..., Any], *args: Any) -> tuple:
    """As `cached`, for a list of immutable rows (a form's choices): kept as one tuple that
    every run reads as it is, not a copy – unpickling a copy of a country's employers on
    every run of a form would cost more than the form. The rows must be frozen."""
    return shared_at(context.database, *_user_and_versions(context), function, *args)


def _user_and_all_versions(context) -> tuple[int | None, tuple[tuple[int, int], ...]]:
    """The user's id and the data versions of every team they see (the accounts' too)."""
    user_id = context.user.id if context.user is not None else None
    versions = context.versions
    if versions is None:
        versions = visible_versions(context.database)
    return user_id, tuple(sorted(versions.items()))


def cached_everywhere(context, function: Callable[..., Any], *args: Any) -> Any:
    """As `cached`, for a figure over every team the user sees (the administrator's lists
    of teams): cached against the versions of all of them."""
    return cached_at(context.database, *_user_and_all_versions(context), function, *args)


def shared_everywhere(context, function: Callable[..., Any], *args: Any) -> tuple:
    """As `shared` (frozen rows kept as one tuple), against the versions of every team the
    user sees."""
    return shared_at(context.database, *_user_and_all_versions(context), function, *args)


@st.cache_data(max_entries=2000, ttl=3600, show_spinner=False)
def _made(key: str, _build: Callable[..., Any], _args: tuple, _language: str) -> Any:
    from ote.i18n import Translator

    return _build(*_args, Translator(_language))


def made(build: Callable[..., Any], *args: Any, t) -> Any:
    """`build(*args, t)` – a table as a page shows it, made from figures it already has –
    made once per builder, language and content of `args` (`digest`), as the figures
    themselves are: formatting the same rows again on every run is data work too."""
    key = digest((f"{build.__module__}.{build.__qualname__}", t.language, args))
    return _made(key, build, args, t.language)
