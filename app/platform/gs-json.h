/* gs-json.h — JSON for files people read and edit: a reader that remembers where each value
 * stood and which members appeared twice, and a writer that prints numbers the short way.
 *
 *     g_autoptr(GsJsonDoc) doc = gs_json_doc_parse(text, len, &error); // NULL: syntax, with line
 *     JsonNode *root = gs_json_doc_root(doc);
 *     guint line = gs_json_doc_line(doc, member_node);                 // 0 when unknown
 *     char *text = gs_json_to_string(root);   // {"lr": 0.1} and not 0.10000000000000001
 */
#ifndef GS_JSON_H
#define GS_JSON_H

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _GsJsonDoc GsJsonDoc;

GsJsonDoc *gs_json_doc_parse(const char *data, gssize len, GError **error);
void gs_json_doc_free(GsJsonDoc *doc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsJsonDoc, gs_json_doc_free)
JsonNode *gs_json_doc_root(GsJsonDoc *doc);
/* The line on which a member's value was read (1-based), or 0. */
guint gs_json_doc_line(GsJsonDoc *doc, JsonNode *node);
/* "name (line 7)" for each member that appeared more than once in its object; the last value
 * is the one kept, as json-glib does. */
const GPtrArray *gs_json_doc_duplicates(GsJsonDoc *doc);

/* Pretty-printed with two spaces, members in their order, doubles in their shortest form. */
char *gs_json_to_string(JsonNode *node);
/* One line, for the store. */
char *gs_json_to_compact_string(JsonNode *node);

G_END_DECLS

#endif /* GS_JSON_H */
