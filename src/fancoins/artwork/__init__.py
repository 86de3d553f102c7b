"""Gift artwork operators upload: checked raster images, stored by content hash."""
