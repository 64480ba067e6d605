/* gs-idx.c — the IDX loader: the header first, then exactly the announced data, from memory or
 * from a gzip stream inflated as it is read (so a damaged or hostile file never makes us
 * allocate more than its header's size, which is bounded). */
#include <string.h>
#include <zlib.h>

#include "gs-idx.h"

GQuark gs_idx_error_quark(void)
{
  return g_quark_from_static_string("gs-idx-error-quark");
}

/* A byte source: plain memory, or a gzip stream over memory. */
typedef struct reader {
  const guint8 *buf;
  gsize len, pos;
  gboolean gzip;
  z_stream z;
  const char *name;
} reader;

/* Read exactly n bytes. Returns FALSE with error set when the source runs out or is damaged. */
static gboolean read_exact(reader *r, guint8 *out, gsize n, const char *what, GError **error)
{
  if (!r->gzip) {
    if (r->len - r->pos < n) {
      g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_SIZE,
                  "%s: the file ends inside the %s (%" G_GSIZE_FORMAT " bytes missing)", r->name,
                  what, n - (r->len - r->pos));
      return FALSE;
    }
    memcpy(out, r->buf + r->pos, n);
    r->pos += n;
    return TRUE;
  }
  gsize done = 0;
  while (done < n) {
    gsize chunk = MIN(n - done, (gsize) G_MAXUINT32);
    r->z.next_out = out + done;
    r->z.avail_out = (uInt) chunk;
    int rc = inflate(&r->z, Z_NO_FLUSH);
    done += chunk - r->z.avail_out;
    if (rc == Z_STREAM_END && done < n) {
      g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_SIZE,
                  "%s: the data ends inside the %s (%" G_GSIZE_FORMAT " bytes missing)", r->name,
                  what, n - done);
      return FALSE;
    }
    if (rc != Z_OK && rc != Z_STREAM_END) {
      g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_COMPRESS, "%s: the gzip data is damaged (%s)",
                  r->name,
                  r->z.msg ? r->z.msg : (rc == Z_BUF_ERROR ? "it ends early" : "zlib error"));
      return FALSE;
    }
  }
  return TRUE;
}

/* After the data nothing may follow (a gzip stream must end there too). */
static gboolean expect_end(reader *r, GError **error)
{
  if (!r->gzip) {
    if (r->pos != r->len) {
      g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_SIZE,
                  "%s: %" G_GSIZE_FORMAT " bytes follow the data the header announces", r->name,
                  r->len - r->pos);
      return FALSE;
    }
    return TRUE;
  }
  guint8 extra;
  r->z.next_out = &extra;
  r->z.avail_out = 1;
  int rc = inflate(&r->z, Z_NO_FLUSH);
  if (rc == Z_STREAM_END && r->z.avail_out == 1) return TRUE;
  if (r->z.avail_out == 0) {
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_SIZE,
                "%s: more data follows what the header announces", r->name);
  } else {
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_COMPRESS, "%s: the gzip data is damaged (%s)",
                r->name, r->z.msg ? r->z.msg : "it does not end where the data ends");
  }
  return FALSE;
}

static gsize type_size(guint8 type)
{
  switch (type) {
  case 0x08:
  case 0x09:
    return 1;
  case 0x0B:
    return 2;
  case 0x0C:
  case 0x0D:
    return 4;
  case 0x0E:
    return 8;
  default:
    return 0;
  }
}

