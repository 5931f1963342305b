"""Retros, cards, votes and action items: the repositories behind ``/retro``.

Every repository function takes a ``Unit`` first and returns the frozen records of
``storage.retro.records``. Changes that depend on what is already stored (one open
retro per channel, the vote allowance, the status a card may be added in) run after
``retros.lock`` / ``retros.lock_channel`` in the same unit, so that concurrent requests
see each other's rows. Anonymous cards store no author id: only a keyed hash while the
retro is collecting (``storage.retro.authors``); both the key and the hashes are erased
when voting starts.
"""
