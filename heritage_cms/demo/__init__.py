"""Demo content for the embedded default: real Huế monuments, relics and a tour."""
