/* gs-kind-item.h — one experiment kind as the sidebar lists it.
 *
 * The window's sidebar shows a GListModel of GsKindItem (see gs_window_set_kinds()):
 *
 *     GListStore *kinds = g_list_store_new(GS_TYPE_KIND_ITEM);
 *     g_list_store_append(kinds, gs_kind_item_new("landscape", _("Discriminator landscape"),
 *                                                 _("How D's decision surface moves"), NULL));
 */
#ifndef GS_KIND_ITEM_H
#define GS_KIND_ITEM_H

#include <glib-object.h>

G_BEGIN_DECLS

#define GS_TYPE_KIND_ITEM (gs_kind_item_get_type())
G_DECLARE_FINAL_TYPE(GsKindItem, gs_kind_item, GS, KIND_ITEM, GObject)

/* name: the kind's id ("landscape"); title and description: translated text for people;
 * icon_name: a themed icon, or NULL for a generic one. */
GsKindItem *gs_kind_item_new(const char *name, const char *title, const char *description,
                             const char *icon_name);
const char *gs_kind_item_get_name(GsKindItem *self);
const char *gs_kind_item_get_title(GsKindItem *self);
const char *gs_kind_item_get_description(GsKindItem *self);
const char *gs_kind_item_get_icon_name(GsKindItem *self);

G_END_DECLS

#endif /* GS_KIND_ITEM_H */
