"""The conclusion reader on real-shaped Vietnamese texts (tests/unit/conclusion_texts/*.txt).

Each text asserts its exact items. Choices about nested lists, pinned here:
a "+" line is an item of its own, whether its "-" parent is an item (ends
with ";"/".") or a group heading (ends with ":"); a group heading is not an
item but gives its field (and, after "Đối với", its agency) to its children.
"""

import dataclasses
import unicodedata
from pathlib import Path

import pytest

from tracker.services.conclusions.reader import (
    DEFAULT_RULES,
    MAX_TEXT_LENGTH,
    ConclusionTooLong,
    EmptyConclusion,
    ReaderRules,
    ReadItem,
    ReadResult,
    read_conclusion,
)
from tracker.textutil import fold, nfc

TEXTS = Path(__file__).parent / "conclusion_texts"
SEED = "gia-vien-2021-par-appraisal.txt"
SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / SEED

VP, NV, TP, TCKH, VHTT = "VP HĐND-UBND", "Phòng NV", "Phòng TP", "Phòng TC-KH", "Phòng VH-TT"


def read_text(name: str) -> str:
    return (TEXTS / name).read_text(encoding="utf-8")


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# --- the seed: the hard acceptance test -----------------------------------------------------

SEED_SHORTCOMINGS = [
    ("Còn một số văn bản đi chưa đúng luồng", "LV7"),
    ("Một số báo cáo còn gửi chậm so với quy định", "LV1"),
    (
        "Đội ngũ cán bộ, công chức xã còn một số chưa đảm bảo trình độ chuyên môn đạt chuẩn theo quy định",
        "LV5",
    ),
]
SEED_RECOMMENDATIONS = [
    (
        "Phân công cụ thể cán bộ, công chức giám sát hệ thống văn bản đi/đến để đảm bảo văn bản đi "
        "đúng luồng",
        "LV7",
        VP,
    ),
    (
        "Rà soát, đề nghị những cán bộ, công chức chưa đảm bảo trình độ chuyên môn đạt chuẩn phải học tập "
        "nâng cao trình độ",
        "LV5",
        NV,
    ),
    (
        "Xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ có trình độ chuyên môn đạt chuẩn, phù hợp với vị trí "
        "việc làm",
        "LV5",
        NV,
    ),
]


@pytest.mark.parametrize(
    "transform", [str, crlf, nfd, lambda t: crlf(nfd(t))], ids=["as-is", "crlf", "nfd", "crlf+nfd"]
)
def test_seed_gives_exactly_three_shortcomings_and_three_recommendations(transform):
    raw = transform(read_text(SEED))

    result = read_conclusion(raw)

    assert [(i.text, i.field) for i in result.shortcomings] == SEED_SHORTCOMINGS
    assert [(i.text, i.field, i.lead_agency) for i in result.recommendations] == SEED_RECOMMENDATIONS
    assert result.cue_found
    assert all(i.kind == "shortcoming" and i.lead_agency is None for i in result.shortcomings)
    assert all(i.kind == "recommendation" for i in result.recommendations)


def test_seed_items_point_back_into_the_original_text():
    raw = read_text(SEED)

    result = read_conclusion(raw)

    first, *_ = result.shortcomings
    assert raw[first.start:first.end] == "Còn một số văn bản đi chưa đúng luồng"
    assert first.source.startswith("Kết luận buổi làm việc, ông Vũ Tiến Tuấn")
    assert first.source.endswith("trình độ chuyên môn đạt chuẩn theo quy định.")
    rec = result.recommendations[0]
    assert raw[rec.start:rec.end].startswith("phân công cụ thể cán bộ, công chức")
    assert rec.source.startswith("Đồng thời đề nghị UBND huyện phân công")
    # The addressee, the praise and the chairman's closing words are not items.
    texts = " | ".join(i.text for i in result.shortcomings + result.recommendations)
    for narrative in ("UBND huyện", "đánh giá cao", "ghi nhận", "phát huy", "ưu điểm", "chấm điểm"):
        assert narrative not in texts


