"""The demo's two communes formed on 1 July 2025, as data: their offices, first appraisal and one task per state.

demo_province.py turns them into rows. The places are real (Ninh Bình after the 2025 reorganisation); the people
and the numbers are made up.
"""

from dataclasses import dataclass

from ..models import AgencyKind


@dataclass(frozen=True)
class Commune:
    key: str  # login suffix: chutich.<key>
    name: str  # "xã Đại Hoàng"
    place: str
    signer: str
    offices: dict  # key -> (name, short name, kind)
    scores: list  # appraised score per field LV1..LV8
    findings: list  # (field code, text)
    recommendations: list  # (field code, office key, finding indexes, text)
    tasks: list  # (state, recommendation index, office key, title, supporting office keys)
    postponed_because: str
    cancelled_because: str
    returned_because: str
    delegate_accounts: bool = False


def _offices(kind_word: str, place: str, economy: str) -> dict:
    return {
        "vp": (f"Văn phòng HĐND và UBND {kind_word} {place}", f"VP {place}", AgencyKind.OFFICE),
        "kt": (f"{economy} {kind_word} {place}", f"KT {place}", AgencyKind.DEPARTMENT),
        "vhxh": (f"Phòng Văn hóa - Xã hội {kind_word} {place}", f"VHXH {place}", AgencyKind.DEPARTMENT),
        "tthcc": (f"Trung tâm Phục vụ hành chính công {kind_word} {place}", f"TTHCC {place}", AgencyKind.PUBLIC_UNIT),
    }


