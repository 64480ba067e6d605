/* gs-example-gallery.c — cards for the example experiment files. */
#include "gs-example-gallery.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "gs-config.h"
#include "platform/gs-experiment-file.h"

struct _GsExampleGallery {
  GtkBox parent_instance;
  char *dir;
  GPtrArray *paths; /* char*, one per card */
  GtkFlowBox *flow;
  GtkLabel *empty;
};

enum { SIGNAL_OPEN, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE(GsExampleGallery, gs_example_gallery, GTK_TYPE_BOX)

char *gs_examples_dir(void)
{
  const char *env = g_getenv("GANSCAPE_EXAMPLES_DIR");
  if (env && *env) return g_strdup(env);
  char *installed = g_build_filename(GS_PKGDATADIR, "examples", NULL);
  if (g_file_test(installed, G_FILE_TEST_IS_DIR)) return installed;
  g_free(installed);
  return g_build_filename(GS_SOURCE_DIR, "data", "examples", NULL);
}

static int compare_paths(gconstpointer a, gconstpointer b)
{
  return g_strcmp0(*(char *const *) a, *(char *const *) b);
}

static GtkWidget *make_card(const char *path, GsExperimentFile *file, const char *problem)
{
  GtkWidget *box = gtk_box_new(GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_size_request(box, 240, 90);
  g_autofree char *base = g_path_get_basename(path);
  char *dot = g_strrstr(base, GS_EXPERIMENT_FILE_SUFFIX);
  if (dot) *dot = '\0';
  g_strdelimit(base, "-_", ' ');
  GtkWidget *title = gtk_label_new(base);
  gtk_widget_add_css_class(title, "heading");
  gtk_label_set_xalign(GTK_LABEL(title), 0);
  gtk_box_append(GTK_BOX(box), title);
  g_autofree char *sub = file ? g_strdup_printf(_("%s · seed %" PRIu64 " · %" PRId64 " steps"),
                                                _(file->kind->title), file->seed, file->steps)
                              : g_strdup(problem);
  GtkWidget *kind = gtk_label_new(sub);
  gtk_widget_add_css_class(kind, "dim-label");
  gtk_label_set_xalign(GTK_LABEL(kind), 0);
  gtk_label_set_wrap(GTK_LABEL(kind), TRUE);
  gtk_box_append(GTK_BOX(box), kind);
  if (file && file->notes) {
    GtkWidget *notes = gtk_label_new(file->notes);
    gtk_label_set_xalign(GTK_LABEL(notes), 0);
    gtk_label_set_wrap(GTK_LABEL(notes), TRUE);
    gtk_label_set_lines(GTK_LABEL(notes), 3);
    gtk_label_set_ellipsize(GTK_LABEL(notes), PANGO_ELLIPSIZE_END);
    gtk_label_set_max_width_chars(GTK_LABEL(notes), 36);
    gtk_box_append(GTK_BOX(box), notes);
  }
  gtk_widget_set_sensitive(box, file != NULL);
  gtk_widget_set_tooltip_text(box, path);
  gtk_widget_set_margin_top(box, 8);
  gtk_widget_set_margin_bottom(box, 8);
  gtk_widget_set_margin_start(box, 10);
  gtk_widget_set_margin_end(box, 10);
  GtkWidget *frame = gtk_frame_new(NULL);
  gtk_frame_set_child(GTK_FRAME(frame), box);
  return frame;
}

void gs_example_gallery_reload(GsExampleGallery *self)
{
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child(GTK_WIDGET(self->flow))))
    gtk_flow_box_remove(self->flow, child);
  g_ptr_array_set_size(self->paths, 0);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func(g_free);
  GDir *dir = g_dir_open(self->dir, 0, NULL);
  const char *name;
  while (dir && (name = g_dir_read_name(dir)))
    if (g_str_has_suffix(name, GS_EXPERIMENT_FILE_SUFFIX))
      g_ptr_array_add(found, g_build_filename(self->dir, name, NULL));
  if (dir) g_dir_close(dir);
  g_ptr_array_sort(found, compare_paths);
  for (guint i = 0; i < found->len; i++) {
    g_autoptr(GError) error = NULL;
    g_autoptr(GsExperimentFile) file = gs_experiment_file_load(found->pdata[i], &error);
    /* An example of a kind this build lacks is not offered. */
    if (!file && error->code == GS_EXPERIMENT_FILE_ERROR_KIND) continue;
    gtk_flow_box_append(self->flow,
                        make_card(found->pdata[i], file, error ? error->message : NULL));
    g_ptr_array_add(self->paths, g_strdup(found->pdata[i]));
  }
  gtk_widget_set_visible(GTK_WIDGET(self->empty), self->paths->len == 0);
}

