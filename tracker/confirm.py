"""Ask once before an irreversible action, with or without JavaScript."""

from flask import render_template, request


def unconfirmed(question: str, label: str, cancel_url: str):
    """A confirmation page unless the POST says it was confirmed; None when it was.

    With JavaScript the browser asks in place and sets ``confirmed=1``; without it
    this page asks and posts back with ``confirmed=1``.
    """
    if request.form.get("confirmed") == "1":
        return None
    # The form's other fields (checked rows, a date, a reason) go back with the confirmation.
    carried = [(k, v) for k in request.form if k not in ("csrf_token", "confirmed") for v in request.form.getlist(k)]
    return render_template("confirm.html", question=question, label=label, cancel_url=cancel_url,
                           action=request.full_path.rstrip("?"), carried=carried)
