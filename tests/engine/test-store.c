/* test-store.c — the run store: schema versions and migrations, runs, metrics in batches,
 * checkpoints, figures, search, and merging stores. */
#include "gs-config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "platform/gs-store.h"

typedef struct {
  char *dir;
} Fixture;

static void fixture_set_up(Fixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp("gs-store-XXXXXX", NULL);
}

static void remove_tree(const char *path)
{
  GDir *d = g_dir_open(path, 0, NULL);
  const char *name;
  while (d && (name = g_dir_read_name(d))) {
    g_autofree char *p = g_build_filename(path, name, NULL);
    if (g_file_test(p, G_FILE_TEST_IS_DIR))
      remove_tree(p);
    else
      g_unlink(p);
  }
  if (d) g_dir_close(d);
  g_rmdir(path);
}

static void fixture_tear_down(Fixture *f, gconstpointer data)
{
  remove_tree(f->dir);
  g_free(f->dir);
}

static char *path_in(Fixture *f, const char *name)
{
  return g_build_filename(f->dir, name, NULL);
}

static gint64 add_run(GsStore *store, const char *kind, guint64 seed, gint64 n_steps)
{
  g_autoptr(GError) error = NULL;
  GsRunInfo info = {.kind = (char *) kind,
                    .params = "{\"lr\":0.1}",
                    .seed = seed,
                    .backend = "cpu",
                    .steps = n_steps};
  gint64 run = gs_store_begin_run(store, &info, &error);
  g_assert_no_error(error);
  g_assert_cmpint(run, >, 0);
  for (gint64 s = 1; s <= n_steps; s++) {
    GsStoreMetric rows[] = {{s, "loss", 1.0 / s}, {s, "acc", s * 0.01}};
    g_assert_true(gs_store_add_metrics(store, run, rows, 2, s, &error));
  }
  return run;
}

