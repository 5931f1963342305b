"""``python -m bot`` is ``greenroom``."""

from bot.cli import main

raise SystemExit(main())
