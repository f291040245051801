"""Who the bench's data belongs to: one district (the everyday benchmarks) or a province of many units.

Rows are plain tuples for COPY: agencies ``(id, name, short_name, kind, parent_id, unit_id)`` and users
``(id, username, full_name, role, agency_id)``. Every agency of a unit carries the unit's id (the unit carries
its own); UBND tỉnh and the Sở Nội vụ carry none, as in tracker/services/organisation/units.py.
"""

from dataclasses import dataclass, field

SYLLABLES = ("Gia", "Hòa", "Hưng", "Vân", "Phú", "Lạc", "Minh", "Thịnh", "Xuân", "Thanh", "Sơn", "Tân", "Phong",
             "Trung", "Đông", "Tây", "Nam", "Bắc", "Yên", "Khánh", "Lộc", "Thủy", "Mỹ", "An", "Bình", "Vĩnh", "Quang")
DEPARTMENTS = ("Phòng Nội vụ", "Phòng Tư pháp", "Phòng Tài chính - Kế hoạch", "Phòng Văn hóa và Thông tin",
               "Phòng Kinh tế - Hạ tầng", "Phòng Tài nguyên và Môi trường", "Phòng Giáo dục và Đào tạo",
               "Phòng Y tế", "Phòng Lao động - Thương binh và Xã hội", "Phòng Nông nghiệp và Phát triển nông thôn",
               "Thanh tra huyện", "Phòng Dân tộc")
UNITS = ("Trung tâm Văn hóa - Thể thao và Truyền thông", "Ban Quản lý dự án đầu tư xây dựng",
         "Trung tâm Phát triển quỹ đất", "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên",
         "Đài Truyền thanh", "Ban Quản lý các khu du lịch")
# A commune's offices since July 2025, and a department's (sở) divisions; (name, kind).
COMMUNE_OFFICES = (("Văn phòng HĐND và UBND", "office"), ("Phòng Kinh tế", "department"),
                   ("Phòng Văn hóa - Xã hội", "department"), ("Trung tâm Phục vụ hành chính công", "public_unit"),
                   ("Ban Chỉ huy quân sự", "other"), ("Công an", "other"), ("Trạm Y tế", "public_unit"),
                   ("Trường Tiểu học", "public_unit"), ("Trường Trung học cơ sở", "public_unit"))
SECTIONS = (("Văn phòng Sở", "office"), ("Thanh tra Sở", "department"), ("Phòng Kế hoạch - Tài chính", "department"),
            ("Phòng Tổ chức cán bộ", "department"), ("Phòng Quản lý chuyên ngành", "department"),
            ("Trung tâm Dịch vụ", "public_unit"), ("Chi cục", "public_unit"), ("Phòng Pháp chế", "department"),
            ("Phòng Chuyển đổi số", "department"))
PROVINCE_DEPARTMENTS = ("Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng", "Sở Khoa học và Công nghệ", "Sở Y tế",
                        "Sở Giáo dục và Đào tạo", "Sở Nông nghiệp và Môi trường", "Sở Công Thương",
                        "Sở Văn hóa, Thể thao và Du lịch", "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh",
                        "Sở Ngoại vụ", "Ban Quản lý các khu công nghiệp", "Văn phòng UBND tỉnh")
WEIGHT = {"office": 6, "department": 6, "public_unit": 3}  # how many tasks an agency leads, relatively


@dataclass
class Unit:
    id: int
    leader: int  # user ids
    coordinator: int
    weight: int = 1  # the unit's share of the tasks, relatively
    agencies: list[int] = field(default_factory=list)
    weights: list[int] = field(default_factory=list)


@dataclass
class Organisation:
    agencies: list[tuple] = field(default_factory=list)
    users: list[tuple] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    officer_of: dict[int, int] = field(default_factory=dict)
    helpers: list[int] = field(default_factory=list)  # agencies that support other units' tasks

    def add_agency(self, name: str, short: str, kind: str, parent: int | None, unit: int | None) -> int:
        agency_id = len(self.agencies) + 1
        self.agencies.append((agency_id, name, short, kind, parent, agency_id if unit == 0 else unit))
        return agency_id

    def add_user(self, username: str, full_name: str, role: str, agency: int | None) -> int:
        user_id = len(self.users) + 1
        self.users.append((user_id, username, full_name, role, agency))
        return user_id

    def add_officers(self) -> None:
        """One officer per agency of a unit (``cb<agency id>``), as the district bench always had."""
        for unit in self.units:
            for agency in unit.agencies:
                self.officer_of[agency] = self.add_user(f"cb{agency}", f"Cán bộ {self.agencies[agency - 1][2]}",
                                                        "officer", agency)