# Each commune's tasks, one per state: (state, recommendation, lead office, title, supporting offices).
DAI_HOANG = Commune(
    key="daihoang", name="xã Đại Hoàng", place="Đại Hoàng", signer="Trần Văn Hòa", delegate_accounts=True,
    offices=_offices("xã", "Đại Hoàng", "Phòng Kinh tế"),
    scores=["12.75", "5.00", "11.50", "7.25", "11.00", "6.75", "13.00", "15.50"],
    findings=[
        ("LV3", "Tỷ lệ hồ sơ thủ tục hành chính giải quyết quá hạn còn cao; chưa thực hiện xin lỗi người dân "
                "đối với hồ sơ quá hạn"),
        ("LV7", "Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp; chưa số hóa đầy đủ kết quả giải quyết thủ tục "
                "hành chính"),
        ("LV1", "Kế hoạch cải cách hành chính năm ban hành chậm; một số nhiệm vụ tuyên truyền cải cách hành "
                "chính chưa thực hiện"),
        ("LV5", "Việc bố trí công chức sau sắp xếp ở một số lĩnh vực chưa phù hợp với vị trí việc làm"),
    ],
    recommendations=[
        ("LV3", "tthcc", [0], "Rà soát, xử lý dứt điểm hồ sơ quá hạn; thực hiện xin lỗi người dân bằng văn bản "
                              "theo quy định"),
        ("LV7", "tthcc", [1], "Đẩy mạnh cung cấp dịch vụ công trực tuyến toàn trình; số hóa kết quả giải quyết "
                              "thủ tục hành chính còn hiệu lực"),
        ("LV1", "vp", [2], "Ban hành kế hoạch cải cách hành chính, kế hoạch tuyên truyền đúng thời hạn và tổ chức "
                           "thực hiện đầy đủ"),
        ("LV5", "vp", [3], "Rà soát, bố trí công chức theo vị trí việc làm sau sắp xếp"),
    ],
    tasks=[
        ("done_on_time", 0, "tthcc", "Xử lý dứt điểm hồ sơ thủ tục hành chính quá hạn tồn đọng từ trước sắp xếp",
         ()),
        ("done_late", 2, "vp", "Ban hành Kế hoạch cải cách hành chính năm 2026 của xã", ()),
        ("submitted", 0, "tthcc", "Gửi văn bản xin lỗi người dân đối với hồ sơ giải quyết quá hạn", ()),
        ("returned", 1, "kt", "Số hóa kết quả giải quyết thủ tục hành chính lĩnh vực đất đai", ("tthcc",)),
        ("in_progress", 1, "tthcc", "Hướng dẫn người dân nộp hồ sơ trực tuyến toàn trình tại Bộ phận một cửa",
         ("vhxh",)),
        ("overdue", 2, "vhxh", "Tuyên truyền cải cách hành chính trên hệ thống loa truyền thanh của xã", ()),
        ("extension_pending", 3, "vp", "Rà soát, bố trí công chức theo vị trí việc làm sau sắp xếp", ()),
        ("postponed", 2, "vp", "Tổ chức hội nghị đối thoại với người dân về cải cách hành chính", ("vhxh",)),
        ("cancelled", 1, "kt", "Mua sắm ki-ốt tra cứu thông tin thủ tục hành chính", ()),
    ],
    postponed_because="Tạm hoãn đến sau Đại hội Đảng bộ xã, theo chỉ đạo của Chủ tịch UBND xã.",
    cancelled_because="Tỉnh trang bị ki-ốt dùng chung cho Trung tâm Phục vụ hành chính công; xã không mua riêng.",
    returned_because="Mới số hóa 60% kết quả; đề nghị hoàn thành số hóa các hồ sơ năm 2024, 2025 rồi báo cáo lại.",
)
TAY_HOA_LU = Commune(
    key="tayhoalu", name="phường Tây Hoa Lư", place="Tây Hoa Lư", signer="Lê Thị Minh",
    offices=_offices("phường", "Tây Hoa Lư", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    scores=["13.25", "4.75", "12.00", "7.50", "12.25", "6.00", "12.50", "16.25"],
    findings=[
        ("LV2", "Chưa kịp thời rà soát văn bản của UBND các xã cũ sau khi thành lập phường"),
        ("LV8", "Bộ phận một cửa chưa niêm yết đầy đủ, kịp thời thủ tục hành chính sau sắp xếp"),
        ("LV6", "Chưa ban hành quy chế chi tiêu nội bộ và quy chế quản lý tài sản công của phường"),
        ("LV7", "Còn văn bản đi chưa được ký số; hệ thống quản lý văn bản chưa liên thông đầy đủ"),
    ],
    recommendations=[
        ("LV2", "vp", [0], "Rà soát, đề xuất bãi bỏ văn bản của UBND các xã cũ không còn phù hợp"),
        ("LV8", "tthcc", [1], "Niêm yết công khai đầy đủ, kịp thời thủ tục hành chính thuộc thẩm quyền của phường"),
        ("LV6", "kt", [2], "Ban hành quy chế chi tiêu nội bộ, quy chế quản lý, sử dụng tài sản công của phường"),
        ("LV7", "vp", [3], "Ký số toàn bộ văn bản đi, trừ văn bản mật; liên thông hệ thống quản lý văn bản"),
    ],
    tasks=[
        ("done_on_time", 1, "tthcc", "Niêm yết công khai thủ tục hành chính thuộc thẩm quyền của phường", ()),
        ("done_late", 2, "kt", "Ban hành Quy chế chi tiêu nội bộ năm 2026 của phường", ()),
        ("submitted", 0, "vp", "Rà soát văn bản của UBND các xã Ninh Giang, Trường Yên, Ninh Hòa cũ", ("vhxh",)),
        ("returned", 1, "tthcc", "Cập nhật thủ tục hành chính sau sắp xếp lên Cổng dịch vụ công của tỉnh", ()),
        ("in_progress", 2, "kt", "Ban hành Quy chế quản lý, sử dụng tài sản công của phường", ()),
        ("overdue", 3, "vp", "Ký số văn bản đi trên hệ thống quản lý văn bản và điều hành", ()),
        ("extension_pending", 0, "vp", "Đề xuất bãi bỏ văn bản không còn phù hợp của các xã cũ", ()),
        ("postponed", 3, "vhxh", "Tập huấn ký số cho công chức các bộ phận", ("vp",)),
        ("cancelled", 3, "vp", "Xây dựng phần mềm quản lý văn bản riêng của phường", ()),
    ],
    postponed_because="Chờ Ban Cơ yếu cấp chứng thư số cho công chức mới được bố trí.",
    cancelled_because="Phường dùng hệ thống quản lý văn bản và điều hành dùng chung của tỉnh.",
    returned_because="Còn 12 thủ tục lĩnh vực hộ tịch chưa cập nhật; đề nghị bổ sung.",
)
COMMUNES = [DAI_HOANG, TAY_HOA_LU]
