"""Members: their own settings (away, opt-out, role, forget-me), manager rights, and the
welcome a newcomer to a channel with rituals gets.

Rules:
- Managers are workspace admins and owners, the installer, and members added with
  ``manager add``; only the last can be removed here.
- ``away`` counts days in the team's time zone, today included: ``away 1d`` is
  today only. At most 365 days ahead; dates in the past are refused.
- ``holidays`` takes a country code the ``holidays`` package knows (GB, FR, US…).
- ``forget-me`` first says exactly what would be erased and asks for a confirmation;
  confirmed, it erases the caller's data in one transaction and answers with counts.
  Someone opted out stays opted out (a row with their id and "do not include" is the
  one thing kept); rights given with ``manager add`` or by installing go with the data.
- Someone joining a channel that has rituals is told once, by DM, what will happen
  there and how to step out.
"""
