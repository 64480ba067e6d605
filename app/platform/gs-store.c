/* gs-store.c — the SQLite run store: schema and migrations, runs, batched metrics, checkpoints,
 * figures, and merging other stores. */
#include "gs-config.h"

#include <inttypes.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "gs-store.h"

G_DEFINE_QUARK(gs - store - error - quark, gs_store_error)

struct _GsStore {
  sqlite3 *db;
  char *path;
};

/* Schema history: migrations[v] takes a store from user_version v to v + 1. Never edit an
 * entry that has shipped; append a new one and bump GS_STORE_SCHEMA_VERSION. */
static const char *const migrations[GS_STORE_SCHEMA_VERSION] = {
    /* 0 → 1: runs and their metrics */
    "CREATE TABLE runs ("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL,"
    "  name TEXT NOT NULL DEFAULT '',"
    "  params TEXT NOT NULL,"
    "  seed INTEGER NOT NULL,"
    "  backend TEXT NOT NULL,"
    "  steps INTEGER NOT NULL,"
    "  last_step INTEGER NOT NULL DEFAULT 0,"
    "  app_version TEXT NOT NULL,"
    "  started INTEGER NOT NULL,"
    "  ended INTEGER NOT NULL DEFAULT 0,"
    "  status TEXT NOT NULL,"
    "  error TEXT,"
    "  notes TEXT NOT NULL DEFAULT '',"
    "  host TEXT,"
    "  pid INTEGER);"
    "CREATE TABLE metrics ("
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  name TEXT NOT NULL,"
    "  step INTEGER NOT NULL,"
    "  value REAL,"
    "  PRIMARY KEY (run_id, name, step)) WITHOUT ROWID;"
    "CREATE INDEX runs_started ON runs(started);",
    /* 1 → 2: checkpoints, exported figures, and where a resumed run came from */
    "CREATE TABLE checkpoints ("
    "  id INTEGER PRIMARY KEY,"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  step INTEGER NOT NULL,"
    "  created INTEGER NOT NULL,"
    "  format TEXT NOT NULL DEFAULT 'safetensors',"
    "  data BLOB NOT NULL,"
    "  UNIQUE (run_id, step));"
    "CREATE TABLE figures ("
    "  id INTEGER PRIMARY KEY,"
    "  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,"
    "  view TEXT NOT NULL,"
    "  format TEXT NOT NULL,"
    "  preset TEXT,"
    "  path TEXT NOT NULL,"
    "  created INTEGER NOT NULL);"
    "ALTER TABLE runs ADD COLUMN resumed_from TEXT;"
    "ALTER TABLE runs ADD COLUMN resumed_step INTEGER NOT NULL DEFAULT 0;",
    /* 2 → 3: the group a run was launched in (a run and its variants, e.g. ablations) */
    "ALTER TABLE runs ADD COLUMN run_group TEXT;",
};

static const char *const status_names[] = {"running", "finished", "stopped", "failed",
                                           "interrupted"};

const char *gs_run_status_name(GsRunStatus status)
{
  g_return_val_if_fail((guint) status < G_N_ELEMENTS(status_names), "?");
  return status_names[status];
}

const char *gs_run_status_label(GsRunStatus status)
{
  static const char *const labels[] = {
      /* TRANSLATORS: states of a recorded run, shown in the runs browser */
      N_("running"), N_("finished"), N_("stopped"), N_("failed"), N_("interrupted")};
  G_STATIC_ASSERT(G_N_ELEMENTS(labels) == G_N_ELEMENTS(status_names));
  g_return_val_if_fail((guint) status < G_N_ELEMENTS(labels), "?");
  return _(labels[status]);
}

gboolean gs_run_status_from_name(const char *name, GsRunStatus *out)
{
  for (guint i = 0; i < G_N_ELEMENTS(status_names); i++)
    if (name && strcmp(name, status_names[i]) == 0) return *out = (GsRunStatus) i, TRUE;
  return FALSE;
}

void gs_run_info_free(GsRunInfo *info)
{
  if (!info) return;
  g_free(info->uuid);
  g_free(info->kind);
  g_free(info->name);
  g_free(info->params);
  g_free(info->backend);
  g_free(info->app_version);
  g_free(info->error);
  g_free(info->notes);
  g_free(info->resumed_from);
  g_free(info->group);
  g_free(info);
}

static gboolean sql_fail(GsStore *store, GError **error, const char *what)
{
  int code = sqlite3_errcode(store->db);
  int domain_code = (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) ? GS_STORE_ERROR_CORRUPT
                                                                      : GS_STORE_ERROR_SQL;
  g_autofree char *name = g_filename_display_name(store->path);
  g_set_error(error, GS_STORE_ERROR, domain_code, _("run store %s: %s: %s"), name, what,
              sqlite3_errmsg(store->db));
  return FALSE;
}

