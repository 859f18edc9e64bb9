"""Open data: the collection as JSON-LD (schema.org) and CSV, each record with its licence."""
