"""The small world the workflow tests act in: three agencies, an officer of each, a leader, a coordinator."""

from types import SimpleNamespace

from tracker.models import TaskStatus
from tracker.permissions import Relation
from tracker.services import deadlines

S = TaskStatus


def make_world(make) -> SimpleNamespace:
    """Phòng Nội vụ leads, Phòng TC-KH supports, Xã Gia Vân is unrelated; ``actors`` by relation."""
    lead = make.agency(name="Phòng Nội vụ", short_name="Phòng NV")
    support = make.agency(name="Phòng Tài chính - Kế hoạch", short_name="Phòng TC-KH")
    other = make.agency(name="UBND xã Gia Vân", short_name="Xã Gia Vân")
    return SimpleNamespace(
        make=make, lead=lead, support=support, other=other,
        actors={Relation.LEAD: make.officer(lead), Relation.SUPPORT: make.officer(support),
                Relation.NONE: make.officer(other), Relation.ASSIGNER: make.leader()},
        coordinator=make.coordinator(),
    )


def today():
    return deadlines.today()


def new_task(w, status=S.IN_PROGRESS, **fields):
    """A task led by the world's lead agency, supported by the other; no evidence needed unless asked."""
    fields.setdefault("evidence_required", False)
    return w.make.task(w.lead, status=status, supporting=[w.support], progress=20, **fields)
