/* test-cli.c — ganscape-cli's dispatcher: version, help, exit codes, every subcommand
 * reachable, the "not available yet" path, and the Japanese help. The binary comes from
 * $GANSCAPE_CLI (meson sets it). */
#include <glib.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "gs-cli.h"

static const char *const commands[] = {"run", "sweep", "runs", "export", "metrics", "bench"};

typedef struct {
  int status;
  char *out;
  char *err;
} Result;

static Result cli(const char *const *env_extra, ...)
{
  GPtrArray *argv = g_ptr_array_new();
  g_ptr_array_add(argv, (gpointer) g_getenv("GANSCAPE_CLI"));
  va_list ap;
  va_start(ap, env_extra);
  for (const char *arg; (arg = va_arg(ap, const char *));) g_ptr_array_add(argv, (gpointer) arg);
  va_end(ap);
  g_ptr_array_add(argv, NULL);

  char **envp = g_get_environ();
  for (int i = 0; env_extra && env_extra[i]; i += 2)
    envp = g_environ_setenv(envp, env_extra[i], env_extra[i + 1], TRUE);

  Result r = {0};
  GError *error = NULL;
  int wait_status = 0;
  g_assert_true(g_spawn_sync(NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, &r.out,
                             &r.err, &wait_status, &error));
  g_assert_no_error(error);
  g_assert_true(WIFEXITED(wait_status));
  r.status = WEXITSTATUS(wait_status);
  g_strfreev(envp);
  g_ptr_array_free(argv, TRUE);
  return r;
}

static void result_clear(Result *r)
{
  g_free(r->out);
  g_free(r->err);
}

static void test_version(void)
{
  Result r = cli(NULL, "--version", NULL);
  g_assert_cmpint(r.status, ==, GS_CLI_EXIT_OK);
  g_assert_true(g_str_has_prefix(r.out, "ganscape-cli "));
  g_assert_nonnull(strstr(r.out, GS_TEST_VERSION));
  result_clear(&r);
  r = cli(NULL, "-V", NULL);
  g_assert_cmpint(r.status, ==, GS_CLI_EXIT_OK);
  result_clear(&r);
}

static void test_help(void)
{
  const char *forms[] = {"--help", "-h", "help"};
  for (gsize f = 0; f < G_N_ELEMENTS(forms); f++) {
    Result r = cli(NULL, forms[f], NULL);
    g_assert_cmpint(r.status, ==, GS_CLI_EXIT_OK);
    g_assert_cmpstr(r.err, ==, "");
    for (gsize i = 0; i < G_N_ELEMENTS(commands); i++) {
      g_autofree char *line = g_strdup_printf("\n  %s ", commands[i]);
      g_assert_nonnull(strstr(r.out, line));
    }
    /* Every exit code is documented. */
    g_assert_nonnull(strstr(r.out, "  0  success"));
    g_assert_nonnull(strstr(r.out, "  1  the run, sweep or export failed"));
    g_assert_nonnull(strstr(r.out, "  2  usage error"));
    g_assert_nonnull(strstr(r.out, "  3  not available in this build"));
    result_clear(&r);
  }
}

static void test_usage_errors(void)
{
  Result r = cli(NULL, NULL);
  g_assert_cmpint(r.status, ==, GS_CLI_EXIT_USAGE);
  g_assert_cmpstr(r.out, ==, "");
  g_assert_nonnull(strstr(r.err, "Usage: ganscape-cli COMMAND"));
  result_clear(&r);

  r = cli(NULL, "frobnicate", "--fast", NULL);
  g_assert_cmpint(r.status, ==, GS_CLI_EXIT_USAGE);
  g_assert_nonnull(strstr(r.err, "unknown command “frobnicate”"));
  result_clear(&r);

  r = cli(NULL, "--frobnicate", NULL);
  g_assert_cmpint(r.status, ==, GS_CLI_EXIT_USAGE);
  g_assert_nonnull(strstr(r.err, "unknown option “--frobnicate”"));
  result_clear(&r);

  r = cli(NULL, "help", "frobnicate", NULL);
  g_assert_cmpint(r.status, ==, GS_CLI_EXIT_USAGE);
  result_clear(&r);
}

