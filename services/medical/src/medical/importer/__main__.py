"""`python -m medical.importer FILE --url URL --token TOKEN` — see `medical.importer.cli`."""

from medical.importer.cli import main

raise SystemExit(main())
