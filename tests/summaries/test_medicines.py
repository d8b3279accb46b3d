"""Recognising medicine names as patients type them."""

from decimal import Decimal

import pytest

from prep.summaries.medicines import daily_dose_mg, number_in_text


@pytest.mark.parametrize(
    "typed, display, dose",
    [
        ("Zoloft 100mg", "sertraline (Zoloft)", Decimal("100")),
        ("zoloft", "sertraline (Zoloft)", None),
        ("SERTRALINE 50 MG", "sertraline", Decimal("50")),
        ("wellbutrin xl 300 mg", "bupropion (Wellbutrin)", Decimal("300")),
        ("Effexor XR", "venlafaxine (Effexor)", None),
        ("Seroquel XR 150mg", "quetiapine (Seroquel)", Decimal("150")),
        ("St. John's Wort", "St John's wort", None),
        ("st johns wort 300mg", "St John's wort", Decimal("300")),
        ("T3", "liothyronine", None),
        ("Cytomel 25mcg", "liothyronine (Cytomel)", Decimal("0.025")),
        ("Sudafed", "pseudoephedrine (Sudafed)", None),
        ("Sudafed PE", "phenylephrine (Sudafed PE)", None),
        ("5-HTP", "5-HTP", None),
        ("lithium carbonate", "lithium", None),
        ("Emsam patch", "selegiline (Emsam)", None),
        ("Imitrex", "sumatriptan (Imitrex)", None),
        ("HCTZ", "hydrochlorothiazide", None),
    ],
)
def test_typed_names_are_matched_to_the_generic_name_with_the_brand_and_any_dose(knowledge, typed, display, dose):
    match = knowledge.match(typed)
    assert match.recognised
    assert match.display == display
    assert match.dose_mg == dose


@pytest.mark.parametrize("typed", ["Happy-Calm herbal blend", "my blue pill", "Vitamin D 1000 IU", ""])
def test_unknown_names_are_kept_exactly_as_typed_and_not_recognised(knowledge, typed):
    match = knowledge.match(typed)
    assert not match.recognised
    assert match.display == typed


@pytest.mark.parametrize(
    "dose, how_often, expected",
    [("40 mg", "", Decimal("40")), ("40", "once a day", Decimal("40")), ("20 mg", "twice a day", Decimal("40")),
     ("10mg", "three times a day", Decimal("30")), ("", "", None), ("a small one", "", None)],
)
def test_daily_dose_is_read_from_free_text(dose, how_often, expected):
    assert daily_dose_mg(dose, how_often) == expected


def test_micrograms_are_converted_to_mg():
    assert number_in_text("25 mcg") == Decimal("0.025")
