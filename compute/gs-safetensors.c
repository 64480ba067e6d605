/* gs-safetensors.c — a strict reader and a writer of the safetensors format.
 *
 * The reader follows huggingface/safetensors (tensor.rs): the header must be valid UTF-8 JSON
 * starting with '{', every tensor entry needs dtype, shape and data_offsets, offsets must tile
 * the data section from 0 without gaps or overlaps, and each entry's byte count must equal its
 * element count times its dtype size. Our JSON parser is small and strict (RFC 8259: no
 * comments, no trailing commas, no leading zeros, no lone surrogates); fields the format does
 * not define are parsed and ignored, as serde does.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gs-compute-impl.h"
#include "gs-safetensors.h"

enum { ST_HEADER_MAX = 100000000, ST_DEPTH_MAX = 64 };

typedef struct st_dtype {
  const char *name;
  unsigned size;
} st_dtype;

static const st_dtype st_dtypes[] = {
    {"BOOL", 1}, {"U8", 1},  {"I8", 1},  {"F8_E5M2", 1}, {"F8_E4M3", 1},
    {"I16", 2},  {"U16", 2}, {"F16", 2}, {"BF16", 2},    {"I32", 4},
    {"U32", 4},  {"F32", 4}, {"F64", 8}, {"I64", 8},     {"U64", 8},
};

static unsigned dtype_size(const char *name)
{
  for (size_t i = 0; i < sizeof st_dtypes / sizeof st_dtypes[0]; i++)
    if (strcmp(name, st_dtypes[i].name) == 0) return st_dtypes[i].size;
  return 0;
}

/* --- a strict JSON reader over the header -------------------------------------------------- */

typedef struct json {
  const char *s;
  size_t len, pos;
  gs_error *err;
  bool failed;
} json;

__attribute__((format(printf, 2, 3))) static void json_fail(json *j, const char *fmt, ...)
{
  if (j->failed) return;
  j->failed = true;
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  gs_error_set(j->err, EINVAL, "safetensors header: %s (at byte %zu of the header)", msg, j->pos);
}

static void skip_ws(json *j)
{
  while (j->pos < j->len) {
    char c = j->s[j->pos];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    j->pos++;
  }
}

static bool expect(json *j, char c)
{
  skip_ws(j);
  if (j->pos < j->len && j->s[j->pos] == c) {
    j->pos++;
    return true;
  }
  if (j->pos >= j->len)
    json_fail(j, "expected '%c' but the header ended", c);
  else
    json_fail(j, "expected '%c', found '%c'", c, j->s[j->pos]);
  return false;
}

static bool peek(json *j, char c)
{
  skip_ws(j);
  return j->pos < j->len && j->s[j->pos] == c;
}

static int hex4(json *j)
{
  if (j->pos + 4 > j->len) return -1;
  int v = 0;
  for (int i = 0; i < 4; i++) {
    char c = j->s[j->pos + (size_t) i];
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= c - '0';
    else if (c >= 'a' && c <= 'f')
      v |= c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v |= c - 'A' + 10;
    else
      return -1;
  }
  j->pos += 4;
  return v;
}

static size_t put_utf8(char *out, uint32_t cp)
{
  if (cp < 0x80) {
    out[0] = (char) cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char) (0xC0 | (cp >> 6));
    out[1] = (char) (0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char) (0xE0 | (cp >> 12));
    out[1] = (char) (0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char) (0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char) (0xF0 | (cp >> 18));
  out[1] = (char) (0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char) (0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char) (0x80 | (cp & 0x3F));
  return 4;
}

/* A string, decoded into a malloc'ed NUL-terminated buffer (NULL on failure). An escaped NUL
 * (\u0000) is refused: names and metadata are C strings here. */