static gboolean exec(GsStore *store, const char *sql, GError **error)
{
  if (sqlite3_exec(store->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return sql_fail(store, error, sql);
  return TRUE;
}

static sqlite3_stmt *prepare(GsStore *store, const char *sql, GError **error)
{
  sqlite3_stmt *stmt = NULL;
  if (sqlite3_prepare_v2(store->db, sql, -1, &stmt, NULL) != SQLITE_OK) {
    sql_fail(store, error, _("preparing a query"));
    return NULL;
  }
  return stmt;
}

/* Step a statement that returns no rows, then finalize it. */
static gboolean run_stmt(GsStore *store, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step(stmt);
  gboolean ok = rc == SQLITE_DONE || rc == SQLITE_ROW;
  if (!ok) sql_fail(store, error, _("writing"));
  sqlite3_finalize(stmt);
  return ok;
}

static gint64 now_us(void)
{
  return g_get_real_time();
}

char *gs_store_default_path(void)
{
  const char *env = g_getenv("GANSCAPE_STORE");
  if (env && *env) return g_strdup(env);
  return g_build_filename(g_get_user_data_dir(), "ganscape", "runs.sqlite", NULL);
}

static gboolean migrate(GsStore *store, GError **error)
{
  sqlite3_stmt *stmt = prepare(store, "PRAGMA user_version", error);
  if (!stmt) return FALSE;
  int version = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  g_autofree char *name = g_filename_display_name(store->path);
  if (version > GS_STORE_SCHEMA_VERSION) {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_VERSION,
                _("run store %s has schema version %d, newer than this Ganscape's (%d): update "
                  "Ganscape or choose another store with --store"),
                name, version, GS_STORE_SCHEMA_VERSION);
    return FALSE;
  }
  if (version == GS_STORE_SCHEMA_VERSION) return TRUE;
  if (version == 0) {
    /* An empty database is a new store; anything else without a version is not ours. */
    stmt = prepare(store, "SELECT count(*) FROM sqlite_master", error);
    if (!stmt) return FALSE;
    int objects = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    if (objects != 0) {
      g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_CORRUPT,
                  _("%s is an SQLite database but not a Ganscape run store"), name);
      return FALSE;
    }
  }
  if (!exec(store, "BEGIN IMMEDIATE", error)) return FALSE;
  /* Another process may have migrated while we waited for the lock. */
  stmt = prepare(store, "PRAGMA user_version", error);
  if (!stmt) return exec(store, "ROLLBACK", NULL), FALSE;
  version = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  for (; version < GS_STORE_SCHEMA_VERSION; version++) {
    if (!exec(store, migrations[version], error)) {
      exec(store, "ROLLBACK", NULL);
      return FALSE;
    }
  }
  g_autofree char *set = g_strdup_printf("PRAGMA user_version = %d", GS_STORE_SCHEMA_VERSION);
  if (!exec(store, set, error) || !exec(store, "COMMIT", error)) {
    exec(store, "ROLLBACK", NULL);
    return FALSE;
  }
  return TRUE;
}

/* Runs left "running" by a process of this host that is gone were interrupted. */
static void mark_interrupted(GsStore *store)
{
  sqlite3_stmt *stmt =
      prepare(store, "SELECT id, pid FROM runs WHERE status = 'running' AND host = ?", NULL);
  if (!stmt) return;
  sqlite3_bind_text(stmt, 1, g_get_host_name(), -1, SQLITE_TRANSIENT);
  GArray *dead = g_array_new(FALSE, FALSE, sizeof(gint64));
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    gint64 id = sqlite3_column_int64(stmt, 0);
    pid_t pid = (pid_t) sqlite3_column_int64(stmt, 1);
    if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH) g_array_append_val(dead, id);
  }
  sqlite3_finalize(stmt);
  for (guint i = 0; i < dead->len; i++) {
    stmt = prepare(
        store, "UPDATE runs SET status = 'interrupted' WHERE id = ? AND status = 'running'", NULL);
    if (!stmt) break;
    sqlite3_bind_int64(stmt, 1, g_array_index(dead, gint64, i));
    run_stmt(store, stmt, NULL);
  }
  g_array_unref(dead);
}

