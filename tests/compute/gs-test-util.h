/* gs-test-util.h — helpers shared by the compute tests: a backend for the whole program,
 * catching broken-invariant aborts, filling and comparing tensors. Header-only (static inline)
 * so each test program stays one file plus this. */
#ifndef GS_TEST_UTIL_H
#define GS_TEST_UTIL_H

#include <glib.h>
#include <math.h>
#include <setjmp.h>
#include <string.h>

#include "gs-compute.h"

/* --- one backend per test program ---------------------------------------------------------- */

static gs_backend *test_backend;

static inline gs_backend *test_be(void)
{
  if (!test_backend) {
    gs_error err = {0};
    gs_backend_options o = {.threads = 1, .device_index = -1};
    test_backend = gs_backend_new(GS_BACKEND_CPU, &o, &err);
    g_assert_nonnull(test_backend);
  }
  return test_backend;
}

/* --- catching aborts ----------------------------------------------------------------------- */

typedef struct test_abort {
  jmp_buf jump;
  char message[1024];
} test_abort;

static inline void test_abort_handler(const char *message, void *user_data)
{
  test_abort *t = user_data;
  g_strlcpy(t->message, message, sizeof t->message);
  longjmp(t->jump, 1);
}

/* Run STMT expecting it to abort through gs_abortf; the message lands in (ta)->message.
 * Evaluates to true when it aborted. Arena memory the statement took stays in its context. */
#define TEST_EXPECT_ABORT(ta, STMT)                                                                \
  ({                                                                                               \
    volatile bool aborted_ = false;                                                                \
    (ta)->message[0] = '\0';                                                                       \
    gs_set_abort_handler(test_abort_handler, (ta));                                                \
    if (setjmp((ta)->jump) == 0) {                                                                 \
      STMT;                                                                                        \
    } else {                                                                                       \
      aborted_ = true;                                                                             \
    }                                                                                              \
    gs_set_abort_handler(NULL, NULL);                                                              \
    aborted_;                                                                                      \
  })

/* --- data ---------------------------------------------------------------------------------- */

static inline double *test_read_f64(const gs_tensor *t)
{
  g_assert_cmpint(t->dtype, ==, GS_F64);
  double *d = g_new(double, gs_numel(t) ? gs_numel(t) : 1);
  gs_read(t, d);
  return d;
}

/* Any float tensor as doubles (caller frees). */
static inline double *test_values(const gs_tensor *t)
{
  int64_t n = gs_numel(t);
  double *d = g_new(double, n ? n : 1);
  if (t->dtype == GS_F64) {
    gs_read(t, d);
  } else if (t->dtype == GS_F32) {
    float *f = g_new(float, n ? n : 1);
    gs_read(t, f);
    for (int64_t i = 0; i < n; i++) d[i] = f[i];
    g_free(f);
  } else {
    int32_t *v = g_new(int32_t, n ? n : 1);
    gs_read(t, v);
    for (int64_t i = 0; i < n; i++) d[i] = v[i];
    g_free(v);
  }
  return d;
}

static inline gs_tensor *test_tensor(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape,
                                     const double *values)
{
  gs_tensor *t = gs_new(ctx, dtype, ndim, shape);
  int64_t n = gs_numel(t);
  if (dtype == GS_F64) {
    gs_write(t, values);
  } else if (dtype == GS_F32) {
    float *f = g_new(float, n ? n : 1);
    for (int64_t i = 0; i < n; i++) f[i] = (float) values[i];
    gs_write(t, f);
    g_free(f);
  } else {
    int32_t *v = g_new(int32_t, n ? n : 1);
    for (int64_t i = 0; i < n; i++) v[i] = (int32_t) values[i];
    gs_write(t, v);
    g_free(v);
  }
  return t;
}

/* Assert every element of t is within atol + rtol |want| of want[]. */
static inline void test_assert_close(const char *what, const gs_tensor *t, const double *want,
                                     double atol, double rtol)
{
  double *got = test_values(t);
  for (int64_t i = 0; i < gs_numel(t); i++) {
    double tol = atol + rtol * fabs(want[i]);
    if (!(fabs(got[i] - want[i]) <= tol))
      g_error("%s: element %" G_GINT64_FORMAT ": got %.12g, want %.12g (tolerance %.3g)", what, i,
              got[i], want[i], tol);
  }
  g_free(got);
}

static inline void test_assert_shape(const gs_tensor *t, int ndim, const int64_t *shape)
{
  g_assert_cmpint(t->ndim, ==, ndim);
  for (int d = 0; d < ndim; d++) g_assert_cmpint(t->shape[d], ==, shape[d]);
}

#endif /* GS_TEST_UTIL_H */
