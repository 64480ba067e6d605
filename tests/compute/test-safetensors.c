/* test-safetensors.c — weights round-trip through the safetensors format, and every kind of
 * malformed file is rejected with a message that says what is wrong. */
#include <glib/gstdio.h>

#include "gs-test-util.h"

/* An image: 8-byte little-endian length, the header text, then data_len bytes 0, 1, 2, … */
static GByteArray *image(const char *header, size_t data_len)
{
  GByteArray *b = g_byte_array_new();
  uint64_t n = strlen(header);
  uint8_t len[8];
  for (int i = 0; i < 8; i++) len[i] = (uint8_t) (n >> (8 * i));
  g_byte_array_append(b, len, 8);
  g_byte_array_append(b, (const guint8 *) header, (guint) n);
  for (size_t i = 0; i < data_len; i++) {
    guint8 v = (guint8) i;
    g_byte_array_append(b, &v, 1);
  }
  return b;
}

static void expect_reject(const char *header, size_t data_len, const char *message)
{
  GByteArray *b = image(header, data_len);
  gs_error err = {0};
  gs_st_file *f = gs_st_parse(b->data, b->len, &err);
  if (f) g_error("accepted a malformed header: %s", header);
  g_assert_cmpint(err.code, !=, 0);
  if (!strstr(err.msg, message))
    g_error("for header %s\n  message \"%s\"\n  lacks \"%s\"", header, err.msg, message);
  g_byte_array_unref(b);
}

static void test_malformed(void)
{
  gs_error err = {0};
  g_assert_null(gs_st_parse((const uint8_t *) "abc", 3, &err));
  g_assert_nonnull(strstr(err.msg, "at least 8 bytes"));

  uint8_t huge[16] = {0x00, 0xe2, 0xf5, 0x05, 0, 0, 0, 0}; /* 100,000,256 */
  g_assert_null(gs_st_parse(huge, sizeof huge, &err));
  g_assert_nonnull(strstr(err.msg, "above the limit"));
  uint8_t past[12] = {100, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' '};
  g_assert_null(gs_st_parse(past, sizeof past, &err));
  g_assert_nonnull(strstr(err.msg, "runs past the end"));

  expect_reject(" {}", 0, "does not start with '{'");
  expect_reject("{\"a\xff\":{}}", 0, "not valid UTF-8");
  expect_reject("{\"\xc0\xaf\":{}}", 0, "not valid UTF-8"); /* overlong '/' */
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},}", 4,
                "expected '\"'");
  expect_reject("{\"a", 0, "not terminated");
  expect_reject("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "lacks dtype");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "lacks shape");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "lacks data_offsets");
  expect_reject("{\"a\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4,
                "unknown dtype \"F33\"");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4,
                "non-negative integer");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.0],\"data_offsets\":[0,4]}}", 4,
                "must be an integer");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[01],\"data_offsets\":[0,4]}}", 4,
                "leading zero");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", 8,
                "exactly two");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[1,1,1,1,1],\"data_offsets\":[0,4]}}", 4,
                "more than 4 dimensions");
  expect_reject(
      "{\"d.0.weight\":{\"dtype\":\"F32\",\"shape\":[2,8],\"data_offsets\":[0,12]}}", 12,
      "tensor \"d.0.weight\": data_offsets [0, 12] hold 12 bytes but F32 (2, 8) needs 64");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8,
                "leave a gap");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                8, "overlap");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8,
                "end before they begin");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 12,
                "cover 8 bytes of data but the file holds 12");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                8, "tensor \"a\" appears twice");
  expect_reject("{\"a\":{\"dtype\":\"U8\",\"shape\":[4294967296,4294967296,4294967296],"
                "\"data_offsets\":[0,0]}}",
                0, "more than 2^64");
  expect_reject("{\"__metadata__\":{\"k\":1}}", 0, "is not a string");
  expect_reject("{\"__metadata__\":{\"k\":\"v\",\"k\":\"w\"}}", 0, "appears twice");
  expect_reject("{\"__metadata__\":{},\"__metadata__\":{}}", 0, "appears twice");
  expect_reject("{}x", 0, "after the header object");
  expect_reject("{\"\\ud800\":{}}", 0, "surrogate");
  expect_reject("{\"\\u0000\":{}}", 0, "\\u0000");
  expect_reject("{\"a\\q\":{}}", 0, "unknown escape");
  expect_reject("{\"a\tb\":{}}", 0, "control character");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],"
                "\"x\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}}",
                4, "nested");
  expect_reject("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":tru}}", 4,
                "unexpected character");
}