GsStore *gs_store_open(const char *path, GError **error)
{
  GsStore *store = g_new0(GsStore, 1);
  store->path = g_strdup(path);
  g_autofree char *dir = g_path_get_dirname(path);
  if (g_mkdir_with_parents(dir, 0700) != 0) {
    int saved = errno;
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_OPEN, _("cannot create the folder %s: %s"),
                dir, g_strerror(saved));
    gs_store_close(store);
    return NULL;
  }
  if (sqlite3_open_v2(path, &store->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI,
                      NULL) != SQLITE_OK) {
    g_autofree char *name = g_filename_display_name(path);
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_OPEN, _("cannot open the run store %s: %s"),
                name, store->db ? sqlite3_errmsg(store->db) : "out of memory");
    gs_store_close(store);
    return NULL;
  }
  sqlite3_busy_timeout(store->db, 10000);
  sqlite3_extended_result_codes(store->db, 0);
  /* WAL: readers never block the writer; NORMAL sync: a crash of the process loses nothing
   * committed (only a power cut may lose the last transactions). */
  if (!exec(store, "PRAGMA journal_mode = WAL", error) ||
      !exec(store, "PRAGMA synchronous = NORMAL", error) ||
      !exec(store, "PRAGMA foreign_keys = ON", error) || !migrate(store, error)) {
    if (error && *error && (*error)->code == GS_STORE_ERROR_SQL &&
        (sqlite3_errcode(store->db) == SQLITE_NOTADB ||
         sqlite3_errcode(store->db) == SQLITE_CORRUPT))
      (*error)->code = GS_STORE_ERROR_CORRUPT;
    gs_store_close(store);
    return NULL;
  }
  mark_interrupted(store);
  return store;
}

void gs_store_close(GsStore *store)
{
  if (!store) return;
  if (store->db) sqlite3_close_v2(store->db);
  g_free(store->path);
  g_free(store);
}

const char *gs_store_get_path(GsStore *store)
{
  return store->path;
}

static void bind_text_or_null(sqlite3_stmt *stmt, int i, const char *text)
{
  if (text)
    sqlite3_bind_text(stmt, i, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null(stmt, i);
}

gint64 gs_store_begin_run(GsStore *store, const GsRunInfo *info, GError **error)
{
  sqlite3_stmt *stmt = prepare(
      store,
      "INSERT INTO runs (uuid, kind, name, params, seed, backend, steps, app_version, started, "
      "status, notes, host, pid, resumed_from, resumed_step, run_group) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?)",
      error);
  if (!stmt) return -1;
  g_autofree char *uuid = info->uuid ? g_strdup(info->uuid) : g_uuid_string_random();
  sqlite3_bind_text(stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 2, info->kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 3, info->name ? info->name : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 4, info->params ? info->params : "{}", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 5, (sqlite3_int64) info->seed);
  sqlite3_bind_text(stmt, 6, info->backend ? info->backend : "cpu", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 7, info->steps);
  sqlite3_bind_text(stmt, 8, info->app_version ? info->app_version : GS_VERSION, -1,
                    SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 9, info->started ? info->started : now_us());
  sqlite3_bind_text(stmt, 10, info->notes ? info->notes : "", -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 11, g_get_host_name(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 12, getpid());
  bind_text_or_null(stmt, 13, info->resumed_from);
  sqlite3_bind_int64(stmt, 14, info->resumed_step);
  bind_text_or_null(stmt, 15, info->group);
  if (!run_stmt(store, stmt, error)) return -1;
  return sqlite3_last_insert_rowid(store->db);
}

gboolean gs_store_add_metrics(GsStore *store, gint64 run, const GsStoreMetric *rows, guint n,
                              gint64 last_step, GError **error)
{
  if (!exec(store, "BEGIN IMMEDIATE", error)) return FALSE;
  sqlite3_stmt *stmt = prepare(
      store, "INSERT OR REPLACE INTO metrics (run_id, name, step, value) VALUES (?, ?, ?, ?)",
      error);
  if (!stmt) goto fail;
  for (guint i = 0; i < n; i++) {
    sqlite3_bind_int64(stmt, 1, run);
    sqlite3_bind_text(stmt, 2, rows[i].name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 3, rows[i].step);
    if (isnan(rows[i].value))
      sqlite3_bind_null(stmt, 4); /* SQLite has no NaN */
    else
      sqlite3_bind_double(stmt, 4, rows[i].value);
    if (sqlite3_step(stmt) != SQLITE_DONE) {
      sql_fail(store, error, _("writing metrics"));
      sqlite3_finalize(stmt);
      goto fail;
    }
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  stmt = prepare(store, "UPDATE runs SET last_step = max(last_step, ?) WHERE id = ?", error);
  if (!stmt) goto fail;
  sqlite3_bind_int64(stmt, 1, last_step);
  sqlite3_bind_int64(stmt, 2, run);
  if (!run_stmt(store, stmt, error)) goto fail;
  if (!exec(store, "COMMIT", error)) goto fail;
  return TRUE;
fail:
  exec(store, "ROLLBACK", NULL);
  return FALSE;
}

gboolean gs_store_end_run(GsStore *store, gint64 run, GsRunStatus status, const char *error_text,
                          GError **error)
{
  sqlite3_stmt *stmt =
      prepare(store, "UPDATE runs SET status = ?, ended = ?, error = ? WHERE id = ?", error);
  if (!stmt) return FALSE;
  sqlite3_bind_text(stmt, 1, gs_run_status_name(status), -1, SQLITE_STATIC);
  sqlite3_bind_int64(stmt, 2, status == GS_RUN_RUNNING ? 0 : now_us());
  bind_text_or_null(stmt, 3, error_text);
  sqlite3_bind_int64(stmt, 4, run);
  return run_stmt(store, stmt, error);
}

gboolean gs_store_add_checkpoint(GsStore *store, gint64 run, gint64 step, GBytes *data,
                                 GError **error)
{
  sqlite3_stmt *stmt = prepare(store,
                               "INSERT OR REPLACE INTO checkpoints (run_id, step, created, data) "
                               "VALUES (?, ?, ?, ?)",
                               error);
  if (!stmt) return FALSE;
  gsize len = 0;
  const void *bytes = g_bytes_get_data(data, &len);
  sqlite3_bind_int64(stmt, 1, run);
  sqlite3_bind_int64(stmt, 2, step);
  sqlite3_bind_int64(stmt, 3, now_us());
  sqlite3_bind_blob64(stmt, 4, bytes ? bytes : "", len, SQLITE_STATIC);
  return run_stmt(store, stmt, error);
}

GBytes *gs_store_get_checkpoint(GsStore *store, gint64 run, gint64 step, gint64 *out_step,
                                GError **error)
{
  sqlite3_stmt *stmt = prepare(store,
                               step < 0 ? "SELECT step, data FROM checkpoints WHERE run_id = ? "
                                          "ORDER BY step DESC LIMIT 1"
                                        : "SELECT step, data FROM checkpoints WHERE run_id = ? "
                                          "AND step = ?",
                               error);
  if (!stmt) return NULL;
  sqlite3_bind_int64(stmt, 1, run);
  if (step >= 0) sqlite3_bind_int64(stmt, 2, step);
  GBytes *out = NULL;
  if (sqlite3_step(stmt) == SQLITE_ROW) {
    if (out_step) *out_step = sqlite3_column_int64(stmt, 0);
    out = g_bytes_new(sqlite3_column_blob(stmt, 1), sqlite3_column_bytes(stmt, 1));
  } else if (step < 0) {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_NOT_FOUND,
                _("run %" PRId64 " has no checkpoint"), run);
  } else {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_NOT_FOUND,
                _("run %" PRId64 " has no checkpoint at step %" PRId64), run, step);
  }
  sqlite3_finalize(stmt);
  return out;
}

GArray *gs_store_list_checkpoints(GsStore *store, gint64 run, GError **error)
{
  sqlite3_stmt *stmt =
      prepare(store, "SELECT step FROM checkpoints WHERE run_id = ? ORDER BY step", error);
  if (!stmt) return NULL;
  sqlite3_bind_int64(stmt, 1, run);
  GArray *steps = g_array_new(FALSE, FALSE, sizeof(gint64));
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    gint64 s = sqlite3_column_int64(stmt, 0);
    g_array_append_val(steps, s);
  }
  sqlite3_finalize(stmt);
  return steps;
}

