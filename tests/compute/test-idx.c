/* test-idx.c — the IDX loader (engine layer, tested here beside the data it feeds): Fashion-MNIST
 * itself, every element type, gzip, and malformed files rejected with clear messages. */
#include <glib.h>
#include <string.h>
#include <zlib.h>

#include "datasets/gs-idx.h"

#define FASHION_DIR "/usr/share/datasets/fashion-mnist"

static void test_fashion_mnist(void)
{
  const char *labels_path = FASHION_DIR "/t10k-labels-idx1-ubyte.gz";
  if (!g_file_test(labels_path, G_FILE_TEST_EXISTS)) {
    g_test_skip("Fashion-MNIST is not installed");
    return;
  }
  GError *error = NULL;
  g_autoptr(GsIdx) labels = gs_idx_load(labels_path, &error);
  g_assert_no_error(error);
  g_assert_cmpint(labels->ndim, ==, 1);
  g_assert_cmpuint(labels->dims[0], ==, 10000);
  /* the test split is balanced: 1,000 of each of the ten classes */
  int counts[10] = {0};
  for (gsize i = 0; i < labels->n_elements; i++) {
    double v = gs_idx_value(labels, i);
    g_assert_true(v >= 0 && v <= 9);
    counts[(int) v]++;
  }
  for (int c = 0; c < 10; c++) g_assert_cmpint(counts[c], ==, 1000);
  /* its first label is 9 (ankle boot) */
  g_assert_cmpfloat(gs_idx_value(labels, 0), ==, 9);

  g_autoptr(GsIdx) images = gs_idx_load(FASHION_DIR "/t10k-images-idx3-ubyte.gz", &error);
  g_assert_no_error(error);
  g_assert_cmpint(images->ndim, ==, 3);
  g_assert_cmpuint(images->dims[0], ==, 10000);
  g_assert_cmpuint(images->dims[1], ==, 28);
  g_assert_cmpuint(images->dims[2], ==, 28);
  float px[784];
  gs_idx_to_float(images, 0, 784, 1.0 / 255, px);
  float lo = 1, hi = 0;
  for (int i = 0; i < 784; i++) {
    lo = MIN(lo, px[i]);
    hi = MAX(hi, px[i]);
  }
  g_assert_cmpfloat(lo, ==, 0);
  g_assert_cmpfloat(hi, ==, 1); /* images are scaled to use the full 0..255 range */
}

static GByteArray *idx_image(guint8 type, int ndim, const guint32 *dims, const guint8 *data,
                             gsize data_len)
{
  GByteArray *b = g_byte_array_new();
  guint8 head[4] = {0, 0, type, (guint8) ndim};
  g_byte_array_append(b, head, 4);
  for (int d = 0; d < ndim; d++) {
    guint8 be[4] = {dims[d] >> 24, dims[d] >> 16, dims[d] >> 8, dims[d]};
    g_byte_array_append(b, be, 4);
  }
  g_byte_array_append(b, data, (guint) data_len);
  return b;
}

static GByteArray *gzip(const GByteArray *in)
{
  z_stream z = {0};
  g_assert_cmpint(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), ==, Z_OK);
  GByteArray *out = g_byte_array_sized_new(in->len + 64);
  g_byte_array_set_size(out, in->len + 64);
  z.next_in = in->data;
  z.avail_in = in->len;
  z.next_out = out->data;
  z.avail_out = out->len;
  g_assert_cmpint(deflate(&z, Z_FINISH), ==, Z_STREAM_END);
  g_byte_array_set_size(out, (guint) z.total_out);
  deflateEnd(&z);
  return out;
}

