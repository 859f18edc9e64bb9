"""Audio guides in the CMS: one per page and language, regenerated when its text changes."""
