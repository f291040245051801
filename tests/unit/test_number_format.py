"""The number filter's fast path writes exactly what Babel's pattern writes, in both languages."""

import random
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from flask_babel import force_locale

from tracker import create_app
from tracker.templating import format_number

RND = random.Random(20261205)
VALUES = [0, 1, -1, 999, 1000, 1_234_567, -98_765, Decimal("0.125"), Decimal("-1234.565"), Decimal("87.875"),
          Decimal("0.005"), Decimal("-0.004"), Decimal("12345678.9"), Decimal("1E+3")]
VALUES += [Decimal(RND.randint(-10**7, 10**7)) / Decimal(10 ** RND.randint(0, 4)) for _ in range(500)]
VALUES += [RND.randint(-10**9, 10**9) for _ in range(200)]


@pytest.mark.parametrize("locale", ["vi", "en"])
def test_fast_path_matches_babel(locale):
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context(), force_locale(locale):
        for value in VALUES:
            for digits in (0, 1, 2):
                pattern = "#,##0." + "0" * digits if digits else "#,##0"
                assert format_number(value, digits) == format_decimal(value, format=pattern, locale=locale), value


def test_floats_and_none_still_go_through_babel():
    app = create_app("test", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context(), force_locale("vi"):
        assert format_number(None) == ""
        assert format_number(2.5, 1) == "2,5"