gboolean gs_store_add_figure(GsStore *store, gint64 run, const char *view, const char *format,
                             const char *preset, const char *path, GError **error)
{
  sqlite3_stmt *stmt = prepare(store,
                               "INSERT INTO figures (run_id, view, format, preset, path, created) "
                               "VALUES (?, ?, ?, ?, ?, ?)",
                               error);
  if (!stmt) return FALSE;
  sqlite3_bind_int64(stmt, 1, run);
  sqlite3_bind_text(stmt, 2, view, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(stmt, 3, format, -1, SQLITE_TRANSIENT);
  bind_text_or_null(stmt, 4, preset);
  sqlite3_bind_text(stmt, 5, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 6, now_us());
  return run_stmt(store, stmt, error);
}

GPtrArray *gs_store_list_figures(GsStore *store, gint64 run, GError **error)
{
  sqlite3_stmt *stmt =
      prepare(store, "SELECT view, format, path FROM figures WHERE run_id = ? ORDER BY id", error);
  if (!stmt) return NULL;
  sqlite3_bind_int64(stmt, 1, run);
  GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
  while (sqlite3_step(stmt) == SQLITE_ROW)
    for (int c = 0; c < 3; c++)
      g_ptr_array_add(out, g_strdup((const char *) sqlite3_column_text(stmt, c)));
  sqlite3_finalize(stmt);
  return out;
}

#define RUN_COLUMNS                                                                                \
  "id, uuid, kind, name, params, seed, backend, steps, last_step, app_version, started, ended, "   \
  "status, error, notes, resumed_from, resumed_step, run_group"

static char *column_text(sqlite3_stmt *stmt, int c)
{
  const unsigned char *t = sqlite3_column_text(stmt, c);
  return t ? g_strdup((const char *) t) : NULL;
}

static GsRunInfo *read_run(sqlite3_stmt *stmt)
{
  GsRunInfo *r = g_new0(GsRunInfo, 1);
  r->id = sqlite3_column_int64(stmt, 0);
  r->uuid = column_text(stmt, 1);
  r->kind = column_text(stmt, 2);
  r->name = column_text(stmt, 3);
  r->params = column_text(stmt, 4);
  r->seed = (guint64) sqlite3_column_int64(stmt, 5);
  r->backend = column_text(stmt, 6);
  r->steps = sqlite3_column_int64(stmt, 7);
  r->last_step = sqlite3_column_int64(stmt, 8);
  r->app_version = column_text(stmt, 9);
  r->started = sqlite3_column_int64(stmt, 10);
  r->ended = sqlite3_column_int64(stmt, 11);
  g_autofree char *status = column_text(stmt, 12);
  if (!gs_run_status_from_name(status, &r->status)) r->status = GS_RUN_INTERRUPTED;
  r->error = column_text(stmt, 13);
  r->notes = column_text(stmt, 14);
  r->resumed_from = column_text(stmt, 15);
  r->resumed_step = sqlite3_column_int64(stmt, 16);
  r->group = column_text(stmt, 17);
  if (!r->uuid) r->uuid = g_strdup("");
  if (!r->kind) r->kind = g_strdup("");
  if (!r->name) r->name = g_strdup("");
  if (!r->params) r->params = g_strdup("{}");
  if (!r->backend) r->backend = g_strdup("");
  if (!r->app_version) r->app_version = g_strdup("");
  if (!r->notes) r->notes = g_strdup("");
  return r;
}

GPtrArray *gs_store_list_runs(GsStore *store, const GsRunFilter *filter, GError **error)
{
  GString *sql = g_string_new("SELECT " RUN_COLUMNS " FROM runs WHERE 1");
  if (filter && filter->kind) g_string_append(sql, " AND kind = :kind");
  if (filter && filter->status >= 0) g_string_append(sql, " AND status = :status");
  if (filter && filter->group) g_string_append(sql, " AND run_group = :group");
  if (filter && filter->text && *filter->text)
    g_string_append(sql, " AND (instr(lower(name), lower(:text)) OR instr(lower(notes), "
                         "lower(:text)) OR instr(lower(kind), lower(:text)) OR "
                         "instr(lower(params), lower(:text)) OR uuid LIKE :text || '%')");
  g_string_append(sql, " ORDER BY started DESC, id DESC");
  sqlite3_stmt *stmt = prepare(store, sql->str, error);
  g_string_free(sql, TRUE);
  if (!stmt) return NULL;
  if (filter && filter->kind)
    sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, ":kind"), filter->kind, -1,
                      SQLITE_TRANSIENT);
  if (filter && filter->status >= 0)
    sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, ":status"),
                      gs_run_status_name(filter->status), -1, SQLITE_STATIC);
  if (filter && filter->text && *filter->text)
    sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, ":text"), filter->text, -1,
                      SQLITE_TRANSIENT);
  if (filter && filter->group)
    sqlite3_bind_text(stmt, sqlite3_bind_parameter_index(stmt, ":group"), filter->group, -1,
                      SQLITE_TRANSIENT);
  GPtrArray *runs = g_ptr_array_new_with_free_func((GDestroyNotify) gs_run_info_free);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) g_ptr_array_add(runs, read_run(stmt));
  sqlite3_finalize(stmt);
  if (rc != SQLITE_DONE) {
    g_ptr_array_unref(runs);
    sql_fail(store, error, _("reading runs"));
    return NULL;
  }
  return runs;
}

