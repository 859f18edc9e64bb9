"""Monuments: the heritage sites a visitor enters, with hours, fares, map position and relics."""