def test_bundled_seed_is_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip("the shared seed folder is not next to this checkout")
    assert read_text(SEED) == SHARED_SEED.read_text(encoding="utf-8")


# --- more texts, both shapes ----------------------------------------------------------------

# name -> (shortcomings, recommendations). An item is its text, or (text, field) for a
# shortcoming, or (text, field, lead agency) for a recommendation when those are pinned too.
CASES = {
    # A text about one commune's own work (inspected "tại UBND xã ...", or addressed to "UBND xã ...",
    # "Chủ tịch UBND thị trấn") suggests no district office as lead: the commune does it (issue 9).
    # Line shape: "1. Ưu điểm" switches items off, "2. Tồn tại, hạn chế:" and
    # "3. Đoàn kiểm tra yêu cầu:" switch them on; "./." ends the last item.
    "kiem-tra-cchc-xa-gia-hoa.txt": (
        [
            ("Việc niêm yết, công khai thủ tục hành chính tại Bộ phận một cửa chưa đầy đủ, một số thủ tục đã "
             "hết hiệu lực vẫn còn niêm yết", "LV3"),
            ("Còn 12 hồ sơ giải quyết quá hạn nhưng chưa có văn bản xin lỗi người dân", "LV8"),
            ("Tỷ lệ hồ sơ được số hóa còn thấp", "LV7"),
        ],
        [
            ("Rà soát, cập nhật và niêm yết công khai đầy đủ thủ tục hành chính thuộc thẩm quyền giải quyết "
             "của cấp xã", "LV3", None),
            ("Thực hiện nghiêm việc xin lỗi người dân đối với hồ sơ giải quyết quá hạn", "LV8", None),
            ("Đẩy mạnh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "LV3", None),
        ],
    ),
    # Inspection of public duty, inline: ";" between findings, "và" before the last one; the
    # directive has no colon and its addressee ("Chủ tịch UBND thị trấn") is stripped.
    "kiem-tra-cong-vu-thi-tran-me.txt": (
        [
            "Việc chấp hành giờ giấc làm việc của một số công chức chưa nghiêm",
            "Hồ sơ đánh giá, xếp loại công chức năm 2022 chưa đầy đủ",
            "Việc cập nhật hồ sơ lên Hệ thống thông tin giải quyết thủ tục hành chính còn chậm",
        ],
        [
            ("Chấn chỉnh kỷ luật, kỷ cương hành chính", "LV5", None),
            ("Bổ sung đầy đủ hồ sơ đánh giá, xếp loại công chức", "LV5", None),
            ("Chỉ đạo bộ phận một cửa cập nhật kịp thời hồ sơ lên hệ thống", "LV8", None),
        ],
    ),
    # The chairman's directions: "Giao <agency> <verb> ..." - the agency becomes the lead and
    # leaves the task text; commas inside an item ("chủ trì, phối hợp", "theo dõi, đôn đốc") stay.
    "y-kien-chi-dao-chu-tich.txt": (
        [],
        [
            ("Chủ trì, phối hợp với các cơ quan, đơn vị liên quan xây dựng kế hoạch khắc phục các tồn tại, "
             "hạn chế, hoàn thành trước ngày 30/6/2023", None, NV),
            ("Theo dõi, đôn đốc việc xử lý văn bản trên hệ thống quản lý văn bản và điều hành, bảo đảm văn "
             "bản đi đúng luồng", "LV7", VP),
            ("Hướng dẫn các đơn vị sự nghiệp công lập xây dựng phương án tự chủ tài chính", "LV6", TCKH),
            ("Nâng cao tỷ lệ hồ sơ trực tuyến toàn trình trên Cổng dịch vụ công", "LV7", VHTT),
        ],
    ),
    # Praise only: no shortcoming or recommendation cue ("quan tâm, chỉ đạo" is a noun phrase).
    "chi-danh-gia-cao.txt": ([], []),
    # News with no cue at all.
    "tin-hoi-nghi.txt": ([], []),
    # "Kiến nghị Sở Nội vụ:" goes to a provincial body: no district lead agency.
    "kien-nghi-so-noi-vu.txt": (
        [],
        [
            ("Tổ chức tập huấn nghiệp vụ cải cách hành chính cho công chức cấp xã", "LV5", None),
            ("Hướng dẫn việc xác định vị trí việc làm đối với viên chức", "LV5", None),
            ("Chỉ đạo rà soát, bố trí công chức đầu mối cải cách hành chính tại các xã", None, NV),
        ],
    ),
    # "+" items under "- Về ...:" group headings take the group's field; "Đối với <agency>:"
    # gives the lead; "- Đối với Phòng Nội vụ: <item>" is a group heading and its item on one line.
    "muc-con-cong.txt": (
        [
            ("Kế hoạch cải cách hành chính năm 2022 ban hành chậm", "LV1"),
            ("Chưa thực hiện kiểm tra cải cách hành chính tại các cơ quan chuyên môn", "LV1"),
            ("Tỷ lệ văn bản điện tử có ký số còn thấp", "LV7"),
        ],
        [
            ("Hướng dẫn các cơ quan thực hiện ký số đối với văn bản điện tử", "LV7", VP),
            ("Theo dõi việc gửi, nhận văn bản trên hệ thống quản lý văn bản và điều hành", "LV7", VP),
            ("Tham mưu ban hành kế hoạch kiểm tra cải cách hành chính năm 2023", "LV1", NV),
        ],
    ),
    # "+" lines under a "-" item are items too; a "-" line ending with ":" is a group heading
    # (not an item) whose field its children inherit; the next "-" item leaves the group.
    "muc-cong-duoi-muc-gach.txt": (
        [
            ("Công tác tuyên truyền về cải cách hành chính chưa thường xuyên", "LV1"),
            ("Chưa có chuyên mục cải cách hành chính trên Trang thông tin điện tử của xã", "LV7"),
            ("Chưa tổ chức hội nghị đối thoại với người dân về thủ tục hành chính", "LV3"),
        ],
        [
            ("Sử dụng chữ ký số đối với 100% văn bản đi", "LV7", VP),
            ("Cập nhật kịp thời hồ sơ lên Cổng dịch vụ công trực tuyến", "LV7", VHTT),
            ("Rà soát, kiện toàn Bộ phận một cửa", "LV8", VP),
        ],
    ),
    # Mixed shapes: inline findings after "như:", then an "a) b) c)" list under a heading.
    # "đào tạo và bồi dưỡng" stays one.
    "ket-luan-gia-lac.txt": (
        [
            ("Hồ sơ thủ tục hành chính chưa được số hóa đầy đủ", "LV3"),
            ("Một số cán bộ, công chức chưa sử dụng thành thạo phần mềm quản lý văn bản", "LV7"),
        ],
        [
            ("Bố trí kinh phí bảo đảm cho hoạt động của Bộ phận một cửa", "LV8", None),
            ("Cử công chức tham gia các lớp đào tạo và bồi dưỡng về kỹ năng số", "LV5", None),
            ("Thực hiện nghiêm chế độ báo cáo định kỳ về cải cách hành chính", "LV1", None),
        ],
    ),
    # Typed without diacritics: multi-word cues still work (one-syllable ones would be ambiguous).
    "khong-dau.txt": (
        [
            ("Con mot so van ban di chua dung luong", "LV7"),
            ("Mot so bao cao con gui cham so voi quy dinh", "LV1"),
        ],
        [
            ("Phan cong can bo theo doi he thong van ban di/den", "LV7", VP),
            ("Xay dung ke hoach dao tao, boi duong can bo", "LV5", NV),
        ],
    ),
    # Extra spaces everywhere, a space before the comma, " ./." at the end.
    "khoang-trang-thua.txt": (
        [
            ("Chưa ban hành kế hoạch kiểm tra cải cách hành chính", "LV1"),
            ("Việc tự chủ tài chính tại đơn vị sự nghiệp còn hạn chế", "LV6"),
        ],
        [],
    ),
    # The chairman's closing words: a cue ("yêu cầu ... khắc phục những vấn đề còn tồn tại") but
    # only generic exhortations, so no items.
    "chu-tich-tiep-thu.txt": ([], []),
    # "và" before the last item splits ("..., rà soát ... và kiện toàn ..."), but not inside
    # "đào tạo và bồi dưỡng"; "Ban Chỉ đạo" (a name) is not a cue. The addressee gives the lead.
    "va-truoc-muc-cuoi.txt": (
        [],
        [
            ("Tham mưu xây dựng kế hoạch đào tạo và bồi dưỡng công chức năm 2024", "LV5", NV),
            ("Rà soát vị trí việc làm của các cơ quan chuyên môn", "LV5", NV),
            ("Kiện toàn Ban Chỉ đạo cải cách hành chính huyện", "LV4", NV),
        ],
    ),
    # Headings without colons ("Kết quả đạt được", "Những tồn tại, hạn chế"), "•" bullets, and a
    # "Nơi nhận:" block that ends the list.
    "ket-qua-dat-duoc.txt": (
        [
            ("Chưa xây dựng Đề án vị trí việc làm theo quy định", "LV5"),
            ("Việc đánh giá, xếp loại công chức còn hình thức", "LV5"),
        ],
        [
            ("Xây dựng, trình phê duyệt Đề án vị trí việc làm", "LV5", None),
            ("Thực hiện đánh giá, xếp loại công chức thực chất, gắn với kết quả thực hiện nhiệm vụ", "LV5",
             None),
        ],
    ),
    # Roman-numbered capital headings with prose under them; "IV. TỔ CHỨC THỰC HIỆN" closes.
    "muc-la-ma-van-xuoi.txt": (
        [
            "Việc cập nhật, theo dõi văn bản trên hệ thống quản lý văn bản và điều hành còn chậm",
            "Một số xã chưa công khai số điện thoại đường dây nóng tại Bộ phận một cửa",
        ],
        [
            ("Tăng cường ứng dụng công nghệ thông tin trong xử lý văn bản", "LV7", VHTT),
            ("Chỉ đạo Bộ phận một cửa các xã công khai số điện thoại đường dây nóng", "LV8", VP),
        ],
    ),
    # Two intros in one sentence; an item that names its actor gets that lead.
    "hai-dau-hai-cham.txt": (
        ["Một số văn bản đến chưa được xử lý đúng hạn trên hệ thống"],
        [("Văn phòng HĐND và UBND huyện theo dõi, đôn đốc xử lý văn bản đến đúng thời hạn", "LV7", VP)],
    ),
    # "Đoàn kiểm tra yêu cầu UBND xã Gia Hưng:" inline.
    "yeu-cau-ubnd-xa.txt": (
        [],
        [
            ("Khẩn trương kiện toàn Bộ phận một cửa", "LV8", None),
            ("Bố trí công chức có chuyên môn phù hợp làm việc tại Bộ phận một cửa", "LV8", None),
        ],
    ),
    # "1)" numbering under "Đoàn kiểm tra công vụ đề nghị UBND xã Gia Phong:".
    "danh-so-ngoac.txt": (
        [],
        [
            ("Chấn chỉnh việc chấp hành giờ giấc làm việc của cán bộ, công chức", "LV5", None),
            ("Công khai số điện thoại đường dây nóng tại Bộ phận một cửa", "LV8", None),
            ("Báo cáo kết quả khắc phục về Phòng Nội vụ trước ngày 15/12/2023", "LV1", None),
        ],
    ),
}


def _actual(items: list[ReadItem], expected: list) -> list:
    """The items in the shape of ``expected`` (plain texts or tuples)."""
    out = []
    for item, want in zip(items, expected, strict=False):
        if isinstance(want, str):
            out.append(item.text)
        elif item.kind == "shortcoming":
            out.append((item.text, item.field))
        else:
            out.append((item.text, item.field, item.lead_agency))
    return out + [i.text for i in items[len(expected):]]


@pytest.mark.parametrize("name", sorted(CASES))
def test_text_gives_exact_items(name):
    expected_shortcomings, expected_recommendations = CASES[name]

    result = read_conclusion(read_text(name))

    assert _actual(result.shortcomings, expected_shortcomings) == expected_shortcomings
    assert _actual(result.recommendations, expected_recommendations) == expected_recommendations
    assert all(i.lead_agency is None for i in result.shortcomings)


@pytest.mark.parametrize("name", ["chi-danh-gia-cao.txt", "tin-hoi-nghi.txt"])
def test_texts_without_cues_say_so(name):
    assert read_conclusion(read_text(name)).cue_found is False


def test_narrative_with_a_cue_finds_the_cue_but_no_items():
    result = read_conclusion(read_text("chu-tich-tiep-thu.txt"))

    assert result.cue_found is True
    assert result.shortcomings == [] and result.recommendations == []


@pytest.mark.parametrize("name", ["kiem-tra-cchc-xa-gia-hoa.txt", "ket-luan-gia-lac.txt", "muc-con-cong.txt"])
@pytest.mark.parametrize("transform", [crlf, nfd, lambda t: crlf(nfd(t))], ids=["crlf", "nfd", "crlf+nfd"])
def test_windows_line_endings_and_nfd_read_the_same(name, transform):
    plain = read_conclusion(read_text(name))

    raw = transform(read_text(name))
    result = read_conclusion(raw)

    assert result.to_json() == plain.to_json()
    for item in result.shortcomings + result.recommendations:
        assert unicodedata.is_normalized("NFC", item.text)
        assert _same_words(raw[item.start:item.end], item.text)


@pytest.mark.parametrize("name", sorted(CASES) + [SEED])
def test_offsets_and_source_match_each_item(name):
    raw = read_text(name)

    result = read_conclusion(raw)

    for item in result.shortcomings + result.recommendations:
        assert _same_words(raw[item.start:item.end], item.text)
        assert " ".join(nfc(raw[item.start:item.end]).split()) in " ".join(item.source.split())
        assert item.text[0].isupper() or not item.text[0].isalpha()
        assert not item.text.endswith((";", ",", ".", "./."))


def _same_words(raw: str, text: str) -> bool:
    """``raw`` is the item as written: same words, maybe with another first letter case or spacing."""
    words = " ".join(nfc(raw).replace(" ,", ",").split())
    return words[:1].upper() + words[1:] == text


# --- small inline texts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shortcomings", "recommendations"),
    [
        pytest.param(
            "Đoàn kiểm tra yêu cầu:\n- Bổ sung quy chế làm việc của UBND xã;\n- Kiện toàn Bộ phận một cửa./.",
            [],
            ["Bổ sung quy chế làm việc của UBND xã", "Kiện toàn Bộ phận một cửa"],
            id="heading-doan-kiem-tra-yeu-cau",
        ),
        pytest.param(
            "Chủ tịch UBND huyện chỉ đạo: Phòng Nội vụ tham mưu kiện toàn Ban Chỉ đạo cải cách hành chính; "
            "Văn phòng HĐND và UBND huyện nâng cấp hệ thống quản lý văn bản và điều hành.",
            [],
            [
                "Phòng Nội vụ tham mưu kiện toàn Ban Chỉ đạo cải cách hành chính",
                "Văn phòng HĐND và UBND huyện nâng cấp hệ thống quản lý văn bản và điều hành",
            ],
            id="chairman-directs-inline",
        ),
        pytest.param(
            "Hạn chế: một số xã còn chậm cập nhật hồ sơ, việc bố trí công chức Bộ phận một cửa chưa phù hợp "
            "với vị trí việc làm và việc đánh giá, xếp loại cán bộ, công chức còn hình thức./.",
            [
                "Một số xã còn chậm cập nhật hồ sơ",
                "Việc bố trí công chức Bộ phận một cửa chưa phù hợp với vị trí việc làm",
                "Việc đánh giá, xếp loại cán bộ, công chức còn hình thức",
            ],
            [],
            id="comma-and-va-between-clauses",
        ),
        pytest.param(
            "Đoàn đã chỉ đạo các xã thực hiện nghiêm quy chế làm việc. Các xã được giao nhiệm vụ hoàn thành "
            "tốt.",
            [],
            [],
            id="past-and-passive-directives-are-narrative",
        ),
        pytest.param(
            "Tồn tại: việc chi trả lương cho công chức còn chậm.",
            [("Việc chi trả lương cho công chức còn chậm", None)],
            [],
            id="luong-is-not-luong",
        ),
        pytest.param(
            "Kiến nghị UBND tỉnh: bổ sung biên chế công chức cho các phòng chuyên môn thuộc UBND huyện.",
            [],
            [("Bổ sung biên chế công chức cho các phòng chuyên môn thuộc UBND huyện", "LV4", None)],
            id="kien-nghi-ubnd-tinh-no-lead",
        ),
        pytest.param(
            "Tổ thẩm định kiến nghị với UBND tỉnh bổ sung kinh phí cho hoạt động cải cách hành chính.",
            [],
            [("Bổ sung kinh phí cho hoạt động cải cách hành chính", "LV6", None)],
            id="kien-nghi-voi-ubnd-tinh-no-lead",
        ),
        pytest.param(
            "Đề nghị:\n1. Rà soát văn bản quy phạm pháp luật do HĐND, UBND xã ban hành;\n"
            "2. Khắc phục những tồn tại, hạn chế nêu trên.",
            [],
            [("Rà soát văn bản quy phạm pháp luật do HĐND, UBND xã ban hành", "LV2", TP)],
            id="generic-khac-phuc-is-not-a-task",
        ),
        pytest.param(
            "Chỉ số cải cách hành chính năm 2022 của xã đạt 86,5 điểm. Đề nghị UBND xã tiếp tục duy trì, "
            "phát huy những kết quả đạt được. Trên đây là thông báo kết luận kiểm tra, đề nghị UBND xã "
            "nghiêm túc triển khai thực hiện./.",
            [],
            [],
            id="closing-formulas-are-not-tasks",
        ),
        pytest.param(
            "Đoàn kiểm tra ghi nhận: UBND xã đã thực hiện tốt việc niêm yết thủ tục hành chính; tuy nhiên "
            "còn hạn chế: chưa có văn bản xin lỗi đối với 3 hồ sơ quá hạn.",
            [("Chưa có văn bản xin lỗi đối với 3 hồ sơ quá hạn", "LV8")],
            [],
            id="praise-then-shortcoming-in-one-sentence",
        ),
        pytest.param(
            "I. ƯU ĐIỂM\nUBND xã đã ban hành kế hoạch cải cách hành chính kịp thời.\nII. TỒN TẠI\n"
            "- Chưa cập nhật quy trình ISO;\nIII. KIẾN NGHỊ\n"
            "- Đề nghị Phòng Tư pháp hướng dẫn xã rà soát thủ tục hành chính.",
            [("Chưa cập nhật quy trình ISO", "LV7")],
            [("Hướng dẫn xã rà soát thủ tục hành chính", "LV3", TP)],
            id="request-formula-on-a-list-line-is-stripped",
        ),
    ],
)
def test_short_text(text, shortcomings, recommendations):
    result = read_conclusion(text)

    assert _actual(result.shortcomings, shortcomings) == shortcomings
    assert _actual(result.recommendations, recommendations) == recommendations