GsRunInfo *gs_store_get_run(GsStore *store, gint64 run, GError **error)
{
  sqlite3_stmt *stmt = prepare(store, "SELECT " RUN_COLUMNS " FROM runs WHERE id = ?", error);
  if (!stmt) return NULL;
  sqlite3_bind_int64(stmt, 1, run);
  GsRunInfo *info = sqlite3_step(stmt) == SQLITE_ROW ? read_run(stmt) : NULL;
  sqlite3_finalize(stmt);
  if (!info)
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_NOT_FOUND,
                _("no run %" PRId64 " in this store"), run);
  return info;
}

GPtrArray *gs_store_list_group(GsStore *store, const char *group, GError **error)
{
  sqlite3_stmt *stmt =
      prepare(store, "SELECT " RUN_COLUMNS " FROM runs WHERE run_group = ? ORDER BY id", error);
  if (!stmt) return NULL;
  sqlite3_bind_text(stmt, 1, group, -1, SQLITE_TRANSIENT);
  GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify) gs_run_info_free);
  while (sqlite3_step(stmt) == SQLITE_ROW) g_ptr_array_add(out, read_run(stmt));
  sqlite3_finalize(stmt);
  return out;
}

GsRunInfo *gs_store_find_run(GsStore *store, const char *reference, GError **error)
{
  char *end = NULL;
  gint64 id = g_ascii_strtoll(reference, &end, 10);
  if (*reference && end && *end == '\0') {
    GsRunInfo *info = gs_store_get_run(store, id, NULL);
    if (info) return info;
  }
  if (strlen(reference) >= 4) {
    sqlite3_stmt *stmt =
        prepare(store, "SELECT " RUN_COLUMNS " FROM runs WHERE uuid LIKE ? || '%' LIMIT 2", error);
    if (!stmt) return NULL;
    sqlite3_bind_text(stmt, 1, reference, -1, SQLITE_TRANSIENT);
    GsRunInfo *info = sqlite3_step(stmt) == SQLITE_ROW ? read_run(stmt) : NULL;
    gboolean ambiguous = info && sqlite3_step(stmt) == SQLITE_ROW;
    sqlite3_finalize(stmt);
    if (ambiguous) {
      gs_run_info_free(info);
      g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_NOT_FOUND,
                  _("\"%s\" matches several runs: give more of the id"), reference);
      return NULL;
    }
    if (info) return info;
  }
  g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_NOT_FOUND,
              _("no run \"%s\" in this store (give a number from `runs list` or a uuid)"),
              reference);
  return NULL;
}

