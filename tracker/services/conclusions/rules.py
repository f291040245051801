"""Word lists that drive the conclusion reader (``conclusion_reader``).

Everything here is data: the admin pages seed their editable keyword lists
from ``DEFAULT_RULES`` and hand the edited copy back as a ``ReaderRules``.
Phrases are written as users write them (NFC, with diacritics, any case);
the reader normalises them. ``DEFAULT_RULES`` shares the module's dicts:
build a new ``ReaderRules`` (``dataclasses.replace``) rather than editing
them in place. Pure Python, no Flask or database imports.
"""

from dataclasses import dataclass

# Words that turn a list of items into shortcomings. Multi-word cues are
# "strong" (they can make a short line a heading); one-syllable cues such as
# "còn"/"chưa" only count inside a heading or intro and are ignored in text
# typed without diacritics, where "còn" would read as "con".
SHORTCOMING_CUES = (
    "tồn tại", "hạn chế", "khó khăn", "vướng mắc", "thiếu sót", "sai sót", "yếu kém",
    "bất cập", "vi phạm", "sai phạm", "chưa", "còn",
)
RECOMMENDATION_CUES = (
    "đề nghị", "kiến nghị", "yêu cầu", "chỉ đạo", "giao", "đề xuất", "giải pháp", "biện pháp",
)
PRAISE_CUES = (
    "đánh giá cao", "ghi nhận", "biểu dương", "đạt kết quả", "kết quả đạt được", "kết quả tích cực",
    "ưu điểm", "khen ngợi", "hoàn thành tốt",
)

# Field codes of the seed framework (the eight PAR-index fields used by most
# provinces for districts until 2025). Real frameworks come from the database.
FIELD_KEYWORDS: dict[str, tuple[str, ...]] = {
    "LV1": (  # Công tác chỉ đạo, điều hành CCHC
        "chỉ đạo, điều hành", "kế hoạch cải cách hành chính", "kế hoạch cchc", "báo cáo",
        "chế độ báo cáo", "kiểm tra cải cách hành chính", "kiểm tra cchc", "tuyên truyền",
        "sáng kiến", "công tác cải cách hành chính",
    ),
    "LV2": (  # Xây dựng, tổ chức thực hiện VBQPPL
        "văn bản quy phạm pháp luật", "vbqppl", "rà soát văn bản", "kiểm tra văn bản",
        "hệ thống hóa văn bản", "thi hành pháp luật",
    ),
    "LV3": (  # Cải cách thủ tục hành chính
        "thủ tục hành chính", "tthc", "niêm yết", "công khai thủ tục", "kiểm soát thủ tục hành chính",
        "phản ánh, kiến nghị", "chứng thực", "hộ tịch",
    ),
    "LV4": (  # Cải cách tổ chức bộ máy
        "tổ chức bộ máy", "kiện toàn", "sắp xếp", "chức năng, nhiệm vụ", "biên chế", "quy chế làm việc",
        "phân cấp",
    ),
    "LV5": (  # Xây dựng, nâng cao chất lượng đội ngũ CBCCVC
        "cán bộ, công chức", "công chức, viên chức", "cbccvc", "đào tạo, bồi dưỡng", "trình độ chuyên môn",
        "đạt chuẩn", "vị trí việc làm", "tuyển dụng", "kỷ luật, kỷ cương", "đánh giá, xếp loại",
        "giờ giấc làm việc", "công vụ", "tập huấn", "bồi dưỡng", "giờ làm việc", "thẻ công chức",
        "kiểm tra công vụ",
    ),
    "LV6": (  # Đổi mới cơ chế tài chính
        "tài chính", "tự chủ", "ngân sách", "kinh phí", "dự toán", "đơn vị sự nghiệp", "tài sản công",
    ),
    "LV7": (  # Hiện đại hóa hành chính
        "công nghệ thông tin", "cntt", "chuyển đổi số", "văn bản điện tử", "văn bản đi", "văn bản đến",
        "văn bản đi/đến", "luồng", "quản lý văn bản", "ký số", "chữ ký số", "iso", "số hóa", "phần mềm",
        "dịch vụ công trực tuyến", "trực tuyến", "cổng thông tin điện tử", "trang thông tin điện tử",
        "hiện đại hóa",
    ),
    "LV8": (  # Thực hiện cơ chế một cửa, một cửa liên thông
        "một cửa", "bộ phận một cửa", "một cửa liên thông", "tiếp nhận và trả kết quả", "trễ hạn",
        "quá hạn", "xin lỗi", "đường dây nóng", "trả kết quả", "sổ theo dõi hồ sơ",
    ),
}

