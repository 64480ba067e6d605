/* test-experiment-file.c — loading, validation messages, unknown fields, save round trips. */
#include <glib/gstdio.h>
#include <string.h>

#include "gs-config.h"

#include "gs-test-kind.h"
#include "platform/gs-experiment-file.h"

static GsExperimentFile *load(const char *text, GError **error)
{
  return gs_experiment_file_load_data(text, -1, "x.ganscape.json", error);
}

static void test_minimal(void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperimentFile) f = load(
      "{\"format\": \"ganscape-experiment\", \"version\": 1, \"kind\": \"synthetic\"}", &error);
  g_assert_no_error(error);
  g_assert_cmpuint(f->seed, ==, 0);
  g_assert_cmpstr(f->backend, ==, "auto");
  g_assert_cmpint(f->steps, ==, gs_test_kind.default_steps);
  g_assert_cmpuint(f->warnings->len, ==, 0);
  g_autoptr(GsParamValues) defaults = gs_param_values_new(gs_test_kind.schema);
  g_assert_true(gs_param_values_equal(f->params, defaults));
}

static void test_every_error_with_lines(void)
{
  const char *text = "{\n"
                     "  \"format\": \"ganscape-experiment\",\n"
                     "  \"version\": 1,\n"
                     "  \"kind\": \"synthetic\",\n"
                     "  \"seed\": -4,\n"
                     "  \"params\": {\n"
                     "    \"lr\": 7,\n"
                     "    \"batch\": \"many\",\n"
                     "    \"hidden\": [8, 0]\n"
                     "  }\n"
                     "}\n";
  g_autoptr(GError) error = NULL;
  g_assert_null(load(text, &error));
  g_assert_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_INVALID);
  g_assert_cmpstr(error->message, ==,
                  "x.ganscape.json:5: \"seed\" must be an integer in 0 … 9007199254740991\n"
                  "x.ganscape.json:7: \"lr\": 7 is out of range — allowed 1e-6 … 1\n"
                  "x.ganscape.json:8: \"batch\": expected a int, got a string\n"
                  "x.ganscape.json:9: \"hidden\": entry 2 (0) is out of range — allowed 0 to 4 "
                  "integers in 1 … 256, separated by commas");
}

static void test_unknown_fields_kept(void)
{
  const char *text = "{\"format\": \"ganscape-experiment\", \"version\": 1,\n"
                     "\"kind\": \"synthetic\", \"seed\": 7, \"backend\": \"cpu\", \"steps\": 30,\n"
                     "\"params\": {\"lrr\": 0.5, \"batch\": 8},\n"
                     "\"colour\": \"blue\", \"notes\": \"hello\", \"seed\": 9}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GsExperimentFile) f = load(text, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(f->seed, ==, 9);
  g_assert_cmpint(f->steps, ==, 30);
  g_assert_cmpint(gs_param_values_get_int(f->params, "batch"), ==, 8);
  const GPtrArray *w = gs_experiment_file_get_warnings(f);
  g_assert_cmpuint(w->len, ==, 3);
  g_assert_cmpstr(
      w->pdata[0], ==,
      "x.ganscape.json:3: params.lrr: \"synthetic\" has no such parameter (did you mean "
      "\"lr\"?); kept in the file but not used");
  g_assert_cmpstr(w->pdata[1], ==,
                  "x.ganscape.json:4: colour: unknown member; kept in the file but not used");
  g_assert_cmpstr(w->pdata[2], ==,
                  "x.ganscape.json: member \"seed\" (line 4) appears twice; the last one is used");
  /* Saved and loaded again: the unknown members are still there, the rest is equal. */
  g_autofree char *saved = gs_experiment_file_to_data(f);
  g_assert_nonnull(strstr(saved, "\"colour\": \"blue\""));
  g_assert_nonnull(strstr(saved, "\"lrr\": 0.5"));
  g_autoptr(GsExperimentFile) g = load(saved, &error);
  g_assert_no_error(error);
  g_assert_true(gs_param_values_equal(f->params, g->params));
  g_assert_cmpstr(g->notes, ==, "hello");
  g_assert_cmpuint(gs_experiment_file_get_warnings(g)->len, ==, 2);
}

