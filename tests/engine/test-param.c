/* test-param.c — schemas, values, parsing, checks and their messages. */
#include <locale.h>
#include <math.h>

#include "gs-test-kind.h"
#include "platform/gs-json.h"
#include "platform/gs-param.h"

static const GsParamChoice loss_choices[] = {{"ns", "NS"}, {"lsgan", "LS"}, {NULL, NULL}};
static const GsParamSpec schema[] = {{.name = "d_lr",
                                      .type = GS_PARAM_DOUBLE,
                                      .label = "D lr",
                                      .group = "T",
                                      .min = 1e-6,
                                      .max = 1,
                                      .def = 1e-3,
                                      .log_scale = TRUE,
                                      .live = TRUE},
                                     {.name = "loss",
                                      .type = GS_PARAM_CHOICE,
                                      .label = "Loss",
                                      .group = "T",
                                      .choices = loss_choices,
                                      .def_text = "ns"},
                                     {.name = "batch",
                                      .type = GS_PARAM_INT,
                                      .label = "Batch",
                                      .group = "T",
                                      .min = 1,
                                      .max = 4096,
                                      .def = 150},
                                     {.name = "smooth",
                                      .type = GS_PARAM_BOOL,
                                      .label = "Smooth",
                                      .group = "T",
                                      .def = 1,
                                      .relevant_if = "loss=ns"},
                                     {.name = "widths",
                                      .type = GS_PARAM_INT_LIST,
                                      .label = "W",
                                      .group = "M",
                                      .min = 1,
                                      .max = 512,
                                      .min_len = 0,
                                      .max_len = 8,
                                      .def_text = "64,64"},
                                     {.name = "title",
                                      .type = GS_PARAM_STRING,
                                      .label = "Title",
                                      .group = "M",
                                      .max_len = 5,
                                      .def_text = "abc"},
                                     {NULL}};

static void test_defaults(void)
{
  g_autoptr(GError) error = NULL;
  g_assert_true(gs_schema_check(schema, &error));
  g_autoptr(GsParamValues) v = gs_param_values_new(schema);
  g_assert_cmpfloat(gs_param_values_get_double(v, "d_lr"), ==, 1e-3);
  g_assert_cmpstr(gs_param_values_get_string(v, "loss"), ==, "ns");
  g_assert_cmpint(gs_param_values_get_int(v, "batch"), ==, 150);
  g_assert_true(gs_param_values_get_bool(v, "smooth"));
  guint n;
  const gint64 *w = gs_param_values_get_int_list(v, "widths", &n);
  g_assert_cmpuint(n, ==, 2);
  g_assert_cmpint(w[0], ==, 64);
  g_assert_cmpint(w[1], ==, 64);
}

static void expect_error(GsParamValues *v, const char *name, const char *text, const char *msg)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = gs_param_values_format(v, name);
  g_assert_false(gs_param_values_parse(v, name, text, &error));
  g_assert_nonnull(error);
  g_assert_cmpstr(error->message, ==, msg);
  g_autofree char *after = gs_param_values_format(v, name);
  g_assert_cmpstr(before, ==, after); /* unchanged on failure */
}

static void test_messages(void)
{
  g_autoptr(GsParamValues) v = gs_param_values_new(schema);
  expect_error(v, "d_lr", "7", "\"d_lr\": 7 is out of range — allowed 1e-6 … 1");
  expect_error(v, "d_lr", "abc", "\"d_lr\": \"abc\" is not a number — allowed 1e-6 … 1");
  expect_error(v, "d_lr", "nan", "\"d_lr\": nan is not a finite number — allowed 1e-6 … 1");
  expect_error(v, "batch", "1.5", "\"batch\": \"1.5\" is not an integer — allowed 1 … 4096");
  expect_error(v, "batch", "0", "\"batch\": 0 is out of range — allowed 1 … 4096");
  expect_error(v, "loss", "wgan",
               "\"loss\": \"wgan\" is not one of the choices — allowed \"ns\", \"lsgan\"");
  expect_error(v, "smooth", "maybe",
               "\"smooth\": \"maybe\" is not a boolean — allowed true or false");
  expect_error(v, "widths", "64,,3",
               "\"widths\": \"64,,3\" is not a list of integers — allowed 0 "
               "to 8 integers in 1 … 512, separated by commas");
  expect_error(v, "widths", "1,2,3,4,5,6,7,8,9",
               "\"widths\": \"1,2,3,4,5,6,7,8,9\" (9) has the wrong number of entries — allowed 0 "
               "to 8 integers in 1 … 512, separated by commas");
  expect_error(v, "widths", "64,0",
               "\"widths\": entry 2 (0) is out of range — allowed 0 to 8 "
               "integers in 1 … 512, separated by commas");
  expect_error(v, "title", "toolong",
               "\"title\": text of 7 characters is too short or too long — allowed text of 0 to 5 "
               "characters");
  g_autoptr(GError) error = NULL;
  g_assert_false(gs_param_values_parse(v, "d_rl", "1", &error));
  g_assert_cmpstr(error->message, ==, "\"d_rl\": no such parameter (did you mean \"d_lr\"?)");
  g_clear_error(&error);
  g_assert_false(gs_param_values_parse(v, "zzzzzz", "1", &error));
  g_assert_cmpstr(error->message, ==, "\"zzzzzz\": no such parameter");
}