static void test_create_and_reopen(Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename(f->dir, "deep", "er", "runs.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  GsStore *store = gs_store_open(path, &error);
  g_assert_no_error(error);
  gint64 run = add_run(store, "synthetic", 3, 10);
  g_assert_true(gs_store_end_run(store, run, GS_RUN_FINISHED, NULL, &error));
  gs_store_close(store);
  store = gs_store_open(path, &error);
  g_assert_no_error(error);
  g_autoptr(GsRunInfo) info = gs_store_get_run(store, run, &error);
  g_assert_cmpstr(info->kind, ==, "synthetic");
  g_assert_cmpint(info->last_step, ==, 10);
  g_assert_cmpint(info->status, ==, GS_RUN_FINISHED);
  g_assert_cmpstr(info->app_version, ==, GS_VERSION);
  g_assert_cmpint(info->ended, >=, info->started);
  g_assert_cmpint(strlen(info->uuid), ==, 36);
  g_autoptr(GsMetricView) m = gs_store_load_metrics(store, run, &error);
  int loss = gs_metric_view_find(m, "loss");
  g_assert_cmpint(loss, >=, 0);
  g_assert_cmpuint(gs_metric_view_length(m, loss), ==, 10);
  g_assert_cmpfloat(gs_metric_view_row(m, loss, 3).value, ==, 0.25);
  g_assert_true(gs_store_check(store, &error));
  /* WAL mode */
  sqlite3 *db;
  sqlite3_open(path, &db);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
  sqlite3_step(st);
  g_assert_cmpstr((const char *) sqlite3_column_text(st, 0), ==, "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
  gs_store_close(store);
}

/* The first schema as it shipped, to prove the migration to the current one. */
static const char *const schema_v1 =
    "CREATE TABLE runs (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
    " name TEXT NOT NULL DEFAULT '', params TEXT NOT NULL, seed INTEGER NOT NULL,"
    " backend TEXT NOT NULL, steps INTEGER NOT NULL, last_step INTEGER NOT NULL DEFAULT 0,"
    " app_version TEXT NOT NULL, started INTEGER NOT NULL, ended INTEGER NOT NULL DEFAULT 0,"
    " status TEXT NOT NULL, error TEXT, notes TEXT NOT NULL DEFAULT '', host TEXT, pid INTEGER);"
    "CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    " name TEXT NOT NULL, step INTEGER NOT NULL, value REAL,"
    " PRIMARY KEY (run_id, name, step)) WITHOUT ROWID;"
    "CREATE INDEX runs_started ON runs(started);"
    "INSERT INTO runs (uuid, kind, params, seed, backend, steps, last_step, app_version, started,"
    " status) VALUES ('0123456789abcdef', 'old', '{}', 5, 'cpu', 3, 3, '0.0.1', 1, 'finished');"
    "INSERT INTO metrics VALUES (1, 'loss', 1, 0.5), (1, 'loss', 2, 0.25), (1, 'loss', 3, 0.125);"
    "PRAGMA user_version = 1;";

static void make_db(const char *path, const char *sql)
{
  sqlite3 *db;
  g_assert_cmpint(sqlite3_open(path, &db), ==, SQLITE_OK);
  g_assert_cmpint(sqlite3_exec(db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close(db);
}

static void test_migration(Fixture *f, gconstpointer data)
{
  g_autofree char *path = path_in(f, "v1.sqlite");
  make_db(path, schema_v1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GsStore) store = gs_store_open(path, &error);
  g_assert_no_error(error);
  g_autoptr(GsRunInfo) old = gs_store_find_run(store, "0123", &error);
  g_assert_no_error(error);
  g_assert_cmpstr(old->kind, ==, "old");
  g_assert_null(old->resumed_from);
  g_assert_null(old->group); /* version 3's column, empty on old runs */
  g_autoptr(GPtrArray) none = gs_store_list_group(store, "g", &error);
  g_assert_cmpuint(none->len, ==, 0);
  /* Tables of version 2 work on the migrated store. */
  g_autoptr(GBytes) blob = g_bytes_new_static("abc", 3);
  g_assert_true(gs_store_add_checkpoint(store, old->id, 3, blob, &error));
  g_autoptr(GBytes) back = gs_store_get_checkpoint(store, old->id, -1, NULL, &error);
  g_assert_true(g_bytes_equal(blob, back));
  g_assert_true(gs_store_check(store, &error));
}

static void test_refusals(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *newer = path_in(f, "newer.sqlite");
  make_db(newer, "CREATE TABLE runs (x); PRAGMA user_version = 99;");
  g_assert_null(gs_store_open(newer, &error));
  g_assert_error(error, GS_STORE_ERROR, GS_STORE_ERROR_VERSION);
  g_assert_nonnull(strstr(error->message, "schema version 99, newer than this Ganscape's (3)"));
  g_clear_error(&error);

  g_autofree char *foreign = path_in(f, "foreign.sqlite");
  make_db(foreign, "CREATE TABLE t (x);");
  g_assert_null(gs_store_open(foreign, &error));
  g_assert_error(error, GS_STORE_ERROR, GS_STORE_ERROR_CORRUPT);
  g_assert_nonnull(strstr(error->message, "not a Ganscape run store"));
  g_clear_error(&error);

  g_autofree char *junk = path_in(f, "junk.sqlite");
  g_file_set_contents(junk,
                      "this is not a database at all, just text ........................"
                      "................................................................",
                      -1, NULL);
  g_assert_null(gs_store_open(junk, &error));
  g_assert_error(error, GS_STORE_ERROR, GS_STORE_ERROR_CORRUPT);
}

static void test_runs_crud(Fixture *f, gconstpointer data)
{
  g_autofree char *path = path_in(f, "runs.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(GsStore) store = gs_store_open(path, &error);
  gint64 a = add_run(store, "synthetic", 1, 3);
  gint64 b = add_run(store, "landscape", 2, 3);
  gint64 c = add_run(store, "synthetic", 3, 3);
  g_assert_true(gs_store_rename_run(store, a, "baseline", &error));
  g_assert_true(gs_store_set_notes(store, b, "collapsed to 3 modes", &error));
  g_assert_true(gs_store_end_run(store, c, GS_RUN_FAILED, "diverged", &error));
  g_autoptr(GPtrArray) all = gs_store_list_runs(store, NULL, &error);
  g_assert_cmpuint(all->len, ==, 3);
  g_assert_cmpint(((GsRunInfo *) all->pdata[0])->id, ==, c); /* newest first */
  GsRunFilter by_kind = {.kind = "synthetic", .status = -1};
  g_autoptr(GPtrArray) k = gs_store_list_runs(store, &by_kind, &error);
  g_assert_cmpuint(k->len, ==, 2);
  GsRunFilter by_text = {.text = "MODES", .status = -1};
  g_autoptr(GPtrArray) t = gs_store_list_runs(store, &by_text, &error);
  g_assert_cmpuint(t->len, ==, 1);
  g_assert_cmpint(((GsRunInfo *) t->pdata[0])->id, ==, b);
  GsRunFilter by_status = {.status = GS_RUN_FAILED};
  g_autoptr(GPtrArray) s = gs_store_list_runs(store, &by_status, &error);
  g_assert_cmpuint(s->len, ==, 1);
  g_assert_cmpstr(((GsRunInfo *) s->pdata[0])->error, ==, "diverged");
  g_autoptr(GsRunInfo) named = gs_store_get_run(store, a, &error);
  g_assert_cmpstr(named->name, ==, "baseline");
  /* a running run of this very process is not "interrupted" */
  g_assert_cmpint(named->status, ==, GS_RUN_RUNNING);

  g_autoptr(GBytes) blob = g_bytes_new_static("weights", 7);
  g_assert_true(gs_store_add_checkpoint(store, a, 2, blob, &error));
  g_assert_true(gs_store_add_figure(store, a, "losses", "pdf", "paper", "/tmp/x.pdf", &error));
  g_assert_true(gs_store_delete_run(store, a, &error));
  g_assert_null(gs_store_get_run(store, a, &error));
  g_assert_error(error, GS_STORE_ERROR, GS_STORE_ERROR_NOT_FOUND);
  g_clear_error(&error);
  g_assert_false(gs_store_delete_run(store, a, &error));
  g_clear_error(&error);
  /* cascades: no metrics, checkpoints or figures are left behind */
  g_assert_true(gs_store_check(store, &error));
  g_autoptr(GArray) ck = gs_store_list_checkpoints(store, a, &error);
  g_assert_cmpuint(ck->len, ==, 0);
  g_assert_null(gs_store_find_run(store, "nope", &error));
  g_assert_error(error, GS_STORE_ERROR, GS_STORE_ERROR_NOT_FOUND);
}

static void test_nan_and_interrupted(Fixture *f, gconstpointer data)
{
  g_autofree char *path = path_in(f, "nan.sqlite");
  g_autoptr(GError) error = NULL;
  GsStore *store = gs_store_open(path, &error);
  GsRunInfo info = {.kind = "k", .params = "{}", .steps = 2};
  gint64 run = gs_store_begin_run(store, &info, &error);
  GsStoreMetric rows[] = {{1, "loss", NAN}, {2, "loss", INFINITY}};
  g_assert_true(gs_store_add_metrics(store, run, rows, 2, 2, &error));
  g_autoptr(GsMetricView) m = gs_store_load_metrics(store, run, &error);
  g_assert_true(isnan(gs_metric_view_row(m, 0, 0).value));
  g_assert_true(isinf(gs_metric_view_row(m, 0, 1).value));
  gs_store_close(store);
  /* A run whose process is gone reads as interrupted. */
  sqlite3 *db;
  sqlite3_open(path, &db);
  g_assert_cmpint(sqlite3_exec(db, "UPDATE runs SET pid = 2147483646", NULL, NULL, NULL), ==,
                  SQLITE_OK);
  sqlite3_close(db);
  store = gs_store_open(path, &error);
  g_autoptr(GsRunInfo) r = gs_store_get_run(store, run, &error);
  g_assert_cmpint(r->status, ==, GS_RUN_INTERRUPTED);
  gs_store_close(store);
}

static void test_merge(Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pa = path_in(f, "a.sqlite"), *pb = path_in(f, "b.sqlite"),
                  *pm = path_in(f, "main.sqlite");
  GsStore *a = gs_store_open(pa, &error);
  GsStore *b = gs_store_open(pb, &error);
  gint64 ra = add_run(a, "synthetic", 1, 5);
  gs_store_add_checkpoint(a, ra, 5, g_bytes_new_static("ck", 2), &error);
  gint64 rb = add_run(b, "synthetic", 2, 4);
  gs_store_end_run(a, ra, GS_RUN_FINISHED, NULL, &error);
  g_autoptr(GsRunInfo) ia = gs_store_get_run(a, ra, &error);
  gs_store_close(a);

  g_autoptr(GsStore) m = gs_store_open(pm, &error);
  GsMergeStats st;
  g_assert_true(gs_store_merge(m, pa, &st, &error));
  g_assert_no_error(error);
  g_assert_cmpuint(st.runs_added, ==, 1);
  g_assert_cmpuint(st.metric_rows, ==, 10);
  g_assert_true(gs_store_merge(m, pb, &st, &error));
  g_assert_cmpuint(st.runs_added, ==, 1);
  /* idempotent */
  g_assert_true(gs_store_merge(m, pa, &st, &error));
  g_assert_cmpuint(st.runs_added + st.runs_updated, ==, 0);
  g_assert_cmpuint(st.runs_skipped, ==, 1);
  g_autoptr(GPtrArray) runs = gs_store_list_runs(m, NULL, &error);
  g_assert_cmpuint(runs->len, ==, 2);
  g_autoptr(GsRunInfo) copy = gs_store_find_run(m, ia->uuid, &error);
  g_assert_no_error(error);
  g_assert_cmpint(copy->last_step, ==, 5);
  g_assert_cmpint(copy->status, ==, GS_RUN_FINISHED);
  g_autoptr(GBytes) ck = gs_store_get_checkpoint(m, copy->id, 5, NULL, &error);
  g_assert_nonnull(ck);
  /* The source run goes on; merging again brings the newer steps, replacing the copy. */
  GsStoreMetric more[] = {{5, "loss", 0.2}};
  g_assert_true(gs_store_add_metrics(b, rb, more, 1, 5, &error));
  gs_store_close(b);
  g_assert_true(gs_store_merge(m, pb, &st, &error));
  g_assert_cmpuint(st.runs_updated, ==, 1);
  g_autoptr(GPtrArray) again = gs_store_list_runs(m, NULL, &error);
  g_assert_cmpuint(again->len, ==, 2);
  g_assert_true(gs_store_check(m, &error));

  /* Bad sources are refused and change nothing. */
  g_autofree char *junk = path_in(f, "junk.sqlite");
  g_file_set_contents(junk, "SQLite format 3\0garbage garbage garbage", 40, NULL);
  g_assert_false(gs_store_merge(m, junk, &st, &error));
  g_assert_nonnull(error);
  g_clear_error(&error);
  g_autofree char *foreign = path_in(f, "foreign.sqlite");
  make_db(foreign, "CREATE TABLE runs (x); PRAGMA user_version = 2;");
  g_assert_false(gs_store_merge(m, foreign, &st, &error));
  g_assert_error(error, GS_STORE_ERROR, GS_STORE_ERROR_CORRUPT);
  g_clear_error(&error);
  g_assert_false(gs_store_merge(m, pm, &st, &error));
  g_clear_error(&error);
  g_autofree char *missing = path_in(f, "missing.sqlite");
  g_assert_false(gs_store_merge(m, missing, &st, &error));
  g_assert_error(error, GS_STORE_ERROR, GS_STORE_ERROR_OPEN);
  g_autoptr(GPtrArray) after = gs_store_list_runs(m, NULL, NULL);
  g_assert_cmpuint(after->len, ==, 2);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add(name, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD("/store/create-reopen", test_create_and_reopen);
  ADD("/store/migration", test_migration);
  ADD("/store/refusals", test_refusals);
  ADD("/store/runs", test_runs_crud);
  ADD("/store/nan-interrupted", test_nan_and_interrupted);
  ADD("/store/merge", test_merge);
  return g_test_run();
}