/* Each subcommand is dispatched: it answers --help (both spellings) with exit 0, and a bare
 * call ends with a documented code. Holds for the stubs and the real implementations. */
static void test_every_command_dispatched(void)
{
  for (gsize i = 0; i < G_N_ELEMENTS(commands); i++) {
    Result r = cli(NULL, commands[i], "--help", NULL);
    g_assert_cmpint(r.status, ==, GS_CLI_EXIT_OK);
    g_assert_cmpstr(r.out, !=, "");
    g_autofree char *usage = g_strdup_printf("ganscape-cli %s", commands[i]);
    g_assert_nonnull(strstr(r.out, usage));
    result_clear(&r);

    r = cli(NULL, "help", commands[i], NULL);
    g_assert_cmpint(r.status, ==, GS_CLI_EXIT_OK);
    g_assert_nonnull(strstr(r.out, usage));
    result_clear(&r);

    r = cli(NULL, commands[i], NULL);
    g_assert_cmpint(r.status, >=, GS_CLI_EXIT_OK);
    g_assert_cmpint(r.status, <=, GS_CLI_EXIT_UNAVAILABLE);
    if (r.status == GS_CLI_EXIT_UNAVAILABLE) g_assert_nonnull(strstr(r.err, "not available"));
    result_clear(&r);
  }
}

static void test_not_available(void)
{
  if (g_test_subprocess()) {
    char *argv[] = {"sweep", "--grid", "lr=1,2", NULL};
    g_assert_cmpint(gs_cli_not_available(3, argv, "the experiment platform (issue #6)"), ==,
                    GS_CLI_EXIT_UNAVAILABLE);
    exit(0);
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
  g_test_trap_assert_stdout("");
  g_test_trap_assert_stderr("ganscape-cli sweep: not available yet — it arrives with the "
                            "experiment platform (issue #6)\n");
}

static void test_not_available_help(void)
{
  if (g_test_subprocess()) {
    char *argv[] = {"sweep", "--help", NULL};
    g_assert_cmpint(gs_cli_not_available(2, argv, "the experiment platform (issue #6)"), ==,
                    GS_CLI_EXIT_OK);
    exit(0);
  }
  g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed();
  g_test_trap_assert_stdout("Usage: ganscape-cli sweep …*issue #6*");
}

static void test_japanese(void)
{
  const char *env[] = {"LANGUAGE", "ja", "LANG", "C.UTF-8", "LC_ALL", "C.UTF-8", NULL};
  Result r = cli(env, "--help", NULL);
  g_assert_cmpint(r.status, ==, GS_CLI_EXIT_OK);
  g_assert_nonnull(strstr(r.out, "使い方: ganscape-cli コマンド"));
  g_assert_nonnull(strstr(r.out, "  3  このビルドでは使えない"));
  g_assert_null(strstr(r.out, "Exit status"));
  result_clear(&r);
}

int main(int argc, char **argv)
{
  setlocale(LC_ALL, "C.UTF-8"); /* g_printerr keeps the messages' UTF-8 as it is */
  g_test_init(&argc, &argv, NULL);
  g_assert_nonnull(g_getenv("GANSCAPE_CLI"));
  g_test_add_func("/cli/version", test_version);
  g_test_add_func("/cli/help", test_help);
  g_test_add_func("/cli/usage-errors", test_usage_errors);
  g_test_add_func("/cli/every-command-dispatched", test_every_command_dispatched);
  g_test_add_func("/cli/not-available", test_not_available);
  g_test_add_func("/cli/not-available-help", test_not_available_help);
  g_test_add_func("/cli/japanese", test_japanese);
  return g_test_run();
}