# Lead-agency suggestions. An agency's own name is one of its keywords, so a
# recommendation that names it ("Giao Phòng Nội vụ chủ trì ...") finds it.
AGENCY_KEYWORDS: dict[str, tuple[str, ...]] = {
    "VP HĐND-UBND": (
        "văn phòng hđnd", "văn phòng hđnd và ubnd", "văn phòng hội đồng nhân dân và ủy ban nhân dân",
        "văn bản đi/đến", "văn bản đi", "văn bản đến", "luồng", "quản lý văn bản", "văn thư", "lưu trữ",
        "ký số", "bộ phận một cửa", "tiếp nhận và trả kết quả", "xin lỗi", "quá hạn", "trễ hạn",
    ),
    "Phòng NV": (
        "phòng nội vụ", "đào tạo, bồi dưỡng", "trình độ chuyên môn", "cán bộ, công chức",
        "công chức, viên chức", "vị trí việc làm", "tổ chức bộ máy", "cải cách hành chính", "cchc",
        "biên chế", "tuyển dụng", "kỷ luật, kỷ cương", "đánh giá, xếp loại", "công vụ",
    ),
    "Phòng TP": (
        "phòng tư pháp", "văn bản quy phạm pháp luật", "vbqppl", "kiểm soát thủ tục hành chính",
        "thủ tục hành chính", "tthc", "pháp chế", "phổ biến, giáo dục pháp luật", "hộ tịch", "chứng thực",
    ),
    "Phòng TC-KH": (
        "phòng tài chính", "tài chính - kế hoạch", "tài chính", "tự chủ", "ngân sách", "dự toán",
        "kinh phí", "tài sản công",
    ),
    "Phòng VH-TT": (
        "phòng văn hóa", "văn hóa và thông tin", "công nghệ thông tin", "cntt", "chuyển đổi số",
        "cổng thông tin", "cổng thông tin điện tử", "dịch vụ công trực tuyến", "trang thông tin điện tử",
    ),
}

# Word pairs joined by a comma (or "và") that name one thing; the splitter
# never cuts inside them.
COMPOUNDS = (
    "cán bộ, công chức, viên chức", "cán bộ, công chức", "công chức, viên chức", "tổ chức, cá nhân",
    "đào tạo, bồi dưỡng", "kỷ luật, kỷ cương", "đánh giá, xếp loại", "chỉ đạo, điều hành",
    "kiểm tra, giám sát", "kiểm tra, đôn đốc", "theo dõi, đôn đốc", "hướng dẫn, kiểm tra",
    "sửa đổi, bổ sung", "tiếp nhận, giải quyết", "phản ánh, kiến nghị", "một cửa, một cửa liên thông",
    "rà soát, đánh giá", "quản lý, sử dụng", "sắp xếp, kiện toàn", "chức năng, nhiệm vụ",
    "niêm yết, công khai", "tuyên truyền, phổ biến", "xã, phường, thị trấn", "xã, thị trấn",
    "cơ quan, đơn vị", "phòng, ban", "thu, chi",
)

# Subjects and quantifiers that open a finding ("một số báo cáo còn gửi
# chậm"): after a comma they start a new item.
CLAUSE_STARTS = (
    "một số", "một vài", "một bộ phận", "nhiều", "còn một số", "còn nhiều", "còn có", "còn tình trạng",
    "vẫn còn một số", "vẫn còn nhiều", "vẫn còn tình trạng", "chưa có", "việc", "đội ngũ", "tỷ lệ",
    "công tác", "hồ sơ", "tình trạng", "cơ sở vật chất", "trang thiết bị",
)

# Verbs (and the adverbs that lead them) that open a directive. They end an
# addressee ("đề nghị UBND huyện | phân công ..."), start a new item after a
# comma or "và", and, when they end a fragment ("rà soát, đề nghị ..."), mark
# a series of verbs sharing one object rather than two items.
ACTION_VERBS = (
    "phân công", "rà soát", "xây dựng", "ban hành", "bố trí", "cử cán bộ", "cử công chức", "tăng cường",
    "đẩy mạnh", "nâng cao", "thực hiện", "triển khai", "tổ chức", "chỉ đạo", "giao", "kiện toàn",
    "sắp xếp", "bổ sung", "cập nhật", "công khai", "niêm yết", "số hóa", "đôn đốc", "theo dõi",
    "kiểm tra", "giám sát", "chấn chỉnh", "khắc phục", "hoàn thiện", "quan tâm", "chú trọng",
    "tiếp tục", "chủ động", "khẩn trương", "kịp thời", "thường xuyên", "nghiêm túc", "sớm", "chủ trì",
    "hướng dẫn", "tham mưu", "đề xuất", "đào tạo", "bồi dưỡng", "cải thiện", "duy trì", "phát huy",
    "ứng dụng", "sử dụng", "đầu tư", "mua sắm", "sửa đổi", "thay thế", "lập kế hoạch", "lập danh sách",
    "trình phê duyệt", "xử lý", "giải quyết", "tuyên truyền", "thống kê", "học tập", "tập huấn",
    "nghiên cứu",
)