static gboolean update_text(GsStore *store, const char *sql, gint64 run, const char *text,
                            GError **error)
{
  sqlite3_stmt *stmt = prepare(store, sql, error);
  if (!stmt) return FALSE;
  sqlite3_bind_text(stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(stmt, 2, run);
  if (!run_stmt(store, stmt, error)) return FALSE;
  if (sqlite3_changes(store->db) == 0) {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_NOT_FOUND,
                _("no run %" PRId64 " in this store"), run);
    return FALSE;
  }
  return TRUE;
}

gboolean gs_store_rename_run(GsStore *store, gint64 run, const char *name, GError **error)
{
  return update_text(store, "UPDATE runs SET name = ? WHERE id = ?", run, name, error);
}

gboolean gs_store_set_notes(GsStore *store, gint64 run, const char *notes, GError **error)
{
  return update_text(store, "UPDATE runs SET notes = ? WHERE id = ?", run, notes, error);
}

gboolean gs_store_delete_run(GsStore *store, gint64 run, GError **error)
{
  sqlite3_stmt *stmt = prepare(store, "DELETE FROM runs WHERE id = ?", error);
  if (!stmt) return FALSE;
  sqlite3_bind_int64(stmt, 1, run);
  if (!run_stmt(store, stmt, error)) return FALSE;
  if (sqlite3_changes(store->db) == 0) {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_NOT_FOUND,
                _("no run %" PRId64 " in this store"), run);
    return FALSE;
  }
  return TRUE;
}

GsMetricView *gs_store_load_metrics(GsStore *store, gint64 run, GError **error)
{
  sqlite3_stmt *stmt = prepare(
      store, "SELECT name, step, value FROM metrics WHERE run_id = ? ORDER BY name, step", error);
  if (!stmt) return NULL;
  sqlite3_bind_int64(stmt, 1, run);
  GsMetricLog *log = gs_metric_log_new();
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    double v = sqlite3_column_type(stmt, 2) == SQLITE_NULL ? NAN : sqlite3_column_double(stmt, 2);
    gs_metric_log_add(log, sqlite3_column_int64(stmt, 1),
                      (const char *) sqlite3_column_text(stmt, 0), v);
  }
  sqlite3_finalize(stmt);
  GsMetricView *view = NULL;
  if (rc == SQLITE_DONE)
    view = gs_metric_log_freeze(log);
  else
    sql_fail(store, error, _("reading metrics"));
  gs_metric_log_free(log);
  return view;
}

gboolean gs_store_check(GsStore *store, GError **error)
{
  sqlite3_stmt *stmt = prepare(store, "PRAGMA quick_check", error);
  if (!stmt) return FALSE;
  g_autofree char *result = sqlite3_step(stmt) == SQLITE_ROW ? column_text(stmt, 0) : NULL;
  sqlite3_finalize(stmt);
  if (g_strcmp0(result, "ok") != 0) {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_CORRUPT, _("the store is damaged: %s"),
                result ? result : sqlite3_errmsg(store->db));
    return FALSE;
  }
  stmt = prepare(store, "PRAGMA foreign_key_check", error);
  if (!stmt) return FALSE;
  gboolean dangling = sqlite3_step(stmt) == SQLITE_ROW;
  sqlite3_finalize(stmt);
  if (dangling) {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_CORRUPT,
                _("the store has rows that belong to no run"));
    return FALSE;
  }
  return TRUE;
}

