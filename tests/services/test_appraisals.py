"""Appraisal services: scores as typed, totals, change against last time, the tree, the reader's word lists."""

from decimal import Decimal

import pytest
from werkzeug.datastructures import MultiDict

from tests.appraisal_support import SCORES_2021, appraisal, district, seed_text, total
from tracker.extensions import db
from tracker.models import Appraisal, KeywordKind, ReaderKeyword, TaskStatus
from tracker.services import demo
from tracker.services.appraisals import records as appraisals
from tracker.services.appraisals import tree as appraisal_tree
from tracker.services.conclusions import importing as conclusion_import
from tracker.services.conclusions import keywords as reader_config
from tracker.services.conclusions import review as conclusion_review
from tracker.services.conclusions.reader import DEFAULT_RULES
from tracker.services.errors import ServiceError


@pytest.mark.parametrize("typed, value", [
    ("12,50", Decimal("12.50")), ("12.5", Decimal("12.5")), (" 7 ", Decimal("7")), ("0", Decimal("0")),
    ("", None), ("-0", Decimal("0")),
])
def test_points_are_read_as_vietnamese_users_type_them(app, typed, value):
    assert appraisals.parse_points(typed, "Điểm", "x") == value


@pytest.mark.parametrize("typed, words", [
    ("-1", "không được âm"), ("−2,5", "không được âm"), ("12,505", "tối đa 2 chữ số"), ("mười", "không phải là số"),
    ("1.234,5", "không phải là số"),
])
def test_points_that_are_not_points_are_refused(app, typed, words):
    with pytest.raises(ServiceError, match=words):
        appraisals.parse_points(typed, "Điểm", "x")


def test_totals_are_computed_and_the_change_is_against_the_same_units_previous_year(make):
    d = district(make)
    appraisal(d, 2020)
    a2021 = appraisal(d, 2021)
    assert a2021.total_score == total(SCORES_2021) == Decimal("87.88")
    change = appraisals.change_against_previous(a2021)
    assert (change.delta, change.year) == (Decimal("2.38"), 2020)
    other = make.agency("UBND huyện Nho Quan", "UBND Nho Quan")
    data = appraisals.AppraisalInput(unit=other, year=2022, framework=d.framework, scores={})
    assert appraisals.change_against_previous(appraisals.save_appraisal(d.coordinator, data)) is None


@pytest.mark.parametrize("position, score, words", [
    (2, "15,00", "Điểm thẩm định lĩnh vực “Cải cách thủ tục hành chính” là 15,00, vượt quá điểm tối đa 14,00"),
    (0, "-1", "lĩnh vực “Công tác chỉ đạo, điều hành cải cách hành chính”: điểm không được âm"),
])
def test_a_score_outside_the_field_is_refused_with_the_field_named(make, position, score, words):
    d = district(make)
    scores = list(SCORES_2021)
    scores[position] = score
    with pytest.raises(ServiceError) as refused:
        appraisal(d, 2021, scores)
    db.session.rollback()
    assert words in str(refused.value)
    assert refused.value.field == f"score-{d.framework.fields[position].id}"
    assert db.session.scalar(db.select(db.func.count()).select_from(Appraisal)) == 0


def test_the_tree_rolls_up_each_shortcoming_through_leaf_tasks(app):
    demo.load_demo(password="một mật khẩu thử nghiệm")
    db.session.commit()
    a = db.session.execute(db.select(Appraisal).filter_by(year=2021)).scalar_one()
    tree = appraisal_tree.build_tree(a)
    first, second, third = tree.findings
    assert [(r.rec.position, len(r.tasks)) for r in first.recs] == [(1, 1)]
    assert (first.rollup.done, first.rollup.total) == (1, 1)
    assert second.recs == [] and len(second.tasks) == 1, "the chairman's own task answers shortcoming 2 directly"
    # Shortcoming 3: four communes' shares (the parent counts through them) and the training plan.
    assert (third.rollup.done, third.rollup.total, third.rollup.overdue) == (1, 5, 2)
    assert [len(n.children) for r in third.recs for n in r.tasks] == [4, 0]
    assert (tree.rollup.done, tree.rollup.total) == (2, 7)


def test_keywords_are_seeded_once_and_an_agencys_when_it_appears(make):
    d = district(make)
    count = db.session.scalar(db.select(db.func.count()).select_from(ReaderKeyword))
    assert count > 100
    removed = db.session.execute(db.select(ReaderKeyword).filter_by(kind=KeywordKind.AGENCY, phrase="luồng")) \
        .scalar_one()
    reader_config.delete_keyword(removed, d.leader)
    db.session.commit()
    reader_config.seed_reader_keywords()
    assert db.session.scalar(db.select(db.func.count()).select_from(ReaderKeyword)) == count - 1, \
        "a default the admin deleted stays deleted"
    make.agency("Phòng Tài chính - Kế hoạch", "Phòng TC-KH")
    reader_config.seed_reader_keywords()
    rules = reader_config.reader_rules()
    assert "ngân sách" in rules.agency_keywords["Phòng TC-KH"]
    assert reader_config.restore_defaults(d.leader) == 1