static char *parse_string(json *j)
{
  if (!expect(j, '"')) return NULL;
  size_t start = j->pos;
  size_t cap = 16;
  while (j->pos < j->len && j->s[j->pos] != '"') {
    if (j->s[j->pos] == '\\') j->pos++;
    j->pos++;
    cap++;
  }
  j->pos = start;
  char *out = malloc(cap + 8);
  if (!out) {
    json_fail(j, "out of memory");
    return NULL;
  }
  size_t n = 0;
  for (;;) {
    if (j->pos >= j->len) {
      json_fail(j, "a string is not terminated");
      break;
    }
    unsigned char c = (unsigned char) j->s[j->pos++];
    if (c == '"') {
      out[n] = '\0';
      return out;
    }
    if (c < 0x20) {
      json_fail(j, "control character 0x%02x inside a string", c);
      break;
    }
    if (c != '\\') {
      out[n++] = (char) c;
      continue;
    }
    if (j->pos >= j->len) {
      json_fail(j, "a string is not terminated");
      break;
    }
    char e = j->s[j->pos++];
    switch (e) {
    case '"':
      out[n++] = '"';
      continue;
    case '\\':
      out[n++] = '\\';
      continue;
    case '/':
      out[n++] = '/';
      continue;
    case 'b':
      out[n++] = '\b';
      continue;
    case 'f':
      out[n++] = '\f';
      continue;
    case 'n':
      out[n++] = '\n';
      continue;
    case 'r':
      out[n++] = '\r';
      continue;
    case 't':
      out[n++] = '\t';
      continue;
    case 'u': {
      int hi = hex4(j);
      if (hi < 0) {
        json_fail(j, "bad \\u escape");
        break;
      }
      uint32_t cp = (uint32_t) hi;
      if (hi >= 0xD800 && hi <= 0xDBFF) {
        int lo = -1;
        if (j->pos + 2 <= j->len && j->s[j->pos] == '\\' && j->s[j->pos + 1] == 'u') {
          j->pos += 2;
          lo = hex4(j);
        }
        if (lo < 0xDC00 || lo > 0xDFFF) {
          json_fail(j, "a high surrogate \\u%04x is not followed by a low one", hi);
          break;
        }
        cp = 0x10000 + (((uint32_t) hi - 0xD800) << 10) + ((uint32_t) lo - 0xDC00);
      } else if (hi >= 0xDC00 && hi <= 0xDFFF) {
        json_fail(j, "a lone low surrogate \\u%04x", hi);
        break;
      }
      if (cp == 0) {
        json_fail(j, "\\u0000 inside a string");
        break;
      }
      n += put_utf8(out + n, cp);
      continue;
    }
    default:
      json_fail(j, "unknown escape \\%c", e);
      break;
    }
    break;
  }
  free(out);
  return NULL;
}

/* A non-negative integer without sign, fraction or exponent, below 2^63. */
static bool parse_uint(json *j, uint64_t *out, const char *what)
{
  skip_ws(j);
  size_t start = j->pos;
  uint64_t v = 0;
  while (j->pos < j->len && j->s[j->pos] >= '0' && j->s[j->pos] <= '9') {
    unsigned d = (unsigned) (j->s[j->pos] - '0');
    if (v > (UINT64_C(0x7fffffffffffffff) - d) / 10) {
      json_fail(j, "%s is too large", what);
      return false;
    }
    v = v * 10 + d;
    j->pos++;
  }
  size_t n = j->pos - start;
  if (n == 0) {
    json_fail(j, "%s must be a non-negative integer", what);
    return false;
  }
  if (n > 1 && j->s[start] == '0') {
    json_fail(j, "%s has a leading zero", what);
    return false;
  }
  if (j->pos < j->len && (j->s[j->pos] == '.' || j->s[j->pos] == 'e' || j->s[j->pos] == 'E')) {
    json_fail(j, "%s must be an integer", what);
    return false;
  }
  *out = v;
  return true;
}