static void test_types_and_gzip(void)
{
  /* int16 big-endian: 1, -2, 300 */
  const guint8 i16[6] = {0x00, 0x01, 0xff, 0xfe, 0x01, 0x2c};
  const guint32 dims[1] = {3};
  GByteArray *raw = idx_image(0x0B, 1, dims, i16, 6);
  GError *error = NULL;
  for (int z = 0; z < 2; z++) {
    GByteArray *img = z ? gzip(raw) : g_byte_array_ref(raw);
    g_autoptr(GsIdx) idx = gs_idx_parse(img->data, img->len, "int16", &error);
    g_assert_no_error(error);
    g_assert_cmpfloat(gs_idx_value(idx, 0), ==, 1);
    g_assert_cmpfloat(gs_idx_value(idx, 1), ==, -2);
    g_assert_cmpfloat(gs_idx_value(idx, 2), ==, 300);
    g_byte_array_unref(img);
  }
  g_byte_array_unref(raw);
  /* float32 big-endian 1.5, float64 -0.25, int32 -70000, signed byte -3 */
  const guint8 f32[4] = {0x3f, 0xc0, 0, 0}, f64[8] = {0xbf, 0xd0, 0, 0, 0, 0, 0, 0};
  const guint8 i32[4] = {0xff, 0xfe, 0xee, 0x90}, s8[1] = {0xfd};
  const guint32 one[1] = {1};
  struct {
    guint8 type;
    const guint8 *data;
    gsize len;
    double want;
  } cases[] = {
      {0x0D, f32, 4, 1.5}, {0x0E, f64, 8, -0.25}, {0x0C, i32, 4, -70000}, {0x09, s8, 1, -3}};
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    GByteArray *img = idx_image(cases[i].type, 1, one, cases[i].data, cases[i].len);
    g_autoptr(GsIdx) idx = gs_idx_parse(img->data, img->len, "typed", &error);
    g_assert_no_error(error);
    g_assert_cmpfloat(gs_idx_value(idx, 0), ==, cases[i].want);
    float f;
    gs_idx_to_float(idx, 0, 1, 2.0, &f);
    g_assert_cmpfloat(f, ==, (float) (2 * cases[i].want));
    g_byte_array_unref(img);
  }
}

static void expect_error(const guint8 *buf, gsize len, GsIdxError code, const char *part)
{
  GError *error = NULL;
  GsIdx *idx = gs_idx_parse(buf, len, "bad.idx", &error);
  g_assert_null(idx);
  g_assert_error(error, GS_IDX_ERROR, (gint) code);
  if (!strstr(error->message, part) || !strstr(error->message, "bad.idx"))
    g_error("message \"%s\" lacks \"%s\" or the file name", error->message, part);
  g_error_free(error);
}

static void test_malformed(void)
{
  const guint8 data[6] = {1, 2, 3, 4, 5, 6};
  const guint32 d23[2] = {2, 3}, d24[2] = {2, 4}, huge[3] = {65536, 65536, 2};
  expect_error((const guint8 *) "\0", 1, GS_IDX_ERROR_SIZE, "ends inside the header");
  expect_error((const guint8 *) "\1\0\x08\1", 4, GS_IDX_ERROR_FORMAT, "not an IDX file");
  expect_error((const guint8 *) "\0\0\x07\1", 4, GS_IDX_ERROR_FORMAT, "unknown element type 0x07");
  expect_error((const guint8 *) "\0\0\x08\0", 4, GS_IDX_ERROR_FORMAT, "0 dimensions");
  expect_error((const guint8 *) "\0\0\x08\5", 4, GS_IDX_ERROR_FORMAT, "5 dimensions");
  GByteArray *b = idx_image(0x08, 2, d24, data, 6);
  expect_error(b->data, b->len, GS_IDX_ERROR_SIZE, "ends inside the data (2 bytes missing)");
  GByteArray *gz = gzip(b);
  expect_error(gz->data, gz->len, GS_IDX_ERROR_SIZE, "data ends inside the data");
  g_byte_array_unref(gz);
  g_byte_array_unref(b);
  b = idx_image(0x08, 2, (const guint32[]){1, 3}, data, 6);
  expect_error(b->data, b->len, GS_IDX_ERROR_SIZE, "3 bytes follow");
  gz = gzip(b);
  expect_error(gz->data, gz->len, GS_IDX_ERROR_SIZE, "more data follows");
  g_byte_array_unref(gz);
  g_byte_array_unref(b);
  b = idx_image(0x0D, 3, huge, data, 6);
  expect_error(b->data, b->len, GS_IDX_ERROR_SIZE, "more than");
  g_byte_array_unref(b);
  /* a damaged gzip stream: flip bytes in the middle */
  b = idx_image(0x08, 2, d23, data, 6);
  gz = gzip(b);
  for (guint i = 10; i < gz->len - 8; i++) gz->data[i] ^= 0x5a;
  GError *error = NULL;
  g_assert_null(gs_idx_parse(gz->data, gz->len, "bad.idx", &error));
  g_assert_nonnull(error);
  g_clear_error(&error);
  g_byte_array_unref(gz);
  g_byte_array_unref(b);
  g_assert_null(gs_idx_load("/nonexistent/file.idx", &error));
  g_assert_error(error, GS_IDX_ERROR, GS_IDX_ERROR_IO);
  g_assert_nonnull(strstr(error->message, "/nonexistent/file.idx"));
  g_clear_error(&error);
}

int main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/idx/fashion-mnist", test_fashion_mnist);
  g_test_add_func("/idx/types-and-gzip", test_types_and_gzip);
  g_test_add_func("/idx/malformed", test_malformed);
  return g_test_run();
}
