"""The admin's units: create and edit them, and import a province's units with their agencies from CSV."""

import io
import time

import sqlalchemy as sa

from tracker.extensions import db
from tracker.models import Agency, AgencyKind, AuditEvent


def _upload(web, content: str):
    return web.post("/quan-tri/don-vi/nhap-csv", {"file": (io.BytesIO(content.encode("utf-8-sig")), "units.csv")},
                    token_from="/quan-tri/don-vi/nhap-csv", content_type="multipart/form-data")


def _confirm(web, content: str):
    return web.post("/quan-tri/don-vi/nhap-csv/xac-nhan", {"kind": "units", "content": content},
                    token_from="/quan-tri/don-vi/nhap-csv")


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Agency))


def test_the_admin_creates_and_edits_a_unit(make, login_as):
    make.unit("UBND xã Gia Hưng", "Xã Gia Hưng")
    web = login_as(make.admin())
    response = web.post("/quan-tri/don-vi/them", {"name": "UBND xã Đại Hoàng", "short_name": "Xã Đại Hoàng",
                                                 "kind": "commune", "place": "Đại Hoàng", "signer_name": ""},
                        token_from="/quan-tri/don-vi/them")
    assert response.status_code == 302
    unit = db.session.execute(sa.select(Agency).filter_by(short_name="Xã Đại Hoàng")).scalar_one()
    assert unit.is_unit and unit.place == "Đại Hoàng" and not unit.coordinator_manages_accounts
    listing = web.get("/quan-tri/don-vi").get_data(as_text=True)
    assert "UBND xã Đại Hoàng" in listing and "UBND xã Gia Hưng" in listing
    response = web.post(f"/quan-tri/don-vi/{unit.id}/sua", {
        "name": "UBND xã Đại Hoàng", "short_name": "Xã Đại Hoàng", "kind": "commune", "place": "Đại Hoàng",
        "signer_name": "Phạm Văn Ký", "delegate_accounts": "y"}, token_from=f"/quan-tri/don-vi/{unit.id}/sua")
    assert response.status_code == 302
    db.session.refresh(unit)
    assert unit.signer_name == "Phạm Văn Ký" and unit.coordinator_manages_accounts
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"agency_created", "unit_updated", "unit_delegation"} <= actions
    office = make.agency("Văn phòng xã Đại Hoàng", "VP Đại Hoàng", AgencyKind.OFFICE, unit=unit)
    assert web.get(f"/quan-tri/don-vi/{office.id}/sua").status_code == 404, "an office is not a unit"
    refused = web.post("/quan-tri/don-vi/them", {"name": "Phòng Kinh tế", "short_name": "P. KT",
                                                "kind": "department"}, token_from="/quan-tri/don-vi/them")
    assert refused.status_code == 200 and db.session.execute(
        sa.select(Agency).filter_by(short_name="P. KT")).first() is None


def test_csv_preview_shows_each_rows_problems_and_saves_nothing(make, login_as):
    make.unit("UBND xã Gia Hưng", "Xã Gia Hưng")
    web = login_as(make.admin())
    before = _count()
    content = ("Đơn vị,Tên cơ quan,Tên viết tắt,Loại\n"
               "UBND xã Đại Hoàng,UBND xã Đại Hoàng,Xã Đại Hoàng,commune\n"
               "UBND xã Đại Hoàng,Văn phòng HĐND và UBND,VP Đại Hoàng,office\n"
               "UBND xã Đại Hoàng,Phòng Kinh tế,Xã Gia Hưng,department\n"
               "UBND xã Gia Trấn,Phòng Văn hóa - Xã hội xã Gia Trấn,VHXH Gia Trấn,department\n"
               "UBND xã Gia Hưng,Văn phòng HĐND và UBND,VP Gia Hưng,văn phòng\n"
               "UBND xã Gia Phong,UBND xã Gia Phong,Xã Gia Phong,office\n")
    page = _upload(web, content).get_data(as_text=True)
    assert "Chưa nhập dòng nào: tệp có 5 lỗi" in page
    assert "Đã có cơ quan viết tắt “Xã Gia Hưng”." in page
    assert "Chưa có đơn vị “UBND xã Gia Trấn”" in page
    assert "Tên “Văn phòng HĐND và UBND” trùng dòng 3" in page
    assert "Loại cơ quan “văn phòng” không hợp lệ." in page
    assert "Đơn vị được đánh giá phải là UBND xã, phường, đặc khu hoặc sở, ban, ngành" in page
    assert "xac-nhan" not in page, "no confirm button while a row has a problem"
    assert _count() == before
    assert _confirm(web, content).status_code == 422
    assert _count() == before