/* --- merge ----------------------------------------------------------------------------------- */

/* The source must be a store of a known version with well-formed runs; checked before any
 * row is copied, so a bad file changes nothing. */
static gboolean check_source(GsStore *store, const char *display, GError **error)
{
  sqlite3_stmt *stmt = prepare(store, "PRAGMA src.user_version", error);
  if (!stmt) return FALSE;
  int version = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  if (version != GS_STORE_SCHEMA_VERSION) {
    g_set_error(error, GS_STORE_ERROR,
                version > GS_STORE_SCHEMA_VERSION ? GS_STORE_ERROR_VERSION : GS_STORE_ERROR_CORRUPT,
                version <= 0 ? _("%s is not a Ganscape run store")
                             : _("%s has store schema version %d; merging needs version %d (open "
                                 "it once with this Ganscape to migrate it)"),
                display, version, GS_STORE_SCHEMA_VERSION);
    return FALSE;
  }
  stmt = prepare(store, "PRAGMA src.quick_check", error);
  if (!stmt) return FALSE;
  g_autofree char *qc = sqlite3_step(stmt) == SQLITE_ROW ? column_text(stmt, 0) : NULL;
  sqlite3_finalize(stmt);
  if (g_strcmp0(qc, "ok") != 0) {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_CORRUPT, _("%s is damaged: %s"), display,
                qc ? qc : sqlite3_errmsg(store->db));
    return FALSE;
  }
  /* Every table and column we read must be there with usable values. */
  stmt = prepare(store,
                 "SELECT count(*) FROM src.runs WHERE typeof(uuid) != 'text' OR length(uuid) < 8 "
                 "OR typeof(kind) != 'text' OR typeof(params) != 'text' OR NOT json_valid(params) "
                 "OR typeof(seed) != 'integer' OR typeof(steps) != 'integer' "
                 "OR typeof(last_step) != 'integer' OR typeof(started) != 'integer' "
                 "OR status NOT IN ('running','finished','stopped','failed','interrupted')",
                 NULL);
  if (!stmt) {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_CORRUPT,
                _("%s does not have the tables of a run store: %s"), display,
                sqlite3_errmsg(store->db));
    return FALSE;
  }
  int bad = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  if (bad != 0) {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_CORRUPT,
                _("%s has %d malformed run records; nothing was merged"), display, MAX(bad, 0));
    return FALSE;
  }
  const char *const probes[] = {
      "SELECT run_id, name, step, value FROM src.metrics LIMIT 0",
      "SELECT run_id, step, created, format, data FROM src.checkpoints LIMIT 0",
      "SELECT run_id, view, format, preset, path, created FROM src.figures LIMIT 0",
      "SELECT uuid, count(*) FROM src.runs GROUP BY uuid HAVING count(*) > 1",
  };
  for (guint i = 0; i < G_N_ELEMENTS(probes); i++) {
    stmt = prepare(store, probes[i], NULL);
    gboolean has_row = stmt && sqlite3_step(stmt) == SQLITE_ROW;
    if (stmt) sqlite3_finalize(stmt);
    if (!stmt || has_row) {
      g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_CORRUPT,
                  _("%s does not have the tables of a run store"), display);
      return FALSE;
    }
  }
  return TRUE;
}

