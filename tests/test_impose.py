"""Imposition as pure data, checked against DESIGN.md's table with no PDF at all."""

from __future__ import annotations

import pytest

from zinegen.impose import impose_saddle_stitch, pad_for_binding, saddle_stitch


def test_saddle_stitch_follows_the_contract():
    assert saddle_stitch(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert saddle_stitch(4) == [(4, 1), (2, 3)]


def test_every_page_appears_once():
    sides = saddle_stitch(24)
    assert len(sides) == 12
    assert sorted(p for side in sides for p in side) == list(range(1, 25))


def test_saddle_stitch_needs_a_multiple_of_four():
    with pytest.raises(ValueError, match="multiple of 4"):
        saddle_stitch(6)


@pytest.mark.parametrize(
    ("pages", "bound"),
    [
        (4, [0, 1, 2, 3]),
        (5, [0, 1, 2, 3, None, None, None, 4]),
        (6, [0, 1, 2, 3, 4, None, None, 5]),
        (1, [0, None, None, None]),
    ],
)
def test_blanks_go_before_the_back_cover(pages, bound):
    assert pad_for_binding(pages) == bound


def test_pages_sit_side_by_side_centred_on_the_sheet():
    # A5 pages (419.53 pt wide) leave 2.8 pt spare on an A4 sheet: split evenly.
    sides = impose_saddle_stitch(4, (419.53, 595.28), (841.89, 595.28))
    assert [[s.page for s in side] for side in sides] == [[3, 0], [1, 2]]
    for side in sides:
        assert [s.x_pt for s in side] == pytest.approx([1.415, 420.945])
        assert [s.y_pt for s in side] == [0.0, 0.0]
        assert {s.rotate for s in side} == {0}
