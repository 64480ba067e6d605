/* gs-example-gallery.h — "New from Example": the example experiments shipped in
 * data/examples/ (installed to $datadir/ganscape/examples), as cards to open.
 *
 *     GsExampleGallery *gallery = gs_example_gallery_new(NULL);    // gs_examples_dir()
 *     g_signal_connect(gallery, "open", G_CALLBACK(open_cb), win); // (const char *path)
 */
#ifndef GS_EXAMPLE_GALLERY_H
#define GS_EXAMPLE_GALLERY_H

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GS_TYPE_EXAMPLE_GALLERY (gs_example_gallery_get_type())
G_DECLARE_FINAL_TYPE(GsExampleGallery, gs_example_gallery, GS, EXAMPLE_GALLERY, GtkBox)

/* $GANSCAPE_EXAMPLES_DIR, else the installed examples, else the source tree's. */
char *gs_examples_dir(void);
GsExampleGallery *gs_example_gallery_new(const char *dir);
void gs_example_gallery_reload(GsExampleGallery *self);
guint gs_example_gallery_get_n_examples(GsExampleGallery *self);
/* The path of the n-th card (for tests). */
const char *gs_example_gallery_get_path(GsExampleGallery *self, guint n);

G_END_DECLS

#endif /* GS_EXAMPLE_GALLERY_H */
