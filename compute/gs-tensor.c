/* gs-tensor.c — contexts (arenas), making tensors, moving data, metadata. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs-compute-impl.h"

/* --- arenas -------------------------------------------------------------------------------- */

struct gs_host_chunk {
  gs_host_chunk *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
};

enum {
  HOST_CHUNK_MIN = 64 * 1024,
  DEV_CHUNK_MIN = 256 * 1024,
  HOST_ALIGN = 16,
};

static _Atomic uint64_t next_seq = 1;

static gs_host_chunk *host_chunk_new(size_t size)
{
  gs_host_chunk *c = malloc(sizeof *c + size);
  GS_ASSERT(c, "gs_ctx: out of host memory (%zu bytes)", size);
  c->next = NULL;
  c->size = size;
  c->used = 0;
  return c;
}

gs_ctx *gs_ctx_new(gs_backend *backend)
{
  GS_ASSERT(backend, "gs_ctx_new: backend is NULL");
  gs_ctx *ctx = calloc(1, sizeof *ctx);
  GS_ASSERT(ctx, "gs_ctx_new: out of host memory");
  ctx->be = backend;
  ctx->grad_enabled = true;
  ctx->host = host_chunk_new(HOST_CHUNK_MIN);
  return ctx;
}

void *gs_ctx_host_alloc(gs_ctx *ctx, size_t n)
{
  n = (n + HOST_ALIGN - 1) & ~(size_t) (HOST_ALIGN - 1);
  gs_host_chunk *c = ctx->host;
  if (c->used + n > c->size) {
    size_t size = c->size * 2;
    if (size < n) size = n;
    gs_host_chunk *fresh = host_chunk_new(size);
    fresh->next = c;
    ctx->host = c = fresh;
  }
  void *p = c->data + c->used;
  c->used += n;
  return p;
}

/* Device storage: bump allocation inside the newest backend buffer. */
static gs_storage *storage_new(gs_ctx *ctx, size_t nbytes)
{
  gs_backend *be = ctx->be;
  size_t align = be->alignment ? be->alignment : 16;
  size_t need = (nbytes + align - 1) / align * align;
  gs_dev_chunk *c = ctx->n_dev ? &ctx->dev[ctx->n_dev - 1] : NULL;
  if (!c || c->used + need > c->size) {
    size_t size = c ? c->size * 2 : DEV_CHUNK_MIN;
    if (size < need) size = need;
    if (ctx->n_dev == ctx->cap_dev) {
      int cap = ctx->cap_dev ? ctx->cap_dev * 2 : 8;
      gs_dev_chunk *dev = realloc(ctx->dev, (size_t) cap * sizeof *dev);
      GS_ASSERT(dev, "gs_ctx: out of host memory");
      ctx->dev = dev;
      ctx->cap_dev = cap;
    }
    c = &ctx->dev[ctx->n_dev++];
    c->buffer = be->vt->buffer_new(be, size); /* NULL after a device failure: kernels skip */
    c->size = size;
    c->used = 0;
  }
  gs_storage *s = gs_ctx_host_alloc(ctx, sizeof *s);
  s->backend = be;
  s->buffer = c->buffer;
  s->byte_offset = c->used;
  s->nbytes = nbytes;
  c->used += need;
  return s;
}

void gs_ctx_reset(gs_ctx *ctx)
{
  /* host: one chunk as big as all of them */
  if (ctx->host->next) {
    size_t total = 0;
    for (gs_host_chunk *c = ctx->host, *next; c; c = next) {
      next = c->next;
      total += c->size;
      free(c);
    }
    ctx->host = host_chunk_new(total);
  }
  ctx->host->used = 0;

  /* device: likewise; wait first, since queued kernels may still use the buffers */
  gs_backend *be = ctx->be;
  if (ctx->n_dev > 1) {
    be->vt->sync(be);
    size_t total = 0;
    for (int i = 0; i < ctx->n_dev; i++) {
      total += ctx->dev[i].size;
      if (ctx->dev[i].buffer) be->vt->buffer_free(be, ctx->dev[i].buffer);
    }
    ctx->dev[0].buffer = be->vt->buffer_new(be, total);
    ctx->dev[0].size = total;
    ctx->n_dev = 1;
  }
  if (ctx->n_dev) ctx->dev[0].used = 0;
  ctx->tape_len = 0;
}

void gs_ctx_free(gs_ctx *ctx)
{
  if (!ctx) return;
  gs_backend *be = ctx->be;
  if (ctx->n_dev) be->vt->sync(be);
  for (int i = 0; i < ctx->n_dev; i++)
    if (ctx->dev[i].buffer) be->vt->buffer_free(be, ctx->dev[i].buffer);
  for (gs_host_chunk *c = ctx->host, *next; c; c = next) {
    next = c->next;
    free(c);
  }
  free(ctx->dev);
  free(ctx->tape);
  free(ctx->grad_stack);
  free(ctx->grad_order);
  free(ctx);
}

