"""Notifications: the outbox (``outbox``), who hears of what (``audience``), the bell and preferences (``inbox``),
e-mail (``compose``, ``sender``), the delivery worker (``delivery``) and the daily run (``reminders``)."""
