"""The shared engine every ritual runs on: schedule → occurrence → deliveries → Slack.

Rules:
- A scheduled firing is an *occurrence* keyed by (ritual, scheduled time): the
  unique key makes it happen once however many processes share the database.
  A firing missed while the bot was down is caught up within the grace window,
  or recorded as skipped.
- Planning an occurrence (who gets what) writes one *delivery* row per
  recipient before anything is sent; the unique key (occurrence, kind,
  recipient) makes planning twice a no-op.
- Sending claims due rows under a lease (``FOR UPDATE SKIP LOCKED`` on
  PostgreSQL), marks a row *sending* before the Web API call, and records the
  message ts after it. A row found *sending* after a crash is reconciled: the
  delivery id travels with the message, and the messenger looks for it before
  anything is sent again.
- Transient failures put the row back with a backoff; permanent ones are
  recorded on the row. Each row succeeds or fails on its own.
- The engine reaches Slack only through ``rituals.ports.Messenger``; each ritual
  registers its planner (occurrence kind → deliveries) and senders (delivery kind →
  one message) with the engine (see ``rituals.catalog``).
"""
