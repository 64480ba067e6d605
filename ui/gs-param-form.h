/* gs-param-form.h — the settings form of an experiment, built from its parameter schema.
 *
 * One row per parameter, in groups: spin buttons with ranges and units for numbers (with a
 * slider, logarithmic where the schema says so), dropdowns for choices, switches for booleans,
 * entries for text and integer lists, an entry with a file chooser for paths; the help text is
 * the tooltip. What the schema refuses is refused on the spot: the row turns red and says why,
 * and the value stays what it was.
 *
 *     GsParamForm *form = gs_param_form_new(kind->schema);
 *     gs_param_form_set_values(form, file->params);
 *     g_signal_connect(form, "changed", G_CALLBACK(param_changed_cb), page); // (name, live)
 *     gs_param_form_set_running(form, TRUE); // non-live rows now say "applies on reset"
 */
#ifndef GS_PARAM_FORM_H
#define GS_PARAM_FORM_H

#include <gtk/gtk.h>

#include "platform/gs-param.h"

G_BEGIN_DECLS

#define GS_TYPE_PARAM_FORM (gs_param_form_get_type())
G_DECLARE_FINAL_TYPE(GsParamForm, gs_param_form, GS, PARAM_FORM, GtkBox)

GsParamForm *gs_param_form_new(const GsParamSpec *schema);
/* Shows a copy of values (same schema). */
void gs_param_form_set_values(GsParamForm *self, const GsParamValues *values);
/* The values as shown (every one valid). */
const GsParamValues *gs_param_form_get_values(GsParamForm *self);
/* The run refused a live change to name: show in_use's value again and say why under the row
 * (without emitting "changed"). */
void gs_param_form_refuse(GsParamForm *self, const char *name, const GsParamValues *in_use,
                          const char *why);
/* While an experiment runs, a change to a parameter that is not live is kept for the next
 * reset, and its row says so. */
void gs_param_form_set_running(GsParamForm *self, gboolean running);
/* Names whose change waits for a reset; cleared by set_values. */
gboolean gs_param_form_has_pending(GsParamForm *self);
/* The widget that edits name (for tests). */
GtkWidget *gs_param_form_get_editor(GsParamForm *self, const char *name);
/* The message under name's row ("" when none). */
const char *gs_param_form_get_message(GsParamForm *self, const char *name);

G_END_DECLS

#endif /* GS_PARAM_FORM_H */
