"""The civil-affairs list importer: parsing (`parse`) and the command line (`cli`)."""
