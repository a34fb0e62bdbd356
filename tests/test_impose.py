"""Imposition as pure data, checked against DESIGN.md's table with no PDF at all."""

from __future__ import annotations

import pytest

from zinegen.impose import (
    crop_marks,
    impose_nup_mirrored_back,
    impose_saddle_stitch,
    impose_trifold,
    impose_zine,
    pad_for_binding,
    saddle_stitch,
)


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
    sides = impose_saddle_stitch([(419.53, 595.28)] * 4, (841.89, 595.28))
    assert [[s.page for s in side] for side in sides] == [[3, 0], [1, 2]]
    for side in sides:
        assert [s.x_pt for s in side] == pytest.approx([1.415, 420.945])
        assert [s.y_pt for s in side] == [0.0, 0.0]
        assert {s.rotate for s in side} == {0}


def test_trifold_panels_follow_the_contract():
    # Letter landscape; panels 4 and 5 fold in, 2 mm (5.67 pt) narrower.
    wide, narrow = 265.89, 265.89 - 5.67
    pages = [(wide, 612)] * 3 + [(narrow, 612)] * 2 + [(wide, 612)]
    outside, inside = impose_trifold(pages, (792, 612))
    assert [s.page + 1 for s in outside] == [5, 6, 1]
    assert [s.page + 1 for s in inside] == [2, 3, 4]
    assert [s.x_pt for s in outside] == pytest.approx([0, narrow, narrow + wide], abs=0.01)
    assert [s.x_pt for s in inside] == pytest.approx([0, wide, 2 * wide], abs=0.01)
    # Turned over left to right, each panel backs the one in the mirrored position:
    # the two fold-in panels back each other, and panel 2 backs the cover.
    for front, back in zip(outside, reversed(inside), strict=True):
        front_width, back_width = pages[front.page][0], pages[back.page][0]
        assert front.x_pt == pytest.approx(792 - back.x_pt - back_width, abs=0.01)
        assert front_width == back_width


def test_a_trifold_needs_six_panels():
    with pytest.raises(ValueError, match="6 panels"):
        impose_trifold([(264, 612)] * 5, (792, 612))


def test_cards_ten_up_with_the_back_mirrored():
    card = (252, 144)  # 3.5 x 2 in
    front, back = impose_nup_mirrored_back([card, card], (612, 792), (2, 5))
    assert len(front) == len(back) == 10
    assert {s.page for s in front} == {0} and {s.page for s in back} == {1}
    x0, y0 = (612 - 2 * 252) / 2, (792 - 5 * 144) / 2
    assert [(s.x_pt, s.y_pt) for s in front[:2]] == [(x0, y0), (x0 + 252, y0)]
    # Long-edge flip turns the sheet left to right: column 0's back is in column 1.
    for f, b in zip(front, back, strict=True):
        assert b.y_pt == f.y_pt
        assert b.x_pt == pytest.approx(612 - f.x_pt - 252)


def test_zine_is_the_one_cut_fold():
    page = (198, 306)  # a quarter of a letter sheet, landscape
    (side,) = impose_zine([page] * 8, (792, 612))
    bottom = sorted((s for s in side if s.y_pt == 0), key=lambda s: s.x_pt)
    top = sorted((s for s in side if s.y_pt == 306), key=lambda s: s.x_pt)
    assert [s.page + 1 for s in bottom] == [6, 7, 8, 1]
    assert [s.page + 1 for s in top] == [5, 4, 3, 2]
    assert {s.rotate for s in bottom} == {0} and {s.rotate for s in top} == {180}


def test_crop_marks_sit_outside_the_cards_at_every_cut():
    card = (252, 144)
    front, _ = impose_nup_mirrored_back([card, card], (612, 792), (2, 5))
    lines = crop_marks(front, [card, card], (612, 792), gap=8.5, length=14, safe=17)
    x0, y0 = (612 - 504) / 2, (792 - 720) / 2
    verticals = {x1 for x1, y1, x2, y2 in lines if x1 == x2}
    horizontals = {y1 for x1, y1, x2, y2 in lines if y1 == y2}
    assert verticals == {x0, x0 + 252, x0 + 504}
    assert horizontals == {y0 + 144 * r for r in range(6)}
    for x1, y1, x2, y2 in lines:  # every mark is in the margin, clear of the cards
        inside_x = x0 < min(x1, x2) and max(x1, x2) < x0 + 504
        inside_y = y0 < min(y1, y2) and max(y1, y2) < y0 + 720
        assert not (inside_x and inside_y)
        assert min(x1, x2, y1, y2) >= 17 - 0.01  # clear of the unprintable edge
        assert max(x1, x2) <= 612 - 17 + 0.01 and max(y1, y2) <= 792 - 17 + 0.01
