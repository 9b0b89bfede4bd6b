/* image.c - ImageDecoder: BMP, PNM, TIFF, PNG, JPEG, JPEG 2000 and WebP decoding,
 * portable C.
 *
 * Formats (others return KILN_IMAGE_UNSUPPORTED):
 *  - BMP: BITMAPINFOHEADER (or later), uncompressed 24- or 32-bit (BGR(X)),
 *    bottom-up or top-down rows padded to 4 bytes.
 *  - PNM: P6 (RGB) and P5 (gray), maxval 255.
 *  - TIFF: either byte order, uncompressed, 8 bits per sample, RGB (3
 *    samples) or gray, chunky planar configuration, any strips.
 *  - PNG: 8-bit RGB or gray, not interlaced; zlib/DEFLATE (stored, fixed
 *    and dynamic Huffman blocks) and the five row filters.
 *  - JPEG: baseline Huffman, 4:2:0 or 4:4:4 (or gray), as libjpeg decodes
 *    by default (see kiln_image_jpeg__c).
 *  - WebP: lossy ("VP8 ") in the simple file format, as libwebp decodes
 *    it by default (image_webp.c); not lossless or extended (VP8L/VP8X).
 *  - JPEG 2000 (JP2 or raw codestream): lossless 5/3, 8-bit gray or RGB
 *    (with or without the RCT); see image_jp2.c, which this file includes.
 * Every decoded pixel is written to y as RGB, BGR or gray; gray output of
 * an RGB image uses L = (19595 R + 38470 G + 7471 B + 32768) >> 16, the
 * ITU-R 601 luma in 16-bit fixed point, as Pillow's convert("L"). A gray
 * source decodes only to Grayscale (the ONNX reference gives a 2-D array
 * for it otherwise). All reads are bounds-checked against len.
 */
#include "kiln_kernels.h"
#include "image.h"

//@kernel kiln_image_common__c needs kiln_image_codes
static uint32_t kiln_img_le16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t kiln_img_le32(const uint8_t *p) {
  return kiln_img_le16(p) | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint32_t kiln_img_be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | (uint32_t)p[1]; }
static uint32_t kiln_img_be32(const uint8_t *p) { return kiln_img_be16(p) << 16 | kiln_img_be16(p + 2); }

/* Stores pixel i from an RGB (src_c 3) or gray (src_c 1) source. */
static void kiln_img_put(uint8_t *y, int64_t i, int fmt, const uint8_t *px, int src_c) {
  if (fmt == 2) {
    y[i] = src_c == 1 ? px[0]
                      : (uint8_t)(((uint32_t)px[0] * 19595u + (uint32_t)px[1] * 38470u +
                                   (uint32_t)px[2] * 7471u + 32768u) >> 16);
  } else {
    y[i * 3 + 0] = px[fmt == 1 ? 2 : 0];
    y[i * 3 + 1] = px[1];
    y[i * 3 + 2] = px[fmt == 1 ? 0 : 2];
  }
}
//@end

//@kernel kiln_image_bmp__c needs kiln_image_common__c
static int kiln_img_bmp(const uint8_t *b, int64_t len, int64_t h, int64_t w, int fmt, uint8_t *y) {
  int64_t off, bw, bh, stride, r, c;
  uint32_t bpp, comp;
  int top_down;
  if (len < 54) return KILN_IMAGE_CORRUPT;
  off = (int64_t)kiln_img_le32(b + 10);
  if (kiln_img_le32(b + 14) < 40) return KILN_IMAGE_UNSUPPORTED; /* OS/2 core header */
  bw = (int32_t)kiln_img_le32(b + 18);
  bh = (int32_t)kiln_img_le32(b + 22);
  bpp = kiln_img_le16(b + 28);
  comp = kiln_img_le32(b + 30);
  if (comp != 0 || (bpp != 24 && bpp != 32)) return KILN_IMAGE_UNSUPPORTED;
  top_down = bh < 0;
  if (top_down) bh = -bh;
  if (bw != w || bh != h) return KILN_IMAGE_SIZE;
  if (fmt == 2) return KILN_IMAGE_UNSUPPORTED; /* Grayscale of BMP: not decoded */
  stride = (w * (int64_t)(bpp / 8) + 3) / 4 * 4;
  if (off < 0 || off > len || h * stride > len - off) return KILN_IMAGE_CORRUPT;
  for (r = 0; r < h; r++) {
    const uint8_t *row = b + off + (top_down ? r : h - 1 - r) * stride;
    for (c = 0; c < w; c++) {
      const uint8_t *q = row + c * (int64_t)(bpp / 8);
      const uint8_t px[3] = {q[2], q[1], q[0]};
      kiln_img_put(y, r * w + c, fmt, px, 3);
    }
  }
  return KILN_IMAGE_OK;
}
//@end