def test_con_meaning_child_is_not_the_cue_con():
    result = read_conclusion("Hội nghị biểu dương các gia đình có con em đạt thành tích cao trong học tập.")

    assert result.cue_found is False
    assert result.shortcomings == [] and result.recommendations == []


# --- rules are data -------------------------------------------------------------------------


def test_custom_keywords_match_with_or_without_diacritics():
    rules = dataclasses.replace(
        DEFAULT_RULES,
        field_keywords={"VANBAN": ("van ban di",), "BAOCAO": ("Báo Cáo",)},
        agency_keywords={"Tổ một cửa": ("GIÁM SÁT",), "Nội vụ": ("trinh do chuyen mon",)},
    )

    result = read_conclusion(read_text(SEED), rules)

    assert [i.field for i in result.shortcomings] == ["VANBAN", "BAOCAO", None]
    assert [i.lead_agency for i in result.recommendations] == ["Tổ một cửa", "Nội vụ", "Nội vụ"]


def test_custom_cues_change_what_is_read():
    rules = dataclasses.replace(DEFAULT_RULES, shortcoming_cues=("bất cập",))
    text = "Bất cập: một số hồ sơ chưa được số hóa; việc ký số còn hạn chế."

    assert len(read_conclusion(text).shortcomings) == 2
    assert read_conclusion("Tồn tại: một số hồ sơ chưa được số hóa.", rules).shortcomings == []
    assert [i.text for i in read_conclusion(text, rules).shortcomings] == [
        "Một số hồ sơ chưa được số hóa",
        "Việc ký số còn hạn chế",
    ]