def district(rnd, agencies_total: int) -> Organisation:
    """One unit: a district committee, its office, departments, public units and communes; chairman ``chutich``."""
    names = [("UBND huyện Bench", "UBND huyện", "committee"), ("Văn phòng HĐND và UBND huyện", "VP", "office")]
    names += [(n, f"P{i}", "department") for i, n in enumerate(DEPARTMENTS, 1)]
    names += [(n, f"U{i}", "public_unit") for i, n in enumerate(UNITS, 1)]
    seen = {n for n, _s, _k in names}
    while len(names) < agencies_total:
        kind = "xã" if rnd.random() < 0.9 else "phường"
        name = f"UBND {kind} {rnd.choice(SYLLABLES)} {rnd.choice(SYLLABLES)} {len(names)}"
        if name not in seen:
            seen.add(name)
            names.append((name, f"X{len(names)}", "commune"))
    org = Organisation()
    for i, (name, short, kind) in enumerate(names):
        org.add_agency(name, short, kind, None if i == 0 else 1, 1)
    org.add_user("admin", "Quản trị", "admin", None)
    unit = Unit(1, org.add_user("chutich", "Chủ tịch UBND huyện", "leader", 1),
                org.add_user("noivu.cchc", "Đầu mối CCHC", "coordinator", 3))
    unit.agencies = [a[0] for a in org.agencies]
    unit.weights = [WEIGHT.get(a[3], 1) for a in org.agencies]
    org.units.append(unit)
    org.add_officers()
    return org


def province(rnd, agencies_total: int, units_total: int) -> Organisation:
    """UBND tỉnh and the Sở Nội vụ, then ``units_total`` units (a tenth departments, the rest communes and
    wards) sharing the remaining agencies as their offices. Logins: ``tinh.chutich`` (province leader),
    ``tinh.cchc`` (province coordinator), ``chutich.u<N>`` and ``cchc.u<N>`` for unit N (1-based)."""
    org = Organisation()
    top = org.add_agency("UBND tỉnh Bench", "UBND tỉnh", "province", None, None)
    home = org.add_agency("Sở Nội vụ tỉnh Bench", "SNV", "prov_department", top, None)
    org.add_user("admin", "Quản trị", "admin", None)
    org.add_user("tinh.chutich", "Chủ tịch UBND tỉnh", "province_leader", top)
    org.add_user("tinh.cchc", "Phòng CCHC, Sở Nội vụ", "province_coord", home)
    offices_total = agencies_total - 2 - units_total
    departments = max(1, units_total // 10)
    for n in range(1, units_total + 1):
        if n <= departments:
            base = PROVINCE_DEPARTMENTS[(n - 1) % len(PROVINCE_DEPARTMENTS)]
            name = base if n <= len(PROVINCE_DEPARTMENTS) else f"{base} {n}"
            kind, offices = "prov_department", SECTIONS
        else:
            level = "xã" if rnd.random() < 0.85 else "phường"
            name = f"UBND {level} {rnd.choice(SYLLABLES)} {rnd.choice(SYLLABLES)} {n}"
            kind, offices = "commune", COMMUNE_OFFICES
        unit_id = org.add_agency(name, f"U{n}", kind, top, 0)
        if kind == "prov_department":
            org.helpers.append(unit_id)
        # Offices are dealt round-robin so every unit gets its share of the total (some one more).
        mine = offices_total // units_total + (1 if n <= offices_total % units_total else 0)
        agencies, weights = [unit_id], [1]
        for j in range(mine):
            office, office_kind = offices[j] if j < len(offices) else (f"Tổ công tác {j + 1}", "other")
            agencies.append(org.add_agency(f"{office} ({name})", f"U{n}.{j + 1}", office_kind, unit_id, unit_id))
            weights.append(WEIGHT.get(office_kind, 1))
        leader = org.add_user(f"chutich.u{n}", f"Chủ tịch {name}", "leader", unit_id)
        coordinator = org.add_user(f"cchc.u{n}", f"Đầu mối CCHC {name}", "coordinator", agencies[1 if mine else 0])
        org.units.append(Unit(unit_id, leader, coordinator, rnd.randint(2, 8), agencies, weights))
    org.add_officers()
    return org