static void test_accepted_forms(void)
{
  /* unknown fields are ignored, as the reference does; whitespace and escapes are fine;
   * zero-size tensors take no bytes; the header may end in padding spaces */
  const char *header = "{ \"w\\u00e9\\n\" : {\"shape\":[2],\"extra\":{\"a\":[1,2.5e3,null,true]},"
                       "\"dtype\":\"F32\",\"data_offsets\":[0,8]},"
                       "\"empty\":{\"dtype\":\"F64\",\"shape\":[0,3],\"data_offsets\":[8,8]},"
                       "\"__metadata__\":{\"format\":\"pt\",\"\\ud83d\\ude00\":\"smile\"}}   ";
  GByteArray *b = image(header, 8);
  gs_error err = {0};
  gs_st_file *f = gs_st_parse(b->data, b->len, &err);
  if (!f) g_error("rejected: %s", err.msg);
  g_assert_cmpint(f->n_entries, ==, 2);
  g_assert_cmpstr(f->entries[0].name, ==, "w\xc3\xa9\n");
  g_assert_cmpstr(f->entries[0].dtype, ==, "F32");
  g_assert_cmpint(f->entries[1].ndim, ==, 2);
  g_assert_cmpstr(gs_st_meta(f, "format"), ==, "pt");
  g_assert_cmpstr(gs_st_meta(f, "\xf0\x9f\x98\x80"), ==, "smile");
  g_assert_null(gs_st_meta(f, "missing"));
  g_assert_cmpuint(f->data_len, ==, 8);
  gs_st_file_free(f);
  g_byte_array_unref(b);
}

static void test_round_trip(void)
{
  gs_ctx *ctx = gs_ctx_new(test_be());
  gs_rng rng = gs_rng_new(3);
  gs_params p = {0}, q = {0};
  gs_params_add(&p, "d.0.weight", gs_rand_normal(ctx, &rng, GS_F32, 2, (int64_t[]){4, 3}, 0, 1));
  gs_params_add(&p, "d.0.bias", gs_rand_normal(ctx, &rng, GS_F32, 1, (int64_t[]){4}, 0, 1));
  gs_params_add(&p, "scale \"quoted\"", gs_scalar(ctx, GS_F64, 3.25));
  gs_params_add(&p, "labels", test_tensor(ctx, GS_I32, 1, (int64_t[]){3}, (double[]){7, -1, 2}));
  for (int i = 0; i < p.n; i++) gs_params_add(&q, p.names[i], gs_zeros_like(ctx, p.tensors[i]));

  const char *meta[] = {"kind", "gan2d", "seed", "42", NULL};
  uint8_t *buf;
  size_t len;
  gs_error err = {0};
  g_assert_cmpint(gs_st_encode(&p, meta, &buf, &len, &err), ==, 0);
  uint64_t n = 0;
  for (int i = 7; i >= 0; i--) n = (n << 8) | buf[i];
  g_assert_cmpuint(n % 8, ==, 0);
  gs_st_file *f = gs_st_parse(buf, len, &err);
  if (!f) g_error("own file rejected: %s", err.msg);
  g_assert_cmpstr(gs_st_meta(f, "kind"), ==, "gan2d");
  g_assert_cmpint(gs_st_load_into(f, &q, 0, &err), ==, 0);
  for (int i = 0; i < p.n; i++) {
    double *a = test_values(p.tensors[i]);
    test_assert_close(p.names[i], q.tensors[i], a, 0, 0);
    g_free(a);
  }

  /* what the loader refuses */
  gs_params r = {0};
  gs_params_add(&r, "d.0.weight", gs_zeros(ctx, GS_F32, 2, (int64_t[]){3, 4}));
  g_assert_cmpint(gs_st_load_into(f, &r, 1, &err), ==, -1);
  g_assert_nonnull(strstr(err.msg, "tensor \"d.0.weight\" is (4, 3) in the file but (3, 4) here"));
  gs_params_clear(&r);
  gs_params_add(&r, "d.0.weight", gs_zeros(ctx, GS_F64, 2, (int64_t[]){4, 3}));
  g_assert_cmpint(gs_st_load_into(f, &r, 1, &err), ==, -1);
  g_assert_nonnull(strstr(err.msg, "is F32 in the file but F64 here"));
  gs_params_clear(&r);
  gs_params_add(&r, "d.1.weight", gs_zeros(ctx, GS_F32, 1, (int64_t[]){1}));
  g_assert_cmpint(gs_st_load_into(f, &r, 1, &err), ==, -1);
  g_assert_nonnull(strstr(err.msg, "\"d.1.weight\" is not in the file"));
  gs_params_clear(&r);
  gs_params_add(&r, "d.0.bias", gs_zeros(ctx, GS_F32, 1, (int64_t[]){4}));
  g_assert_cmpint(gs_st_load_into(f, &r, 0, &err), ==, -1);
  g_assert_nonnull(strstr(err.msg, "which this model does not have"));
  g_assert_cmpint(gs_st_load_into(f, &r, 1, &err), ==, 0);
  gs_params_clear(&r);
  gs_st_file_free(f);
  free(buf);

  /* through a file */
  char *dir = g_dir_make_tmp("gs-st-XXXXXX", NULL);
  char *path = g_build_filename(dir, "w.safetensors", NULL);
  g_assert_cmpint(gs_st_save(path, &p, NULL, &err), ==, 0);
  for (int i = 0; i < q.n; i++) gs_fill_(q.tensors[i], 0);
  g_assert_cmpint(gs_st_load_file(path, &q, 0, &err), ==, 0);
  double *a = test_values(p.tensors[0]);
  test_assert_close("from file", q.tensors[0], a, 0, 0);
  g_free(a);
  char *missing = g_build_filename(dir, "nope.safetensors", NULL);
  g_assert_cmpint(gs_st_load_file(missing, &q, 0, &err), ==, -1);
  g_assert_nonnull(strstr(err.msg, "nope.safetensors"));
  g_assert_cmpint(g_file_set_contents(missing, "{}", 2, NULL), ==, TRUE);
  g_assert_cmpint(gs_st_load_file(missing, &q, 0, &err), ==, -1);
  g_assert_nonnull(strstr(err.msg, "nope.safetensors: a safetensors file needs at least 8"));
  g_remove(path);
  g_remove(missing);
  g_rmdir(dir);
  g_free(missing);
  g_free(path);
  g_free(dir);
  gs_params_clear(&p);
  gs_params_clear(&q);
  gs_ctx_free(ctx);
}

