"""Who issues the province summary report, and what its header and closing say: the Sở Nội vụ or the UBND tỉnh.

The admin picks the issuer and names the province; the rest follows from the issuer (parent body, number
suffix, signer's mandate and title, recipients) unless the admin wrote their own. The result has the keys of the
unit reports' settings (``document.settings``), so the DOCX writer's header and closing blocks serve both.
"""

import sqlalchemy as sa

from ...extensions import db
from ...models import Setting

HOME_AFFAIRS, COMMITTEE = "home_affairs", "committee"
KEYS = ("province.issuer", "province.name", "province.place", "province.number", "province.signer_title",
        "province.signer_name", "province.recipients")
DEFAULTS = {"province.issuer": HOME_AFFAIRS, "province.name": "Ninh Bình", "province.place": "", "province.number": "",
            "province.signer_title": "", "province.signer_name": "", "province.recipients": ""}
UNITS = "UBND các xã, phường, đặc khu"
BY_ISSUER = {
    HOME_AFFAIRS: {
        "parent": "UBND TỈNH {NAME}", "body": "SỞ NỘI VỤ", "in_sentence": "Sở Nội vụ tỉnh {name}",
        "suffix": "BC-SNV", "mandate": "", "title": "GIÁM ĐỐC", "archive": "VT, CCHC",
        "recipients": "UBND tỉnh (để báo cáo);\nCác sở, ban, ngành tỉnh;\n" + UNITS,
        "addressee": "UBND tỉnh {name}",
    },
    COMMITTEE: {
        "parent": "", "body": "ỦY BAN NHÂN DÂN TỈNH {NAME}", "in_sentence": "UBND tỉnh {name}",
        "suffix": "BC-UBND", "mandate": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "archive": "VT, NC",
        "recipients": ("Bộ Nội vụ;\nThường trực Tỉnh ủy;\nThường trực HĐND tỉnh;\nChủ tịch, các Phó Chủ tịch UBND "
                       "tỉnh;\nCác sở, ban, ngành tỉnh;\n" + UNITS),
        "addressee": "Bộ Nội vụ",
    },
}


def stored() -> dict[str, str]:
    """The province.* settings as the admin saved them, defaults for the rest (one query)."""
    rows = dict(db.session.execute(sa.select(Setting.key, Setting.value).where(Setting.key.in_(KEYS))).all())
    values = {key: rows.get(key, DEFAULTS[key]) for key in KEYS}
    if values["province.issuer"] not in BY_ISSUER:
        values["province.issuer"] = HOME_AFFAIRS
    return values


def settings(values: dict[str, str] | None = None) -> dict[str, str]:
    """What the province DOCX prints, in the keys of ``document.settings`` (plus ``body_name``, ``addressee``)."""
    values = values or stored()
    issuer = BY_ISSUER[values["province.issuer"]]
    name = values["province.name"].strip() or DEFAULTS["province.name"]

    def fill(text: str) -> str:
        return text.replace("{NAME}", name.upper()).replace("{name}", name)

    return {
        "report.parent_body": fill(issuer["parent"]),
        "report.issuing_body": fill(issuer["body"]),
        "report.place": values["province.place"].strip() or name,
        "report.number": values["province.number"],
        "report.number_suffix": issuer["suffix"],
        "report.signer_mandate": issuer["mandate"],
        "report.signer_title": values["province.signer_title"].strip() or issuer["title"],
        "report.signer_name": values["province.signer_name"],
        "report.recipients": values["province.recipients"].strip() or fill(issuer["recipients"]),
        "report.archive": issuer["archive"],
        "body_name": fill(issuer["in_sentence"]),
        "addressee": fill(issuer["addressee"]),
    }