/* Skip any JSON value (for fields the format does not define), still validating it. */
static void skip_value(json *j, int depth)
{
  if (depth > ST_DEPTH_MAX) {
    json_fail(j, "values nested more than %d deep", ST_DEPTH_MAX);
    return;
  }
  skip_ws(j);
  if (j->pos >= j->len) {
    json_fail(j, "expected a value but the header ended");
    return;
  }
  char c = j->s[j->pos];
  if (c == '"') {
    free(parse_string(j));
  } else if (c == '{' || c == '[') {
    char close = c == '{' ? '}' : ']';
    j->pos++;
    if (peek(j, close)) {
      j->pos++;
      return;
    }
    for (;;) {
      if (c == '{') {
        free(parse_string(j));
        if (j->failed || !expect(j, ':')) return;
      }
      skip_value(j, depth + 1);
      if (j->failed) return;
      if (peek(j, ',')) {
        j->pos++;
        continue;
      }
      expect(j, close);
      return;
    }
  } else if (c == '-' || (c >= '0' && c <= '9')) {
    size_t start = j->pos;
    if (c == '-') j->pos++;
    size_t digits = j->pos;
    while (j->pos < j->len && j->s[j->pos] >= '0' && j->s[j->pos] <= '9') j->pos++;
    if (j->pos == digits || (j->pos - digits > 1 && j->s[digits] == '0')) {
      j->pos = start;
      json_fail(j, "malformed number");
      return;
    }
    if (j->pos < j->len && j->s[j->pos] == '.') {
      j->pos++;
      size_t f = j->pos;
      while (j->pos < j->len && j->s[j->pos] >= '0' && j->s[j->pos] <= '9') j->pos++;
      if (j->pos == f) {
        json_fail(j, "malformed number");
        return;
      }
    }
    if (j->pos < j->len && (j->s[j->pos] == 'e' || j->s[j->pos] == 'E')) {
      j->pos++;
      if (j->pos < j->len && (j->s[j->pos] == '+' || j->s[j->pos] == '-')) j->pos++;
      size_t f = j->pos;
      while (j->pos < j->len && j->s[j->pos] >= '0' && j->s[j->pos] <= '9') j->pos++;
      if (j->pos == f) json_fail(j, "malformed number");
    }
  } else {
    static const char *const words[] = {"true", "false", "null"};
    for (int i = 0; i < 3; i++) {
      size_t n = strlen(words[i]);
      if (j->len - j->pos >= n && memcmp(j->s + j->pos, words[i], n) == 0) {
        j->pos += n;
        return;
      }
    }
    json_fail(j, "unexpected character '%c'", c);
  }
}

static bool valid_utf8(const uint8_t *s, size_t n, size_t *bad)
{
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      *bad = i;
      return false;
    }
    if (i + len > n) {
      *bad = i;
      return false;
    }
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) {
        *bad = i;
        return false;
      }
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    bool overlong =
        (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000);
    if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      *bad = i;
      return false;
    }
    i += len;
  }
  return true;
}

/* --- parsing the file ---------------------------------------------------------------------- */

static void file_grow(gs_st_file *f, int *cap)
{
  if (f->n_entries < *cap) return;
  int c = *cap ? *cap * 2 : 16;
  gs_st_entry *e = realloc(f->entries, (size_t) c * sizeof *e);
  if (!e) abort(); /* out of memory while parsing: nothing sensible to return */
  f->entries = e;
  *cap = c;
}

