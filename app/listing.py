"""Staff lists that scale: search, sort and pagination read from the query string.

Every argument is forgiving: an unknown sort, a page below 1 or past the end, a page size that
is not offered or a search longer than SEARCH_LENGTH gives the nearest sensible page, never an
error, so a bookmarked or hand-edited address always opens. The rows are counted and paged in
SQL (two queries, whatever the number of rows); the caller loads what its page shows for the
page's rows only.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from werkzeug.datastructures import MultiDict

from app.extensions import db
from app.routing import is_row_id

T = TypeVar("T")

PAGE_SIZES = (25, 50, 100)
DEFAULT_PAGE_SIZE = 50
SEARCH_LENGTH = 100


@dataclass(frozen=True)
class ListQuery:
    """What the reader asked of a list: search text, sort key and direction, page, page size."""

    q: str = ""
    sort: str = ""
    descending: bool = False
    page: int = 1
    per_page: int = DEFAULT_PAGE_SIZE

    @classmethod
    def parse(cls, args: Mapping[str, str], *, sorts: Sequence[str], default: str) -> ListQuery:
        """Read q, sort (a key, '-key' for descending), page and per_page; anything else is the
        default. sorts are the keys this list offers; default is one of them."""
        # Printable characters only (no control characters or lone surrogates), spaces collapsed.
        q = "".join(ch for ch in str(args.get("q", ""))[: SEARCH_LENGTH * 4] if ch.isprintable())
        q = " ".join(q.split())[:SEARCH_LENGTH]
        sort = str(args.get("sort", ""))
        descending = sort.startswith("-")
        key = sort.removeprefix("-")
        if key not in sorts:
            key, descending = default, False
        page_text = str(args.get("page", ""))
        page = int(page_text) if is_row_id(page_text) and int(page_text) > 0 else 1
        size_text = str(args.get("per_page", ""))
        per_page = int(size_text) if size_text in {str(size) for size in PAGE_SIZES} else 0
        return cls(q, key, descending, page, per_page or DEFAULT_PAGE_SIZE)

    @property
    def sort_arg(self) -> str:
        return f"-{self.sort}" if self.descending else self.sort


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list, with what the page's links need."""

    items: list[T]
    total: int
    query: ListQuery
    page: int  # the page shown (the asked one, within 1..pages)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))

    @property
    def first_number(self) -> int:
        """The position of the page's first row in the whole list (1-based)."""
        return 0 if not self.items else (self.page - 1) * self.query.per_page + 1

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.items) - 1 if self.items else 0


def search_condition(q: str, columns: Sequence[Any]) -> ColumnElement[bool]:
    """Rows where any of columns contains every word of q (case-insensitive, wildcards literal)."""
    return and_(
        *(
            or_(*(func.lower(column).contains(word.lower(), autoescape=True) for column in columns))
            for word in q.split()
        )
    )


def paginate(
    stmt: Select[Any],
    query: ListQuery,
    *,
    sorts: Mapping[str, Sequence[Any]],
    tiebreak: Any,
    search: Sequence[Any] = (),
) -> tuple[list[Any], int, int]:
    """(rows of the page, total rows, page shown) of stmt searched, sorted and paged in SQL.

    sorts maps each sort key to its columns; tiebreak (the id) keeps the order stable across
    pages. A page past the end shows the last page.
    """
    if query.q and search:
        stmt = stmt.where(search_condition(query.q, search))
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    total = int(total or 0)
    pages = max(1, math.ceil(total / query.per_page))
    page = min(query.page, pages)
    columns = [
        column.desc() if query.descending else column.asc() for column in sorts.get(query.sort, ())
    ]
    ordered = stmt.order_by(None).order_by(*columns, tiebreak)
    rows = list(
        db.session.execute(ordered.limit(query.per_page).offset((page - 1) * query.per_page))
    )
    return rows, total, page


def list_args(args: MultiDict[str, str], **changes: Any) -> dict[str, Any]:
    """The current list's query arguments with changes applied (None drops one): the links of
    sort headers and pages keep the filters, so every list view can be bookmarked."""
    merged: dict[str, Any] = {key: args.getlist(key) for key in args}
    for key, value in changes.items():
        if value is None or value == "":
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged
