/* gs-kind-item.c — one experiment kind as the sidebar lists it. */
#include "gs-kind-item.h"

struct _GsKindItem {
  GObject parent_instance;
  char *name;
  char *title;
  char *description;
  char *icon_name;
};

G_DEFINE_FINAL_TYPE(GsKindItem, gs_kind_item, G_TYPE_OBJECT)

enum { PROP_0, PROP_NAME, PROP_TITLE, PROP_DESCRIPTION, PROP_ICON_NAME, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void gs_kind_item_finalize(GObject *object)
{
  GsKindItem *self = GS_KIND_ITEM(object);
  g_free(self->name);
  g_free(self->title);
  g_free(self->description);
  g_free(self->icon_name);
  G_OBJECT_CLASS(gs_kind_item_parent_class)->finalize(object);
}

static char **field(GsKindItem *self, guint prop_id)
{
  switch (prop_id) {
  case PROP_NAME:
    return &self->name;
  case PROP_TITLE:
    return &self->title;
  case PROP_DESCRIPTION:
    return &self->description;
  case PROP_ICON_NAME:
    return &self->icon_name;
  default:
    return NULL;
  }
}

static void gs_kind_item_get_property(GObject *object, guint prop_id, GValue *value,
                                      GParamSpec *pspec)
{
  char **slot = field(GS_KIND_ITEM(object), prop_id);
  if (slot)
    g_value_set_string(value, *slot);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
}

static void gs_kind_item_set_property(GObject *object, guint prop_id, const GValue *value,
                                      GParamSpec *pspec)
{
  char **slot = field(GS_KIND_ITEM(object), prop_id);
  if (slot) {
    g_free(*slot);
    *slot = g_value_dup_string(value);
  } else {
    G_OBJECT_WARN_INVALID_PROPERTY_ID(object, prop_id, pspec);
  }
}

static void gs_kind_item_class_init(GsKindItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  object_class->finalize = gs_kind_item_finalize;
  object_class->get_property = gs_kind_item_get_property;
  object_class->set_property = gs_kind_item_set_property;

  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  properties[PROP_NAME] = g_param_spec_string("name", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string("title", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string("description", NULL, NULL, NULL, flags);
  properties[PROP_ICON_NAME] = g_param_spec_string("icon-name", NULL, NULL, NULL, flags);
  g_object_class_install_properties(object_class, N_PROPS, properties);
}

static void gs_kind_item_init(GsKindItem *self) {}

GsKindItem *gs_kind_item_new(const char *name, const char *title, const char *description,
                             const char *icon_name)
{
  g_return_val_if_fail(name != NULL && title != NULL, NULL);
  return g_object_new(GS_TYPE_KIND_ITEM, "name", name, "title", title, "description", description,
                      "icon-name", icon_name, NULL);
}

const char *gs_kind_item_get_name(GsKindItem *self)
{
  g_return_val_if_fail(GS_IS_KIND_ITEM(self), NULL);
  return self->name;
}

const char *gs_kind_item_get_title(GsKindItem *self)
{
  g_return_val_if_fail(GS_IS_KIND_ITEM(self), NULL);
  return self->title;
}

const char *gs_kind_item_get_description(GsKindItem *self)
{
  g_return_val_if_fail(GS_IS_KIND_ITEM(self), NULL);
  return self->description;
}

const char *gs_kind_item_get_icon_name(GsKindItem *self)
{
  g_return_val_if_fail(GS_IS_KIND_ITEM(self), NULL);
  return self->icon_name;
}