static bool parse_entry(json *j, gs_st_entry *e)
{
  bool has_dtype = false, has_shape = false, has_offsets = false;
  if (!expect(j, '{')) return false;
  if (peek(j, '}')) {
    j->pos++;
  } else {
    for (;;) {
      char *key = parse_string(j);
      if (!key) return false;
      if (!expect(j, ':')) {
        free(key);
        return false;
      }
      if (strcmp(key, "dtype") == 0) {
        if (has_dtype) json_fail(j, "tensor \"%s\": dtype appears twice", e->name);
        has_dtype = true;
        char *d = parse_string(j);
        if (d) {
          if (!dtype_size(d))
            json_fail(j, "tensor \"%s\": unknown dtype \"%.20s\"", e->name, d);
          else
            snprintf(e->dtype, sizeof e->dtype, "%s", d);
          free(d);
        }
      } else if (strcmp(key, "shape") == 0) {
        if (has_shape) json_fail(j, "tensor \"%s\": shape appears twice", e->name);
        has_shape = true;
        e->ndim = 0;
        if (expect(j, '[') && !peek(j, ']')) {
          for (;;) {
            uint64_t v;
            if (!parse_uint(j, &v, "a shape entry")) break;
            if (e->ndim == GS_MAX_DIMS) {
              json_fail(j, "tensor \"%s\" has more than %d dimensions", e->name, GS_MAX_DIMS);
              break;
            }
            e->shape[e->ndim++] = (int64_t) v;
            if (!peek(j, ',')) break;
            j->pos++;
          }
        }
        if (!j->failed) expect(j, ']');
      } else if (strcmp(key, "data_offsets") == 0) {
        if (has_offsets) json_fail(j, "tensor \"%s\": data_offsets appears twice", e->name);
        has_offsets = true;
        if (expect(j, '[') && parse_uint(j, &e->begin, "an offset") && expect(j, ',') &&
            parse_uint(j, &e->end, "an offset") && !peek(j, ']'))
          json_fail(j, "tensor \"%s\": data_offsets must hold exactly two numbers", e->name);
        if (!j->failed) expect(j, ']');
      } else {
        skip_value(j, 1);
      }
      free(key);
      if (j->failed) return false;
      if (peek(j, ',')) {
        j->pos++;
        continue;
      }
      if (!expect(j, '}')) return false;
      break;
    }
  }
  if (!has_dtype || !has_shape || !has_offsets) {
    json_fail(j, "tensor \"%s\" lacks %s", e->name,
              !has_dtype   ? "dtype"
              : !has_shape ? "shape"
                           : "data_offsets");
    return false;
  }
  return !j->failed;
}

static bool parse_metadata(json *j, gs_st_file *f)
{
  if (!expect(j, '{')) return false;
  if (peek(j, '}')) {
    j->pos++;
    return true;
  }
  int cap = 0;
  for (;;) {
    char *key = parse_string(j);
    if (!key) return false;
    if (!expect(j, ':') || !peek(j, '"')) {
      if (!j->failed) json_fail(j, "__metadata__ value of \"%s\" is not a string", key);
      free(key);
      return false;
    }
    char *value = parse_string(j);
    if (!value) {
      free(key);
      return false;
    }
    for (int i = 0; i < f->n_meta; i++)
      if (strcmp(f->meta_keys[i], key) == 0)
        json_fail(j, "__metadata__ key \"%s\" appears twice", key);
    if (f->n_meta == cap) {
      cap = cap ? cap * 2 : 8;
      char **k = realloc(f->meta_keys, (size_t) cap * sizeof *k);
      char **v = k ? realloc(f->meta_values, (size_t) cap * sizeof *v) : NULL;
      if (!k || !v) abort();
      f->meta_keys = k;
      f->meta_values = v;
    }
    f->meta_keys[f->n_meta] = key;
    f->meta_values[f->n_meta] = value;
    f->n_meta++;
    if (j->failed) return false;
    if (peek(j, ',')) {
      j->pos++;
      continue;
    }
    return expect(j, '}');
  }
}

static int cmp_entry_begin(const void *a, const void *b)
{
  const gs_st_entry *x = a, *y = b;
  if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end;
}

static int cmp_name_ptr(const void *a, const void *b)
{
  return strcmp(*(char *const *) a, *(char *const *) b);
}

static void entry_shape_str(const gs_st_entry *e, char *buf, size_t size)
{
  gs_tensor t = {.ndim = e->ndim};
  for (int d = 0; d < e->ndim; d++) t.shape[d] = e->shape[d];
  gs_shape_str(&t, buf, size);
}

