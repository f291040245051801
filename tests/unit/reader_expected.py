"""What a careful coordinator would take from each measured text (tests/unit/conclusion_texts/measured/).

Written before the reader was tuned. ``tuning/`` texts were used while improving the reader; ``held-out/`` texts
were not looked at through the reader until the accuracy table in docs/conclusion-reader.md was measured.

A recommendation is ``R(text, field, lead, fanout, deadline, links)``: ``lead`` is the agency short name of the
default word lists (None when the text gives the task to the appraised unit itself, to many units at once, or to
a body outside the district), ``fanout`` is "communes", "departments" or "both" when the addressee is plural,
``deadline`` is ISO, ``links`` the 1-based numbers of the shortcomings it answers.
"""

from dataclasses import dataclass, field

VP, NV, TP, TCKH, VHTT = "VP HĐND-UBND", "Phòng NV", "Phòng TP", "Phòng TC-KH", "Phòng VH-TT"


@dataclass(frozen=True)
class R:
    text: str
    field: str | None
    lead: str | None
    fanout: str | None = None
    deadline: str | None = None
    links: tuple[int, ...] = field(default=())


@dataclass(frozen=True)
class Case:
    shortcomings: list[tuple[str, str | None]]
    recommendations: list[R]


TUNING = {
    "tham-dinh-kim-son-2022.txt": Case(
        [
            ("Việc tự kiểm tra công tác cải cách hành chính chưa thực hiện đầy đủ theo kế hoạch", "LV1"),
            ("Một số hồ sơ giải quyết quá hạn chưa có văn bản xin lỗi người dân", "LV8"),
            ("Thủ tục hành chính chưa được rà soát, đề xuất phương án đơn giản hóa", "LV3"),
            ("Tỷ lệ văn bản điện tử được ký số ở các xã còn thấp", "LV7"),
        ],
        [
            R("Chỉ đạo Phòng Nội vụ tham mưu tổ chức kiểm tra cải cách hành chính tại 100% cơ quan chuyên môn, "
              "hoàn thành trước ngày 30/9/2023", "LV1", NV, deadline="2023-09-30", links=(1,)),
            R("Thực hiện xin lỗi người dân đối với 100% hồ sơ giải quyết quá hạn", "LV8", VP, links=(2,)),
            R("Chủ trì rà soát, đề xuất phương án đơn giản hóa thủ tục hành chính trong quý III/2023", "LV3", TP,
              deadline="2023-09-30", links=(3,)),
            R("Thực hiện ký số đối với văn bản điện tử phát hành", "LV7", None, "communes", links=(4,)),
        ],
    ),
    "kiem-tra-cchc-xa-khanh-thuy.txt": Case(
        [
            ("Chưa niêm yết đầy đủ số điện thoại đường dây nóng tại Bộ phận một cửa", "LV8"),
            ("Việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính đạt tỷ lệ thấp (dưới 30%)", "LV3"),
            ("Công chức văn hóa - xã hội chưa được bồi dưỡng kiến thức quản lý nhà nước theo quy định", "LV5"),
            ("Sổ theo dõi hồ sơ chưa cập nhật đầy đủ, một số hồ sơ không ghi ngày trả kết quả", "LV8"),
        ],
        [
            R("Niêm yết công khai số điện thoại đường dây nóng tại Bộ phận một cửa trong tháng 6/2024", "LV8", None,
              deadline="2024-06-30", links=(1,)),
            R("Đẩy mạnh số hóa hồ sơ, kết quả giải quyết thủ tục hành chính, phấn đấu đạt trên 60% trước ngày "
              "31/12/2024", "LV3", None, deadline="2024-12-31", links=(2,)),
            R("Cử công chức văn hóa - xã hội tham gia lớp bồi dưỡng kiến thức quản lý nhà nước năm 2024", "LV5", None,
              links=(3,)),
            R("Cập nhật đầy đủ sổ theo dõi hồ sơ, ghi rõ ngày trả kết quả", "LV8", None, links=(4,)),
        ],
    ),
    "kiem-tra-cong-vu-phong-tu-phap.txt": Case(
        [
            ("Một số công chức chưa đeo thẻ công chức trong giờ làm việc", "LV5"),
            ("Việc ghi sổ theo dõi văn bản đến chưa đầy đủ", "LV7"),
            ("Hồ sơ chứng thực lưu trữ chưa khoa học", "LV3"),
        ],
        [
            R("Chấn chỉnh việc chấp hành kỷ luật, kỷ cương hành chính, đeo thẻ công chức trong giờ làm việc", "LV5",
              TP, links=(1,)),
            R("Cập nhật đầy đủ sổ theo dõi văn bản đến", "LV7", TP, links=(2,)),
            R("Sắp xếp, lưu trữ hồ sơ chứng thực khoa học, hoàn thành chậm nhất ngày 15/8/2024", "LV3", TP,
              deadline="2024-08-15", links=(3,)),
        ],
    ),
    "thong-bao-ket-luan-chi-so-2023.txt": Case(
        [
            ("Báo cáo cải cách hành chính quý I, quý II gửi chậm so với quy định", "LV1"),
            ("Chưa thực hiện rà soát, hệ thống hóa văn bản quy phạm pháp luật kỳ 2019 - 2023", "LV2"),
            ("Chưa có đơn vị sự nghiệp công lập nào tự bảo đảm chi thường xuyên", "LV6"),
            ("Cổng thông tin điện tử của huyện chưa cập nhật thông tin thường xuyên", "LV7"),
        ],
        [
            R("Thực hiện nghiêm chế độ báo cáo định kỳ về cải cách hành chính", "LV1", NV, links=(1,)),
            R("Hoàn thành rà soát, hệ thống hóa văn bản quy phạm pháp luật kỳ 2019 - 2023 trong quý 1 năm 2024",
              "LV2", TP, deadline="2024-03-31", links=(2,)),
            R("Xây dựng lộ trình tự chủ tài chính cho các đơn vị sự nghiệp công lập, hoàn thành trong năm 2024",
              "LV6", TCKH, deadline="2024-12-31", links=(3,)),
            R("Cập nhật thường xuyên thông tin trên cổng thông tin điện tử của huyện", "LV7", VHTT, links=(4,)),
        ],
    ),
    "doan-kiem-tra-thi-tran-binh-minh.txt": Case(
        [
            ("Quy chế làm việc của UBND thị trấn chưa được sửa đổi, bổ sung phù hợp với quy định mới", "LV4"),
            ("Việc tiếp nhận hồ sơ trực tuyến còn ít, chủ yếu tiếp nhận trực tiếp", "LV7"),
            ("Một số cán bộ, công chức chưa có bản mô tả vị trí việc làm", "LV5"),
        ],
        [
            R("Sửa đổi, bổ sung quy chế làm việc của UBND thị trấn trước 30/6/2025", "LV4", None,
              deadline="2025-06-30", links=(1,)),
            R("Hướng dẫn người dân nộp hồ sơ trực tuyến, nâng tỷ lệ hồ sơ trực tuyến", "LV7", None, links=(2,)),
            R("Xây dựng bản mô tả vị trí việc làm cho toàn bộ cán bộ, công chức, hoàn thành trong tháng 9/2025",
              "LV5", None, deadline="2025-09-30", links=(3,)),
        ],
    ),
    "tham-dinh-huyen-nho-quan-2021.txt": Case(
        [
            ("Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình còn thấp", "LV7"),
            ("Việc đánh giá, xếp loại công chức cuối năm còn nể nang", "LV5"),
            ("Việc quản lý, sử dụng tài sản công tại một số đơn vị chưa đúng quy định", "LV6"),
        ],
        [
            R("Tăng cường tuyên truyền, hướng dẫn người dân sử dụng dịch vụ công trực tuyến toàn trình", "LV7", VHTT,
              links=(1,)),
            R("Thực hiện đánh giá, xếp loại công chức thực chất, gắn với kết quả thực hiện nhiệm vụ", "LV5", NV,
              links=(2,)),
            R("Kiểm tra việc quản lý, sử dụng tài sản công tại các đơn vị, hoàn thành trước ngày 31/12/2022", "LV6",
              TCKH, deadline="2022-12-31", links=(3,)),
        ],
    ),
    # Directives (issue 14): a leader's orders to many at once.
    "chi-dao-sau-cong-bo-chi-so.txt": Case(
        [],
        [
            R("Quán triệt cán bộ, công chức, viên chức thực hiện nghiêm kỷ luật, kỷ cương hành chính", "LV5", None,
              "both"),
            R("Rà soát, công khai đầy đủ thủ tục hành chính tại Bộ phận một cửa, hoàn thành trước ngày 31/3/2025",
              "LV3", None, "both", "2025-03-31"),
            R("Chấm dứt tình trạng hồ sơ giải quyết quá hạn không có văn bản xin lỗi", "LV8", None, "both"),
            R("Theo dõi, đôn đốc việc thực hiện, tổng hợp báo cáo UBND huyện trước ngày 15/12/2025", "LV1", NV,
              deadline="2025-12-15"),
        ],
    ),
    "ket-luan-chu-tich-hoi-nghi-cchc.txt": Case(
        [],
        [
            R("Theo dõi, đôn đốc việc xử lý văn bản trên hệ thống quản lý văn bản và điều hành", "LV7", VP),
            R("Bảo đảm 100% văn bản đi được ký số", "LV7", VP),
            R("Hướng dẫn các đơn vị sự nghiệp công lập xây dựng phương án tự chủ tài chính giai đoạn 2026 - 2030, "
              "trình UBND huyện trong quý IV/2025", "LV6", TCKH, deadline="2025-12-31"),
            R("Chỉ đạo công chức Bộ phận một cửa hướng dẫn người dân nộp hồ sơ trực tuyến", "LV7", None, "communes"),
            R("Thực hiện số hóa hồ sơ, kết quả giải quyết thủ tục hành chính theo quy định", "LV3", None, "communes"),
        ],
    ),
    "giao-nhiem-vu-sau-kiem-tra.txt": Case(
        [],
        [
            R("Chủ trì, phối hợp với các cơ quan liên quan tham mưu kiện toàn Ban Chỉ đạo cải cách hành chính huyện "
              "trong tháng 11/2025", "LV4", NV, deadline="2025-11-30"),
            R("Hướng dẫn UBND các xã, thị trấn rà soát văn bản quy phạm pháp luật do HĐND, UBND cấp xã ban hành",
              "LV2", TP),
            R("Bố trí đủ công chức làm việc tại Bộ phận một cửa; hoàn thành trước ngày 31/12/2025", "LV8", None,
              "communes", "2025-12-31"),
        ],
    ),
    "chi-thi-ky-cuong-hanh-chinh.txt": Case(
        [],
        [
            R("Thực hiện nghiêm quy định về giờ giấc làm việc", "LV5", None, "departments"),
            R("Xử lý nghiêm cán bộ, công chức vi phạm", "LV5", None, "departments"),
            R("Tổ chức kiểm tra công vụ đột xuất ít nhất 01 lần mỗi quý và tổng hợp kết quả báo cáo UBND huyện "
              "trước ngày 20/12/2025", "LV5", NV, deadline="2025-12-20"),
        ],
    ),
}