def test_csv_import_adds_units_with_their_agencies_after_confirmation(make, login_as):
    existing = make.unit("UBND xã Gia Hưng", "Xã Gia Hưng")
    web = login_as(make.admin())
    content = ("unit,name,short_name,kind\n"
               ",Sở Nội vụ tỉnh Ninh Bình,Sở Nội vụ,prov_department\n"
               "UBND xã Đại Hoàng,UBND xã Đại Hoàng,Xã Đại Hoàng,commune\n"
               "UBND xã Đại Hoàng,Văn phòng HĐND và UBND xã Đại Hoàng,VP Đại Hoàng,office\n"
               "Xã Gia Hưng,Phòng Kinh tế xã Gia Hưng,KT Gia Hưng,department\n"
               "Sở Khoa học và Công nghệ,Sở Khoa học và Công nghệ,Sở KH&CN,Sở, ban, ngành tỉnh\n")
    content = content.replace("Sở, ban, ngành tỉnh", '"Sở, ban, ngành tỉnh"')
    page = _upload(web, content).get_data(as_text=True)
    assert "2 đơn vị mới và 3 cơ quan trực thuộc" in page and "Nhập 2 đơn vị và 3 cơ quan" in page
    assert db.session.execute(sa.select(Agency).filter_by(short_name="Xã Đại Hoàng")).first() is None
    done = _confirm(web, content)
    assert done.status_code == 302
    agencies = {a.short_name: a for a in db.session.scalars(sa.select(Agency))}
    commune, office = agencies["Xã Đại Hoàng"], agencies["VP Đại Hoàng"]
    assert commune.is_unit and commune.kind == AgencyKind.COMMUNE
    assert office.unit_id == commune.id and office.parent_id == commune.id
    assert agencies["KT Gia Hưng"].unit_id == existing.id
    assert agencies["Sở Nội vụ"].unit_id is None, "an empty unit column: the province level"
    assert agencies["Sở KH&CN"].is_unit
    found = db.session.scalars(sa.select(Agency.short_name).where(Agency.search_name.contains("dai hoang"))).all()
    assert set(found) == {"Xã Đại Hoàng", "VP Đại Hoàng"}, "the bulk insert keeps names searchable"
    assert db.session.execute(sa.select(AuditEvent).filter_by(action="units_imported")).scalar_one()


def test_five_thousand_rows_preview_and_import_well_inside_a_request(make, login_as):
    web = login_as(make.admin())
    lines = ["unit,name,short_name,kind"]
    for u in range(500):
        unit = f"UBND xã Thử {u}"
        lines.append(f"{unit},{unit},XT{u},commune")
        lines += [f"{unit},Phòng {k} xã Thử {u},P{k}-XT{u},department" for k in range(9)]
    content = "\n".join(lines) + "\n"
    started = time.perf_counter()
    page = _upload(web, content).get_data(as_text=True)
    previewed = time.perf_counter() - started
    assert "500 đơn vị mới và 4500 cơ quan trực thuộc" in page
    assert "Hiện 200 trên 5000 dòng" in page, "the preview shows a sample, not 5,000 table rows"
    started = time.perf_counter()
    assert _confirm(web, content).status_code == 302
    imported = time.perf_counter() - started
    assert _count() == 5000
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Agency).where(Agency.unit_id == Agency.id)) == 500
    assert previewed < 5 and imported < 5, (previewed, imported)


def test_a_new_agency_is_placed_in_the_unit_the_admin_picks(make, login_as):
    make.unit("UBND xã Gia Hưng", "Xã Gia Hưng")
    other = make.unit("UBND xã Đại Hoàng", "Xã Đại Hoàng")
    web = login_as(make.admin())
    form = web.get("/quan-tri/co-quan/them").get_data(as_text=True)
    assert 'name="unit_id"' in form
    response = web.post("/quan-tri/co-quan/them", {"name": "Phòng Kinh tế xã Đại Hoàng", "short_name": "KT Đại Hoàng",
                                                   "kind": "department", "parent_id": "0", "unit_id": str(other.id)},
                        token_from="/quan-tri/co-quan/them")
    assert response.status_code == 302
    agency = db.session.execute(sa.select(Agency).filter_by(short_name="KT Đại Hoàng")).scalar_one()
    assert agency.unit_id == other.id
    listing = web.get("/quan-tri/co-quan").get_data(as_text=True)
    assert ">Đơn vị</th>" in listing and "Đơn vị được đánh giá" in listing
    assert ">Đơn vị</th>" in web.get("/quan-tri/nguoi-dung").get_data(as_text=True)


def test_a_one_unit_installations_admin_pages_show_no_unit_column_or_picker(make, login_as):
    unit = make.unit("UBND xã Gia Hòa", "Xã Gia Hòa")
    make.agency("Văn phòng HĐND và UBND xã Gia Hòa", "VP Gia Hòa", AgencyKind.OFFICE, unit=unit)
    web = login_as(make.admin())
    assert 'name="unit_id"' not in web.get("/quan-tri/co-quan/them").get_data(as_text=True)
    for page in ("/quan-tri/co-quan", "/quan-tri/nguoi-dung"):
        html = web.get(page).get_data(as_text=True)
        assert ">Đơn vị</th>" not in html and "Cấp tỉnh" not in html, page