static void test_half_precision(void)
{
  const char *header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]},"
                       "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[10,14]}}";
  GByteArray *img = image(header, 0);
  /* F16 1.0, -2.0, 0.5, 2^-24 (subnormal), 65504; BF16 1.0, -3.0 */
  const uint16_t words[7] = {0x3C00, 0xC000, 0x3800, 0x0001, 0x7BFF, 0x3F80, 0xC040};
  for (int i = 0; i < 7; i++) {
    guint8 le[2] = {(guint8) words[i], (guint8) (words[i] >> 8)};
    g_byte_array_append(img, le, 2);
  }
  gs_error err = {0};
  gs_st_file *f = gs_st_parse(img->data, img->len, &err);
  if (!f) g_error("rejected: %s", err.msg);
  gs_ctx *ctx = gs_ctx_new(test_be());
  gs_params p = {0};
  gs_params_add(&p, "h", gs_zeros(ctx, GS_F32, 1, (int64_t[]){5}));
  gs_params_add(&p, "b", gs_zeros(ctx, GS_F32, 1, (int64_t[]){2}));
  g_assert_cmpint(gs_st_load_into(f, &p, 0, &err), ==, 0);
  test_assert_close("F16", p.tensors[0], (double[]){1, -2, 0.5, ldexp(1, -24), 65504}, 0, 0);
  test_assert_close("BF16", p.tensors[1], (double[]){1, -3}, 0, 0);
  gs_params_clear(&p);
  gs_ctx_free(ctx);
  gs_st_file_free(f);
  g_byte_array_unref(img);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/safetensors/malformed", test_malformed);
  g_test_add_func("/safetensors/accepted-forms", test_accepted_forms);
  g_test_add_func("/safetensors/round-trip", test_round_trip);
  g_test_add_func("/safetensors/half-precision", test_half_precision);
  int rc = g_test_run();
  gs_backend_free(test_backend);
  return rc;
}
