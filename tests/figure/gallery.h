/* gallery.h — one deterministic figure of every plot type, for the golden-image tests, the
 * export tests and for looking at (gs-figure-gallery writes them all as PNG). */
#ifndef GALLERY_H
#define GALLERY_H

#include "gs-figure.h"

/* NULL-terminated list of names. */
extern const char *const gallery_names[];

/* A fresh, unsealed figure; NULL for an unknown name. */
GsFigure *gallery_build(const char *name);

#endif