static void test_parse_and_format(void)
{
  g_autoptr(GsParamValues) v = gs_param_values_new(schema);
  g_autoptr(GError) error = NULL;
  g_assert_true(gs_param_values_parse(v, "d_lr", " 2.5e-4 ", &error));
  g_assert_cmpfloat(gs_param_values_get_double(v, "d_lr"), ==, 2.5e-4);
  g_assert_true(gs_param_values_parse(v, "batch", "1e3", &error));
  g_assert_cmpint(gs_param_values_get_int(v, "batch"), ==, 1000);
  g_assert_true(gs_param_values_parse(v, "smooth", "off", &error));
  g_assert_false(gs_param_values_get_bool(v, "smooth"));
  g_assert_true(gs_param_values_parse(v, "widths", "", &error));
  guint n;
  gs_param_values_get_int_list(v, "widths", &n);
  g_assert_cmpuint(n, ==, 0);
  g_assert_true(gs_param_values_parse(v, "widths", "8, 16 ,32", &error));
  const char *names[] = {"d_lr", "loss", "batch", "smooth", "widths", "title"};
  for (guint i = 0; i < G_N_ELEMENTS(names); i++) {
    /* format → parse is the identity */
    g_autofree char *text = gs_param_values_format(v, names[i]);
    g_autoptr(GsParamValues) w = gs_param_values_copy(v);
    gs_param_values_reset(w, names[i]);
    g_assert_true(gs_param_values_parse(w, names[i], text, &error));
    g_assert_true(gs_param_values_equal(v, w));
  }
  g_autofree char *widths = gs_param_values_format(v, "widths");
  g_assert_cmpstr(widths, ==, "8,16,32");
}

/* What a run changed from the defaults, in schema order; a value set back to its default is
 * not a change. */
static void test_describe_changes(void)
{
  g_autoptr(GsParamValues) v = gs_param_values_new(schema);
  g_autofree char *none = gs_param_values_describe_changes(v, " · ");
  g_assert_cmpstr(none, ==, "");
  g_assert_true(gs_param_values_parse(v, "widths", "8,16", NULL));
  g_assert_true(gs_param_values_parse(v, "d_lr", "0.01", NULL));
  g_assert_true(gs_param_values_parse(v, "batch", "64", NULL));
  g_assert_true(gs_param_values_parse(v, "batch", "150", NULL));
  g_autofree char *two = gs_param_values_describe_changes(v, " · ");
  g_assert_cmpstr(two, ==, "d_lr = 0.01 · widths = 8,16");
}

static void test_json_round_trip(void)
{
  g_autoptr(GsParamValues) v = gs_param_values_new(schema);
  g_autoptr(GError) error = NULL;
  g_assert_true(gs_param_values_parse(v, "d_lr", "0.1", &error));
  g_assert_true(gs_param_values_parse(v, "loss", "lsgan", &error));
  g_autoptr(JsonNode) node = gs_param_values_to_json(v);
  g_autofree char *text = gs_json_to_compact_string(node);
  g_assert_cmpstr(text, ==,
                  "{\"d_lr\":0.1,\"loss\":\"lsgan\",\"batch\":150,\"smooth\":true,"
                  "\"widths\":[64,64],\"title\":\"abc\"}");
  g_autoptr(GsJsonDoc) doc = gs_json_doc_parse(text, -1, &error);
  g_assert_nonnull(doc);
  g_autoptr(GsParamValues) w = gs_param_values_new(schema);
  JsonObject *o = json_node_get_object(gs_json_doc_root(doc));
  for (guint i = 0; schema[i].name; i++)
    g_assert_true(gs_param_values_set_json(w, schema[i].name,
                                           json_object_get_member(o, schema[i].name), &error));
  g_assert_true(gs_param_values_equal(v, w));
  /* JSON type mismatches name the field and both types */
  JsonNode *s = json_node_new(JSON_NODE_VALUE);
  json_node_set_string(s, "x");
  g_assert_false(gs_param_values_set_json(w, "batch", s, &error));
  g_assert_cmpstr(error->message, ==, "\"batch\": expected a int, got a string");
  json_node_unref(s);
}

