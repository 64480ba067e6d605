/* gs-idx.h — the IDX format of MNIST and Fashion-MNIST, plain or gzip'd.
 *
 * An IDX file is two zero bytes, a type byte (0x08 unsigned byte, 0x09 signed byte, 0x0B
 * 16-bit, 0x0C 32-bit integer, 0x0D float32, 0x0E float64), the number of dimensions, one
 * big-endian 32-bit size per dimension, then the elements, big-endian, row-major.
 *
 *     GError *error = NULL;
 *     GsIdx *images = gs_idx_load("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz",
 *                                 &error);                  // dims 60000 × 28 × 28
 *     if (!images) { g_printerr("%s\n", error->message); … }
 *     float *x = g_new(float, 128 * 784);
 *     gs_idx_to_float(images, 0, 128 * 784, 1.0 / 255, x);  // the first batch, scaled to [0, 1]
 *     gs_idx_free(images);
 *
 * Loading is strict: a file must hold exactly the data its header announces. Errors name the
 * file and what was expected (GS_IDX_ERROR).
 */
#ifndef GS_IDX_H
#define GS_IDX_H

#include <glib.h>

G_BEGIN_DECLS

#define GS_IDX_MAX_DIMS 4
/* Refuse anything larger: the biggest file we expect (60000 × 28 × 28) is 47 MB. */
#define GS_IDX_MAX_BYTES ((gsize) 1 << 28)

#define GS_IDX_ERROR (gs_idx_error_quark())
GQuark gs_idx_error_quark(void);

typedef enum {
  GS_IDX_ERROR_FORMAT,   /* not an IDX file, or a header we cannot use */
  GS_IDX_ERROR_SIZE,     /* the data is shorter or longer than the header says, or too big */
  GS_IDX_ERROR_COMPRESS, /* the gzip stream is damaged */
  GS_IDX_ERROR_IO,       /* the file cannot be read */
} GsIdxError;

typedef struct {
  guint8 type; /* 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E */
  int ndim;
  guint32 dims[GS_IDX_MAX_DIMS];
  gsize n_elements;
  gsize element_size;
  guint8 *data; /* n_elements × element_size bytes, converted to host byte order */
} GsIdx;

/* Parse a whole file image; gzip'd images (starting 1f 8b) are inflated. name is used in
 * messages (a path, say). */
GsIdx *gs_idx_parse(const guint8 *buf, gsize len, const char *name, GError **error);
GsIdx *gs_idx_load(const char *path, GError **error);
void gs_idx_free(GsIdx *idx);

/* Element i as a double. */
double gs_idx_value(const GsIdx *idx, gsize i);
/* Elements first .. first+count-1, times scale, as floats. */
void gs_idx_to_float(const GsIdx *idx, gsize first, gsize count, double scale, float *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(GsIdx, gs_idx_free)

G_END_DECLS

#endif /* GS_IDX_H */