static void child_activated_cb(GtkFlowBox *flow, GtkFlowBoxChild *child, GsExampleGallery *self)
{
  int i = gtk_flow_box_child_get_index(child);
  if (i >= 0 && (guint) i < self->paths->len)
    g_signal_emit(self, signals[SIGNAL_OPEN], 0, self->paths->pdata[i]);
}

guint gs_example_gallery_get_n_examples(GsExampleGallery *self)
{
  return self->paths->len;
}

const char *gs_example_gallery_get_path(GsExampleGallery *self, guint n)
{
  return n < self->paths->len ? self->paths->pdata[n] : NULL;
}

static void gs_example_gallery_finalize(GObject *object)
{
  GsExampleGallery *self = GS_EXAMPLE_GALLERY(object);
  g_free(self->dir);
  g_ptr_array_unref(self->paths);
  G_OBJECT_CLASS(gs_example_gallery_parent_class)->finalize(object);
}

static void gs_example_gallery_class_init(GsExampleGalleryClass *klass)
{
  G_OBJECT_CLASS(klass)->finalize = gs_example_gallery_finalize;
  /* An example was chosen: (const char *path). */
  signals[SIGNAL_OPEN] = g_signal_new("open", G_TYPE_FROM_CLASS(klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                      NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void gs_example_gallery_init(GsExampleGallery *self)
{
  self->paths = g_ptr_array_new_with_free_func(g_free);
}

GsExampleGallery *gs_example_gallery_new(const char *dir)
{
  GsExampleGallery *self = g_object_new(GS_TYPE_EXAMPLE_GALLERY, "orientation",
                                        GTK_ORIENTATION_VERTICAL, "spacing", 8, NULL);
  self->dir = dir ? g_strdup(dir) : gs_examples_dir();
  gtk_widget_set_margin_start(GTK_WIDGET(self), 16);
  gtk_widget_set_margin_end(GTK_WIDGET(self), 16);
  gtk_widget_set_margin_top(GTK_WIDGET(self), 16);
  GtkWidget *title = gtk_label_new(_("New from Example"));
  gtk_widget_add_css_class(title, "title-2");
  gtk_label_set_xalign(GTK_LABEL(title), 0);
  gtk_box_append(GTK_BOX(self), title);
  GtkWidget *hint = gtk_label_new(_("Each example is an experiment file: open one, change what "
                                    "you like, and save it as your own."));
  gtk_label_set_xalign(GTK_LABEL(hint), 0);
  gtk_widget_add_css_class(hint, "dim-label");
  gtk_box_append(GTK_BOX(self), hint);
  self->empty = GTK_LABEL(gtk_label_new(_("No examples for the experiment kinds of this build.")));
  gtk_box_append(GTK_BOX(self), GTK_WIDGET(self->empty));
  self->flow = GTK_FLOW_BOX(gtk_flow_box_new());
  gtk_flow_box_set_selection_mode(self->flow, GTK_SELECTION_NONE);
  gtk_flow_box_set_activate_on_single_click(self->flow, TRUE);
  gtk_flow_box_set_max_children_per_line(self->flow, 4);
  gtk_flow_box_set_row_spacing(self->flow, 8);
  g_signal_connect(self->flow, "child-activated", G_CALLBACK(child_activated_cb), self);
  GtkWidget *scroller = gtk_scrolled_window_new();
  gtk_scrolled_window_set_child(GTK_SCROLLED_WINDOW(scroller), GTK_WIDGET(self->flow));
  gtk_widget_set_vexpand(scroller, TRUE);
  gtk_box_append(GTK_BOX(self), scroller);
  gs_example_gallery_reload(self);
  return self;
}