/* The offsets must tile [0, data_len) and each entry must hold numel × dtype size bytes. */
static bool validate(gs_st_file *f, gs_error *err)
{
  size_t n = f->n_entries > 0 ? (size_t) f->n_entries : 0;
  char **names = malloc((n ? n : 1) * sizeof *names);
  if (!names) abort();
  for (size_t i = 0; i < n; i++) names[i] = f->entries[i].name;
  qsort(names, n, sizeof *names, cmp_name_ptr);
  for (size_t i = 1; i < n; i++)
    if (strcmp(names[i - 1], names[i]) == 0) {
      gs_error_set(err, EINVAL, "safetensors header: tensor \"%s\" appears twice", names[i]);
      free(names);
      return false;
    }
  free(names);

  gs_st_entry *sorted = malloc((n ? n : 1) * sizeof *sorted);
  if (!sorted) abort();
  if (n) memcpy(sorted, f->entries, n * sizeof *sorted);
  qsort(sorted, n, sizeof *sorted, cmp_entry_begin);
  uint64_t at = 0;
  bool ok = true;
  for (size_t i = 0; i < n && ok; i++) {
    const gs_st_entry *e = &sorted[i];
    char sh[96];
    entry_shape_str(e, sh, sizeof sh);
    if (e->end < e->begin) {
      gs_error_set(err, EINVAL, "tensor \"%s\": data_offsets [%llu, %llu] end before they begin",
                   e->name, (unsigned long long) e->begin, (unsigned long long) e->end);
      ok = false;
    } else if (e->begin != at) {
      gs_error_set(err, EINVAL,
                   "tensor \"%s\": data_offsets [%llu, %llu] %s byte %llu, where the previous "
                   "tensor ends",
                   e->name, (unsigned long long) e->begin, (unsigned long long) e->end,
                   e->begin > at ? "leave a gap after" : "overlap the data before",
                   (unsigned long long) at);
      ok = false;
    } else {
      /* numel × size, refusing overflow */
      uint64_t bytes = dtype_size(e->dtype);
      bool overflow = false;
      for (int d = 0; d < e->ndim; d++) {
        uint64_t s = (uint64_t) e->shape[d];
        if (s && bytes > UINT64_MAX / s)
          overflow = true;
        else
          bytes *= s;
      }
      if (overflow || bytes != e->end - e->begin) {
        char need[32];
        if (overflow)
          snprintf(need, sizeof need, "more than 2^64");
        else
          snprintf(need, sizeof need, "%llu", (unsigned long long) bytes);
        gs_error_set(err, EINVAL,
                     "tensor \"%s\": data_offsets [%llu, %llu] hold %llu bytes but %s %s needs %s",
                     e->name, (unsigned long long) e->begin, (unsigned long long) e->end,
                     (unsigned long long) (e->end - e->begin), e->dtype, sh, need);
        ok = false;
      }
      at = e->end;
    }
  }
  free(sorted);
  if (ok && at != f->data_len) {
    gs_error_set(err, EINVAL,
                 "the tensors cover %llu bytes of data but the file holds %zu after the header",
                 (unsigned long long) at, f->data_len);
    ok = false;
  }
  return ok;
}

