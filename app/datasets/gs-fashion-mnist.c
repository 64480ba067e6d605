/* gs-fashion-mnist.c — Fashion-MNIST from its IDX files (see gs-fashion-mnist.h). */
#include "gs-config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "gs-fashion-mnist.h"
#include "gs-idx.h"

GsImageSet *gs_fashion_mnist_load(const char *dir, gboolean train, GError **error)
{
  if (!dir || !*dir) dir = GS_FASHION_MNIST_DIR;
  const char *prefix = train ? "train" : "t10k";
  g_autofree char *iname = g_strdup_printf("%s-images-idx3-ubyte.gz", prefix);
  g_autofree char *lname = g_strdup_printf("%s-labels-idx1-ubyte.gz", prefix);
  g_autofree char *ipath = g_build_filename(dir, iname, NULL);
  g_autofree char *lpath = g_build_filename(dir, lname, NULL);
  if (!g_file_test(ipath, G_FILE_TEST_EXISTS)) {
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_IO,
                _("%s does not exist: install the Debian package dataset-fashion-mnist or choose "
                  "a folder holding the four Fashion-MNIST IDX files"),
                ipath);
    return NULL;
  }
  g_autoptr(GsIdx) images = gs_idx_load(ipath, error);
  if (!images) return NULL;
  g_autoptr(GsIdx) labels = gs_idx_load(lpath, error);
  if (!labels) return NULL;
  if (images->ndim != 3 || images->dims[1] != 28 || images->dims[2] != 28) {
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_FORMAT,
                _("%s: expected 28 × 28 images (3 dimensions)"), ipath);
    return NULL;
  }
  if (labels->ndim != 1 || labels->dims[0] != images->dims[0]) {
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_FORMAT,
                _("%s: expected one label per image of %s (%u)"), lpath, ipath, images->dims[0]);
    return NULL;
  }
  GsImageSet *set = g_new0(GsImageSet, 1);
  set->n = images->dims[0];
  set->x = g_new(float, set->n *GS_FASHION_MNIST_PIXELS);
  set->y = g_new(int32_t, set->n);
  gs_idx_to_float(images, 0, set->n * GS_FASHION_MNIST_PIXELS, 1.0 / 255, set->x);
  for (gsize i = 0; i < set->n; i++) {
    double v = gs_idx_value(labels, i);
    if (!(v >= 0 && v <= 9) || v != (int) v) {
      g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_FORMAT,
                  _("%s: label %" PRIu64 " is %g, not a class 0 … 9"), lpath, (guint64) i, v);
      gs_image_set_free(set);
      return NULL;
    }
    set->y[i] = (int32_t) v;
  }
  return set;
}

GsImageSet *gs_image_set_subset(const GsImageSet *set, const int32_t *rows, gsize n)
{
  GsImageSet *sub = g_new0(GsImageSet, 1);
  sub->n = n;
  sub->x = g_new(float, MAX(n, 1) * GS_FASHION_MNIST_PIXELS);
  sub->y = g_new(int32_t, MAX(n, 1));
  for (gsize i = 0; i < n; i++) {
    g_assert(rows[i] >= 0 && (gsize) rows[i] < set->n);
    memcpy(sub->x + i * GS_FASHION_MNIST_PIXELS, set->x + (gsize) rows[i] * GS_FASHION_MNIST_PIXELS,
           GS_FASHION_MNIST_PIXELS * sizeof(float));
    sub->y[i] = set->y[rows[i]];
  }
  return sub;
}

void gs_image_set_free(GsImageSet *set)
{
  if (!set) return;
  g_free(set->x);
  g_free(set->y);
  g_free(set);
}

const char *gs_fashion_mnist_class_name(int label)
{
  static const char *const names[GS_FASHION_MNIST_CLASSES] = {
      N_("T-shirt/top"), N_("Trouser"), N_("Pullover"), N_("Dress"), N_("Coat"),
      N_("Sandal"),      N_("Shirt"),   N_("Sneaker"),  N_("Bag"),   N_("Ankle boot")};
  g_assert(label >= 0 && label < GS_FASHION_MNIST_CLASSES);
  return _(names[label]);
}