//@kernel kiln_image_pnm__c needs kiln_image_common__c
/* Next header number; skips whitespace and # comments. -1 if none. */
static int64_t kiln_img_pnm_num(const uint8_t *b, int64_t len, int64_t *pos) {
  int64_t v = 0;
  int any = 0;
  while (*pos < len) {
    if (b[*pos] == '#') {
      while (*pos < len && b[*pos] != '\n') (*pos)++;
    } else if (b[*pos] == ' ' || b[*pos] == '\t' || b[*pos] == '\n' || b[*pos] == '\r') {
      (*pos)++;
    } else {
      break;
    }
  }
  while (*pos < len && b[*pos] >= '0' && b[*pos] <= '9' && v < 100000000) {
    v = v * 10 + (b[*pos] - '0');
    (*pos)++;
    any = 1;
  }
  return any ? v : -1;
}

static int kiln_img_pnm(const uint8_t *b, int64_t len, int64_t h, int64_t w, int fmt, uint8_t *y) {
  int64_t pos = 2, pw, ph, mx, i;
  const int src_c = b[1] == '6' ? 3 : 1;
  if (b[1] != '5' && b[1] != '6') return KILN_IMAGE_UNSUPPORTED; /* ASCII / bitmap PNM */
  pw = kiln_img_pnm_num(b, len, &pos);
  ph = kiln_img_pnm_num(b, len, &pos);
  mx = kiln_img_pnm_num(b, len, &pos);
  if (pw < 0 || ph < 0 || mx < 0 || pos >= len) return KILN_IMAGE_CORRUPT;
  if (mx != 255) return KILN_IMAGE_UNSUPPORTED;
  if (pw != w || ph != h) return KILN_IMAGE_SIZE;
  if (src_c == 1 && fmt != 2) return KILN_IMAGE_UNSUPPORTED;
  pos++; /* the single whitespace after maxval */
  if (h * w * src_c > len - pos) return KILN_IMAGE_CORRUPT;
  for (i = 0; i < h * w; i++) kiln_img_put(y, i, fmt, b + pos + i * src_c, src_c);
  return KILN_IMAGE_OK;
}
//@end

//@kernel kiln_image_tiff__c needs kiln_image_common__c
static uint32_t kiln_img_tu16(const uint8_t *p, int be) { return be ? kiln_img_be16(p) : kiln_img_le16(p); }
static uint32_t kiln_img_tu32(const uint8_t *p, int be) { return be ? kiln_img_be32(p) : kiln_img_le32(p); }

/* Value k of an IFD entry (SHORT or LONG), or -1. */
static int64_t kiln_img_tval(const uint8_t *b, int64_t len, const uint8_t *e, int be, uint32_t k) {
  const uint32_t type = kiln_img_tu16(e + 2, be), cnt = kiln_img_tu32(e + 4, be);
  const uint32_t sz = type == 3 ? 2u : type == 4 ? 4u : 0u;
  const uint8_t *p;
  if (sz == 0 || k >= cnt) return -1;
  if ((uint64_t)cnt * sz <= 4) {
    p = e + 8 + k * sz;
  } else {
    const int64_t o = (int64_t)kiln_img_tu32(e + 8, be) + (int64_t)k * sz;
    if (o < 0 || o + sz > len) return -1;
    p = b + o;
  }
  return sz == 2 ? (int64_t)kiln_img_tu16(p, be) : (int64_t)kiln_img_tu32(p, be);
}

static int kiln_img_tiff(const uint8_t *b, int64_t len, int64_t h, int64_t w, int fmt, uint8_t *y) {
  const int be = b[0] == 'M';
  int64_t ifd = kiln_img_tu32(b + 4, be), tw = -1, th = -1, comp = 1, photo = -1, spp = 1,
          rps = -1, planar = 1, n, i, row = 0;
  const uint8_t *offs = NULL, *cnts = NULL;
  if (ifd < 8 || ifd + 2 > len) return KILN_IMAGE_CORRUPT;
  n = kiln_img_tu16(b + ifd, be);
  if (ifd + 2 + n * 12 > len) return KILN_IMAGE_CORRUPT;
  for (i = 0; i < n; i++) {
    const uint8_t *e = b + ifd + 2 + i * 12;
    switch (kiln_img_tu16(e, be)) {
    case 256: tw = kiln_img_tval(b, len, e, be, 0); break;
    case 257: th = kiln_img_tval(b, len, e, be, 0); break;
    case 258: { /* every sample must be 8 bits */
      uint32_t k, cnt = kiln_img_tu32(e + 4, be);
      for (k = 0; k < cnt; k++)
        if (kiln_img_tval(b, len, e, be, k) != 8) return KILN_IMAGE_UNSUPPORTED;
      break;
    }
    case 259: comp = kiln_img_tval(b, len, e, be, 0); break;
    case 262: photo = kiln_img_tval(b, len, e, be, 0); break;
    case 273: offs = e; break;
    case 277: spp = kiln_img_tval(b, len, e, be, 0); break;
    case 278: rps = kiln_img_tval(b, len, e, be, 0); break;
    case 279: cnts = e; break;
    case 284: planar = kiln_img_tval(b, len, e, be, 0); break;
    default: break;
    }
  }
  if (comp != 1 || planar != 1) return KILN_IMAGE_UNSUPPORTED; /* compressed / planar */
  if (!((photo == 2 && spp == 3) || (photo == 1 && spp == 1))) return KILN_IMAGE_UNSUPPORTED;
  if (tw != w || th != h) return KILN_IMAGE_SIZE;
  if (!offs || !cnts) return KILN_IMAGE_CORRUPT;
  if (spp == 1 && fmt != 2) return KILN_IMAGE_UNSUPPORTED;
  if (rps <= 0 || rps > h) rps = h;
  for (i = 0; row < h; i++) {
    const int64_t o = kiln_img_tval(b, len, offs, be, (uint32_t)i);
    const int64_t rows = h - row < rps ? h - row : rps;
    int64_t k;
    if (o < 0 || o > len || rows * w * spp > len - o) return KILN_IMAGE_CORRUPT;
    for (k = 0; k < rows * w; k++) kiln_img_put(y, row * w + k, fmt, b + o + k * spp, (int)spp);
    row += rows;
  }
  return KILN_IMAGE_OK;
}
//@end