def test_default_rules_cover_the_framework_fields_and_agencies():
    assert list(DEFAULT_RULES.field_keywords) == [f"LV{n}" for n in range(1, 9)]
    assert list(DEFAULT_RULES.agency_keywords) == [VP, NV, TP, TCKH, VHTT]
    assert isinstance(DEFAULT_RULES, ReaderRules)
    rules = DEFAULT_RULES
    for phrases in (rules.shortcoming_cues, rules.recommendation_cues, rules.praise_cues):
        assert phrases and all(p == nfc(p) and p == p.strip() for p in phrases)
    # Compounds must not themselves look like two items.
    assert "cán bộ, công chức" in DEFAULT_RULES.compounds
    assert "đào tạo, bồi dưỡng" in DEFAULT_RULES.compounds


# --- limits, determinism, shape --------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "\r\n\t \n"])
def test_blank_text_is_refused(text):
    with pytest.raises(EmptyConclusion):
        read_conclusion(text)


def test_too_long_text_is_refused():
    with pytest.raises(ConclusionTooLong):
        read_conclusion("a" * (MAX_TEXT_LENGTH + 1))
    assert issubclass(ConclusionTooLong, ValueError) and issubclass(EmptyConclusion, ValueError)


def test_text_of_maximum_length_is_read():
    seed = read_text(SEED)
    text = (seed * (MAX_TEXT_LENGTH // len(seed) + 1))[:MAX_TEXT_LENGTH]

    result = read_conclusion(text)

    assert [i.text for i in result.shortcomings[:3]] == [text for text, _ in SEED_SHORTCOMINGS]


def test_reading_is_deterministic_and_stateless():
    seed, other = read_text(SEED), read_text("muc-con-cong.txt")

    first = read_conclusion(seed)
    read_conclusion(other)
    again = read_conclusion(seed)

    assert first == again
    assert first.to_json() == again.to_json()


def test_to_json_shape():
    result = read_conclusion(read_text(SEED))

    data = result.to_json()

    assert isinstance(result, ReadResult)
    assert set(data) == {"shortcomings", "recommendations"}
    assert all(set(item) == {"text", "field", "source"} for item in data["shortcomings"])
    assert all(set(item) == {"text", "field", "lead_agency", "source", "deadline", "fanout", "answers"}
               for item in data["recommendations"])
    assert [r["answers"] for r in data["recommendations"]] == [[1], [3], [3]]
    assert data["recommendations"][0]["lead_agency"] == VP
    assert data["shortcomings"][0]["text"] == "Còn một số văn bản đi chưa đúng luồng"


def test_fold_is_what_keyword_matching_relies_on():
    # Guards the assumption the reader makes about textutil: folding keeps one letter per letter.
    assert fold("Văn bản đi/đến ĐÚNG LUỒNG") == "van ban di/den dung luong"
