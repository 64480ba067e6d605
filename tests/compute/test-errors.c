/* test-errors.c — broken invariants abort through the handler with the op's name and the
 * shapes involved; backend selection failures come back as gs_error. */
#include "gs-backend-impl.h" /* gs_backend_fail, to simulate a lost device */
#include "gs-test-util.h"

static gs_ctx *ctx;

static void expect_message(test_abort *ta, const char *const *parts)
{
  for (int i = 0; parts[i]; i++)
    if (!strstr(ta->message, parts[i]))
      g_error("abort message \"%s\" lacks \"%s\"", ta->message, parts[i]);
}

#define EXPECT_ABORT(STMT, ...)                                                                    \
  do {                                                                                             \
    test_abort ta;                                                                                 \
    g_assert_true(TEST_EXPECT_ABORT(&ta, STMT));                                                   \
    expect_message(&ta, (const char *const[]){__VA_ARGS__, NULL});                                 \
  } while (0)

static void test_shape_errors(void)
{
  gs_tensor *a = gs_zeros(ctx, GS_F32, 2, (int64_t[]){3, 4});
  gs_tensor *b = gs_zeros(ctx, GS_F32, 2, (int64_t[]){5, 6});
  gs_tensor *c = gs_zeros(ctx, GS_F32, 1, (int64_t[]){3});
  gs_tensor *d = gs_zeros(ctx, GS_F64, 2, (int64_t[]){3, 4});
  gs_tensor *idx = gs_zeros(ctx, GS_I32, 1, (int64_t[]){3});

  EXPECT_ABORT(gs_matmul(ctx, a, b), "gs_matmul", "(3, 4)", "(5, 6)", "inner dimensions");
  EXPECT_ABORT(gs_add(ctx, a, b), "gs_add", "(3, 4)", "(5, 6)", "broadcast");
  EXPECT_ABORT(gs_mul(ctx, a, c), "gs_mul", "(3, 4)", "(3)");
  EXPECT_ABORT(gs_add(ctx, a, d), "gs_add", "F32", "F64");
  EXPECT_ABORT(gs_reshape(ctx, a, 2, (int64_t[]){5, 2}), "gs_reshape", "(3, 4)", "(5, 2)");
  EXPECT_ABORT(gs_sum(ctx, a, 2, false), "gs_sum", "axis 2", "(3, 4)");
  EXPECT_ABORT(gs_slice(ctx, a, 1, 2, 7), "gs_slice", "(3, 4)");
  EXPECT_ABORT(gs_expand(ctx, a, 2, (int64_t[]){3, 5}), "gs_expand", "(3, 4)");
  EXPECT_ABORT(gs_linear(ctx, a, b, NULL), "gs_linear", "(3, 4)", "(5, 6)");
  EXPECT_ABORT(gs_concat(ctx, 2, (gs_tensor *[]){a, b}, 0), "gs_concat", "(3, 4)", "(5, 6)");
  EXPECT_ABORT(gs_conv2d(ctx, a, b, NULL, 1, 0), "gs_conv2d", "(3, 4)", "(5, 6)");
  EXPECT_ABORT(gs_bce_with_logits(ctx, a, c), "gs_bce_with_logits", "(3, 4)", "(3)");
  EXPECT_ABORT(gs_cross_entropy(ctx, a, gs_zeros(ctx, GS_I32, 1, (int64_t[]){4})),
               "gs_cross_entropy", "(3, 4)", "(4)");
  EXPECT_ABORT(gs_exp(ctx, idx), "gs_exp", "I32");
  EXPECT_ABORT(gs_permute(ctx, a, (int[]){0, 0}), "gs_permute", "(3, 4)");
  EXPECT_ABORT(gs_copy_(a, b), "gs_copy_", "(3, 4)", "(5, 6)");

  /* indices out of range are caught before any kernel runs */
  gs_tensor *bad = test_tensor(ctx, GS_I32, 1, (int64_t[]){3}, (double[]){0, 4, 1});
  EXPECT_ABORT(gs_pick(ctx, a, bad), "gs_pick", "index 4", "[0, 4)");
  gs_tensor *neg = test_tensor(ctx, GS_I32, 1, (int64_t[]){3}, (double[]){0, -1, 1});
  EXPECT_ABORT(gs_gather_rows(ctx, a, neg), "gs_gather_rows", "index -1");
}

static void test_backend_selection(void)
{
  gs_error err = {0};
  gs_backend *be = gs_backend_new(GS_BACKEND_CPU, NULL, &err);
  g_assert_nonnull(be);
  g_assert_cmpint(err.code, ==, 0);
  g_assert_cmpstr(gs_backend_name(be), ==, "cpu");
  g_assert_true(g_str_has_prefix(gs_backend_device(be), "OpenBLAS"));
  g_assert_null(gs_backend_failure(be));
  gs_backend_free(be);

  gs_backend_kind k;
  g_assert_true(gs_backend_kind_from_name("vulkan", &k));
  g_assert_cmpint(k, ==, GS_BACKEND_VULKAN);
  g_assert_false(gs_backend_kind_from_name("cuda", &k));

  char why[128] = "";
  bool have = gs_vulkan_available(NULL, why, sizeof why);
  if (!have) g_assert_cmpstr(why, !=, "");
  be = gs_backend_new(GS_BACKEND_VULKAN, &(gs_backend_options){.device_index = -1}, &err);
  if (!be) {
    g_assert_cmpint(err.code, !=, 0);
    g_assert_cmpstr(err.msg, !=, "");
  } else {
    gs_backend_free(be);
  }
  be = gs_backend_new(GS_BACKEND_AUTO, NULL, &err);
  g_assert_nonnull(be);
  gs_backend_free(be);
}

/* After a device failure kernels are skipped and reads give zeros, so a step runs out. */
static void test_sticky_failure(void)
{
  gs_error err = {0};
  gs_backend *be = gs_backend_new(GS_BACKEND_CPU, NULL, &err);
  gs_ctx *c = gs_ctx_new(be);
  gs_tensor *a = test_tensor(c, GS_F32, 1, (int64_t[]){3}, (double[]){1, 2, 3});
  gs_backend_fail(be, "device lost (%s)", "test");
  gs_backend_fail(be, "a later failure does not replace the first");
  g_assert_cmpstr(gs_backend_failure(be), ==, "device lost (test)");
  gs_tensor *b = gs_exp(c, a);
  test_assert_close("reads give zeros", b, (double[]){0, 0, 0}, 0, 0);
  g_assert_cmpfloat(gs_item(gs_sum_all(c, b)), ==, 0);
  gs_ctx_free(c);
  gs_backend_free(be);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  ctx = gs_ctx_new(test_be());
  g_test_add_func("/errors/shapes", test_shape_errors);
  g_test_add_func("/errors/backend-selection", test_backend_selection);
  g_test_add_func("/errors/sticky-failure", test_sticky_failure);
  int rc = g_test_run();
  gs_ctx_free(ctx);
  gs_backend_free(test_backend);
  return rc;
}
