"""Data versions: a counter per team, raised by every write, so that cached figures of a
team are recomputed as soon as anything of the team changes (`ote/data_version.py`)."""

from sqlmodel import Field, SQLModel


class DataVersion(SQLModel, table=True):
    """`team_id` 0 is everything not of one team (employers, settings, bulk changes)."""

    __tablename__ = "data_version"

    team_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    version: int = Field(default=0)