gs_backend *gs_ctx_backend(const gs_ctx *ctx)
{
  return ctx->be;
}

size_t gs_ctx_bytes_in_use(const gs_ctx *ctx)
{
  size_t n = 0;
  for (const gs_host_chunk *c = ctx->host; c; c = c->next) n += c->used;
  for (int i = 0; i < ctx->n_dev; i++) n += ctx->dev[i].used;
  return n;
}

size_t gs_ctx_bytes_reserved(const gs_ctx *ctx)
{
  size_t n = 0;
  for (const gs_host_chunk *c = ctx->host; c; c = c->next) n += c->size;
  for (int i = 0; i < ctx->n_dev; i++) n += ctx->dev[i].size;
  return n;
}

/* --- making tensors ------------------------------------------------------------------------ */

size_t gs_dtype_size(gs_dtype dtype)
{
  switch (dtype) {
  case GS_F32:
    return 4;
  case GS_F64:
    return 8;
  case GS_I32:
    return 4;
  }
  gs_abortf("gs_dtype_size: unknown dtype %d", (int) dtype);
}

const char *gs_dtype_name(gs_dtype dtype)
{
  switch (dtype) {
  case GS_F32:
    return "F32";
  case GS_F64:
    return "F64";
  case GS_I32:
    return "I32";
  }
  return "?";
}

static void check_shape(const char *op, int ndim, const int64_t *shape)
{
  GS_ASSERT(ndim >= 0 && ndim <= GS_MAX_DIMS, "%s: %d dimensions (at most %d)", op, ndim,
            GS_MAX_DIMS);
  GS_ASSERT(ndim == 0 || shape, "%s: shape is NULL for %d dimensions", op, ndim);
  for (int d = 0; d < ndim; d++)
    GS_ASSERT(shape[d] >= 0, "%s: negative size %lld in dimension %d", op, (long long) shape[d], d);
}

gs_tensor *gs_tensor_record(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape)
{
  gs_tensor *t = gs_ctx_host_alloc(ctx, sizeof *t);
  memset(t, 0, sizeof *t);
  t->dtype = dtype;
  t->ndim = ndim;
  for (int d = 0; d < GS_MAX_DIMS; d++) {
    t->shape[d] = d < ndim ? shape[d] : 1;
    t->stride[d] = 0;
  }
  t->ctx = ctx;
  t->seq = atomic_fetch_add_explicit(&next_seq, 1, memory_order_relaxed);
  return t;
}

gs_tensor *gs_new(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape)
{
  check_shape("gs_new", ndim, shape);
  GS_ASSERT(dtype == GS_F32 || dtype == GS_F64 || dtype == GS_I32, "gs_new: unknown dtype %d",
            (int) dtype);
  gs_tensor *t = gs_tensor_record(ctx, dtype, ndim, shape);
  int64_t s = 1;
  for (int d = GS_MAX_DIMS - 1; d >= 0; d--) {
    t->stride[d] = d < ndim ? s : 1;
    if (d < ndim) s *= shape[d];
  }
  t->storage = storage_new(ctx, (size_t) s * gs_dtype_size(dtype));
  return t;
}

gs_tensor *gs_new_like(gs_ctx *ctx, const gs_tensor *a)
{
  return gs_new(ctx, a->dtype, a->ndim, a->shape);
}

gs_tensor *gs_full(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape, double value)
{
  gs_tensor *t = gs_new(ctx, dtype, ndim, shape);
  gs_fill_(t, value);
  return t;
}

gs_tensor *gs_zeros(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape)
{
  return gs_full(ctx, dtype, ndim, shape, 0.0);
}

gs_tensor *gs_ones(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape)
{
  return gs_full(ctx, dtype, ndim, shape, 1.0);
}

gs_tensor *gs_zeros_like(gs_ctx *ctx, const gs_tensor *a)
{
  return gs_zeros(ctx, a->dtype, a->ndim, a->shape);
}

gs_tensor *gs_ones_like(gs_ctx *ctx, const gs_tensor *a)
{
  return gs_ones(ctx, a->dtype, a->ndim, a->shape);
}

gs_tensor *gs_scalar(gs_ctx *ctx, gs_dtype dtype, double value)
{
  return gs_full(ctx, dtype, 0, NULL, value);
}

gs_tensor *gs_from_data(gs_ctx *ctx, gs_dtype dtype, int ndim, const int64_t *shape,
                        const void *data)
{
  gs_tensor *t = gs_new(ctx, dtype, ndim, shape);
  gs_write(t, data);
  return t;
}

/* --- moving data --------------------------------------------------------------------------- */

