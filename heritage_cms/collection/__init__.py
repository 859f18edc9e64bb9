"""The digitised collection: relics with their catalogue record, images, and later 3D and audio."""