gs_st_file *gs_st_parse(const uint8_t *buf, size_t len, gs_error *err)
{
  gs_error_clear(err);
  if (len < 8) {
    gs_error_set(err, EINVAL, "a safetensors file needs at least 8 bytes, this one has %zu", len);
    return NULL;
  }
  uint64_t n = 0;
  for (int i = 7; i >= 0; i--) n = (n << 8) | buf[i];
  if (n > ST_HEADER_MAX) {
    gs_error_set(err, EINVAL, "the header length %llu is above the limit of %d bytes",
                 (unsigned long long) n, ST_HEADER_MAX);
    return NULL;
  }
  if (n > len - 8) {
    gs_error_set(err, EINVAL, "the header length %llu runs past the end of the file (%zu bytes)",
                 (unsigned long long) n, len);
    return NULL;
  }
  const uint8_t *hdr = buf + 8;
  if (n == 0 || hdr[0] != '{') {
    gs_error_set(err, EINVAL, "the header does not start with '{'");
    return NULL;
  }
  size_t bad;
  if (!valid_utf8(hdr, (size_t) n, &bad)) {
    gs_error_set(err, EINVAL, "the header is not valid UTF-8 (byte %zu)", bad);
    return NULL;
  }

  gs_st_file *f = calloc(1, sizeof *f);
  if (!f) abort();
  f->data = buf + 8 + n;
  f->data_len = len - 8 - (size_t) n;
  json j = {.s = (const char *) hdr, .len = (size_t) n, .err = err};
  int cap = 0;
  bool seen_meta = false;
  expect(&j, '{');
  if (!j.failed && peek(&j, '}')) {
    j.pos++;
  } else {
    while (!j.failed) {
      char *key = parse_string(&j);
      if (!key || !expect(&j, ':')) {
        free(key);
        break;
      }
      if (strcmp(key, "__metadata__") == 0) {
        free(key);
        if (seen_meta) json_fail(&j, "__metadata__ appears twice");
        seen_meta = true;
        if (!j.failed) parse_metadata(&j, f);
      } else {
        file_grow(f, &cap);
        gs_st_entry *e = &f->entries[f->n_entries++];
        memset(e, 0, sizeof *e);
        e->name = key;
        parse_entry(&j, e);
      }
      if (j.failed) break;
      if (peek(&j, ',')) {
        j.pos++;
        continue;
      }
      expect(&j, '}');
      break;
    }
  }
  if (!j.failed) {
    skip_ws(&j);
    if (j.pos != j.len) json_fail(&j, "unexpected '%c' after the header object", j.s[j.pos]);
  }
  if (j.failed || !validate(f, err)) {
    gs_st_file_free(f);
    return NULL;
  }
  return f;
}

void gs_st_file_free(gs_st_file *f)
{
  if (!f) return;
  for (int i = 0; i < f->n_entries; i++) free(f->entries[i].name);
  free(f->entries);
  for (int i = 0; i < f->n_meta; i++) {
    free(f->meta_keys[i]);
    free(f->meta_values[i]);
  }
  free(f->meta_keys);
  free(f->meta_values);
  free(f);
}

const char *gs_st_meta(const gs_st_file *f, const char *key)
{
  for (int i = 0; i < f->n_meta; i++)
    if (strcmp(f->meta_keys[i], key) == 0) return f->meta_values[i];
  return NULL;
}

/* --- writing ------------------------------------------------------------------------------- */

typedef struct sbuf {
  char *s;
  size_t len, cap;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) cap *= 2;
    char *p = realloc(b->s, cap);
    if (!p) abort();
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->len, s, n);
  b->len += n;
  b->s[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s)
{
  sb_put(b, s, strlen(s));
}

static void sb_json_string(sbuf *b, const char *s)
{
  sb_put(b, "\"", 1);
  for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
    char esc[8];
    if (*p == '"' || *p == '\\') {
      esc[0] = '\\';
      esc[1] = (char) *p;
      sb_put(b, esc, 2);
    } else if (*p < 0x20) {
      snprintf(esc, sizeof esc, "\\u%04x", *p);
      sb_put(b, esc, 6);
    } else {
      sb_put(b, (const char *) p, 1);
    }
  }
  sb_put(b, "\"", 1);
}

