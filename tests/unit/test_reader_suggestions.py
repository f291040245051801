"""The reader's suggestions beyond the items (issue 9, items 6 and 7; issue 14's directives).

Deadlines named inside a recommendation, fan-out for an addressee naming many bodies, the lead from the agency a
recommendation names, links by shared content words, and a field keyword of the recommendation's own before the
field of what it answers.
"""

from datetime import date
from pathlib import Path

import pytest

from tracker.services.conclusions.deadline_phrases import find_deadline, without_deadline
from tracker.services.conclusions.reader import read_conclusion

VP, NV, TP = "VP HĐND-UBND", "Phòng NV", "Phòng TP"
MEASURED = Path(__file__).parent / "conclusion_texts" / "measured"


@pytest.mark.parametrize(("phrase", "day"), [
    ("Rà soát thủ tục hành chính trước ngày 31/12/2022", date(2022, 12, 31)),
    ("Rà soát thủ tục hành chính trước 30/6/2026", date(2026, 6, 30)),
    ("Số hóa hồ sơ trong quý III/2026", date(2026, 9, 30)),
    ("Số hóa hồ sơ trong quý 3 năm 2026", date(2026, 9, 30)),
    ("Số hóa hồ sơ trong quý IV/2026", date(2026, 12, 31)),
    ("Ban hành kế hoạch trong tháng 9/2026", date(2026, 9, 30)),
    ("Ban hành kế hoạch trong tháng 2/2028", date(2028, 2, 29)),
    ("Ban hành kế hoạch trước tháng 10/2026", date(2026, 9, 30)),
    ("Hoàn thiện đề án, hoàn thành trong năm 2026", date(2026, 12, 31)),
    ("Báo cáo kết quả chậm nhất ngày 15/7/2026", date(2026, 7, 15)),
    ("Báo cáo kết quả chậm nhất là ngày 15/07/2026", date(2026, 7, 15)),
    ("Báo cáo trước ngày 15 tháng 12 năm 2026", date(2026, 12, 15)),
    ("Xây dựng kế hoạch trong quý I/2026 và hoàn thành trước 31/12/2026", date(2026, 12, 31)),
    ("Thời hạn hoàn thành: quý II/2027", date(2027, 6, 30)),
])
def test_a_deadline_phrase_gives_its_day(phrase, day):
    assert find_deadline(phrase).day == day


@pytest.mark.parametrize("phrase", [
    "Ban hành kế hoạch kiểm tra cải cách hành chính năm 2026",  # the plan's year, not a deadline
    "Cử công chức tham gia lớp bồi dưỡng năm 2026",
    "Xử lý văn bản đến ngay trong ngày",
    "Báo cáo trước ngày 15/12 hằng năm",  # no year: left to the coordinator
    "Hoàn thành trước ngày 31/6/2026",  # not a date
    "Xây dựng phương án tự chủ giai đoạn 2026 - 2030",
])
def test_words_that_are_not_a_deadline_give_none(phrase):
    assert find_deadline(phrase) is None


@pytest.mark.parametrize(("text", "title"), [
    ("Chủ trì, phối hợp với các cơ quan liên quan xây dựng kế hoạch khắc phục, hoàn thành trước ngày 30/6/2023",
     "Chủ trì, phối hợp với các cơ quan liên quan xây dựng kế hoạch khắc phục"),
    ("Trước ngày 30/6/2026, rà soát toàn bộ thủ tục hành chính", "Rà soát toàn bộ thủ tục hành chính"),
    ("Xây dựng kế hoạch trong quý III/2026 và tổ chức thực hiện", "Xây dựng kế hoạch và tổ chức thực hiện"),
    ("Rà soát quy trình nội bộ (hoàn thành trước ngày 30/06/2026) và báo cáo kết quả",
     "Rà soát quy trình nội bộ và báo cáo kết quả"),
    ("Báo cáo kết quả khắc phục về Phòng Nội vụ trước ngày 15/12/2023", "Báo cáo kết quả khắc phục về Phòng Nội vụ"),
    ("Bố trí đủ công chức tại Bộ phận một cửa; hoàn thành trước ngày 31/12/2025",
     "Bố trí đủ công chức tại Bộ phận một cửa"),
    ("Kiện toàn Ban Chỉ đạo cải cách hành chính năm 2026", "Kiện toàn Ban Chỉ đạo cải cách hành chính năm 2026"),
    ("Hoàn thành trước ngày 30/6/2026", "Hoàn thành trước ngày 30/6/2026"),  # nothing would be left
])
def test_a_title_loses_its_deadline_phrase_and_still_reads_as_a_sentence(text, title):
    assert without_deadline(text) == title


def test_recommendations_carry_their_deadline_and_an_intro_gives_its_own_to_every_item():
    result = read_conclusion(
        "Tồn tại: một số hồ sơ thủ tục hành chính giải quyết quá hạn.\n"
        "Đề nghị UBND huyện thực hiện các nội dung sau, hoàn thành trước ngày 30/6/2026:\n"
        "- Chấn chỉnh việc giải quyết hồ sơ thủ tục hành chính;\n"
        "- Thực hiện xin lỗi người dân đối với hồ sơ quá hạn trong tháng 3/2026./.")

    assert [(r.text, r.deadline) for r in result.recommendations] == [
        ("Chấn chỉnh việc giải quyết hồ sơ thủ tục hành chính", date(2026, 6, 30)),
        ("Thực hiện xin lỗi người dân đối với hồ sơ quá hạn trong tháng 3/2026", date(2026, 3, 31)),
    ]
    assert all(s.deadline is None for s in result.shortcomings)