static void test_format_errors(void)
{
  struct {
    const char *text, *message;
    int code;
  } cases[] = {
      {"", "x.ganscape.json: the file is empty", GS_EXPERIMENT_FILE_ERROR_SYNTAX},
      {"[1]", "x.ganscape.json: not an experiment file: the top level must be a JSON object",
       GS_EXPERIMENT_FILE_ERROR_SYNTAX},
      {"{\"format\": \"other\"}",
       "x.ganscape.json: not an experiment file: \"format\" must be \"ganscape-experiment\"",
       GS_EXPERIMENT_FILE_ERROR_FORMAT},
      {"{\"format\": \"ganscape-experiment\", \"version\": 2, \"kind\": \"synthetic\"}",
       "x.ganscape.json:1: the file has format version 2; this Ganscape reads version 1: update "
       "Ganscape",
       GS_EXPERIMENT_FILE_ERROR_FORMAT},
      {"{\"format\": \"ganscape-experiment\", \"version\": 1, \"kind\": \"nope\"}",
       /* followed by every registered kind (the product's and "synthetic") */
       "x.ganscape.json:1: \"kind\": \"nope\" is not an experiment kind of this Ganscape — known: ",
       GS_EXPERIMENT_FILE_ERROR_KIND},
      {"{\"format\": \"ganscape-experiment\", \"version\": 1, \"kind\": \"synthetic\", "
       "\"backend\": \"cuda\", \"steps\": 0, \"params\": []}",
       "x.ganscape.json:1: \"backend\" must be \"auto\", \"cpu\" or \"vulkan\"\n"
       "x.ganscape.json:1: \"steps\" must be an integer in 1 … 1e12\n"
       "x.ganscape.json:1: \"params\" must be an object",
       GS_EXPERIMENT_FILE_ERROR_INVALID},
  };
  for (guint i = 0; i < G_N_ELEMENTS(cases); i++) {
    g_autoptr(GError) error = NULL;
    g_assert_null(load(cases[i].text, &error));
    g_assert_error(error, GS_EXPERIMENT_FILE_ERROR, cases[i].code);
    g_autofree char *ids = gs_experiment_kinds_list_ids();
    g_autofree char *want = cases[i].code == GS_EXPERIMENT_FILE_ERROR_KIND
                                ? g_strconcat(cases[i].message, ids, NULL)
                                : g_strdup(cases[i].message);
    g_assert_cmpstr(error->message, ==, want);
  }
  /* Not UTF-8, and JSON syntax errors name a line. */
  g_autoptr(GError) error = NULL;
  g_assert_null(load("{\"format\": \"\xff\"}", &error));
  g_assert_cmpstr(error->message, ==, "x.ganscape.json: the file is not valid UTF-8 text");
  g_clear_error(&error);
  g_assert_null(load("{\n\"format\": ,\n}", &error));
  g_assert_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_SYNTAX);
  g_assert_nonnull(strstr(error->message, "x.ganscape.json: "));
}

static void test_save_load_file(void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp("gs-file-XXXXXX", &error);
  g_autofree char *path = g_build_filename(dir, "a.ganscape.json", NULL);
  g_autoptr(GsExperimentFile) f = gs_experiment_file_new(&gs_test_kind);
  f->seed = 42;
  f->steps = 17;
  g_free(f->backend);
  f->backend = g_strdup("cpu");
  g_assert_true(gs_param_values_parse(f->params, "lr", "0.003", &error));
  g_assert_true(gs_param_values_parse(f->params, "label", "ä \"quoted\"\n", &error));
  g_assert_true(gs_experiment_file_save(f, path, &error));
  g_autofree char *text = NULL;
  g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
  g_assert_nonnull(strstr(text, "\"lr\": 0.003,"));
  g_autoptr(GsExperimentFile) g = gs_experiment_file_load(path, &error);
  g_assert_no_error(error);
  g_assert_cmpuint(g->seed, ==, 42);
  g_assert_cmpint(g->steps, ==, 17);
  g_assert_cmpstr(g->backend, ==, "cpu");
  g_assert_true(gs_param_values_equal(f->params, g->params));
  g_unlink(path);
  g_rmdir(dir);
  g_assert_null(gs_experiment_file_load(path, &error));
  g_assert_error(error, GS_EXPERIMENT_FILE_ERROR, GS_EXPERIMENT_FILE_ERROR_SYNTAX);
}

static void test_examples_load(void)
{
  /* Every shipped example loads without errors or warnings (the gallery relies on it). */
  g_autofree char *dir_path = g_build_filename(GS_SOURCE_DIR, "data", "examples", NULL);
  GDir *dir = g_dir_open(dir_path, 0, NULL);
  if (!dir) return;
  const char *name;
  while ((name = g_dir_read_name(dir))) {
    if (!g_str_has_suffix(name, GS_EXPERIMENT_FILE_SUFFIX)) continue;
    g_autofree char *path = g_build_filename(dir_path, name, NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GsExperimentFile) f = gs_experiment_file_load(path, &error);
    if (error && error->code == GS_EXPERIMENT_FILE_ERROR_KIND) continue; /* kind not built */
    g_assert_no_error(error);
    g_assert_cmpuint(f->warnings->len, ==, 0);
  }
  g_dir_close(dir);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  gs_test_kind_register();
  g_test_add_func("/file/minimal", test_minimal);
  g_test_add_func("/file/errors-with-lines", test_every_error_with_lines);
  g_test_add_func("/file/unknown-kept", test_unknown_fields_kept);
  g_test_add_func("/file/format-errors", test_format_errors);
  g_test_add_func("/file/save-load", test_save_load_file);
  g_test_add_func("/file/examples", test_examples_load);
  return g_test_run();
}