//@kernel kiln_image_inflate__c needs kiln_image_common__c
/* DEFLATE (RFC 1951) into out[0..cap); returns the bytes written or -1.
 * Huffman codes are canonical: decoded by walking code lengths with
 * per-length counts (simple, no tables to build beyond the counts). */
typedef struct kiln_inflate {
  const uint8_t *in;
  int64_t len, pos;
  uint32_t bits;
  int nbits;
  int err;
} kiln_inflate;

typedef struct kiln_huff {
  int16_t count[16];
  int16_t sym[320];
} kiln_huff;

static uint32_t kiln_inf_bits(kiln_inflate *s, int n) {
  uint32_t v;
  while (s->nbits < n) {
    if (s->pos >= s->len) {
      s->err = 1;
      return 0;
    }
    s->bits |= (uint32_t)s->in[s->pos++] << s->nbits;
    s->nbits += 8;
  }
  v = s->bits & ((1u << n) - 1u);
  s->bits >>= n;
  s->nbits -= n;
  return v;
}

/* Builds h from n code lengths; -1 if over-subscribed. */
static int kiln_inf_build(kiln_huff *h, const uint8_t *lens, int n) {
  int16_t offs[16];
  int i, left = 1;
  for (i = 0; i < 16; i++) h->count[i] = 0;
  for (i = 0; i < n; i++) h->count[lens[i]]++;
  h->count[0] = 0;
  for (i = 1; i < 16; i++) {
    left <<= 1;
    left -= h->count[i];
    if (left < 0) return -1;
  }
  offs[1] = 0;
  for (i = 1; i < 15; i++) offs[i + 1] = (int16_t)(offs[i] + h->count[i]);
  for (i = 0; i < n; i++)
    if (lens[i]) h->sym[offs[lens[i]]++] = (int16_t)i;
  return 0;
}

static int kiln_inf_decode(kiln_inflate *s, const kiln_huff *h) {
  int code = 0, first = 0, index = 0, l;
  for (l = 1; l < 16; l++) {
    code |= (int)kiln_inf_bits(s, 1);
    if (s->err) return -1;
    if (code - h->count[l] < first) return h->sym[index + (code - first)];
    index += h->count[l];
    first += h->count[l];
    first <<= 1;
    code <<= 1;
  }
  return -1;
}

