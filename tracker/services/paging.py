"""A page of lines (a report's, the task list's) with what the shared ``pagination`` macro reads."""

import math
from dataclasses import dataclass


@dataclass
class Page:
    items: list
    page: int
    per_page: int
    total: int

    @classmethod
    def of(cls, page: int, per_page: int, total: int, fetch) -> "Page":
        """Page ``page`` (clamped to the last one) of ``total`` lines; ``fetch(offset)`` returns its lines."""
        last = max(1, math.ceil(total / per_page))
        page = min(max(1, page), last)
        return cls(fetch((page - 1) * per_page) if total else [], page, per_page, total)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int | None:
        return self.page - 1 if self.has_prev else None

    @property
    def next_num(self) -> int | None:
        return self.page + 1 if self.has_next else None

    def iter_pages(self, *, left_edge=2, left_current=2, right_current=4, right_edge=2):
        """Page numbers with None for the gaps, as Flask-SQLAlchemy's pagination yields them."""
        shown = set(range(1, min(left_edge, self.pages) + 1))
        shown |= set(range(max(1, self.page - left_current), min(self.pages, self.page + right_current) + 1))
        shown |= set(range(max(1, self.pages - right_edge + 1), self.pages + 1))
        previous = 0
        for number in sorted(shown):
            if number - previous > 1:
                yield None
            yield number
            previous = number
