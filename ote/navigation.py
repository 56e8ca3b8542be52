"""The navigation as the sidebar shows it: the sections of `app.py`'s `NAVIGATION`, each
with its pages (a file of `pages/` named without `.py`, its title's catalog key, its icon).

`app.py` declares the navigation beside `st.navigation`, and is the one definition: this
module reads that literal (`ast.literal_eval`, nothing of app.py is run), so the front
page's guide to the menu (`ote.onboarding.menu`) is the sidebar itself. Which pages a user
sees is the role's (`ote.access.may_open`).
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

APP_FILE = Path(__file__).resolve().parents[1] / "app.py"

Section = tuple[str, tuple[tuple[str, str, str], ...]]


@functools.cache
def navigation() -> tuple[Section, ...]:
    """(section title key, ((page, title key, icon), ...)) in the sidebar's order."""
    tree = ast.parse(APP_FILE.read_text(encoding="utf-8"))
    literal = next(
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(
            isinstance(target, ast.Name) and target.id == "NAVIGATION" for target in node.targets
        )
    )
    return tuple(
        (section, tuple((file.removesuffix(".py"), title, icon) for file, title, icon in pages))
        for section, pages in ast.literal_eval(literal)
    )


def page_titles() -> dict[str, str]:
    """Each page's title key."""
    return {page: title for _, pages in navigation() for page, title, _ in pages}