void gs_write(gs_tensor *t, const void *data)
{
  GS_ASSERT(gs_is_contiguous(t), "gs_write: the tensor is not contiguous");
  gs_backend *be = t->storage->backend;
  size_t n = (size_t) gs_numel(t) * gs_dtype_size(t->dtype);
  if (be->failure[0] || !t->storage->buffer || n == 0) return;
  be->vt->upload(be, t->storage->buffer,
                 t->storage->byte_offset + (size_t) t->offset * gs_dtype_size(t->dtype), data, n);
}

void gs_read(const gs_tensor *t, void *data)
{
  gs_backend *be = t->storage->backend;
  size_t es = gs_dtype_size(t->dtype);
  int64_t n = gs_numel(t);
  if (n == 0) return;
  if (be->failure[0] || !t->storage->buffer) {
    memset(data, 0, (size_t) n * es);
    return;
  }
  /* Download the span the view touches, then gather it on the host. */
  int64_t lo = 0, hi = 0;
  for (int d = 0; d < t->ndim; d++) {
    int64_t reach = (t->shape[d] - 1) * t->stride[d];
    if (reach < 0)
      lo += reach;
    else
      hi += reach;
  }
  size_t base = t->storage->byte_offset + (size_t) (t->offset + lo) * es;
  size_t span = (size_t) (hi - lo + 1) * es;
  if (gs_is_contiguous(t)) {
    be->vt->download(be, t->storage->buffer, base, data, span);
    if (be->failure[0]) memset(data, 0, (size_t) n * es);
    return;
  }
  unsigned char *tmp = malloc(span);
  GS_ASSERT(tmp, "gs_read: out of host memory (%zu bytes)", span);
  be->vt->download(be, t->storage->buffer, base, tmp, span);
  if (be->failure[0]) memset(tmp, 0, span);
  int64_t sh[GS_MAX_DIMS], st[GS_MAX_DIMS];
  for (int d = 0; d < GS_MAX_DIMS; d++) {
    sh[d] = d < t->ndim ? t->shape[d] : 1;
    st[d] = d < t->ndim ? t->stride[d] : 0;
  }
  unsigned char *out = data;
  for (int64_t i0 = 0; i0 < sh[0]; i0++)
    for (int64_t i1 = 0; i1 < sh[1]; i1++)
      for (int64_t i2 = 0; i2 < sh[2]; i2++)
        for (int64_t i3 = 0; i3 < sh[3]; i3++) {
          int64_t e = i0 * st[0] + i1 * st[1] + i2 * st[2] + i3 * st[3] - lo;
          memcpy(out, tmp + (size_t) e * es, es);
          out += es;
        }
  free(tmp);
}

double gs_item(const gs_tensor *t)
{
  GS_ASSERT(gs_numel(t) == 1, "gs_item: tensor has %lld elements, not 1", (long long) gs_numel(t));
  switch (t->dtype) {
  case GS_F32: {
    float v;
    gs_read(t, &v);
    return v;
  }
  case GS_F64: {
    double v;
    gs_read(t, &v);
    return v;
  }
  case GS_I32: {
    int32_t v;
    gs_read(t, &v);
    return v;
  }
  }
  return 0;
}

/* --- metadata ------------------------------------------------------------------------------ */

int64_t gs_numel(const gs_tensor *t)
{
  int64_t n = 1;
  for (int d = 0; d < t->ndim; d++) n *= t->shape[d];
  return n;
}

bool gs_is_contiguous(const gs_tensor *t)
{
  int64_t s = 1;
  for (int d = t->ndim - 1; d >= 0; d--) {
    if (t->shape[d] != 1 && t->stride[d] != s) return false;
    s *= t->shape[d];
  }
  return true;
}

bool gs_same_shape(const gs_tensor *a, const gs_tensor *b)
{
  if (a->ndim != b->ndim) return false;
  for (int d = 0; d < a->ndim; d++)
    if (a->shape[d] != b->shape[d]) return false;
  return true;
}

const char *gs_shape_str(const gs_tensor *t, char *buf, size_t size)
{
  size_t n = 0;
  n += (size_t) snprintf(buf + n, n < size ? size - n : 0, "(");
  for (int d = 0; d < t->ndim; d++)
    n += (size_t) snprintf(buf + n, n < size ? size - n : 0, d ? ", %lld" : "%lld",
                           (long long) t->shape[d]);
  snprintf(buf + n, n < size ? size - n : 0, ")");
  return buf;
}

int gs_axis(const char *op, const gs_tensor *t, int axis)
{
  int a = axis < 0 ? axis + t->ndim : axis;
  if (a < 0 || a >= t->ndim) {
    char sh[64];
    gs_abortf("%s: axis %d is out of range for shape %s", op, axis, gs_shape_str(t, sh, sizeof sh));
  }
  return a;
}