static gboolean merge_runs(GsStore *store, GsMergeStats *stats, GError **error)
{
  /* For each source run: new, more complete than ours, or already here. A run is more complete
   * when it has more committed steps, or has ended while ours is still marked running. */
  sqlite3_stmt *list =
      prepare(store,
              "SELECT s.id, s.uuid, d.id, "
              " (d.id IS NULL) OR s.last_step > d.last_step OR "
              " (s.status != 'running' AND d.status IN ('running', 'interrupted') AND "
              "  s.last_step >= d.last_step) "
              "FROM src.runs s LEFT JOIN main.runs d ON d.uuid = s.uuid ORDER BY s.started, s.id",
              error);
  if (!list) return FALSE;
  int rc;
  while ((rc = sqlite3_step(list)) == SQLITE_ROW) {
    gint64 src_id = sqlite3_column_int64(list, 0);
    gboolean exists = sqlite3_column_type(list, 2) != SQLITE_NULL;
    gint64 dst_old = sqlite3_column_int64(list, 2);
    gboolean take = sqlite3_column_int(list, 3) != 0;
    if (!take) {
      stats->runs_skipped++;
      continue;
    }
    if (exists) {
      sqlite3_stmt *del = prepare(store, "DELETE FROM main.runs WHERE id = ?", error);
      if (!del) goto fail;
      sqlite3_bind_int64(del, 1, dst_old);
      if (!run_stmt(store, del, error)) goto fail;
    }
    sqlite3_stmt *ins = prepare(
        store,
        "INSERT INTO main.runs (uuid, kind, name, params, seed, backend, steps, last_step, "
        "app_version, started, ended, status, error, notes, host, pid, resumed_from, "
        "resumed_step, run_group) SELECT uuid, kind, coalesce(name, ''), params, seed, "
        "coalesce(backend, ''), "
        "steps, last_step, coalesce(app_version, ''), started, coalesce(ended, 0), status, error, "
        "coalesce(notes, ''), host, pid, resumed_from, coalesce(resumed_step, 0), "
        "CASE WHEN typeof(run_group) = 'text' THEN run_group END FROM src.runs WHERE id = ?",
        error);
    if (!ins) goto fail;
    sqlite3_bind_int64(ins, 1, src_id);
    if (!run_stmt(store, ins, error)) goto fail;
    gint64 dst_id = sqlite3_last_insert_rowid(store->db);
    const char *const copies[] = {
        "INSERT INTO main.metrics (run_id, name, step, value) SELECT ?1, name, step, value "
        "FROM src.metrics WHERE run_id = ?2 AND typeof(name) = 'text' AND typeof(step) = 'integer'",
        "INSERT OR REPLACE INTO main.checkpoints (run_id, step, created, format, data) "
        "SELECT ?1, step, created, format, data FROM src.checkpoints WHERE run_id = ?2 AND "
        "typeof(step) = 'integer' AND typeof(data) = 'blob'",
        "INSERT INTO main.figures (run_id, view, format, preset, path, created) SELECT ?1, view, "
        "format, preset, path, created FROM src.figures WHERE run_id = ?2 AND typeof(view) = "
        "'text' AND typeof(format) = 'text' AND typeof(path) = 'text'",
    };
    for (guint c = 0; c < G_N_ELEMENTS(copies); c++) {
      sqlite3_stmt *copy = prepare(store, copies[c], error);
      if (!copy) goto fail;
      sqlite3_bind_int64(copy, 1, dst_id);
      sqlite3_bind_int64(copy, 2, src_id);
      if (!run_stmt(store, copy, error)) goto fail;
      if (c == 0) stats->metric_rows += sqlite3_changes(store->db);
    }
    if (exists)
      stats->runs_updated++;
    else
      stats->runs_added++;
  }
  sqlite3_finalize(list);
  if (rc != SQLITE_DONE) return sql_fail(store, error, _("reading the source store"));
  return TRUE;
fail:
  sqlite3_finalize(list);
  return FALSE;
}

gboolean gs_store_merge(GsStore *store, const char *source_path, GsMergeStats *stats,
                        GError **error)
{
  GsMergeStats local_stats = {0};
  if (!stats) stats = &local_stats;
  *stats = (GsMergeStats){0};
  g_autofree char *display = g_filename_display_name(source_path);
  if (!g_file_test(source_path, G_FILE_TEST_IS_REGULAR)) {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_OPEN, _("%s: no such file"), display);
    return FALSE;
  }
  g_autofree char *ours = g_canonicalize_filename(store->path, NULL);
  g_autofree char *theirs = g_canonicalize_filename(source_path, NULL);
  if (strcmp(ours, theirs) == 0) {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_OPEN, _("%s is the store being merged into"),
                display);
    return FALSE;
  }
  /* Read-only: a merge never changes its source (and a damaged source cannot be "repaired"). */
  g_autofree char *uri_path = g_uri_escape_string(theirs, "/", FALSE);
  g_autofree char *uri = g_strdup_printf("file:%s?mode=ro", uri_path);
  sqlite3_stmt *attach = prepare(store, "ATTACH DATABASE ? AS src", error);
  if (!attach) return FALSE;
  sqlite3_bind_text(attach, 1, uri, -1, SQLITE_TRANSIENT);
  int rc = sqlite3_step(attach);
  sqlite3_finalize(attach);
  if (rc != SQLITE_DONE) {
    g_set_error(error, GS_STORE_ERROR, GS_STORE_ERROR_OPEN, _("cannot open %s: %s"), display,
                sqlite3_errmsg(store->db));
    return FALSE;
  }
  gboolean ok = check_source(store, display, error);
  if (ok) ok = exec(store, "BEGIN IMMEDIATE", error);
  if (ok) {
    ok = merge_runs(store, stats, error);
    if (ok) ok = exec(store, "COMMIT", error);
    if (!ok) exec(store, "ROLLBACK", NULL);
  }
  if (!ok && error && *error && sqlite3_errcode(store->db) == SQLITE_CORRUPT)
    (*error)->code = GS_STORE_ERROR_CORRUPT;
  exec(store, "DETACH DATABASE src", NULL);
  return ok;
}