# Verbs that follow a comma inside one item ("chủ trì, phối hợp với ...",
# "..., bảo đảm văn bản đi đúng luồng"): they may end an addressee but never
# start a new item.
CONTINUATION_VERBS = ("phối hợp", "hoàn thành", "bảo đảm", "đảm bảo", "gắn với", "góp phần", "phù hợp")

# Phrases in which a cue word is not a cue: "được giao" (passive), "giao
# thông", "đáp ứng yêu cầu", "công tác chỉ đạo" (the noun), ...
IGNORED_PHRASES = (
    "được giao", "bị giao", "bàn giao", "giao thông", "giao dịch", "giao lưu", "giao tiếp", "giao ban",
    "giao nhận", "giao đất", "đáp ứng yêu cầu", "theo yêu cầu", "đúng yêu cầu", "đạt yêu cầu",
    "các yêu cầu", "những yêu cầu", "công tác chỉ đạo", "sự chỉ đạo", "theo chỉ đạo", "văn bản chỉ đạo",
    "chỉ đạo, điều hành", "quan tâm, chỉ đạo", "lãnh đạo, chỉ đạo", "ban chỉ đạo", "theo đề nghị",
    "phản ánh, kiến nghị", "còn lại", "hạn chế tối đa",
    # "đề nghị UBND huyện tập trung khắc phục các tồn tại nêu trên, trong đó: ..." introduces remedies.
    "khắc phục các tồn tại, hạn chế", "khắc phục những tồn tại, hạn chế", "khắc phục tồn tại, hạn chế",
    "khắc phục các tồn tại", "khắc phục những tồn tại", "khắc phục tồn tại", "khắc phục các hạn chế",
    "khắc phục những hạn chế", "khắc phục hạn chế",
)

# A recommendation cue written without a colon ("đề nghị UBND huyện phân
# công ...") is a directive only when the word before it is not one of these
# ("đã chỉ đạo" is narrative, "các kiến nghị" a noun).
DIRECTIVE_BLOCKERS = (
    "đã", "được", "bị", "sự", "theo", "các", "những", "công tác", "văn bản", "ý kiến", "nội dung", "việc",
)

# First words of an addressee between a cue and its verb; anything else there
# ("yêu cầu với các cơ quan ... phát huy ...") means the cue is narrative.
ADDRESSEE_HEADS = (
    "ubnd", "ủy ban", "uỷ ban", "hđnd", "hội đồng", "chủ tịch", "phó chủ tịch", "lãnh đạo", "thủ trưởng",
    "người đứng đầu", "sở", "phòng", "văn phòng", "ban", "trung tâm", "bộ phận", "cơ quan", "đơn vị",
    "các", "những", "huyện", "xã", "thị trấn", "phường", "thị xã", "thành phố", "quận", "tỉnh",
    "đồng chí", "ông", "bà", "cán bộ", "công chức", "viên chức", "tổ", "đoàn", "trường",
)

# After a comma or "và" these open a new directive ("...; giao Phòng Tư pháp ... và yêu cầu UBND các xã ...").
DIRECTIVE_STARTS = ("yêu cầu", "đề nghị")

# An addressee naming many bodies at once suggests one task per body (a fan-out): communes, or the
# district's (province's) own agencies, or both ("Thủ trưởng các cơ quan chuyên môn ... và Chủ tịch UBND
# các xã, thị trấn").
PLURAL_COMMUNES = ("các xã", "các phường", "các thị trấn", "các đặc khu", "cấp xã", "các địa phương")
PLURAL_AGENCIES = (
    "các cơ quan", "các phòng", "các sở", "các ban", "các ngành", "các đơn vị", "các cơ quan, đơn vị",
    "các phòng, ban", "các sở, ban, ngành",
)
# One commune named as addressee: the appraised unit does the work itself, so no district office leads.
SINGLE_COMMUNES = (
    "ubnd xã", "ubnd phường", "ubnd thị trấn", "ủy ban nhân dân xã", "ủy ban nhân dân phường",
    "ủy ban nhân dân thị trấn", "uỷ ban nhân dân xã", "chủ tịch ubnd xã", "chủ tịch ubnd phường",
    "chủ tịch ubnd thị trấn", "chủ tịch ủy ban nhân dân xã",
)
# Words that open the name of an organisation (not a person): "chỉ đạo Phòng Nội vụ tham mưu ..." names
# the lead; "chỉ đạo công chức một cửa ..." does not.
AGENCY_NAME_HEADS = ("phòng", "văn phòng", "trung tâm", "ban", "sở", "đội", "chi cục", "thanh tra")