def test_an_inline_list_names_a_lead_and_many_communes_at_once():
    # The shape of the unseen 4+4 text of issue 9: the communes do one thing, Phòng Tư pháp leads another.
    result = read_conclusion(
        "Tổ thẩm định chỉ ra một số hạn chế như: thủ tục hành chính chưa được rà soát, đánh giá; tỷ lệ văn bản "
        "điện tử được ký số ở các xã còn thấp. Tổ thẩm định đề nghị UBND huyện giao Phòng Tư pháp chủ trì rà "
        "soát, đánh giá thủ tục hành chính trong quý III/2026 và yêu cầu UBND các xã, thị trấn thực hiện ký số "
        "đối với văn bản điện tử phát hành./.")

    assert [(r.text, r.lead_agency, r.fanout, r.deadline, r.answers) for r in result.recommendations] == [
        ("Chủ trì rà soát, đánh giá thủ tục hành chính trong quý III/2026", TP, None, date(2026, 9, 30), (0,)),
        ("Thực hiện ký số đối với văn bản điện tử phát hành", None, "communes", None, (1,)),
    ]


@pytest.mark.parametrize(("addressee", "lead", "fanout"), [
    ("Đề nghị UBND các xã, thị trấn", None, "communes"),
    ("Yêu cầu Chủ tịch UBND các xã, phường", None, "communes"),
    ("Yêu cầu Thủ trưởng các cơ quan chuyên môn thuộc UBND huyện", None, "departments"),
    ("Yêu cầu Thủ trưởng các cơ quan chuyên môn thuộc UBND tỉnh và Chủ tịch UBND các xã, phường", None, "both"),
    ("Đề nghị UBND xã Gia Hưng", None, None),  # the commune itself: no district office leads
    ("Đề nghị Phòng Tư pháp", TP, None),
    ("Đề nghị UBND huyện", TP, None),  # the district hands it to the office whose keywords match
])
def test_the_addressee_gives_the_lead_or_a_fan_out(addressee, lead, fanout):
    result = read_conclusion(f"{addressee}: rà soát, công khai đầy đủ thủ tục hành chính.")

    (rec,) = result.recommendations
    assert (rec.text, rec.lead_agency, rec.fanout) == ("Rà soát, công khai đầy đủ thủ tục hành chính", lead, fanout)


def test_communes_named_as_the_object_are_not_a_fan_out():
    result = read_conclusion("Giao Phòng Tư pháp hướng dẫn UBND các xã, thị trấn rà soát văn bản quy phạm pháp luật.")

    assert [(r.lead_agency, r.fanout) for r in result.recommendations] == [(TP, None)]


def test_a_named_agency_inside_the_item_leads_and_a_supporting_one_does_not():
    result = read_conclusion(
        "Đề nghị:\n"
        "- Chỉ đạo Phòng Nội vụ tham mưu kiện toàn Ban Chỉ đạo cải cách hành chính;\n"
        "- Tổ chức đối thoại với người dân về thủ tục hành chính, do Văn phòng HĐND và UBND huyện chủ trì;\n"
        "- Rà soát thủ tục hành chính, phối hợp với Phòng Nội vụ./.")

    assert [r.lead_agency for r in result.recommendations] == [NV, VP, TP]


def test_links_prefer_the_shortcoming_sharing_most_content_words_over_every_same_field_one():
    result = read_conclusion(
        "Hạn chế:\n"
        "- Chưa có văn bản xin lỗi đối với hồ sơ giải quyết quá hạn;\n"
        "- Chưa công khai số điện thoại đường dây nóng tại Bộ phận một cửa.\n"
        "Đề nghị:\n"
        "- Công khai số điện thoại đường dây nóng;\n"
        "- Thực hiện xin lỗi người dân đối với hồ sơ quá hạn./.")

    assert {s.field for s in result.shortcomings} == {"LV8"}, "both in one field: the old rule linked both"
    assert [r.answers for r in result.recommendations] == [(1,), (0,)]


def test_a_field_keyword_of_the_recommendation_beats_the_field_of_what_it_answers():
    result = read_conclusion(
        "Tồn tại: việc số hóa hồ sơ thủ tục hành chính còn chậm; một số công chức chưa đạt chuẩn trình độ "
        "chuyên môn.\n"
        "Đề nghị:\n"
        "- Ứng dụng phần mềm để số hóa hồ sơ còn tồn đọng;\n"
        "- Cử những người này đi học để đạt chuẩn trình độ chuyên môn./.")

    first, second = result.recommendations
    assert (result.shortcomings[0].field, first.answers, first.field) == ("LV3", (0,), "LV7")
    assert (second.answers, second.field) == ((1,), "LV5")


def test_a_recommendation_without_a_field_keyword_takes_the_field_of_what_it_answers():
    result = read_conclusion(
        "Tồn tại: việc đánh giá, xếp loại cán bộ, công chức còn hình thức.\n"
        "Đề nghị: làm rõ trách nhiệm người đứng đầu trong việc đánh giá còn hình thức./.")

    (rec,) = result.recommendations
    assert (rec.answers, rec.field) == ((0,), "LV5")


def test_a_chairmans_directive_to_many_becomes_recommendations_with_a_fan_out():
    text = (MEASURED / "tuning" / "chi-dao-sau-cong-bo-chi-so.txt").read_text(encoding="utf-8")

    result = read_conclusion(text)

    assert result.shortcomings == []
    assert [(r.lead_agency, r.fanout, r.deadline) for r in result.recommendations] == [
        (None, "both", None), (None, "both", date(2025, 3, 31)), (None, "both", None), (NV, None, date(2025, 12, 15)),
    ]
    assert result.recommendations[0].text.startswith("Quán triệt cán bộ, công chức, viên chức")
    assert result.to_json()["recommendations"][1]["deadline"] == "2025-03-31"