int gs_st_encode(const gs_params *params, const char *const *meta_kv, uint8_t **out,
                 size_t *out_len, gs_error *err)
{
  gs_error_clear(err);
  *out = NULL;
  *out_len = 0;
  for (int i = 0; i < params->n; i++) {
    size_t bad;
    if (!valid_utf8((const uint8_t *) params->names[i], strlen(params->names[i]), &bad)) {
      gs_error_set(err, EINVAL, "parameter name \"%s\" is not valid UTF-8", params->names[i]);
      return -1;
    }
  }
  sbuf h = {0};
  char num[64];
  sb_str(&h, "{");
  uint64_t at = 0;
  for (int i = 0; i < params->n; i++) {
    const gs_tensor *t = params->tensors[i];
    uint64_t bytes = (uint64_t) gs_numel(t) * gs_dtype_size(t->dtype);
    if (i) sb_str(&h, ",");
    sb_json_string(&h, params->names[i]);
    sb_str(&h, ":{\"dtype\":\"");
    sb_str(&h, gs_dtype_name(t->dtype));
    sb_str(&h, "\",\"shape\":[");
    for (int d = 0; d < t->ndim; d++) {
      snprintf(num, sizeof num, d ? ",%lld" : "%lld", (long long) t->shape[d]);
      sb_str(&h, num);
    }
    snprintf(num, sizeof num, "],\"data_offsets\":[%llu,%llu]}", (unsigned long long) at,
             (unsigned long long) (at + bytes));
    sb_str(&h, num);
    at += bytes;
  }
  if (meta_kv && meta_kv[0]) {
    sb_str(&h, params->n ? ",\"__metadata__\":{" : "\"__metadata__\":{");
    for (int i = 0; meta_kv[i]; i += 2) {
      if (!meta_kv[i + 1]) {
        free(h.s);
        gs_error_set(err, EINVAL, "metadata key \"%s\" has no value", meta_kv[i]);
        return -1;
      }
      if (i) sb_str(&h, ",");
      sb_json_string(&h, meta_kv[i]);
      sb_str(&h, ":");
      sb_json_string(&h, meta_kv[i + 1]);
    }
    sb_str(&h, "}");
  }
  sb_str(&h, "}");
  while (h.len % 8) sb_str(&h, " ");

  size_t total = 8 + h.len + (size_t) at;
  uint8_t *buf = malloc(total ? total : 1);
  if (!buf) {
    free(h.s);
    gs_error_set(err, ENOMEM, "out of memory encoding %zu bytes of weights", total);
    return -1;
  }
  uint64_t n = h.len;
  for (int i = 0; i < 8; i++) buf[i] = (uint8_t) (n >> (8 * i));
  memcpy(buf + 8, h.s, h.len);
  free(h.s);
  uint8_t *data = buf + 8 + n;
  for (int i = 0; i < params->n; i++) {
    const gs_tensor *t = params->tensors[i];
    gs_read(t, data); /* little-endian hosts only: x86-64 and arm64 */
    data += (size_t) gs_numel(t) * gs_dtype_size(t->dtype);
  }
  *out = buf;
  *out_len = total;
  return 0;
}

int gs_st_save(const char *path, const gs_params *params, const char *const *meta_kv, gs_error *err)
{
  uint8_t *buf;
  size_t len;
  if (gs_st_encode(params, meta_kv, &buf, &len, err) < 0) return -1;
  /* write beside the target and rename, so a crash never leaves half a file */
  size_t plen = strlen(path);
  char *tmp = malloc(plen + 8);
  if (!tmp) abort();
  snprintf(tmp, plen + 8, "%s.tmp", path);
  FILE *fp = fopen(tmp, "wb");
  bool ok = fp && fwrite(buf, 1, len, fp) == len;
  if (fp && fclose(fp) != 0) ok = false;
  if (ok && rename(tmp, path) != 0) ok = false;
  if (!ok) {
    gs_error_set(err, errno ? errno : EIO, "cannot write %s: %s", path, strerror(errno));
    remove(tmp);
  }
  free(tmp);
  free(buf);
  return ok ? 0 : -1;
}

/* --- loading into parameters --------------------------------------------------------------- */

static float half_to_float(uint16_t h)
{
  uint32_t sign = (uint32_t) (h >> 15) << 31, exp = (h >> 10) & 0x1F, mant = h & 0x3FF, bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else { /* subnormal: normalise */
      exp = 127 - 15 + 1;
      while (!(mant & 0x400)) {
        mant <<= 1;
        exp--;
      }
      bits = sign | (exp << 23) | ((mant & 0x3FF) << 13);
    }
  } else if (exp == 31) {
    bits = sign | 0x7F800000u | (mant << 13);
  } else {
    bits = sign | ((exp - 15 + 127) << 23) | (mant << 13);
  }
  float f;
  memcpy(&f, &bits, 4);
  return f;
}

static float bf16_to_float(uint16_t h)
{
  uint32_t bits = (uint32_t) h << 16;
  float f;
  memcpy(&f, &bits, 4);
  return f;
}