# Addressees outside the district's own agencies: their recommendations get
# no suggested lead agency ("Kiến nghị Sở Nội vụ: ...").
EXTERNAL_ADDRESSEES = (
    "sở", "ubnd tỉnh", "ủy ban nhân dân tỉnh", "uỷ ban nhân dân tỉnh", "hđnd tỉnh", "tỉnh ủy", "tỉnh uỷ",
    "văn phòng ubnd tỉnh", "bộ nội vụ", "bộ tư pháp", "bộ tài chính", "chính phủ", "thủ tướng",
)

# A neutral heading starting with these is a sub-heading of the current
# section ("- Về công tác chỉ đạo, điều hành:", "Đối với Phòng Nội vụ:").
SUBHEADING_STARTS = ("về", "đối với")

# "Phát huy những ưu điểm", "khắc phục những vấn đề còn tồn tại, ..." point
# back at the findings in general; they are exhortations, not tasks. An item
# is generic when it is generic verbs ("duy trì, phát huy"), fillers, a
# generic object and then nothing or one of the generic tails.
GENERIC_VERBS = ("phát huy", "khắc phục", "duy trì")
GENERIC_FILLERS = (
    "những", "các", "ngay", "kịp thời", "dứt điểm", "triệt để", "vấn đề", "mặt", "điểm", "nội dung", "còn",
)
GENERIC_OBJECTS = ("ưu điểm", "tồn tại", "hạn chế", "thiếu sót", "kết quả đạt được")
GENERIC_TAILS = (
    ",", "và", "để", "nêu trên", "đã nêu", "đã chỉ ra", "đã được chỉ ra", "trong công tác", "theo kết luận",
    "của đơn vị",
)


@dataclass(frozen=True)
class ReaderRules:
    """The word lists the reader works from; see the module constants for what each is for."""

    shortcoming_cues: tuple[str, ...]
    recommendation_cues: tuple[str, ...]
    praise_cues: tuple[str, ...]
    field_keywords: dict[str, tuple[str, ...]]
    agency_keywords: dict[str, tuple[str, ...]]
    compounds: tuple[str, ...] = COMPOUNDS
    clause_starts: tuple[str, ...] = CLAUSE_STARTS
    action_verbs: tuple[str, ...] = ACTION_VERBS
    continuation_verbs: tuple[str, ...] = CONTINUATION_VERBS
    ignored_phrases: tuple[str, ...] = IGNORED_PHRASES
    directive_blockers: tuple[str, ...] = DIRECTIVE_BLOCKERS
    addressee_heads: tuple[str, ...] = ADDRESSEE_HEADS
    external_addressees: tuple[str, ...] = EXTERNAL_ADDRESSEES
    subheading_starts: tuple[str, ...] = SUBHEADING_STARTS
    directive_starts: tuple[str, ...] = DIRECTIVE_STARTS
    plural_communes: tuple[str, ...] = PLURAL_COMMUNES
    plural_agencies: tuple[str, ...] = PLURAL_AGENCIES
    single_communes: tuple[str, ...] = SINGLE_COMMUNES
    agency_name_heads: tuple[str, ...] = AGENCY_NAME_HEADS
    generic_verbs: tuple[str, ...] = GENERIC_VERBS
    generic_fillers: tuple[str, ...] = GENERIC_FILLERS
    generic_objects: tuple[str, ...] = GENERIC_OBJECTS
    generic_tails: tuple[str, ...] = GENERIC_TAILS
    # Fewer words than this on either side of a comma/"và" and it is not an item boundary.
    min_item_words: int = 3
    # An addressee longer than this many words is not an addressee but narrative ("Thủ trưởng các cơ quan
    # chuyên môn thuộc UBND tỉnh và Chủ tịch UBND các xã, phường" is 15).
    max_addressee_words: int = 18


DEFAULT_RULES = ReaderRules(
    shortcoming_cues=SHORTCOMING_CUES,
    recommendation_cues=RECOMMENDATION_CUES,
    praise_cues=PRAISE_CUES,
    field_keywords=FIELD_KEYWORDS,
    agency_keywords=AGENCY_KEYWORDS,
)
