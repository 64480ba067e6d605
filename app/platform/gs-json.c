/* gs-json.c — a positioned JSON reader and a short-number JSON writer. */
#include "gs-config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "gs-json.h"
#include "gs-param.h"

struct _GsJsonDoc {
  JsonParser *parser;
  GHashTable *lines;     /* JsonNode* → line */
  GHashTable *seen;      /* JsonObject* → GHashTable of member names */
  GPtrArray *duplicates; /* char* */
};

static void object_member_cb(JsonParser *parser, JsonObject *object, const char *name,
                             gpointer user_data)
{
  GsJsonDoc *doc = user_data;
  guint line = json_parser_get_current_line(parser);
  JsonNode *node = json_object_get_member(object, name);
  if (node) g_hash_table_insert(doc->lines, node, GUINT_TO_POINTER(line));
  GHashTable *names = g_hash_table_lookup(doc->seen, object);
  if (!names) {
    names = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_hash_table_insert(doc->seen, object, names);
  }
  if (!g_hash_table_add(names, g_strdup(name)))
    g_ptr_array_add(doc->duplicates, g_strdup_printf(_("\"%s\" (line %u)"), name, line));
}

GsJsonDoc *gs_json_doc_parse(const char *data, gssize len, GError **error)
{
  GsJsonDoc *doc = g_new0(GsJsonDoc, 1);
  doc->parser = json_parser_new_immutable();
  doc->lines = g_hash_table_new(NULL, NULL);
  doc->seen = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  doc->duplicates = g_ptr_array_new_with_free_func(g_free);
  g_signal_connect(doc->parser, "object-member", G_CALLBACK(object_member_cb), doc);
  if (len < 0) len = strlen(data);
  if (!g_utf8_validate(data, len, NULL)) {
    g_set_error(error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                _("the file is not valid UTF-8 text"));
    gs_json_doc_free(doc);
    return NULL;
  }
  if (!json_parser_load_from_data(doc->parser, data, len, error) ||
      !json_parser_get_root(doc->parser)) {
    if (error && !*error)
      g_set_error(error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, _("the file is empty"));
    gs_json_doc_free(doc);
    return NULL;
  }
  g_hash_table_remove_all(doc->seen); /* object pointers may be reused later */
  return doc;
}

void gs_json_doc_free(GsJsonDoc *doc)
{
  if (!doc) return;
  g_object_unref(doc->parser);
  g_hash_table_unref(doc->lines);
  g_hash_table_unref(doc->seen);
  g_ptr_array_unref(doc->duplicates);
  g_free(doc);
}

JsonNode *gs_json_doc_root(GsJsonDoc *doc)
{
  return json_parser_get_root(doc->parser);
}

guint gs_json_doc_line(GsJsonDoc *doc, JsonNode *node)
{
  return GPOINTER_TO_UINT(g_hash_table_lookup(doc->lines, node));
}

const GPtrArray *gs_json_doc_duplicates(GsJsonDoc *doc)
{
  return doc->duplicates;
}

/* --- writer ---------------------------------------------------------------------------------- */

static void write_string(GString *out, const char *s)
{
  g_string_append_c(out, '"');
  for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
    switch (*p) {
    case '"':
      g_string_append(out, "\\\"");
      break;
    case '\\':
      g_string_append(out, "\\\\");
      break;
    case '\n':
      g_string_append(out, "\\n");
      break;
    case '\r':
      g_string_append(out, "\\r");
      break;
    case '\t':
      g_string_append(out, "\\t");
      break;
    default:
      if (*p < 0x20)
        g_string_append_printf(out, "\\u%04x", *p);
      else
        g_string_append_c(out, (char) *p);
    }
  }
  g_string_append_c(out, '"');
}

static void write_node(GString *out, JsonNode *node, int depth, gboolean pretty)
{
  const char *nl = pretty ? "\n" : "";
  switch (json_node_get_node_type(node)) {
  case JSON_NODE_NULL:
    g_string_append(out, "null");
    return;
  case JSON_NODE_OBJECT: {
    JsonObject *o = json_node_get_object(node);
    g_autoptr(GList) members = json_object_get_members(o);
    if (!members) {
      g_string_append(out, "{}");
      return;
    }
    g_string_append_printf(out, "{%s", nl);
    for (GList *l = members; l; l = l->next) {
      if (pretty) g_string_append_printf(out, "%*s", 2 * (depth + 1), "");
      write_string(out, l->data);
      g_string_append(out, pretty ? ": " : ":");
      write_node(out, json_object_get_member(o, l->data), depth + 1, pretty);
      g_string_append_printf(out, "%s%s", l->next ? "," : "", nl);
    }
    if (pretty) g_string_append_printf(out, "%*s", 2 * depth, "");
    g_string_append_c(out, '}');
    return;
  }
  case JSON_NODE_ARRAY: {
    JsonArray *a = json_node_get_array(node);
    guint n = json_array_get_length(a);
    gboolean flat = TRUE; /* arrays of scalars stay on one line: [64, 64] */
    for (guint i = 0; i < n; i++)
      if (!JSON_NODE_HOLDS_VALUE(json_array_get_element(a, i))) flat = FALSE;
    g_string_append_c(out, '[');
    for (guint i = 0; i < n; i++) {
      if (!flat && pretty) g_string_append_printf(out, "\n%*s", 2 * (depth + 1), "");
      write_node(out, json_array_get_element(a, i), depth + 1, pretty);
      if (i + 1 < n) g_string_append(out, flat && pretty ? ", " : ",");
    }
    if (!flat && pretty && n) g_string_append_printf(out, "\n%*s", 2 * depth, "");
    g_string_append_c(out, ']');
    return;
  }
  case JSON_NODE_VALUE:
    break;
  }
  GType t = json_node_get_value_type(node);
  if (t == G_TYPE_STRING)
    write_string(out, json_node_get_string(node));
  else if (t == G_TYPE_BOOLEAN)
    g_string_append(out, json_node_get_boolean(node) ? "true" : "false");
  else if (t == G_TYPE_INT64)
    g_string_append_printf(out, "%" G_GINT64_FORMAT, json_node_get_int(node));
  else {
    double d = json_node_get_double(node);
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    if (!isfinite(d))
      g_string_append(out, "null"); /* JSON has no NaN or infinity */
    else {
      gs_format_double(d, buf);
      g_string_append(out, buf);
      /* keep it a double when read back: 3 → 3.0 */
      if (!strpbrk(buf, ".en")) g_string_append(out, ".0");
    }
  }
}

char *gs_json_to_string(JsonNode *node)
{
  GString *out = g_string_new(NULL);
  write_node(out, node, 0, TRUE);
  g_string_append_c(out, '\n');
  return g_string_free(out, FALSE);
}

char *gs_json_to_compact_string(JsonNode *node)
{
  GString *out = g_string_new(NULL);
  write_node(out, node, 0, FALSE);
  return g_string_free(out, FALSE);
}
