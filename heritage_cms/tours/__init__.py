"""Tours: ordered stops through monuments and relics, each with a code a visitor can type."""