def test_the_rules_come_from_the_database(make):
    d = district(make)
    rules = reader_config.reader_rules()
    assert rules.shortcoming_cues == DEFAULT_RULES.shortcoming_cues
    assert rules.field_keywords == DEFAULT_RULES.field_keywords
    assert set(rules.agency_keywords) == {"VP HĐND-UBND", "Phòng NV", "Phòng TP"}
    d.office.is_active = False
    reader_config.add_keyword(KeywordKind.AGENCY, "văn bản đi/đến", d.leader, agency=d.justice)
    db.session.commit()
    text = "Đề nghị UBND huyện phân công cán bộ giám sát hệ thống văn bản đi/đến."
    result = conclusion_import.read(text)
    assert result.recommendations[0].lead_agency == "Phòng TP", "a deactivated agency is never suggested"
    with pytest.raises(ServiceError, match="đã có trong danh sách"):
        reader_config.add_keyword(KeywordKind.AGENCY, "Văn bản  đi/đến", d.leader, agency=d.justice)
    with pytest.raises(ServiceError, match="chọn lĩnh vực"):
        reader_config.add_keyword(KeywordKind.FIELD, "một cửa", d.leader, field_code="LV99")


def test_the_review_survives_a_round_trip_and_its_edits_keep_links(make):
    d = district(make)
    a = appraisal(d)
    review = conclusion_import.start_review(a, seed_text())
    assert [i.kind for i in review.items] == ["shortcoming"] * 3 + ["recommendation"] * 3
    r1, r2 = review.of_kind("recommendation")[:2]
    assert r1.agency_id == d.office.id and r2.agency_id == d.home_affairs.id
    assert r1.answers == [review.items[0].key] and r2.answers == [review.items[2].key]

    form = MultiDict({"text": review.text.replace("\n", "\r\n"), "count": str(len(review.items))})
    for index, item in enumerate(review.items):
        form.update({f"item-{index}-key": item.key, f"item-{index}-kind": item.kind, f"item-{index}-text": item.text,
                     f"item-{index}-field": str(item.field_id or 0), f"item-{index}-agency": str(item.agency_id or 0),
                     f"item-{index}-source": item.source,
                     f"item-{index}-spans": ",".join(f"{s}-{e}" for s, e in item.spans)})
        for key in item.answers:
            form.add(f"item-{index}-answers", key)
    again = conclusion_review.parse_form(form)
    assert again == review, "browsers post CRLF; offsets still point at the same words"

    third = again.items[2]
    third.text = "Đội ngũ công chức xã chưa đạt chuẩn\ncòn thiếu kế hoạch học tập"
    assert conclusion_review.apply(again, f"split:{third.key}") is None
    assert [i.text for i in again.of_kind("shortcoming")][2:] == ["Đội ngũ công chức xã chưa đạt chuẩn",
                                                                 "Còn thiếu kế hoạch học tập"]
    new_key = again.of_kind("shortcoming")[3].key
    assert new_key in again.of_kind("recommendation")[1].answers, "what answered the whole answers each part"
    assert "xuống dòng" in conclusion_review.apply(again, f"split:{again.items[0].key}")
    conclusion_review.apply(again, f"merge:{third.key}")
    assert again.of_kind("shortcoming")[2].text == ("Đội ngũ công chức xã chưa đạt chuẩn; còn thiếu kế hoạch học tập")
    assert new_key not in again.of_kind("recommendation")[1].answers
    conclusion_review.apply(again, f"remove:{again.items[0].key}")
    assert again.of_kind("recommendation")[0].answers == []
    conclusion_review.apply(again, "add:recommendation")
    assert conclusion_review.problems(again, {f.id for f in d.framework.fields}, set())[again.items[-1].key]


def test_highlight_segments_cover_the_text_in_order(make):
    d = district(make)
    review = conclusion_import.start_review(appraisal(d), seed_text())
    segments = conclusion_review.segments(review)
    assert "".join(s.text for s in segments) == review.text
    marked = [(s.label, s.text) for s in segments if s.item]
    assert marked[0] == ("TT1", "Còn một số văn bản đi chưa đúng luồng")
    assert [label for label, _ in marked] == ["TT1", "TT2", "TT3", "ĐN1", "ĐN2", "ĐN3"]


def test_saving_the_review_links_everything_and_makes_one_draft_per_recommendation(make):
    d = district(make)
    a = appraisal(d)
    tasks = conclusion_import.save_conclusion(a, conclusion_import.start_review(a, seed_text()), d.coordinator)
    db.session.commit()
    assert [f.field.code for f in a.findings] == ["LV7", "LV1", "LV5"]
    assert all("như:" in f.source for f in a.findings)
    assert [[f.position for f in r.findings] for r in a.recommendations] == [[1], [3], [3]]
    assert [t.lead_agency.short_name for t in tasks] == ["VP HĐND-UBND", "Phòng NV", "Phòng NV"]
    assert all(t.status == TaskStatus.DRAFT and t.findings == t.recommendation.findings for t in tasks)
    assert "Tổ thẩm định" in a.conclusion_text