static void test_variant(void)
{
  g_autoptr(GsParamValues) v = gs_param_values_new(schema);
  g_autoptr(GError) error = NULL;
  for (guint i = 0; schema[i].name; i++) {
    g_autoptr(GVariant) var = g_variant_ref_sink(gs_param_values_to_variant(v, schema[i].name));
    g_assert_true(gs_param_values_set_variant(v, schema[i].name, var, &error));
  }
  g_assert_false(gs_param_values_set_variant(v, "d_lr", g_variant_new_double(2), &error));
  g_assert_error(error, GS_PARAM_ERROR, GS_PARAM_ERROR_RANGE);
}

static void test_format_double(void)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_assert_cmpstr(gs_format_double(0.1, buf), ==, "0.1");
  g_assert_cmpstr(gs_format_double(1e-6, buf), ==, "1e-6");
  g_assert_cmpstr(gs_format_double(3, buf), ==, "3");
  g_assert_cmpstr(gs_format_double(1.5e20, buf), ==, "1.5e20");
  g_assert_cmpstr(gs_format_double(-2.5e-300, buf), ==, "-2.5e-300");
  double awkward = 0.1 + 0.2;
  g_assert_cmpfloat(g_ascii_strtod(gs_format_double(awkward, buf), NULL), ==, awkward);
  /* The user's locale never leaks into the text. */
  if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
    g_assert_cmpstr(gs_format_double(0.25, buf), ==, "0.25");
    setlocale(LC_NUMERIC, "C");
  }
}

static void test_schema_check_catches(void)
{
  static const GsParamSpec bad_default[] = {
      {.name = "x", .type = GS_PARAM_INT, .label = "X", .group = "G", .min = 1, .max = 3, .def = 5},
      {NULL}};
  static const GsParamSpec bad_name[] = {
      {.name = "X-1", .type = GS_PARAM_BOOL, .label = "X", .group = "G"}, {NULL}};
  static const GsParamSpec bad_log[] = {{.name = "x",
                                         .type = GS_PARAM_DOUBLE,
                                         .label = "X",
                                         .group = "G",
                                         .min = 0,
                                         .max = 1,
                                         .log_scale = TRUE},
                                        {NULL}};
  static const GsParamSpec bad_relevant[] = {
      {.name = "x", .type = GS_PARAM_BOOL, .label = "X", .group = "G", .relevant_if = "y=1"},
      {NULL}};
  const GsParamSpec *bad[] = {bad_default, bad_name, bad_log, bad_relevant};
  for (guint i = 0; i < G_N_ELEMENTS(bad); i++) {
    g_autoptr(GError) error = NULL;
    g_assert_false(gs_schema_check(bad[i], &error));
    g_assert_nonnull(strstr(error->message, "parameter \""));
  }
}

static void test_registered_kinds_are_sound(void)
{
  guint n;
  const GsExperimentKind *const *kinds = gs_experiment_kinds(&n);
  g_assert_cmpuint(n, >=, 1);
  for (guint i = 0; i < n; i++) {
    g_autoptr(GError) error = NULL;
    g_assert_true(gs_schema_check(kinds[i]->schema, &error));
    g_assert_nonnull(kinds[i]->description);
    g_assert_cmpint(kinds[i]->default_steps, >, 0);
    g_assert_true(gs_experiment_kind_lookup(kinds[i]->id) == kinds[i]);
  }
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  gs_test_kind_register();
  g_test_add_func("/param/defaults", test_defaults);
  g_test_add_func("/param/messages", test_messages);
  g_test_add_func("/param/describe-changes", test_describe_changes);
  g_test_add_func("/param/parse-format", test_parse_and_format);
  g_test_add_func("/param/json", test_json_round_trip);
  g_test_add_func("/param/variant", test_variant);
  g_test_add_func("/param/format-double", test_format_double);
  g_test_add_func("/param/schema-check", test_schema_check_catches);
  g_test_add_func("/param/registered-kinds", test_registered_kinds_are_sound);
  return g_test_run();
}
