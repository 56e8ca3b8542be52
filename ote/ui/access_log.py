"""Drawing the Lokitiedot page: a search of the access log as the table the page shows."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session

from ote import audit
from ote.i18n import Translator


def search_table(
    session: Session, where: audit.LogFilter, language: str
) -> tuple[int, pd.DataFrame]:
    """(how many entries match `where`, the newest `audit.SEARCH_LIMIT` of them as the
    page's table in `language`) – one cacheable answer for the page's run."""
    t = Translator(language)
    entries = audit.search(session, where)
    table = pd.DataFrame(
        {
            t("auth.log.at"): [e.at for e in entries],
            t("auth.log.actor"): [e.actor for e in entries],
            t("auth.log.action"): [t(f"enum.AuditAction.{e.action}") for e in entries],
            t("auth.log.entity"): [e.entity for e in entries],
            t("auth.log.entity_id"): [e.entity_id or "" for e in entries],
            t("field.client_code"): [e.client_code or "" for e in entries],
            t("auth.log.page"): [e.page or "" for e in entries],
        }
    )
    return audit.count(session, where), table