int gs_st_load_into(const gs_st_file *f, const gs_params *params, int allow_extra, gs_error *err)
{
  gs_error_clear(err);
  for (int i = 0; i < params->n; i++) {
    const char *name = params->names[i];
    gs_tensor *t = params->tensors[i];
    const gs_st_entry *e = NULL;
    for (int k = 0; k < f->n_entries && !e; k++)
      if (strcmp(f->entries[k].name, name) == 0) e = &f->entries[k];
    if (!e) {
      gs_error_set(err, ENOENT, "tensor \"%s\" is not in the file", name);
      return -1;
    }
    char s1[96], s2[96];
    bool same = e->ndim == t->ndim;
    for (int d = 0; same && d < e->ndim; d++) same = e->shape[d] == t->shape[d];
    if (!same) {
      entry_shape_str(e, s1, sizeof s1);
      gs_error_set(err, EINVAL, "tensor \"%s\" is %s in the file but %s here", name, s1,
                   gs_shape_str(t, s2, sizeof s2));
      return -1;
    }
    bool half = strcmp(e->dtype, "F16") == 0, bf16 = strcmp(e->dtype, "BF16") == 0;
    bool direct = strcmp(e->dtype, gs_dtype_name(t->dtype)) == 0;
    if (!direct && !((half || bf16) && t->dtype == GS_F32)) {
      gs_error_set(err, EINVAL, "tensor \"%s\" is %s in the file but %s here", name, e->dtype,
                   gs_dtype_name(t->dtype));
      return -1;
    }
    GS_ASSERT(gs_is_contiguous(t), "gs_st_load_into: parameter \"%s\" is not contiguous", name);
    int64_t numel = gs_numel(t);
    size_t es = gs_dtype_size(t->dtype);
    void *tmp = malloc((size_t) numel * es + 1);
    if (!tmp) {
      gs_error_set(err, ENOMEM, "out of memory loading tensor \"%s\"", name);
      return -1;
    }
    const uint8_t *src = f->data + e->begin;
    if (direct) {
      memcpy(tmp, src, (size_t) numel * es); /* the data may be unaligned */
    } else {
      float *out = tmp;
      for (int64_t k = 0; k < numel; k++) {
        uint16_t h = (uint16_t) (src[2 * k] | (src[2 * k + 1] << 8));
        out[k] = half ? half_to_float(h) : bf16_to_float(h);
      }
    }
    gs_write(t, tmp);
    free(tmp);
  }
  if (!allow_extra)
    for (int k = 0; k < f->n_entries; k++)
      if (!gs_params_find(params, f->entries[k].name)) {
        gs_error_set(err, EINVAL, "the file holds tensor \"%s\", which this model does not have",
                     f->entries[k].name);
        return -1;
      }
  return 0;
}

int gs_st_load_file(const char *path, const gs_params *params, int allow_extra, gs_error *err)
{
  gs_error_clear(err);
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    gs_error_set(err, errno, "cannot open %s: %s", path, strerror(errno));
    return -1;
  }
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      cap = cap ? cap * 2 : 1 << 16;
      uint8_t *p = realloc(buf, cap);
      if (!p) {
        free(buf);
        fclose(fp);
        gs_error_set(err, ENOMEM, "out of memory reading %s", path);
        return -1;
      }
      buf = p;
    }
    size_t got = fread(buf + len, 1, cap - len, fp);
    len += got;
    if (got == 0) break;
  }
  bool read_error = ferror(fp);
  fclose(fp);
  if (read_error) {
    free(buf);
    gs_error_set(err, EIO, "cannot read %s", path);
    return -1;
  }
  gs_st_file *f = gs_st_parse(buf, len, err);
  int rc = -1;
  if (f) {
    rc = gs_st_load_into(f, params, allow_extra, err);
    gs_st_file_free(f);
  }
  if (rc < 0) {
    /* name the file in the message */
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err ? err->msg : "");
    gs_error_set(err, err && err->code ? err->code : EINVAL, "%s: %s", path, msg);
  }
  free(buf);
  return rc;
}