static int64_t kiln_inflate__c(const uint8_t *in, int64_t len, uint8_t *out, int64_t cap) {
  static const int16_t lbase[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
                                    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
  static const int8_t lext[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
                                  3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  static const int32_t dbase[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129,
                                    193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097,
                                    6145, 8193, 12289, 16385, 24577};
  static const int8_t dext[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
                                  6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
  static const uint8_t clord[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
  kiln_inflate s;
  kiln_huff lh, dh;
  int64_t o = 0;
  uint32_t last;
  s.in = in;
  s.len = len;
  s.pos = 0;
  s.bits = 0;
  s.nbits = 0;
  s.err = 0;
  do {
    uint32_t type;
    last = kiln_inf_bits(&s, 1);
    type = kiln_inf_bits(&s, 2);
    if (s.err) return -1;
    if (type == 0) { /* stored */
      uint32_t n, nn;
      s.bits = 0;
      s.nbits = 0;
      if (s.pos + 4 > s.len) return -1;
      n = kiln_img_le16(s.in + s.pos);
      nn = kiln_img_le16(s.in + s.pos + 2);
      s.pos += 4;
      if ((n ^ 0xffffu) != nn || (int64_t)n > s.len - s.pos || (int64_t)n > cap - o) return -1;
      memcpy(out + o, s.in + s.pos, n);
      s.pos += n;
      o += n;
      continue;
    }
    if (type == 3) return -1;
    {
      uint8_t lens[320];
      int i, nl, nd;
      if (type == 1) { /* fixed codes */
        for (i = 0; i < 144; i++) lens[i] = 8;
        for (; i < 256; i++) lens[i] = 9;
        for (; i < 280; i++) lens[i] = 7;
        for (; i < 288; i++) lens[i] = 8;
        nl = 288;
        for (i = 0; i < 30; i++) lens[nl + i] = 5;
        nd = 30;
      } else { /* dynamic codes */
        kiln_huff ch;
        uint8_t cl[19];
        int nc;
        nl = (int)kiln_inf_bits(&s, 5) + 257;
        nd = (int)kiln_inf_bits(&s, 5) + 1;
        nc = (int)kiln_inf_bits(&s, 4) + 4;
        if (s.err || nl > 286 || nd > 30) return -1;
        for (i = 0; i < 19; i++) cl[clord[i]] = i < nc ? (uint8_t)kiln_inf_bits(&s, 3) : 0;
        if (s.err || kiln_inf_build(&ch, cl, 19)) return -1;
        for (i = 0; i < nl + nd;) {
          int sym = kiln_inf_decode(&s, &ch), rep, val = 0;
          if (sym < 0) return -1;
          if (sym < 16) {
            lens[i++] = (uint8_t)sym;
            continue;
          }
          if (sym == 16) {
            if (i == 0) return -1;
            val = lens[i - 1];
            rep = 3 + (int)kiln_inf_bits(&s, 2);
          } else if (sym == 17) {
            rep = 3 + (int)kiln_inf_bits(&s, 3);
          } else {
            rep = 11 + (int)kiln_inf_bits(&s, 7);
          }
          if (s.err || i + rep > nl + nd) return -1;
          while (rep--) lens[i++] = (uint8_t)val;
        }
      }
      if (kiln_inf_build(&lh, lens, nl) || kiln_inf_build(&dh, lens + nl, nd)) return -1;
      for (;;) {
        int sym = kiln_inf_decode(&s, &lh);
        if (sym < 0) return -1;
        if (sym < 256) {
          if (o >= cap) return -1;
          out[o++] = (uint8_t)sym;
        } else if (sym == 256) {
          break;
        } else {
          int64_t n, dist;
          sym -= 257;
          if (sym >= 29) return -1;
          n = lbase[sym] + (int64_t)kiln_inf_bits(&s, lext[sym]);
          sym = kiln_inf_decode(&s, &dh);
          if (sym < 0 || sym >= 30) return -1;
          dist = dbase[sym] + (int64_t)kiln_inf_bits(&s, dext[sym]);
          if (s.err || dist > o || n > cap - o) return -1;
          while (n--) {
            out[o] = out[o - dist];
            o++;
          }
        }
      }
    }
  } while (!last);
  return o;
}
//@end

//@kernel kiln_image_png__c needs kiln_image_common__c kiln_image_inflate__c
static int kiln_img_paeth(int a, int b, int c) {
  const int p = a + b - c, pa = p > a ? p - a : a - p, pb = p > b ? p - b : b - p,
            pc = p > c ? p - c : c - p;
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

static int kiln_img_png(const uint8_t *b, int64_t len, int64_t h, int64_t w, int fmt, uint8_t *y,
                        uint8_t *scratch) {
  int64_t pos = 8, zlen = 0, zstart = -1, r, c;
  int src_c = 0, got_hdr = 0;
  const int64_t cap = h * (1 + 3 * w);
  /* IHDR, then the IDAT chunks, which must be consecutive (PNG spec): their
   * payloads are inflated as one stream, read in place chunk by chunk is
   * not needed when there is one; several are copied together below. */
  while (pos + 12 <= len) {
    const int64_t n = kiln_img_be32(b + pos);
    const uint8_t *t = b + pos + 4;
    if (n > len - pos - 12) return KILN_IMAGE_CORRUPT;
    if (!memcmp(t, "IHDR", 4)) {
      if (n < 13) return KILN_IMAGE_CORRUPT;
      if (kiln_img_be32(t + 4) != (uint32_t)w || kiln_img_be32(t + 8) != (uint32_t)h)
        return KILN_IMAGE_SIZE;
      if (t[12] != 8 || t[14] != 0 || t[15] != 0 || t[16] != 0) return KILN_IMAGE_UNSUPPORTED;
      if (t[13] == 2) src_c = 3;
      else if (t[13] == 0) src_c = 1;
      else return KILN_IMAGE_UNSUPPORTED; /* palette, alpha */
      got_hdr = 1;
    } else if (!memcmp(t, "IDAT", 4)) {
      if (zstart < 0) zstart = pos;
      else if (zlen < 0) return KILN_IMAGE_UNSUPPORTED; /* IDAT chunks not consecutive */
      zlen += n;
    } else if (zstart >= 0 && zlen > 0) {
      zlen = -zlen; /* IDAT run ended */
    }
    if (!memcmp(t, "IEND", 4)) break;
    pos += 12 + n;
  }
  if (!got_hdr || zstart < 0) return KILN_IMAGE_CORRUPT;
  if (src_c == 1 && fmt != 2) return KILN_IMAGE_UNSUPPORTED;
  if (zlen < 0) zlen = -zlen;
  {
    /* one IDAT: inflate straight from the file; several: not supported
     * without a second buffer */
    const int64_t n = kiln_img_be32(b + zstart);
    const uint8_t *z = b + zstart + 8;
    const int64_t row = 1 + src_c * w;
    if (n != zlen) return KILN_IMAGE_UNSUPPORTED;
    if (n < 2 || (z[0] & 0x0f) != 8 || (((uint32_t)z[0] << 8) | z[1]) % 31 != 0 || (z[1] & 0x20))
      return KILN_IMAGE_CORRUPT;
    if (kiln_inflate__c(z + 2, n - 2, scratch, cap) != h * row) return KILN_IMAGE_CORRUPT;
    /* unfilter in place: each row depends on the previous unfiltered row */
    for (r = 0; r < h; r++) {
      uint8_t *cur = scratch + r * row + 1;
      const uint8_t *prev = r ? scratch + (r - 1) * row + 1 : NULL;
      const int f = cur[-1];
      for (c = 0; c < src_c * w; c++) {
        const int a = c >= src_c ? cur[c - src_c] : 0, up = prev ? prev[c] : 0,
                  ul = prev && c >= src_c ? prev[c - src_c] : 0;
        int v;
        switch (f) {
        case 0: v = 0; break;
        case 1: v = a; break;
        case 2: v = up; break;
        case 3: v = (a + up) >> 1; break;
        case 4: v = kiln_img_paeth(a, up, ul); break;
        default: return KILN_IMAGE_CORRUPT;
        }
        cur[c] = (uint8_t)(cur[c] + v);
      }
      for (c = 0; c < w; c++) kiln_img_put(y, r * w + c, fmt, cur + c * src_c, src_c);
    }
  }
  return KILN_IMAGE_OK;
}
//@end

//@kernel kiln_image_jpeg__c needs kiln_image_common__c
/* Baseline JPEG (SOF0/SOF1, Huffman, 8-bit), 1 component or 3 with luma
 * sampling 1x1 or 2x2 and chroma 1x1, no restart markers. Decoded exactly
 * as libjpeg(-turbo) does by default, which the ONNX reference (Pillow)
 * uses: the "islow" integer IDCT (13-bit constants, 2 extra bits between
 * passes), "fancy" triangular 2x2 chroma upsampling with edge rows and
 * columns replicated, and YCbCr -> RGB in 16-bit fixed point. */
typedef struct kiln_jpg_huff {
  uint8_t cnt[17];
  uint8_t sym[256];
  int ok;
} kiln_jpg_huff;

typedef struct kiln_jpg {
  const uint8_t *b;
  int64_t len, pos;
  uint32_t bits;
  int nbits, err;
} kiln_jpg;

static int kiln_jpg_bit(kiln_jpg *s) {
  if (s->nbits == 0) {
    uint8_t c;
    if (s->pos >= s->len) { s->err = 1; return 0; }
    c = s->b[s->pos++];
    if (c == 0xff) {
      if (s->pos < s->len && s->b[s->pos] == 0) s->pos++;
      else { s->err = 1; return 0; } /* a marker inside the scan */
    }
    s->bits = c;
    s->nbits = 8;
  }
  s->nbits--;
  return (int)((s->bits >> s->nbits) & 1u);
}

static int kiln_jpg_getbits(kiln_jpg *s, int n) {
  int v = 0;
  while (n--) v = (v << 1) | kiln_jpg_bit(s);
  return v;
}

static int kiln_jpg_decode(kiln_jpg *s, const kiln_jpg_huff *h) {
  int code = 0, first = 0, index = 0, l;
  for (l = 1; l <= 16; l++) {
    code |= kiln_jpg_bit(s);
    if (s->err) return -1;
    if (code - h->cnt[l] < first) return h->sym[index + code - first];
    index += h->cnt[l];
    first = (first + h->cnt[l]) << 1;
    code <<= 1;
  }
  return -1;
}

static int kiln_jpg_extend(int v, int t) { return v < (1 << (t - 1)) ? v - (1 << t) + 1 : v; }

#define KILN_JPG_DESCALE(x, n) (((x) + ((int32_t)1 << ((n) - 1))) >> (n))
static uint8_t kiln_jpg_clamp(int32_t v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }

/* libjpeg's jpeg_idct_islow: coef (natural order, dequantized) -> out. */
static void kiln_jpg_idct(const int32_t *in, uint8_t *out, int64_t stride) {
  int32_t ws[64], t0, t1, t2, t3, t10, t11, t12, t13, z1, z2, z3, z4, z5;
  int i;
  for (i = 0; i < 8; i++) { /* columns */
    const int32_t *c = in + i;
    int32_t *w = ws + i;
    if (!c[8] && !c[16] && !c[24] && !c[32] && !c[40] && !c[48] && !c[56]) {
      const int32_t dc = c[0] * 4;
      w[0] = w[8] = w[16] = w[24] = w[32] = w[40] = w[48] = w[56] = dc;
      continue;
    }
    z2 = c[16]; z3 = c[48];
    z1 = (z2 + z3) * 4433;
    t2 = z1 + z3 * -15137;
    t3 = z1 + z2 * 6270;
    t0 = (c[0] + c[32]) * 8192;
    t1 = (c[0] - c[32]) * 8192;
    t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
    t0 = c[56]; t1 = c[40]; t2 = c[24]; t3 = c[8];
    z1 = t0 + t3; z2 = t1 + t2; z3 = t0 + t2; z4 = t1 + t3;
    z5 = (z3 + z4) * 9633;
    t0 *= 2446; t1 *= 16819; t2 *= 25172; t3 *= 12299;
    z1 *= -7373; z2 *= -20995; z3 *= -16069; z4 *= -3196;
    z3 += z5; z4 += z5;
    t0 += z1 + z3; t1 += z2 + z4; t2 += z2 + z3; t3 += z1 + z4;
    w[0] = KILN_JPG_DESCALE(t10 + t3, 11); w[56] = KILN_JPG_DESCALE(t10 - t3, 11);
    w[8] = KILN_JPG_DESCALE(t11 + t2, 11); w[48] = KILN_JPG_DESCALE(t11 - t2, 11);
    w[16] = KILN_JPG_DESCALE(t12 + t1, 11); w[40] = KILN_JPG_DESCALE(t12 - t1, 11);
    w[24] = KILN_JPG_DESCALE(t13 + t0, 11); w[32] = KILN_JPG_DESCALE(t13 - t0, 11);
  }
  for (i = 0; i < 8; i++) { /* rows */
    const int32_t *w = ws + i * 8;
    uint8_t *o = out + i * stride;
    if (!w[1] && !w[2] && !w[3] && !w[4] && !w[5] && !w[6] && !w[7]) {
      const uint8_t v = kiln_jpg_clamp(KILN_JPG_DESCALE(w[0], 5) + 128);
      int k;
      for (k = 0; k < 8; k++) o[k] = v;
      continue;
    }
    z2 = w[2]; z3 = w[6];
    z1 = (z2 + z3) * 4433;
    t2 = z1 + z3 * -15137;
    t3 = z1 + z2 * 6270;
    t0 = (w[0] + w[4]) * 8192;
    t1 = (w[0] - w[4]) * 8192;
    t10 = t0 + t3; t13 = t0 - t3; t11 = t1 + t2; t12 = t1 - t2;
    t0 = w[7]; t1 = w[5]; t2 = w[3]; t3 = w[1];
    z1 = t0 + t3; z2 = t1 + t2; z3 = t0 + t2; z4 = t1 + t3;
    z5 = (z3 + z4) * 9633;
    t0 *= 2446; t1 *= 16819; t2 *= 25172; t3 *= 12299;
    z1 *= -7373; z2 *= -20995; z3 *= -16069; z4 *= -3196;
    z3 += z5; z4 += z5;
    t0 += z1 + z3; t1 += z2 + z4; t2 += z2 + z3; t3 += z1 + z4;
    o[0] = kiln_jpg_clamp(KILN_JPG_DESCALE(t10 + t3, 18) + 128);
    o[7] = kiln_jpg_clamp(KILN_JPG_DESCALE(t10 - t3, 18) + 128);
    o[1] = kiln_jpg_clamp(KILN_JPG_DESCALE(t11 + t2, 18) + 128);
    o[6] = kiln_jpg_clamp(KILN_JPG_DESCALE(t11 - t2, 18) + 128);
    o[2] = kiln_jpg_clamp(KILN_JPG_DESCALE(t12 + t1, 18) + 128);
    o[5] = kiln_jpg_clamp(KILN_JPG_DESCALE(t12 - t1, 18) + 128);
    o[3] = kiln_jpg_clamp(KILN_JPG_DESCALE(t13 + t0, 18) + 128);
    o[4] = kiln_jpg_clamp(KILN_JPG_DESCALE(t13 - t0, 18) + 128);
  }
}

static int kiln_img_jpeg(const uint8_t *b, int64_t len, int64_t h, int64_t w, int fmt, uint8_t *y,
                         uint8_t *scratch) {
  static const uint8_t zz[64] = {0,  1,  8,  16, 9,  2,  3,  10, 17, 24, 32, 25, 18, 11, 4,  5,
                                 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6,  7,  14, 21, 28,
                                 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
                                 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};
  uint16_t q[4][64];
  kiln_jpg_huff hd[4], ha[4];
  int nc = 0, cid[3], hs[3], vs[3], tq[3], td[3], ta[3], i, k, sof = 0;
  int64_t pos = 2, pw = 0, ph = 0;
  memset(hd, 0, sizeof hd);
  memset(ha, 0, sizeof ha);
  for (;;) { /* markers up to SOS */
    uint32_t m, l;
    if (pos + 4 > len || b[pos] != 0xff) return KILN_IMAGE_CORRUPT;
    m = b[pos + 1];
    l = kiln_img_be16(b + pos + 2);
    if (l < 2 || (int64_t)l > len - pos - 2) return KILN_IMAGE_CORRUPT;
    {
      const uint8_t *p = b + pos + 4;
      const int64_t n = l - 2;
      if (m == 0xdb) { /* quantization tables */
        int64_t o = 0;
        while (o < n) {
          const int pq = p[o] >> 4, id = p[o] & 3;
          if (pq != 0 || o + 65 > n) return KILN_IMAGE_UNSUPPORTED;
          for (k = 0; k < 64; k++) q[id][zz[k]] = p[o + 1 + k];
          o += 65;
        }
      } else if (m == 0xc4) { /* Huffman tables */
        int64_t o = 0;
        while (o + 17 <= n) {
          kiln_jpg_huff *t = (p[o] >> 4) ? &ha[p[o] & 3] : &hd[p[o] & 3];
          int tot = 0;
          t->cnt[0] = 0;
          for (k = 1; k <= 16; k++) tot += t->cnt[k] = p[o + k];
          if (tot > 256 || o + 17 + tot > n) return KILN_IMAGE_CORRUPT;
          memcpy(t->sym, p + o + 17, (size_t)tot);
          t->ok = 1;
          o += 17 + tot;
        }
      } else if (m == 0xc0 || m == 0xc1) {
        if (n < 6 || p[0] != 8) return KILN_IMAGE_UNSUPPORTED;
        ph = kiln_img_be16(p + 1);
        pw = kiln_img_be16(p + 3);
        nc = p[5];
        if ((nc != 1 && nc != 3) || n < 6 + 3 * nc) return KILN_IMAGE_UNSUPPORTED;
        for (i = 0; i < nc; i++) {
          cid[i] = p[6 + 3 * i];
          hs[i] = p[7 + 3 * i] >> 4;
          vs[i] = p[7 + 3 * i] & 15;
          tq[i] = p[8 + 3 * i] & 3;
        }
        sof = 1;
      } else if ((m >= 0xc2 && m <= 0xcf && m != 0xc4 && m != 0xc8 && m != 0xcc) || m == 0xdd) {
        return KILN_IMAGE_UNSUPPORTED; /* progressive, lossless, arithmetic, restarts */
      } else if (m == 0xda) {
        break;
      }
    }
    pos += 2 + l;
  }
  if (!sof) return KILN_IMAGE_CORRUPT;
  if (pw != w || ph != h) return KILN_IMAGE_SIZE;
  if (nc == 1 && fmt != 2) return KILN_IMAGE_UNSUPPORTED; /* gray JPEG: a 2-D array in the reference */
  if (nc == 3 && !(((hs[0] == 2 && vs[0] == 2) || (hs[0] == 1 && vs[0] == 1)) && hs[1] == 1 &&
                   vs[1] == 1 && hs[2] == 1 && vs[2] == 1))
    return KILN_IMAGE_UNSUPPORTED; /* other chroma subsampling */
  if (nc == 1) hs[0] = vs[0] = 1;
  {
    const uint8_t *p = b + pos + 4;
    const int ns = p[0];
    if (ns != nc) return KILN_IMAGE_UNSUPPORTED; /* one interleaved scan only */
    for (i = 0; i < ns; i++) {
      if (p[1 + 2 * i] != cid[i]) return KILN_IMAGE_UNSUPPORTED;
      td[i] = p[2 + 2 * i] >> 4 & 3;
      ta[i] = p[2 + 2 * i] & 3;
      if (!hd[td[i]].ok || !ha[ta[i]].ok) return KILN_IMAGE_CORRUPT;
    }
    pos += 2 + kiln_img_be16(b + pos + 2);
  }
  {
    const int hm = hs[0], vm = vs[0];
    const int64_t mx = (w + 8 * hm - 1) / (8 * hm), my = (h + 8 * vm - 1) / (8 * vm);
    int64_t cw[3], off[3], mcu, r, c;
    int pred[3] = {0, 0, 0};
    kiln_jpg s;
    s.b = b; s.len = len; s.pos = pos; s.bits = 0; s.nbits = 0; s.err = 0;
    off[0] = 0;
    for (i = 0; i < nc; i++) {
      cw[i] = mx * hs[i] * 8;
      if (i + 1 < nc) off[i + 1] = off[i] + cw[i] * my * vs[i] * 8;
    }
    for (mcu = 0; mcu < mx * my; mcu++) {
      const int64_t bx = mcu % mx, by = mcu / mx;
      for (i = 0; i < nc; i++) {
        int v, u;
        for (v = 0; v < vs[i]; v++)
          for (u = 0; u < hs[i]; u++) {
            int32_t coef[64];
            int t, kk;
            memset(coef, 0, sizeof coef);
            t = kiln_jpg_decode(&s, &hd[td[i]]);
            if (t < 0 || t > 11) return KILN_IMAGE_CORRUPT;
            pred[i] += t ? kiln_jpg_extend(kiln_jpg_getbits(&s, t), t) : 0;
            coef[0] = pred[i] * q[tq[i]][0];
            for (kk = 1; kk < 64;) {
              const int rs = kiln_jpg_decode(&s, &ha[ta[i]]);
              if (rs < 0) return KILN_IMAGE_CORRUPT;
              if ((rs & 15) == 0) {
                if (rs != 0xf0) break;
                kk += 16;
                continue;
              }
              kk += rs >> 4;
              if (kk > 63) return KILN_IMAGE_CORRUPT;
              coef[zz[kk]] = kiln_jpg_extend(kiln_jpg_getbits(&s, rs & 15), rs & 15) *
                             q[tq[i]][zz[kk]];
              kk++;
            }
            if (s.err) return KILN_IMAGE_CORRUPT;
            kiln_jpg_idct(coef, scratch + off[i] + ((by * vs[i] + v) * 8) * cw[i] +
                                    (bx * hs[i] + u) * 8, cw[i]);
          }
      }
    }
    /* color conversion (with 2x2 fancy upsampling of the chroma) */
    for (r = 0; r < h; r++)
      for (c = 0; c < w; c++) {
        const int yy = scratch[off[0] + r * cw[0] + c];
        int cb, cr;
        uint8_t px[3];
        if (nc == 1) {
          y[r * w + c] = (uint8_t)yy;
          continue;
        }
        if (hm == 1) {
          cb = scratch[off[1] + r * cw[1] + c];
          cr = scratch[off[2] + r * cw[2] + c];
        } else {
          /* libjpeg h2v2_fancy_upsample: 3/4 nearer + 1/4 farther row,
           * then 3/4 nearer + 1/4 farther column; the chroma plane is
           * ceil(w/2) x ceil(h/2), edges replicated */
          const int64_t ch = (h + 1) / 2, cwid = (w + 1) / 2, ir = r / 2, ic = c / 2;
          const int64_t r2 = r % 2 == 0 ? (ir > 0 ? ir - 1 : 0) : (ir + 1 < ch ? ir + 1 : ch - 1);
          int j;
          int out2[2];
          for (j = 1; j <= 2; j++) {
            const uint8_t *p0 = scratch + off[j] + ir * cw[j], *p1 = scratch + off[j] + r2 * cw[j];
            const int this_s = p0[ic] * 3 + p1[ic];
            int other;
            if (c % 2 == 0) {
              if (ic == 0) { out2[j - 1] = (this_s * 4 + 8) >> 4; continue; }
              other = p0[ic - 1] * 3 + p1[ic - 1];
              out2[j - 1] = (this_s * 3 + other + 8) >> 4;
            } else {
              if (ic + 1 >= cwid) { out2[j - 1] = (this_s * 4 + 7) >> 4; continue; }
              other = p0[ic + 1] * 3 + p1[ic + 1];
              out2[j - 1] = (this_s * 3 + other + 7) >> 4;
            }
          }
          cb = out2[0];
          cr = out2[1];
        }
        {
          const int32_t x_cb = cb - 128, x_cr = cr - 128;
          const int rr = yy + (int)((91881 * x_cr + 32768) >> 16);
          const int gg = yy + (int)((-22554 * x_cb + 32768 - 46802 * x_cr) >> 16);
          const int bb = yy + (int)((116130 * x_cb + 32768) >> 16);
          px[0] = kiln_jpg_clamp(rr);
          px[1] = kiln_jpg_clamp(gg);
          px[2] = kiln_jpg_clamp(bb);
          kiln_img_put(y, r * w + c, fmt, px, 3);
        }
      }
  }
  return KILN_IMAGE_OK;
}
//@end

/* Lossy WebP: its own file, compiled here (it uses the helpers above). */
#define KILN_IMAGE_WEBP_IN_IMAGE_C
#include "image_webp.c"
#define KILN_IMAGE_C 1
#include "image_jp2.c" /* JPEG 2000: kiln_image_jp2__c */

//@kernel kiln_u8_image_decode__c needs kiln_image_bmp__c kiln_image_pnm__c kiln_image_tiff__c kiln_image_png__c kiln_image_jpeg__c kiln_image_webp__c kiln_image_jp2__c
KILN_KERNEL int kiln_u8_image_decode__c(const uint8_t *buf, int64_t len, int64_t h, int64_t w,
                                        int fmt, uint8_t *y, uint8_t *scratch) {
  if (len >= 2 && buf[0] == 'B' && buf[1] == 'M') return kiln_img_bmp(buf, len, h, w, fmt, y);
  if (len >= 3 && buf[0] == 'P' && buf[1] >= '1' && buf[1] <= '7')
    return kiln_img_pnm(buf, len, h, w, fmt, y);
  if (len >= 8 && ((buf[0] == 'I' && buf[1] == 'I' && buf[2] == 42 && buf[3] == 0) ||
                   (buf[0] == 'M' && buf[1] == 'M' && buf[2] == 0 && buf[3] == 42)))
    return kiln_img_tiff(buf, len, h, w, fmt, y);
  if (len >= 8 && !memcmp(buf, "\x89PNG\r\n\x1a\n", 8)) return kiln_img_png(buf, len, h, w, fmt, y, scratch);
  if (len >= 3 && buf[0] == 0xff && buf[1] == 0xd8 && buf[2] == 0xff)
    return kiln_img_jpeg(buf, len, h, w, fmt, y, scratch);
  if (len >= 12 && !memcmp(buf, "RIFF", 4) && !memcmp(buf + 8, "WEBP", 4))
    return kiln_img_webp(buf, len, h, w, fmt, y, scratch);
  if ((len >= 12 && !memcmp(buf, "\0\0\0\x0cjP  \r\n\x87\n", 12)) || (len >= 2 && buf[0] == 0xff && buf[1] == 0x4f))
    return kiln_img_jp2(buf, len, h, w, fmt, y, scratch);
  return KILN_IMAGE_UNSUPPORTED; /* GIF, ... */
}
//@end

#ifndef KILN_HOST
/* Package-mode compile check only (never copied into a package). */
typedef void (*kiln_image_fn_)(void);
extern const kiln_image_fn_ kiln_image_used_[];
const kiln_image_fn_ kiln_image_used_[] = {(kiln_image_fn_)kiln_u8_image_decode__c};
#endif
