"""Hand-built teams for the tests, added row by row to an open write session.

Two builders, one on top of the other:

- `DatabaseBuilder` adds single rows for any number of teams – teams, staff, referral
  sources, clients, employers, jobs, client contacts, coaching periods and module episodes –
  and returns the new rows. Every row it refers to (a team, coach, source, client, employer)
  may be given as a row or as its id. Keys not given are numbered from one counter, so that
  they are unique across the database.
- `TeamBuilder` builds one team with one referral source and one employer: every client is
  referred by that source and every job and employer contact is with that employer. Staff,
  clients, jobs, client contacts, employer contacts, module episodes and coaching periods
  are added one call each, and it returns the new rows' ids.

The rows' incidental texts (a team's source's and employer's names, a job's title and type)
and the dates a client gets when given none are keyword arguments, so that a test file can
keep the rows it has always built: bind them once with `functools.partial`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from types import EllipsisType
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from ote import models as m

DEFAULT_START = date(2024, 1, 1)  # a TeamBuilder client's service start unless told otherwise

Row = TypeVar("Row", bound=SQLModel)
Ref = Any  # a row with an id (m.Team, m.Staff, …) or the id itself


def _id(ref: Ref) -> int:
    """The id of a row, or the id as given."""
    return ref if isinstance(ref, int) else ref.id


class DatabaseBuilder:
    """Adds rows for hand-built teams inside the open write session `s`; every row is flushed
    at once (it has its id) and returned.

    Keys not given are "{series}{prefix}{n}" ("T1", "S2", "R3", …), numbered from one
    counter: a second builder on the same database needs its own `series`. A client added
    without a referral date or a service start gets `referral` or `start`.
    """

    def __init__(
        self,
        s: Session,
        series: str = "",
        *,
        referral: date | None = None,
        start: date | None = None,
    ):
        self.s = s
        self.series = series
        self.counter = 0
        self.referral = referral
        self.start = start

    def _key(self, prefix: str) -> str:
        self.counter += 1
        return f"{self.series}{prefix}{self.counter}"

    def add(self, row: Row) -> Row:
        """Any row, flushed."""
        self.s.add(row)
        self.s.flush()
        return row

    def team(self, name: str, *, key: str | None = None) -> m.Team:
        return self.add(m.Team(key=key or self._key("T"), name=name))

    def staff(
        self,
        team: Ref,
        name: str,
        role: str = "coach",
        fte: float = 1.0,
        share: float | None = None,
        start: date | None = None,
        end: date | None = None,
        *,
        key: str | None = None,
    ) -> m.Staff:
        """A staff member with coaching share `share`, employed from `start` to `end` (None:
        open)."""
        return self.add(
            m.Staff(
                key=key or self._key("S"),
                team_id=_id(team),
                name=name,
                role=role,
                fte=fte,
                coaching_share=share,
                start_date=start,
                end_date=end,
            )
        )

    def source(
        self,
        team: Ref,
        name: str = "Lähettäjä",
        kind: str = "other",
        attached: bool = False,
        *,
        key: str | None = None,
    ) -> m.ReferralSource:
        return self.add(
            m.ReferralSource(
                key=key or self._key("R"),
                team_id=_id(team),
                name=name,
                kind=kind,
                attached=attached,
            )
        )

    def client(
        self,
        team: Ref,
        coach: Ref,
        source: Ref,
        code: str,
        referral: date | EllipsisType | None = ...,
        start: date | EllipsisType | None = ...,
        end: date | None = None,
        **extra: Any,
    ) -> m.Client:
        """A client referred on `referral` and in service from `start` (None: still waiting)
        to `end`; either left out is the builder's `referral` or `start`. `extra` are further
        columns."""
        return self.add(
            m.Client(
                team_id=_id(team),
                code=code,
                coach_id=_id(coach),
                source_id=_id(source),
                referral_date=self.referral if referral is ... else referral,
                service_start=self.start if start is ... else start,
                service_end=end,
                **extra,
            )
        )

    def clients(
        self,
        team: Ref,
        coach: Ref,
        source: Ref,
        prefix: str,
        count: int,
        referral: date | EllipsisType | None = ...,
        start: date | EllipsisType | None = ...,
        end: date | None = None,
    ) -> list[m.Client]:
        """`count` alike clients, coded "{prefix}000", "{prefix}001", …"""
        return [
            self.client(team, coach, source, f"{prefix}{i:03d}", referral, start, end)
            for i in range(count)
        ]

    def employer(self, name: str | None = None, *, key: str | None = None) -> m.Employer:
        """An employer called `name` (None: "Työnantaja {key}")."""
        key = key or self._key("E")
        return self.add(m.Employer(key=key, name=f"Työnantaja {key}" if name is None else name))

    def job(
        self,
        client: Ref,
        employer: Ref,
        job_type: str,
        start: date,
        competitive: bool = True,
        permanent: bool = True,
        end: date | None = None,
        *,
        title: str = "Työ",
    ) -> m.Job:
        return self.add(
            m.Job(
                key=self._key("J"),
                client_id=_id(client),
                employer_id=_id(employer),
                title=title,
                job_type=job_type,
                start_date=start,
                end_date=end,
                competitive=competitive,
                permanent=permanent,
            )
        )

    def contact(
        self, client: Ref, staff: Ref, day: date, kind: str = "meeting", **extra: Any
    ) -> m.ClientContact:
        """A client contact of `kind` on `day` by `staff`; `extra` are further columns."""
        return self.add(
            m.ClientContact(
                client_id=_id(client), staff_id=_id(staff), date=day, kind=kind, **extra
            )
        )

    def weekly_meetings(self, client: Ref, staff: Ref, start: date, last: date) -> None:
        """A meeting on the first day of every 7-day block from `start` up to `last`."""
        day = start
        while day <= last:
            self.contact(client, staff, day)
            day += timedelta(days=7)

    def period(self, client: Ref, start: date, end: date, **extra: Any) -> m.CoachingPeriod:
        """A law-based coaching period from `start` to `end`; `extra` are further columns."""
        return self.add(
            m.CoachingPeriod(client_id=_id(client), start_date=start, end_date=end, **extra)
        )

    def module(
        self,
        client: Ref,
        module: str,
        start: date,
        end: date | None = None,
        assessed: date | None = None,
        decision: str | None = None,
    ) -> m.ModuleEpisode:
        """An episode of `module` from `start` to `end` (None: going on), assessed on
        `assessed` (None: not assessed) with `decision`."""
        return self.add(
            m.ModuleEpisode(
                client_id=_id(client),
                module=module,
                start_date=start,
                end_date=end,
                assessed_on=assessed,
                decision=decision,
            )
        )


class TeamBuilder:
    """Adds the rows of team `key` ("Tiimi {key}") inside the open write session `s` through
    a `DatabaseBuilder` (`rows`), returning the new rows' ids.

    `coaches` are added at once, keyed "{key}-{name}". The team's referral source is
    "{key}-R" (`source_name`, `source_kind`) and its employer "{key}-E" (`employer_name`,
    where "{key}" stands for the team's key). Jobs get `job_title` and `job_type`. A client
    added without a start starts on `client_start`.

    Staff added without a key and jobs are keyed "{key}-S1", "{key}-J2", … from one
    counter. Coaches are known by name in `coaches` (name → id); every client's coach is
    kept in `coach_of` (client id → staff id) and its code in `codes` (client id → code).
    Staff may be given to `client` and `employer_contact` by id or by a coach's name.
    """

    def __init__(
        self,
        s: Session,
        key: str = "T1",
        coaches: Iterable[str] = (),
        *,
        source_name: str = "Lähde",
        source_kind: str = "other",
        employer_name: str = "Työnantaja {key}",
        job_title: str = "Työ",
        job_type: str = "siivous",
        client_start: date | None = DEFAULT_START,
    ):
        self.s = s
        self.key = key
        self.rows = DatabaseBuilder(s, f"{key}-")
        self.job_title = job_title
        self.job_type = job_type
        self.client_start = client_start
        self.coaches: dict[str, int] = {}
        self.coach_of: dict[int, int] = {}
        self.codes: dict[int, str] = {}
        self.id = _id(self.rows.team(f"Tiimi {key}", key=key))
        for name in coaches:
            self.staff(name, key=f"{key}-{name}")
        self.source_id = _id(self.rows.source(self.id, source_name, source_kind, key=f"{key}-R"))
        employer = self.rows.employer(employer_name.format(key=key), key=f"{key}-E")
        self.employer_id = _id(employer)

    def _staff_id(self, staff: int | str | None) -> int:
        """A staff id as given, a coach's id by name, or (None) the team's only coach's."""
        if staff is None:
            (only,) = self.coaches.values()
            return only
        if isinstance(staff, str):
            return self.coaches[staff]
        return staff

    def staff(
        self,
        name: str,
        role: str = "coach",
        fte: float = 1.0,
        start: date | None = None,
        end: date | None = None,
        *,
        key: str | None = None,
    ) -> int:
        """A staff member employed from `start` to `end` (None: open); a coach is also
        known by name in `coaches`."""
        row_id = _id(self.rows.staff(self.id, name, role, fte, start=start, end=end, key=key))
        if role == "coach":
            self.coaches[name] = row_id
        return row_id

    def client(
        self,
        code: str,
        coach: int | str | None = None,
        start: date | EllipsisType | None = ...,
        end: date | None = None,
        referral: date | None = None,
    ) -> int:
        """A client of `coach` (None: the team's only coach) in service from `start`
        (left out: `client_start`; None: still waiting) to `end`, referred on `referral`
        (None: on its start)."""
        if start is ...:
            start = self.client_start
        coach_id = self._staff_id(coach)
        row = self.rows.client(
            self.id, coach_id, self.source_id, code, referral or start, start, end
        )
        self.coach_of[_id(row)] = coach_id
        self.codes[_id(row)] = code
        return _id(row)

    def job(self, client: int, start: date, end: date | None = None) -> None:
        """A competitive, permanent job of `client` with the team's employer."""
        self.rows.job(client, self.employer_id, self.job_type, start, end=end, title=self.job_title)

    def contact(
        self,
        client: int,
        day: date,
        kind: str = "meeting",
        *,
        face_to_face: bool = True,
        no_show: bool = False,
        place: str | None = None,
        minutes: int | None = None,
    ) -> None:
        """A client contact of `kind` on `day`, by the client's coach."""
        self.rows.contact(
            client,
            self.coach_of[client],
            day,
            kind,
            face_to_face=face_to_face,
            no_show=no_show,
            place=place,
            minutes=minutes,
        )

    def meetings(self, client: int, *days: date) -> None:
        """A face-to-face meeting with the client on each of `days`."""
        for day in days:
            self.contact(client, day)

    def not_meetings(
        self, client: int, no_show: date, outreach: date, family: date, partner: date, phone: date
    ) -> None:
        """Five contacts that are no face-to-face meetings, one on each day: a no-show, an
        outreach attempt, a family contact, a partner contact (all face to face) and a
        meeting by phone."""
        self.contact(client, no_show, no_show=True)
        self.contact(client, outreach, "outreach_attempt")
        self.contact(client, family, "family_contact")
        self.contact(client, partner, "partner_contact")
        self.contact(client, phone, face_to_face=False, place="remote")

    def employer_contact(
        self,
        staff: int | str,
        day: date,
        client: int | None = None,
        *,
        face_to_face: bool = True,
        pref: bool | None = None,
    ) -> None:
        """A contact with the team's employer by `staff` on `day`, about `client` (None:
        about no client); `pref` is its `preference_based` mark."""
        self.s.add(
            m.EmployerContact(
                date=day,
                staff_id=self._staff_id(staff),
                employer_id=self.employer_id,
                face_to_face=face_to_face,
                client_id=client,
                preference_based=pref,
            )
        )

    def module(
        self,
        client: int,
        module: str,
        start: date,
        end: date | None = None,
        assessed: date | None = None,
    ) -> None:
        """An episode of `module` from `start` to `end` (None: going on), assessed on
        `assessed` (None: not assessed)."""
        self.rows.module(client, module, start, end, assessed)

    def period(self, client: int, start: date, end: date) -> None:
        """A law-based coaching period from `start` to `end`."""
        self.rows.period(client, start, end)
