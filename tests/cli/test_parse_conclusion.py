"""`flask tracker parse-conclusion FILE [--json]`: the reader for batch use and scripting."""

import io
import json

import docx
import pytest

from tests.appraisal_support import seed_path
from tracker.extensions import db
from tracker.models import KeywordKind, ReaderKeyword
from tracker.services import demo

SEED_SHORTCOMINGS = [
    ("Còn một số văn bản đi chưa đúng luồng", "LV7"),
    ("Một số báo cáo còn gửi chậm so với quy định", "LV1"),
    ("Đội ngũ cán bộ, công chức xã còn một số chưa đảm bảo trình độ chuyên môn đạt chuẩn theo quy định", "LV5"),
]
SEED_RECOMMENDATIONS = [
    ("Phân công cụ thể cán bộ, công chức giám sát hệ thống văn bản đi/đến để đảm bảo văn bản đi đúng luồng", "LV7",
     "VP HĐND-UBND"),
    ("Rà soát, đề nghị những cán bộ, công chức chưa đảm bảo trình độ chuyên môn đạt chuẩn phải học tập nâng cao "
     "trình độ", "LV5", "Phòng NV"),
    ("Xây dựng kế hoạch đào tạo, bồi dưỡng cán bộ có trình độ chuyên môn đạt chuẩn, phù hợp với vị trí việc làm", "LV5",
     "Phòng NV"),
]


def _run(app, *args):
    # Click keeps standard error apart (result.stderr): --json promises one JSON object on standard output.
    return app.test_cli_runner().invoke(args=["tracker", "parse-conclusion", *map(str, args)])


def _demo():
    demo.load_demo(password="một mật khẩu thử nghiệm")
    db.session.commit()


def test_the_seed_gives_three_and_three_as_one_json_object(app):
    _demo()
    result = _run(app, seed_path(), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"shortcomings", "recommendations"}
    assert [(s["text"], s["field"]) for s in data["shortcomings"]] == SEED_SHORTCOMINGS
    assert [(r["text"], r["field"], r["lead_agency"]) for r in data["recommendations"]] == SEED_RECOMMENDATIONS
    assert all("như:" in s["source"] for s in data["shortcomings"])
    assert all(r["source"].startswith("Đồng thời đề nghị UBND huyện") for r in data["recommendations"])
    assert "đúng luồng" in result.stdout and "\\u" not in result.stdout, "Vietnamese is printed as is"


def test_the_admins_keyword_lists_are_used(app):
    _demo()
    for keyword in db.session.scalars(db.select(ReaderKeyword).filter_by(kind=KeywordKind.AGENCY)).all():
        if keyword.agency.short_name == "VP HĐND-UBND":
            db.session.delete(keyword)
    db.session.commit()
    data = json.loads(_run(app, seed_path(), "--json").stdout)
    assert data["recommendations"][0]["lead_agency"] != "VP HĐND-UBND"


def test_without_seeded_lists_the_built_in_ones_read_the_text(app):
    data = json.loads(_run(app, seed_path(), "--json").stdout)
    assert [r["lead_agency"] for r in data["recommendations"]] == ["VP HĐND-UBND", "Phòng NV", "Phòng NV"]


def test_plain_output_lists_items_with_field_and_agency(app):
    result = _run(app, seed_path())
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Tồn tại, hạn chế (3):"
    assert "  1. Phân công cụ thể cán bộ, công chức giám sát hệ thống văn bản đi/đến để đảm bảo văn bản đi đúng " \
           "luồng  [LV7 · VP HĐND-UBND]" in lines


def test_a_docx_is_read_too(app, tmp_path):
    document = docx.Document()
    document.add_paragraph("Tồn tại, hạn chế:")
    document.add_paragraph("- Hồ sơ giải quyết thủ tục hành chính còn trễ hạn;")
    document.add_paragraph("- Chưa niêm yết đầy đủ thủ tục hành chính./.")
    out = io.BytesIO()
    document.save(out)
    path = tmp_path / "ket-luan.docx"
    path.write_bytes(out.getvalue())
    data = json.loads(_run(app, path, "--json").stdout)
    assert [s["text"] for s in data["shortcomings"]] == ["Hồ sơ giải quyết thủ tục hành chính còn trễ hạn",
                                                       "Chưa niêm yết đầy đủ thủ tục hành chính"]
    assert data["recommendations"] == []


@pytest.mark.parametrize("content, words", [
    (None, "không có tệp này"),
    (b"", "Văn bản kết luận đang trống"),
    (b"  \n\n ", "Văn bản kết luận đang trống"),
    (b"\xff\xfa\x00 kh\xf4ng ph\xe3i utf-8", "không phải mã UTF-8"),
    ("dir", "đây là thư mục"),
])
def test_unreadable_or_empty_files_exit_2_with_a_message_on_standard_error(app, tmp_path, content, words):
    path = tmp_path / "ket-luan.txt"
    if content == "dir":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    result = _run(app, path, "--json")
    assert result.exit_code == 2
    assert result.stdout == "" and words in result.stderr


def test_deadlines_fan_out_and_links_are_printed_too(app, tmp_path):
    path = tmp_path / "chi-dao.txt"
    path.write_text("Hạn chế: chưa công khai số điện thoại đường dây nóng.\n"
                    "Yêu cầu UBND các xã, thị trấn: công khai số điện thoại đường dây nóng trước ngày 30/6/2027./.",
                    encoding="utf-8")
    data = json.loads(_run(app, path, "--json").stdout)
    (rec,) = data["recommendations"]
    assert (rec["deadline"], rec["fanout"], rec["answers"], rec["lead_agency"]) == ("2027-06-30", "communes", [1], None)
    plain = _run(app, path).stdout
    assert "[LV8 · chia cho các xã · hạn 30/06/2027]" in plain
