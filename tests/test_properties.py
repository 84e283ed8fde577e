"""Property tests: derivations stay consistent and German formats round-trip, for any valid input."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import parse_decimal
from hypothesis import given
from hypothesis import strategies as st

from amip.derive.cells import cell_sum, change_percent, share
from amip.derive.haushalt import derive_budget
from amip.filters import LOCALE, round_commercial, zahl
from amip.model.haushalt import Haushalt
from amip.model.types import Zeichen

amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
positions = st.lists(st.tuples(st.sampled_from(["VK", "EGL"]), amounts, amounts), min_size=1, max_size=8)


@given(positions)
def test_budget_totals_add_up(rows: list[tuple[str, Decimal, Decimal]]) -> None:
    haushalt = Haushalt.model_validate({"positionen": [
        {"bezeichnung": f"P{index}", "bereich": area, "betraege": {2016: before, 2017: after}}
        for index, (area, before, after) in enumerate(rows)]})
    budget = derive_budget(haushalt, [2016, 2017])
    total = budget.grand_total.amounts
    assert total[2017] == sum(after for _, _, after in rows)
    assert total[2016] == sum(before for _, before, _ in rows)
    assert sum(row.amounts[2017] for row in budget.area_totals.values()) == total[2017]
    assert budget.grand_total.change(2016, 2017) == total[2017] - total[2016]


@given(amounts.filter(lambda value: value > 0), amounts)
def test_change_percent_undoes_itself(previous: Decimal, current: Decimal) -> None:
    percent = change_percent(previous, current)
    assert isinstance(percent, Decimal)
    assert abs(previous * (1 + percent / 100) - current) < Decimal("1e-12") * max(previous, current, Decimal(1))


@given(st.lists(amounts, min_size=1, max_size=10).filter(lambda parts: sum(parts) > 0))
def test_shares_of_a_whole_add_up_to_100(parts: list[Decimal]) -> None:
    shares = [share(part, sum(parts)) for part in parts]
    assert all(isinstance(s, Decimal) for s in shares)
    assert abs(sum(shares) - 100) < Decimal("1e-20")  # type: ignore[arg-type]


symbols = st.sampled_from(list(Zeichen))


@given(st.lists(st.one_of(amounts, symbols), max_size=10))
def test_sum_over_cells_follows_the_ba_rules(cells: list[Decimal | Zeichen]) -> None:
    total = cell_sum(cells)
    given_symbols = {cell for cell in cells if isinstance(cell, Zeichen)} - {Zeichen.nichts}
    numbers = [cell for cell in cells if isinstance(cell, Decimal)]
    if given_symbols:
        assert total is next(s for s in (Zeichen.anonymisiert, Zeichen.unbekannt, Zeichen.nicht_sinnvoll)
                             if s in given_symbols)
    elif cells and not numbers:
        assert total is Zeichen.nichts
    else:
        assert total == sum(numbers)


@given(st.decimals(min_value=-10**12, max_value=10**12, places=3, allow_nan=False, allow_infinity=False),
       st.integers(min_value=0, max_value=3))
def test_german_numbers_round_trip(value: Decimal, places: int) -> None:
    text = zahl(value, places)
    assert parse_decimal(text, locale=LOCALE, strict=True) == round_commercial(value, places)
