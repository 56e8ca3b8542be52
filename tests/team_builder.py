"""One hand-built team for the tests: its rows are added to an open write session through a
`TeamBuilder`, which returns the new rows' ids.

A team comes with one referral source and one employer; every client is referred by that
source and every job and employer contact is with that employer. Staff, clients, jobs,
client contacts, employer contacts, module episodes and coaching periods are added one
call each. The rows' incidental texts (the source's and employer's names, a job's title
and type) and the service start of a client given none are keyword arguments, so that a
test file can keep the rows it has always built: bind them once with `functools.partial`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from types import EllipsisType

from sqlalchemy.orm import Session

from ote import models as m

DEFAULT_START = date(2024, 1, 1)  # a client's service start unless told otherwise


class TeamBuilder:
    """Adds the rows of team `key` ("Tiimi {key}") inside the open write session `s`.

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
        self.serial = 0
        self.job_title = job_title
        self.job_type = job_type
        self.client_start = client_start
        self.coaches: dict[str, int] = {}
        self.coach_of: dict[int, int] = {}
        self.codes: dict[int, str] = {}
        team = m.Team(key=key, name=f"Tiimi {key}")
        s.add(team)
        s.flush()
        self.id = team.id
        for name in coaches:
            self.staff(name, key=f"{key}-{name}")
        source = m.ReferralSource(
            key=f"{key}-R", team_id=team.id, name=source_name, kind=source_kind
        )
        employer = m.Employer(key=f"{key}-E", name=employer_name.format(key=key))
        s.add_all([source, employer])
        s.flush()
        self.source_id = source.id
        self.employer_id = employer.id

    def _key(self, prefix: str) -> str:
        self.serial += 1
        return f"{self.key}-{prefix}{self.serial}"

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
        row = m.Staff(
            key=key or self._key("S"),
            team_id=self.id,
            name=name,
            role=role,
            fte=fte,
            start_date=start,
            end_date=end,
        )
        self.s.add(row)
        self.s.flush()
        if role == "coach":
            self.coaches[name] = row.id
        return row.id

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
        row = m.Client(
            team_id=self.id,
            code=code,
            coach_id=coach_id,
            source_id=self.source_id,
            referral_date=referral or start,
            service_start=start,
            service_end=end,
        )
        self.s.add(row)
        self.s.flush()
        self.coach_of[row.id] = coach_id
        self.codes[row.id] = code
        return row.id

    def job(self, client: int, start: date, end: date | None = None) -> None:
        """A competitive, permanent job of `client` with the team's employer."""
        self.s.add(
            m.Job(
                key=self._key("J"),
                client_id=client,
                employer_id=self.employer_id,
                title=self.job_title,
                job_type=self.job_type,
                start_date=start,
                end_date=end,
                competitive=True,
                permanent=True,
            )
        )

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
        self.s.add(
            m.ClientContact(
                client_id=client,
                staff_id=self.coach_of[client],
                date=day,
                kind=kind,
                face_to_face=face_to_face,
                no_show=no_show,
                place=place,
                minutes=minutes,
            )
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
        self.s.add(
            m.ModuleEpisode(
                client_id=client,
                module=module,
                start_date=start,
                end_date=end,
                assessed_on=assessed,
            )
        )

    def period(self, client: int, start: date, end: date) -> None:
        """A law-based coaching period from `start` to `end`."""
        self.s.add(m.CoachingPeriod(client_id=client, start_date=start, end_date=end))
