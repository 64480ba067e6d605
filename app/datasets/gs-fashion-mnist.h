/* gs-fashion-mnist.h — Fashion-MNIST (or MNIST) images and labels, and the seeded subsets that
 * adversarial-training experiments draw from them.
 *
 * The Debian package dataset-fashion-mnist puts the four gzip'd IDX files in
 * GS_FASHION_MNIST_DIR; any folder holding the same four names will do:
 *
 *     GError *error = NULL;
 *     GsImageSet *train = gs_fashion_mnist_load(NULL, TRUE, &error); // 60000 × 784 in [0, 1]
 *     if (!train) { g_printerr("%s\n", error->message); … }          // names the file and fault
 *     GsImageSet *sub = gs_image_set_subset(train, idx, n);          // rows idx[0..n-1]
 *
 * Labels are checked to lie in 0 … 9 and images to be 28 × 28, with the file named in the message.
 */
#ifndef GS_FASHION_MNIST_H
#define GS_FASHION_MNIST_H

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

#define GS_FASHION_MNIST_DIR     "/usr/share/datasets/fashion-mnist"
#define GS_FASHION_MNIST_PIXELS  784
#define GS_FASHION_MNIST_CLASSES 10

typedef struct {
  gsize n;
  float *x;   /* (n, 784), pixels / 255 */
  int32_t *y; /* (n), 0 … 9 */
} GsImageSet;

/* dir NULL or "": GS_FASHION_MNIST_DIR. train: the 60k training files, else the 10k test ones. */
GsImageSet *gs_fashion_mnist_load(const char *dir, gboolean train, GError **error);
GsImageSet *gs_image_set_subset(const GsImageSet *set, const int32_t *rows, gsize n);
void gs_image_set_free(GsImageSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsImageSet, gs_image_set_free)

/* Class names of Fashion-MNIST ("T-shirt/top", …), translated. */
const char *gs_fashion_mnist_class_name(int label);

G_END_DECLS

#endif /* GS_FASHION_MNIST_H */
