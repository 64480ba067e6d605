/* gs-error.c — the two error tiers: broken invariants (abort handler) and world failures. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs-backend-impl.h"
#include "gs-tensor.h"

static _Thread_local gs_abort_fn abort_fn;
static _Thread_local void *abort_data;

void gs_set_abort_handler(gs_abort_fn fn, void *user_data)
{
  abort_fn = fn;
  abort_data = user_data;
}

_Noreturn void gs_abortf(const char *fmt, ...)
{
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (abort_fn) abort_fn(msg, abort_data);
  fprintf(stderr, "ganscape compute: %s\n", msg);
  abort();
}

void gs_error_set(gs_error *err, int code, const char *fmt, ...)
{
  if (!err) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  err->code = code ? code : 1;
}

void gs_error_clear(gs_error *err)
{
  if (!err) return;
  err->code = 0;
  err->msg[0] = '\0';
}

void gs_backend_fail(gs_backend *be, const char *fmt, ...)
{
  if (be->failure[0]) return; /* the first failure is the cause; later ones are consequences */
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(be->failure, sizeof be->failure, fmt, ap);
  va_end(ap);
}