HELD_OUT = {
    "tham-dinh-huyen-yen-khanh-2023.txt": Case(
        [
            ("Kế hoạch kiểm tra cải cách hành chính chưa bám sát các nội dung trọng tâm", "LV1"),
            ("Một số văn bản quy phạm pháp luật ban hành chưa đúng trình tự, thủ tục", "LV2"),
            ("Việc cập nhật, công khai thủ tục hành chính trên cổng dịch vụ công chưa kịp thời", "LV3"),
            ("Tỷ lệ cán bộ, công chức cấp xã đạt chuẩn còn thấp", "LV5"),
        ],
        [
            R("Chỉ đạo Phòng Nội vụ xây dựng kế hoạch kiểm tra cải cách hành chính năm 2024 sát với các nội dung "
              "trọng tâm", "LV1", NV, links=(1,)),
            R("Tăng cường kiểm tra văn bản quy phạm pháp luật do HĐND, UBND các xã ban hành", "LV2", TP, links=(2,)),
            R("Cập nhật, công khai kịp thời thủ tục hành chính trên cổng dịch vụ công trước ngày 30/6/2024", "LV3",
              TP, deadline="2024-06-30", links=(3,)),
            R("Có kế hoạch đào tạo, bồi dưỡng cán bộ, công chức cấp xã đạt chuẩn trong năm 2024", "LV5", NV,
              deadline="2024-12-31", links=(4,)),
        ],
    ),
    "kiem-tra-cchc-xa-gia-trung.txt": Case(
        [
            ("Chưa ban hành kế hoạch tuyên truyền cải cách hành chính năm 2025", "LV1"),
            ("Công chức tư pháp - hộ tịch chưa cập nhật kịp thời dữ liệu hộ tịch lên phần mềm", "LV7"),
            ("Chưa thực hiện thu phí, lệ phí không dùng tiền mặt đối với thủ tục hành chính", "LV7"),
        ],
        [
            R("Ban hành kế hoạch tuyên truyền cải cách hành chính năm 2025, hoàn thành trong tháng 5/2025", "LV1",
              None, deadline="2025-05-31", links=(1,)),
            R("Chỉ đạo công chức tư pháp - hộ tịch cập nhật đầy đủ dữ liệu hộ tịch lên phần mềm", "LV7", None,
              links=(2,)),
            R("Triển khai thanh toán trực tuyến phí, lệ phí giải quyết thủ tục hành chính trước ngày 30/9/2025",
              "LV7", None, deadline="2025-09-30", links=(3,)),
        ],
    ),
    "kiem-tra-cong-vu-van-phong.txt": Case(
        [
            ("Việc đăng ký, quản lý văn bản đến trên phần mềm chưa kịp thời", "LV7"),
            ("Một số công chức chưa thực hiện đánh giá, xếp loại hằng tháng", "LV5"),
            ("Phòng làm việc của Bộ phận một cửa thiếu ghế ngồi chờ cho người dân", "LV8"),
        ],
        [
            R("Đăng ký, xử lý văn bản đến trên phần mềm ngay trong ngày", "LV7", VP, links=(1,)),
            R("Thực hiện đánh giá, xếp loại công chức hằng tháng theo quy định", "LV5", VP, links=(2,)),
            R("Bổ sung trang thiết bị cho Bộ phận một cửa trong quý II/2025", "LV8", VP, deadline="2025-06-30",
              links=(3,)),
        ],
    ),
    "ket-luan-tham-dinh-muc-la-ma.txt": Case(
        [
            ("Việc kiện toàn tổ chức bộ máy các cơ quan chuyên môn chưa kịp thời theo quy định mới", "LV4"),
            ("Tỷ lệ hồ sơ thủ tục hành chính giải quyết trễ hạn là 3,5%, cao hơn năm 2023", "LV8"),
            ("Chưa có sáng kiến cải cách hành chính được công nhận", "LV1"),
        ],
        [
            R("Rà soát, kiện toàn tổ chức bộ máy, chức năng, nhiệm vụ của các cơ quan chuyên môn, hoàn thành trước "
              "31/3/2025", "LV4", NV, deadline="2025-03-31", links=(1,)),
            R("Làm rõ nguyên nhân, khắc phục, không để hồ sơ trễ hạn trong năm 2025", "LV8", None, "departments",
              "2025-12-31", links=(2,)),
            R("Phát động phong trào thi đua đề xuất sáng kiến cải cách hành chính", "LV1", NV, links=(3,)),
        ],
    ),
    "doan-kiem-tra-xa-ninh-hai.txt": Case(
        [
            ("Việc tiếp nhận, xử lý phản ánh, kiến nghị của người dân còn chậm", "LV3"),
            ("Hệ thống camera giám sát tại Bộ phận một cửa không hoạt động", "LV8"),
            ("Việc lập dự toán kinh phí cho công tác cải cách hành chính chưa được quan tâm", "LV6"),
        ],
        [
            R("Xử lý dứt điểm các phản ánh, kiến nghị tồn đọng trước ngày 15/7/2025", "LV3", None,
              deadline="2025-07-15", links=(1,)),
            R("Sửa chữa hệ thống camera giám sát tại Bộ phận một cửa", "LV8", None, links=(2,)),
            R("Bố trí kinh phí cho công tác cải cách hành chính trong dự toán ngân sách năm 2026", "LV6", None,
              links=(3,)),
        ],
    ),
    "thong-bao-ket-luan-so-noi-vu.txt": Case(
        [
            ("Chưa thực hiện đầy đủ việc đánh giá tác động của thủ tục hành chính trong dự thảo văn bản quy phạm "
             "pháp luật", "LV3"),
            ("Tỷ lệ văn bản trao đổi giữa các cơ quan dưới dạng điện tử chưa đạt 90%", "LV7"),
            ("Một số viên chức được tuyển dụng chưa đúng vị trí việc làm", "LV5"),
        ],
        [
            R("Chỉ đạo Phòng Tư pháp thực hiện đánh giá tác động thủ tục hành chính đối với dự thảo văn bản quy phạm "
              "pháp luật", "LV3", TP, links=(1,)),
            R("Tăng cường gửi, nhận văn bản điện tử giữa các cơ quan, đơn vị, bảo đảm tỷ lệ trên 90% trước ngày "
              "31/12/2023", "LV7", VP, deadline="2023-12-31", links=(2,)),
            R("Rà soát việc tuyển dụng, bố trí viên chức theo vị trí việc làm", "LV5", NV, links=(3,)),
        ],
    ),
    "tham-dinh-thi-xa-tam-diep.txt": Case(
        [
            ("Chưa ban hành quy chế phối hợp giữa các cơ quan trong giải quyết thủ tục hành chính liên thông",
             "LV8"),
            ("Chế độ tự chủ tại các đơn vị sự nghiệp công lập chưa được đánh giá, tổng kết", "LV6"),
            ("Kết quả khảo sát sự hài lòng của người dân về dịch vụ hành chính công thấp hơn năm trước", "LV8"),
        ],
        [
            R("Chủ trì xây dựng quy chế phối hợp trong giải quyết thủ tục hành chính liên thông, hoàn thành trong "
              "quý II năm 2024", "LV8", VP, deadline="2024-06-30", links=(1,)),
            R("Tổng kết việc thực hiện cơ chế tự chủ tại các đơn vị sự nghiệp công lập", "LV6", TCKH, links=(2,)),
            R("Tổ chức khảo sát, lấy ý kiến người dân để nâng cao sự hài lòng", "LV8", NV, links=(3,)),
        ],
    ),
    # Directives (issue 14).
    "chi-dao-chu-tich-tinh-sau-cong-bo.txt": Case(
        [],
        [
            R("Tổ chức phân tích kết quả Chỉ số cải cách hành chính năm 2025, chỉ rõ tiêu chí bị trừ điểm và trách "
              "nhiệm của từng tập thể, cá nhân", "LV1", None, "both"),
            R("Xây dựng kế hoạch khắc phục tồn tại, hạn chế, gửi Sở Nội vụ trước ngày 30/4/2026", "LV1", None, "both",
              "2026-04-30"),
            R("Nâng cao chất lượng cung cấp dịch vụ công trực tuyến, bảo đảm tỷ lệ hồ sơ trực tuyến toàn trình đạt "
              "trên 50% trong năm 2026", "LV7", None, "both", "2026-12-31"),
        ],
    ),
    "y-kien-ket-luan-giao-ban.txt": Case(
        [],
        [
            R("Phòng Nội vụ tham mưu UBND huyện ban hành quy định chấm điểm cải cách hành chính đối với các cơ quan "
              "chuyên môn, trình trước ngày 15/11/2025", "LV1", NV, deadline="2025-11-15"),
            R("Phòng Văn hóa và Thông tin hướng dẫn các cơ quan, đơn vị sử dụng chữ ký số trên thiết bị di động",
              "LV7", VHTT),
            R("Chủ tịch UBND các xã, thị trấn chỉ đạo rà soát, cập nhật đầy đủ quy trình nội bộ giải quyết thủ tục "
              "hành chính trên hệ thống, hoàn thành trong tháng 12/2025", "LV3", None, "communes", "2025-12-31"),
        ],
    ),
    "chi-dao-khac-phuc-tong-hop.txt": Case(
        [],
        [
            R("Rà soát toàn bộ hồ sơ thủ tục hành chính trễ hạn trong năm 2025, làm rõ trách nhiệm của tập thể, cá "
              "nhân liên quan", "LV8", None, "both"),
            R("Thực hiện nghiêm việc công khai xin lỗi người dân khi để hồ sơ trễ hạn", "LV8", None, "both"),
            R("Bố trí công chức có năng lực làm việc tại Bộ phận một cửa", "LV8", None, "both"),
            R("Kiểm tra, đôn đốc các cơ quan, đơn vị thực hiện và báo cáo kết quả trước ngày 31/01/2026", "LV1", VP,
              deadline="2026-01-31"),
        ],
    ),
    "cong-van-chi-dao-sau-kiem-tra-cong-vu.txt": Case(
        [],
        [
            R("Chấn chỉnh tác phong, lề lối làm việc của cán bộ, công chức tại Bộ phận một cửa", "LV5", None,
              "communes"),
            R("Niêm yết công khai kết quả đánh giá, xếp loại cán bộ, công chức năm 2025 tại trụ sở", "LV5", None,
              "communes"),
            R("Báo cáo kết quả thực hiện về Phòng Nội vụ trước ngày 10/01/2026", "LV1", None, "communes",
              "2026-01-10"),
            R("Tổ chức phúc tra việc khắc phục tại một số xã trong quý I/2026", "LV5", NV, deadline="2026-03-31"),
        ],
    ),
}