static GsIdx *parse(reader *r, GError **error)
{
  guint8 magic[4];
  if (!read_exact(r, magic, 4, "header", error)) return NULL;
  if (magic[0] != 0 || magic[1] != 0) {
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_FORMAT,
                "%s: not an IDX file (it starts %02x %02x, expected 00 00)", r->name, magic[0],
                magic[1]);
    return NULL;
  }
  gsize es = type_size(magic[2]);
  if (!es) {
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_FORMAT,
                "%s: unknown element type 0x%02x (expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E)",
                r->name, magic[2]);
    return NULL;
  }
  int ndim = magic[3];
  if (ndim < 1 || ndim > GS_IDX_MAX_DIMS) {
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_FORMAT, "%s: %d dimensions (expected 1 to %d)",
                r->name, ndim, GS_IDX_MAX_DIMS);
    return NULL;
  }
  guint8 dims_be[4 * GS_IDX_MAX_DIMS];
  if (!read_exact(r, dims_be, 4 * (gsize) ndim, "header", error)) return NULL;
  GsIdx *idx = g_new0(GsIdx, 1);
  idx->type = magic[2];
  idx->ndim = ndim;
  idx->element_size = es;
  gsize n = 1;
  for (int d = 0; d < ndim; d++) {
    const guint8 *p = dims_be + 4 * d;
    idx->dims[d] = (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
    if (idx->dims[d] != 0 && n > GS_IDX_MAX_BYTES / es / idx->dims[d]) {
      g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_SIZE,
                  "%s: the header announces more than %" G_GSIZE_FORMAT " bytes of data", r->name,
                  GS_IDX_MAX_BYTES);
      gs_idx_free(idx);
      return NULL;
    }
    n *= idx->dims[d];
  }
  idx->n_elements = n;
  if (!r->gzip && r->len - r->pos < n * es) { /* say so before allocating */
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_SIZE,
                "%s: the file ends inside the data (%" G_GSIZE_FORMAT " bytes missing)", r->name,
                n * es - (r->len - r->pos));
    gs_idx_free(idx);
    return NULL;
  }
  idx->data = g_malloc(n * es + 1);
  if (!read_exact(r, idx->data, n * es, "data", error) || !expect_end(r, error)) {
    gs_idx_free(idx);
    return NULL;
  }
  /* big-endian to host order */
  if (es > 1 && G_BYTE_ORDER == G_LITTLE_ENDIAN)
    for (gsize i = 0; i < n; i++) {
      guint8 *e = idx->data + i * es;
      for (gsize a = 0, b = es - 1; a < b; a++, b--) {
        guint8 t = e[a];
        e[a] = e[b];
        e[b] = t;
      }
    }
  return idx;
}

GsIdx *gs_idx_parse(const guint8 *buf, gsize len, const char *name, GError **error)
{
  g_return_val_if_fail(buf != NULL || len == 0, NULL);
  reader r = {.buf = buf, .len = len, .name = name ? name : "IDX data"};
  r.gzip = len >= 2 && buf[0] == 0x1f && buf[1] == 0x8b;
  if (!r.gzip) return parse(&r, error);
  if (len > G_MAXUINT32) {
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_SIZE, "%s: the gzip file is too large", r.name);
    return NULL;
  }
  if (inflateInit2(&r.z, 15 + 16) != Z_OK) { /* 15 + 16: a gzip wrapper, not raw zlib */
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_COMPRESS, "%s: cannot start zlib", r.name);
    return NULL;
  }
  r.z.next_in = (Bytef *) buf;
  r.z.avail_in = (uInt) len;
  GsIdx *idx = parse(&r, error);
  if (idx && r.z.avail_in != 0) {
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_SIZE,
                "%s: %u bytes follow the end of the gzip stream", r.name, r.z.avail_in);
    gs_idx_free(idx);
    idx = NULL;
  }
  inflateEnd(&r.z);
  return idx;
}

GsIdx *gs_idx_load(const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize len = 0;
  GError *io = NULL;
  if (!g_file_get_contents(path, &contents, &len, &io)) {
    g_set_error(error, GS_IDX_ERROR, GS_IDX_ERROR_IO, "%s", io->message);
    g_error_free(io);
    return NULL;
  }
  return gs_idx_parse((const guint8 *) contents, len, path, error);
}

void gs_idx_free(GsIdx *idx)
{
  if (!idx) return;
  g_free(idx->data);
  g_free(idx);
}

double gs_idx_value(const GsIdx *idx, gsize i)
{
  g_return_val_if_fail(i < idx->n_elements, 0);
  const guint8 *e = idx->data + i * idx->element_size;
  switch (idx->type) {
  case 0x08:
    return e[0];
  case 0x09:
    return (gint8) e[0];
  case 0x0B: {
    gint16 v;
    memcpy(&v, e, 2);
    return v;
  }
  case 0x0C: {
    gint32 v;
    memcpy(&v, e, 4);
    return v;
  }
  case 0x0D: {
    float v;
    memcpy(&v, e, 4);
    return v;
  }
  default: {
    double v;
    memcpy(&v, e, 8);
    return v;
  }
  }
}

void gs_idx_to_float(const GsIdx *idx, gsize first, gsize count, double scale, float *out)
{
  g_return_if_fail(first <= idx->n_elements && count <= idx->n_elements - first);
  if (idx->type == 0x08) {
    const guint8 *p = idx->data + first;
    for (gsize i = 0; i < count; i++) out[i] = (float) (p[i] * scale);
    return;
  }
  for (gsize i = 0; i < count; i++) out[i] = (float) (gs_idx_value(idx, first + i) * scale);
}
