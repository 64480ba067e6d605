/* gs-safetensors.h — parameter sets to and from the safetensors format.
 *
 * Layout: 8-byte little-endian header length N, N bytes of UTF-8 JSON
 *   {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, …,
 *    "__metadata__": {"key": "value", …}}
 * padded with spaces to a multiple of 8, then the data, little-endian, row-major, contiguous.
 * The reader is strict, as the reference implementation (huggingface/safetensors tensor.rs):
 * header at most 100,000,000 bytes, offsets contiguous from 0 without gaps or overlaps,
 * end - begin == numel × dtype size, the buffer exactly covered, no duplicate names. Every
 * violation is reported in words, e.g. "tensor "d.0.weight": data_offsets [0, 12] hold 12 bytes
 * but F32 (2, 8) needs 64". F32, F64 and I32 load as they are; F16 and BF16 convert to F32.
 */
#ifndef GS_SAFETENSORS_H
#define GS_SAFETENSORS_H

#include <stddef.h>
#include <stdint.h>

#include "gs-nn.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gs_st_entry {
  char *name;
  char dtype[16]; /* as written in the file: "F32", "BF16", … */
  int ndim;
  int64_t shape[GS_MAX_DIMS];
  uint64_t begin, end; /* byte offsets into the data section */
} gs_st_entry;

typedef struct gs_st_file {
  int n_entries;
  gs_st_entry *entries;
  int n_meta;
  char **meta_keys, **meta_values;
  const uint8_t *data; /* points into the parsed buffer, which must outlive this */
  size_t data_len;
} gs_st_file;

/* Parse and validate a whole file image. Returns NULL and fills err on any violation. */
gs_st_file *gs_st_parse(const uint8_t *buf, size_t len, gs_error *err);
void gs_st_file_free(gs_st_file *f);
const char *gs_st_meta(const gs_st_file *f, const char *key);

/* Encode params (every tensor read back from its backend) with metadata pairs
 * (meta_kv = {key, value, key, value, …, NULL}). *out is malloc'ed. */
int gs_st_encode(const gs_params *params, const char *const *meta_kv, uint8_t **out,
                 size_t *out_len, gs_error *err);
int gs_st_save(const char *path, const gs_params *params, const char *const *meta_kv,
               gs_error *err);

/* Copy every tensor of params from the file: each name must be present with the same shape
 * (extra tensors in the file are an error unless allow_extra). Returns 0 or -1 with err. */
int gs_st_load_into(const gs_st_file *f, const gs_params *params, int allow_extra, gs_error *err);
int gs_st_load_file(const char *path, const gs_params *params, int allow_extra, gs_error *err);

#ifdef __cplusplus
}
#endif

#endif /* GS_SAFETENSORS_H */
