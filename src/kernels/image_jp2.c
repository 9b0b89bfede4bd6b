/* image_jp2.c - ImageDecoder's JPEG 2000 decoder (ITU-T T.800 | ISO/IEC
 * 15444-1, Part 1), portable C, written from the specification.
 *
 * Input: a JP2 file (its 'jp2c' box) or a raw codestream (SOC FF4F).
 * Decoded (others return KILN_IMAGE_UNSUPPORTED):
 *  - 1 (gray, to Grayscale only) or 3 components, 8-bit unsigned, no
 *    subsampling; any tiling, one tile-part per tile;
 *  - the reversible 5/3 wavelet with no quantisation (lossless), so the
 *    result is exact; the RCT when the COD's MCT flag is set;
 *  - any number of levels, layers and code-block sizes; default or
 *    custom precincts (the position-driven progressions RPCL, PCRL and
 *    CPRL only with one precinct per resolution); SOP/EPH markers;
 *    COC/QCC; code-block styles "reset contexts", "vertically causal",
 *    "predictable termination" and "segmentation symbols".
 *  Not decoded: the 9/7 irreversible path (ICT, scalar quantisation),
 *  arithmetic-coder bypass and per-pass termination, ROI (RGN), POC,
 *  packed headers (PPM/PPT), tile-parts split over several SOTs.
 * Decoding: tier-2 packet headers (tag trees, pass counts, Lblock lengths)
 * collect each code-block's bytes as a chain of segments; tier-1 (EBCOT
 * significance, refinement and cleanup passes over the MQ decoder) gives
 * the coefficients with the usual mid-point reconstruction of bit planes
 * not received; then the inverse 5/3 lifting (rows, then columns), the
 * inverse RCT, the DC level shift and clamping to 0..255. All reads are
 * bounds-checked and every record comes from the node's scratch
 * (KILN_IMAGE_JP2_SCRATCH_BYTES).
 */
#include "kiln_kernels.h"
#include "image.h"
#include "image_jp2.h"

/* The section uses kiln_image_common__c and is called by image.c's
 * dispatcher: the compiler builds it as part of image.c, which includes
 * this file; compiled alone it is empty. */
#ifdef KILN_IMAGE_C

//@kernel kiln_image_jp2__c needs kiln_image_common__c kiln_image_jp2_scratch
/* Coding parameters of one component (COD/COC and QCD/QCC). */
typedef struct kiln_jp2_comp {
  int nl, xcb, ycb, sty, rev; /* levels, code-block exponents, style, 5/3 */
  uint8_t pp[33];             /* PPx | PPy << 4 per resolution */
  int qsty, guard, nq;
  uint16_t q[97]; /* per subband: exponent << 11 | mantissa */
} kiln_jp2_comp;

/* A resolution of a tile-component. */
typedef struct kiln_jp2_res {
  int64_t x0, y0, x1, y1;    /* resolution rectangle */
  int64_t bx0[3], by0[3], bx1[3], by1[3]; /* its subbands (1 for r = 0, else HL LH HH) */
  int32_t npw, nph, pb;      /* precincts and their first band record */
  int nb, ppx, ppy, xcb, ycb;
} kiln_jp2_res;

/* The code-blocks of one subband inside one precinct. */
typedef struct kiln_jp2_pb {
  int32_t cx0, cy0, ncw, nch, cb, incl, zbp; /* cb grid origin and size, records, tag trees */
} kiln_jp2_pb;

typedef struct kiln_jp2_cb {
  int32_t seg, last, plen, passes; /* data-segment chain, length in this packet */
  int32_t inc, lblock, zbp;
} kiln_jp2_cb;

typedef struct kiln_jp2 {
  const uint8_t *b; /* codestream */
  int64_t len;
  uint8_t *pool;
  int64_t used, cap;
  kiln_jp2_res *res[3];
  kiln_jp2_pb *pbs;
  kiln_jp2_cb *cbs;
  int16_t *tags;
  int32_t npb, ncb, ntag, nseg, capseg;
  int32_t *segs; /* offset, length, next */
} kiln_jp2;

static void *kiln_jp2_alloc(kiln_jp2 *d, int64_t n) {
  uint8_t *p;
  n = (n + 7) / 8 * 8;
  if (n < 0 || n > d->cap - d->used) return NULL;
  p = d->pool + d->used;
  d->used += n;
  memset(p, 0, (size_t)n);
  return p;
}

static int64_t kiln_jp2_cdiv(int64_t a, int64_t b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }
static int64_t kiln_jp2_fdiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

/* ---- MQ arithmetic decoder (Annex C) ---- */
static const uint16_t kiln_jp2_qe[47] = {
    0x5601, 0x3401, 0x1801, 0x0AC1, 0x0521, 0x0221, 0x5601, 0x5401, 0x4801, 0x3801, 0x3001, 0x2401,
    0x1C01, 0x1601, 0x5601, 0x5401, 0x5101, 0x4801, 0x3801, 0x3401, 0x3001, 0x2801, 0x2401, 0x2201,
    0x1C01, 0x1801, 0x1601, 0x1401, 0x1201, 0x1101, 0x0AC1, 0x09C1, 0x08A1, 0x0521, 0x0441, 0x02A1,
    0x0221, 0x0141, 0x0111, 0x0085, 0x0049, 0x0025, 0x0015, 0x0009, 0x0005, 0x0001, 0x5601};
static const uint8_t kiln_jp2_nmps[47] = {1,  2,  3,  4,  5,  38, 7,  8,  9,  10, 11, 12, 13, 29, 15, 16,
                                          17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
                                          33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 45, 46};
static const uint8_t kiln_jp2_nlps[47] = {1,  6,  9,  12, 29, 33, 6,  14, 14, 14, 17, 18, 20, 21, 14, 14,
                                          15, 16, 17, 18, 19, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
                                          30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 46};

typedef struct kiln_jp2_mq {
  const uint8_t *b;
  const int32_t *segs;
  int64_t pos, end;
  int32_t seg;
  uint32_t a, c;
  int ct, cur, nxt;
  uint8_t st[19]; /* index << 1 | MPS per context */
} kiln_jp2_mq;

/* Next byte of the code-block's segments; past the end 0xFF, which the
 * decoder reads as a marker and so feeds 1-bits. */
static int kiln_jp2_src(kiln_jp2_mq *m) {
  while (m->pos >= m->end) {
    if (m->seg < 0) return 0xFF;
    m->pos = m->segs[m->seg * 3];
    m->end = m->pos + m->segs[m->seg * 3 + 1];
    m->seg = m->segs[m->seg * 3 + 2];
  }
  return m->b[m->pos++];
}

static void kiln_jp2_bytein(kiln_jp2_mq *m) {
  if (m->cur == 0xFF && m->nxt > 0x8F) {
    m->c += 0xFF00;
    m->ct = 8;
  } else {
    const int ff = m->cur == 0xFF;
    m->cur = m->nxt;
    m->nxt = kiln_jp2_src(m);
    m->c += (uint32_t)m->cur << (ff ? 9 : 8);
    m->ct = ff ? 7 : 8;
  }
}

static void kiln_jp2_mq_reset(kiln_jp2_mq *m) {
  memset(m->st, 0, sizeof m->st);
  m->st[0] = 4 << 1;   /* zero coding, no significant neighbour */
  m->st[17] = 3 << 1;  /* run length */
  m->st[18] = 46 << 1; /* uniform */
}

static void kiln_jp2_mq_init(kiln_jp2_mq *m, const uint8_t *b, const int32_t *segs, int32_t seg) {
  m->b = b;
  m->segs = segs;
  m->pos = m->end = 0;
  m->seg = seg;
  m->cur = kiln_jp2_src(m);
  m->nxt = kiln_jp2_src(m);
  m->c = (uint32_t)m->cur << 16;
  kiln_jp2_bytein(m);
  m->c <<= 7;
  m->ct -= 7;
  m->a = 0x8000;
  kiln_jp2_mq_reset(m);
}

static int kiln_jp2_dec(kiln_jp2_mq *m, int cx) {
  const int i = m->st[cx] >> 1, mps = m->st[cx] & 1;
  const uint32_t qe = kiln_jp2_qe[i];
  const int sw = i == 0 || i == 6 || i == 14; /* the SWITCH column */
  int d;
  m->a -= qe;
  if ((m->c >> 16) < qe) { /* LPS sub-interval, with conditional exchange */
    if (m->a < qe) {
      d = mps;
      m->st[cx] = (uint8_t)(kiln_jp2_nmps[i] << 1 | mps);
    } else {
      d = 1 - mps;
      m->st[cx] = (uint8_t)(kiln_jp2_nlps[i] << 1 | (sw ? 1 - mps : mps));
    }
    m->a = qe;
  } else {
    m->c -= qe << 16;
    if (m->a & 0x8000) return mps;
    if (m->a < qe) {
      d = 1 - mps;
      m->st[cx] = (uint8_t)(kiln_jp2_nlps[i] << 1 | (sw ? 1 - mps : mps));
    } else {
      d = mps;
      m->st[cx] = (uint8_t)(kiln_jp2_nmps[i] << 1 | mps);
    }
  }
  do { /* RENORMD */
    if (m->ct == 0) kiln_jp2_bytein(m);
    m->a <<= 1;
    m->c <<= 1;
    m->ct--;
  } while (!(m->a & 0x8000));
  return d;
}

/* ---- tier-1: EBCOT coding passes (Annex D) ---- */
enum { KILN_JP2_SIG = 1, KILN_JP2_NEG = 2, KILN_JP2_VIS = 4, KILN_JP2_REF = 8 };

/* Zero-coding context (Table D.1); orient 0 LL, 1 HL, 2 LH, 3 HH. causal:
 * the row below belongs to the next stripe (vertically causal mode). */
static int kiln_jp2_zc(const uint8_t *f, int fs, int orient, int causal) {
  int h = (f[-1] & 1) + (f[1] & 1);
  int v = (f[-fs] & 1) + (causal ? 0 : f[fs] & 1);
  const int d = (f[-fs - 1] & 1) + (f[-fs + 1] & 1) + (causal ? 0 : (f[fs - 1] & 1) + (f[fs + 1] & 1));
  if (orient == 1) {
    const int t = h;
    h = v;
    v = t;
  }
  if (orient < 3) {
    if (h == 2) return 8;
    if (h == 1) return v ? 7 : d ? 6 : 5;
    if (v) return v == 2 ? 4 : 3;
    return d >= 2 ? 2 : d;
  }
  if (d >= 3) return 8;
  if (d == 2) return h + v ? 7 : 6;
  if (d == 1) return h + v >= 2 ? 5 : h + v ? 4 : 3;
  return h + v >= 2 ? 2 : h + v;
}

static int kiln_jp2_sgn(int f) { return (f & KILN_JP2_SIG) ? ((f & KILN_JP2_NEG) ? -1 : 1) : 0; }

/* Decodes the sign (Tables D.2, D.3) and makes the sample significant. */
static void kiln_jp2_newsig(kiln_jp2_mq *m, uint8_t *f, int fs, int causal, int32_t *mag, int p) {
  static const uint8_t ctx[9] = {13, 12, 11, 10, 9, 10, 11, 12, 13}, xr[9] = {1, 1, 1, 1, 0, 0, 0, 0, 0};
  int hc = kiln_jp2_sgn(f[-1]) + kiln_jp2_sgn(f[1]);
  int vc = kiln_jp2_sgn(f[-fs]) + (causal ? 0 : kiln_jp2_sgn(f[fs]));
  int k;
  hc = hc < -1 ? -1 : hc > 1 ? 1 : hc;
  vc = vc < -1 ? -1 : vc > 1 ? 1 : vc;
  k = (hc + 1) * 3 + vc + 1;
  *f |= (uint8_t)(KILN_JP2_SIG | ((kiln_jp2_dec(m, ctx[k]) ^ xr[k]) ? KILN_JP2_NEG : 0));
  /* twice the magnitude: the bit plus half a step below it */
  *mag = (int32_t)(3u << p);
}

/* Decodes np passes of a cw x ch code-block whose first (cleanup) pass is
 * on bit plane p. mag gets twice the reconstructed magnitude, fl the
 * signs; both start zeroed ((cw + 2) x (ch + 2) flags with a border). */
static int kiln_jp2_t1(kiln_jp2_mq *m, int32_t *mag, uint8_t *fl, int cw, int ch, int orient, int p,
                       int np, int sty) {
  const int fs = cw + 2, vc = (sty & 8) != 0;
  int pass, type = 2, x, y, y0;
  for (pass = 0; pass < np; pass++) {
    if (p < 0) return KILN_IMAGE_CORRUPT;
    for (y0 = 0; y0 < ch; y0 += 4) {
      const int y1 = y0 + 4 < ch ? y0 + 4 : ch;
      for (x = 0; x < cw; x++) {
        y = y0;
        if (type == 2 && y1 - y0 == 4) { /* cleanup: run-length mode */
          int all = 1, k;
          for (k = 0; k < 4 && all; k++) {
            const uint8_t *f = fl + (y0 + k + 1) * fs + x + 1;
            all = !(*f & (KILN_JP2_SIG | KILN_JP2_VIS)) && !kiln_jp2_zc(f, fs, 0, vc && k == 3);
          }
          if (all) {
            if (!kiln_jp2_dec(m, 17)) continue;
            y = y0 + (kiln_jp2_dec(m, 18) << 1);
            y += kiln_jp2_dec(m, 18);
            kiln_jp2_newsig(m, fl + (y + 1) * fs + x + 1, fs, vc && y - y0 == 3, mag + y * cw + x, p);
            y++;
          }
        }
        for (; y < y1; y++) {
          uint8_t *f = fl + (y + 1) * fs + x + 1;
          const int causal = vc && y - y0 == 3;
          if (type == 0) { /* significance propagation */
            if (!(*f & KILN_JP2_SIG)) {
              const int cx = kiln_jp2_zc(f, fs, orient, causal);
              if (cx) {
                if (kiln_jp2_dec(m, cx)) kiln_jp2_newsig(m, f, fs, causal, mag + y * cw + x, p);
                *f |= KILN_JP2_VIS;
              }
            }
          } else if (type == 1) { /* magnitude refinement */
            if ((*f & (KILN_JP2_SIG | KILN_JP2_VIS)) == KILN_JP2_SIG) {
              int cx = 16;
              if (!(*f & KILN_JP2_REF)) cx = kiln_jp2_zc(f, fs, 0, causal) ? 15 : 14;
              if (kiln_jp2_dec(m, cx)) mag[y * cw + x] += (int32_t)(1u << p);
              else mag[y * cw + x] -= (int32_t)(1u << p);
              *f |= KILN_JP2_REF;
            }
          } else if (!(*f & (KILN_JP2_SIG | KILN_JP2_VIS))) { /* cleanup */
            if (kiln_jp2_dec(m, kiln_jp2_zc(f, fs, orient, causal)))
              kiln_jp2_newsig(m, f, fs, causal, mag + y * cw + x, p);
          }
        }
      }
    }
    if (type == 2) {
      if (sty & 0x20) { /* segmentation symbol 1010 */
        int k, s = 0;
        for (k = 0; k < 4; k++) s = s << 1 | kiln_jp2_dec(m, 18);
        if (s != 10) return KILN_IMAGE_CORRUPT;
      }
      for (y = 0; y < (cw + 2) * (ch + 2); y++) fl[y] &= (uint8_t)~KILN_JP2_VIS;
      p--;
      type = 0;
    } else {
      type++;
    }
    if (sty & 2) kiln_jp2_mq_reset(m);
  }
  return KILN_IMAGE_OK;
}

/* ---- tier-2: packet headers (Annex B) ---- */
typedef struct kiln_jp2_bits {
  const uint8_t *b;
  int64_t pos, end;
  int cur, left, bad;
} kiln_jp2_bits;

static int kiln_jp2_bit(kiln_jp2_bits *r) {
  if (r->left == 0) { /* after 0xFF a byte carries 7 bits (a stuffed 0 MSB) */
    const int ff = r->cur == 0xFF;
    if (r->pos >= r->end) {
      r->bad = 1;
      return 0;
    }
    r->cur = r->b[r->pos++];
    r->left = ff ? 7 : 8;
  }
  r->left--;
  return (r->cur >> r->left) & 1;
}

static int kiln_jp2_bits_n(kiln_jp2_bits *r, int n) {
  int v = 0;
  while (n-- > 0) v = v << 1 | kiln_jp2_bit(r);
  return v;
}

/* Tag tree over a w x h grid: nodes (lower bound, known) from the leaves
 * up. Decodes towards leaf (x, y) until its value is known or >= t;
 * returns 1 when the value is known and < t. */
static int kiln_jp2_tag(kiln_jp2_bits *r, int16_t *nd, int w, int h, int x, int y, int t) {
  int lw[32], off[32], n = 0, k, o = 0, low = 0;
  int lh = h;
  lw[0] = w;
  for (;;) {
    off[n] = o;
    o += lw[n] * lh;
    if ((lw[n] == 1 && lh == 1) || n == 31) break;
    lw[n + 1] = (lw[n] + 1) / 2;
    lh = (lh + 1) / 2;
    n++;
  }
  for (k = n; k >= 0; k--) {
    int16_t *q = nd + 2 * (off[k] + (y >> k) * lw[k] + (x >> k));
    if (q[0] < low) q[0] = (int16_t)low;
    while (!q[1] && q[0] < t) {
      if (kiln_jp2_bit(r)) q[1] = 1;
      else q[0]++;
    }
    low = q[0];
  }
  return nd[2 * (y * w + x) + 1] && nd[2 * (y * w + x)] < t;
}

static int32_t kiln_jp2_tag_nodes(int32_t w, int32_t h) {
  int32_t n = 0;
  for (;;) {
    n += w * h;
    if (w <= 1 && h <= 1) return n;
    w = (w + 1) / 2;
    h = (h + 1) / 2;
  }
}

/* One packet: precinct pi of resolution rs, layer l, read at *pos. */
static int kiln_jp2_packet(kiln_jp2 *d, const kiln_jp2_res *rs, int32_t pi, int l, int64_t *pos,
                           int64_t end, int scod) {
  kiln_jp2_bits r;
  const kiln_jp2_pb *pb = d->pbs + rs->pb + (int64_t)pi * rs->nb;
  int k, any;
  int32_t i;
  int64_t p;
  if ((scod & 2) && *pos + 6 <= end && d->b[*pos] == 0xFF && d->b[*pos + 1] == 0x91) *pos += 6; /* SOP */
  memset(&r, 0, sizeof r);
  r.b = d->b;
  r.pos = *pos;
  r.end = end;
  any = kiln_jp2_bit(&r);
  for (k = 0; k < rs->nb && any; k++)
    for (i = 0; i < pb[k].ncw * pb[k].nch; i++) {
      kiln_jp2_cb *cb = d->cbs + pb[k].cb + i;
      const int cx = (int)(i % pb[k].ncw), cy = (int)(i / pb[k].ncw);
      int inc, np, nbits, t;
      cb->plen = -1;
      if (!cb->inc) inc = kiln_jp2_tag(&r, d->tags + pb[k].incl, pb[k].ncw, pb[k].nch, cx, cy, l + 1);
      else inc = kiln_jp2_bit(&r);
      if (r.bad) return KILN_IMAGE_CORRUPT;
      if (!inc) continue;
      if (!cb->inc) { /* first inclusion: the number of missing bit planes */
        const int16_t *z = d->tags + pb[k].zbp + 2 * i;
        kiln_jp2_tag(&r, d->tags + pb[k].zbp, pb[k].ncw, pb[k].nch, cx, cy, 64);
        if (!z[1]) return KILN_IMAGE_CORRUPT;
        cb->zbp = z[0];
        cb->inc = 1;
        cb->lblock = 3;
      }
      /* number of coding passes (Table B.4) */
      if (!kiln_jp2_bit(&r)) np = 1;
      else if (!kiln_jp2_bit(&r)) np = 2;
      else if ((np = kiln_jp2_bits_n(&r, 2)) < 3) np += 3;
      else if ((np = kiln_jp2_bits_n(&r, 5)) < 31) np += 6;
      else np = 37 + kiln_jp2_bits_n(&r, 7);
      while (kiln_jp2_bit(&r)) /* Lblock increments */
        if (++cb->lblock > 32 || r.bad) return KILN_IMAGE_CORRUPT;
      nbits = cb->lblock;
      for (t = np; t > 1; t >>= 1) nbits++; /* + floor(log2(passes)) */
      if (nbits > 31) return KILN_IMAGE_CORRUPT;
      cb->plen = kiln_jp2_bits_n(&r, nbits);
      cb->passes += np;
      if (cb->passes > 164) return KILN_IMAGE_CORRUPT;
    }
  if (r.bad) return KILN_IMAGE_CORRUPT;
  p = r.pos + (r.cur == 0xFF); /* a header never ends on 0xFF */
  if ((scod & 4) && p + 2 <= end && d->b[p] == 0xFF && d->b[p + 1] == 0x92) p += 2; /* EPH */
  for (k = 0; k < rs->nb && any; k++)
    for (i = 0; i < pb[k].ncw * pb[k].nch; i++) {
      kiln_jp2_cb *cb = d->cbs + pb[k].cb + i;
      if (cb->plen <= 0) continue;
      if (cb->plen > end - p) return KILN_IMAGE_CORRUPT;
      if (d->nseg == d->capseg) return KILN_IMAGE_UNSUPPORTED; /* beyond the scratch budget */
      d->segs[d->nseg * 3] = (int32_t)p;
      d->segs[d->nseg * 3 + 1] = cb->plen;
      d->segs[d->nseg * 3 + 2] = -1;
      if (cb->seg < 0) cb->seg = d->nseg;
      else d->segs[cb->last * 3 + 2] = d->nseg;
      cb->last = d->nseg++;
      p += cb->plen;
    }
  *pos = p;
  return KILN_IMAGE_OK;
}

/* ---- inverse 5/3 wavelet (Annex F, reversible lifting) ---- */
/* n samples at a (stride s): nl low-pass then the high-pass ones; odd:
 * the first sample's absolute coordinate is odd. t: n int32 of room. */
static void kiln_jp2_idwt53(int32_t *a, int64_t s, int64_t n, int64_t nl, int odd, int32_t *t) {
  int64_t j, il = 0, ih = nl;
  if (n == 1) {
    if (odd) a[0] /= 2;
    return;
  }
  for (j = 0; j < n; j++) t[j] = a[((j + odd) & 1 ? ih++ : il++) * s];
  for (j = odd; j < n; j += 2) {
    const int64_t l = t[j > 0 ? j - 1 : 1], r = t[j + 1 < n ? j + 1 : n - 2];
    const int64_t v = t[j] - kiln_jp2_fdiv(l + r + 2, 4);
    t[j] = (int32_t)(v < -(1 << 30) ? -(1 << 30) : v > (1 << 30) ? (1 << 30) : v);
  }
  for (j = 1 - odd; j < n; j += 2) {
    const int64_t l = t[j > 0 ? j - 1 : 1], r = t[j + 1 < n ? j + 1 : n - 2];
    const int64_t v = t[j] + kiln_jp2_fdiv(l + r, 2);
    t[j] = (int32_t)(v < -(1 << 30) ? -(1 << 30) : v > (1 << 30) ? (1 << 30) : v);
  }
  for (j = 0; j < n; j++) a[j * s] = t[j];
}

/* Sets up one tile's resolutions, precincts and code-blocks. */
static int kiln_jp2_layout(kiln_jp2 *d, const kiln_jp2_comp *cp, int nc, const int64_t *tr) {
  int c, r, k;
  for (c = 0; c < nc; c++) {
    const int nl = cp[c].nl;
    kiln_jp2_res *res = (kiln_jp2_res *)kiln_jp2_alloc(d, (int64_t)sizeof(kiln_jp2_res) * (nl + 1));
    if (!res) return KILN_IMAGE_UNSUPPORTED;
    d->res[c] = res;
    for (r = 0; r <= nl; r++) {
      kiln_jp2_res *rs = res + r;
      const int64_t sc = (int64_t)1 << (nl - r);
      rs->x0 = kiln_jp2_cdiv(tr[0], sc);
      rs->y0 = kiln_jp2_cdiv(tr[1], sc);
      rs->x1 = kiln_jp2_cdiv(tr[2], sc);
      rs->y1 = kiln_jp2_cdiv(tr[3], sc);
      rs->ppx = cp[c].pp[r] & 15;
      rs->ppy = cp[c].pp[r] >> 4;
      if (r > 0 && (rs->ppx == 0 || rs->ppy == 0)) return KILN_IMAGE_CORRUPT;
      rs->nb = r ? 3 : 1;
      for (k = 0; k < rs->nb; k++) {
        if (r == 0) {
          rs->bx0[0] = rs->x0, rs->by0[0] = rs->y0, rs->bx1[0] = rs->x1, rs->by1[0] = rs->y1;
        } else { /* decomposition level nl - r + 1; HL, LH, HH */
          const int64_t s2 = (int64_t)1 << (nl - r + 1), xo = k != 1 ? s2 / 2 : 0, yo = k != 0 ? s2 / 2 : 0;
          rs->bx0[k] = kiln_jp2_cdiv(tr[0] - xo, s2);
          rs->by0[k] = kiln_jp2_cdiv(tr[1] - yo, s2);
          rs->bx1[k] = kiln_jp2_cdiv(tr[2] - xo, s2);
          rs->by1[k] = kiln_jp2_cdiv(tr[3] - yo, s2);
        }
      }
      {
        const int bpx = rs->ppx - (r > 0), bpy = rs->ppy - (r > 0); /* precinct size in the subbands */
        rs->xcb = cp[c].xcb < bpx ? cp[c].xcb : bpx;
        rs->ycb = cp[c].ycb < bpy ? cp[c].ycb : bpy;
        if (rs->x1 > rs->x0 && rs->y1 > rs->y0) {
          rs->npw = (int32_t)(kiln_jp2_cdiv(rs->x1, (int64_t)1 << rs->ppx) - (rs->x0 >> rs->ppx));
          rs->nph = (int32_t)(kiln_jp2_cdiv(rs->y1, (int64_t)1 << rs->ppy) - (rs->y0 >> rs->ppy));
        }
        if ((int64_t)rs->npw * rs->nph * rs->nb > (int64_t)1 << 24) return KILN_IMAGE_UNSUPPORTED;
        rs->pb = d->npb;
        d->npb += rs->npw * rs->nph * rs->nb;
        if (d->npb > (d->cap - d->used) / (int64_t)sizeof(kiln_jp2_pb)) return KILN_IMAGE_UNSUPPORTED;
      }
    }
  }
  /* the precinct-band records, then code-blocks and tag trees */
  d->pbs = (kiln_jp2_pb *)kiln_jp2_alloc(d, (int64_t)sizeof(kiln_jp2_pb) * (d->npb + 1));
  if (!d->pbs) return KILN_IMAGE_UNSUPPORTED;
  for (c = 0; c < nc; c++)
    for (r = 0; r <= cp[c].nl; r++) {
      const kiln_jp2_res *rs = d->res[c] + r;
      const int bpx = rs->ppx - (r > 0), bpy = rs->ppy - (r > 0);
      int32_t px, py;
      for (py = 0; py < rs->nph; py++)
        for (px = 0; px < rs->npw; px++)
          for (k = 0; k < rs->nb; k++) {
            kiln_jp2_pb *pb = d->pbs + rs->pb + ((int64_t)py * rs->npw + px) * rs->nb + k;
            const int64_t cx = ((rs->x0 >> rs->ppx) + px) << bpx, cy = ((rs->y0 >> rs->ppy) + py) << bpy;
            const int64_t x0 = cx > rs->bx0[k] ? cx : rs->bx0[k], y0 = cy > rs->by0[k] ? cy : rs->by0[k];
            const int64_t x1e = cx + ((int64_t)1 << bpx), y1e = cy + ((int64_t)1 << bpy);
            const int64_t x1 = x1e < rs->bx1[k] ? x1e : rs->bx1[k], y1 = y1e < rs->by1[k] ? y1e : rs->by1[k];
            if (x1 > x0 && y1 > y0) {
              pb->cx0 = (int32_t)(x0 >> rs->xcb);
              pb->cy0 = (int32_t)(y0 >> rs->ycb);
              pb->ncw = (int32_t)(kiln_jp2_cdiv(x1, (int64_t)1 << rs->xcb) - pb->cx0);
              pb->nch = (int32_t)(kiln_jp2_cdiv(y1, (int64_t)1 << rs->ycb) - pb->cy0);
            }
            if ((int64_t)pb->ncw * pb->nch > (int64_t)1 << 24 || d->ncb > (int32_t)1 << 26 ||
                d->ntag > (int32_t)1 << 26)
              return KILN_IMAGE_UNSUPPORTED;
            pb->cb = d->ncb;
            d->ncb += pb->ncw * pb->nch;
            pb->incl = 2 * d->ntag;
            d->ntag += pb->ncw > 0 && pb->nch > 0 ? kiln_jp2_tag_nodes(pb->ncw, pb->nch) : 0;
            pb->zbp = 2 * d->ntag;
            d->ntag += pb->ncw > 0 && pb->nch > 0 ? kiln_jp2_tag_nodes(pb->ncw, pb->nch) : 0;
          }
    }
  d->cbs = (kiln_jp2_cb *)kiln_jp2_alloc(d, (int64_t)sizeof(kiln_jp2_cb) * (d->ncb + 1));
  d->tags = (int16_t *)kiln_jp2_alloc(d, 4 * ((int64_t)d->ntag + 1));
  if (!d->cbs || !d->tags) return KILN_IMAGE_UNSUPPORTED;
  {
    int32_t i;
    for (i = 0; i < d->ncb; i++) d->cbs[i].seg = d->cbs[i].last = -1;
  }
  { /* the rest of the pool (whole 8-byte units, as kiln_jp2_alloc rounds) */
    const int64_t n = (d->cap - d->used) / 8 * 8 / 12;
    d->capseg = (int32_t)(n < (1 << 28) ? n : (1 << 28));
  }
  d->segs = (int32_t *)kiln_jp2_alloc(d, 12 * (int64_t)d->capseg);
  d->nseg = 0;
  return d->segs || d->capseg == 0 ? KILN_IMAGE_OK : KILN_IMAGE_UNSUPPORTED;
}

/* Parses SPcod/SPcoc (s: Scod/Scoc) into cp; returns bytes used or -1. */
static int kiln_jp2_spcod(const uint8_t *p, int64_t n, int s, kiln_jp2_comp *cp) {
  int r;
  if (n < 5) return -1;
  cp->nl = p[0];
  cp->xcb = p[1] + 2;
  cp->ycb = p[2] + 2;
  cp->sty = p[3];
  cp->rev = p[4];
  if (cp->nl > 32 || cp->xcb > 10 || cp->ycb > 10 || cp->xcb + cp->ycb > 12) return -1;
  if ((s & 1) && n < 5 + cp->nl + 1) return -1;
  for (r = 0; r <= cp->nl; r++) cp->pp[r] = (s & 1) ? p[5 + r] : 0xFF;
  return 5 + ((s & 1) ? cp->nl + 1 : 0);
}

static int kiln_jp2_qcd(const uint8_t *p, int64_t n, kiln_jp2_comp *cp) {
  int i;
  if (n < 1) return -1;
  cp->qsty = p[0] & 31;
  cp->guard = p[0] >> 5;
  if (cp->qsty == 0) {
    cp->nq = (int)(n - 1 < 97 ? n - 1 : 97);
    for (i = 0; i < cp->nq; i++) cp->q[i] = (uint16_t)((p[1 + i] >> 3) << 11);
  } else {
    cp->nq = (int)((n - 1) / 2 < 97 ? (n - 1) / 2 : 97);
    for (i = 0; i < cp->nq; i++) cp->q[i] = (uint16_t)kiln_img_be16(p + 1 + 2 * i);
  }
  return 0;
}

/* Header state: the parameters and what this header (main or tile) set. */
typedef struct kiln_jp2_hdr {
  kiln_jp2_comp comp[3];
  int prog, layers, mct, scod, cod, qcd, coc[3], qcc[3];
} kiln_jp2_hdr;

/* One COD/COC/QCD/QCC marker segment p[0..n) of marker m; others are skipped
 * or refused. A component's COC/QCC wins over the same header's COD/QCD. */
static int kiln_jp2_marker(kiln_jp2_hdr *hd, int nc, uint32_t m, const uint8_t *p, int64_t n) {
  kiln_jp2_comp t;
  int c;
  if (m == 0xFF52) { /* COD */
    if (n < 5) return KILN_IMAGE_CORRUPT;
    memset(&t, 0, sizeof t);
    if (kiln_jp2_spcod(p + 5, n - 5, p[0], &t) < 0) return KILN_IMAGE_CORRUPT;
    hd->scod = p[0];
    hd->prog = p[1];
    hd->layers = (int)kiln_img_be16(p + 2);
    hd->mct = p[4];
    hd->cod = 1;
    for (c = 0; c < nc; c++)
      if (!hd->coc[c]) {
        hd->comp[c].nl = t.nl, hd->comp[c].xcb = t.xcb, hd->comp[c].ycb = t.ycb;
        hd->comp[c].sty = t.sty, hd->comp[c].rev = t.rev;
        memcpy(hd->comp[c].pp, t.pp, sizeof t.pp);
      }
  } else if (m == 0xFF53) { /* COC */
    if (n < 2 || p[0] >= nc) return KILN_IMAGE_CORRUPT;
    c = p[0];
    if (kiln_jp2_spcod(p + 2, n - 2, p[1], &hd->comp[c]) < 0) return KILN_IMAGE_CORRUPT;
    hd->coc[c] = 1;
  } else if (m == 0xFF5C) { /* QCD */
    memset(&t, 0, sizeof t);
    if (kiln_jp2_qcd(p, n, &t) < 0) return KILN_IMAGE_CORRUPT;
    hd->qcd = 1;
    for (c = 0; c < nc; c++)
      if (!hd->qcc[c]) {
        hd->comp[c].qsty = t.qsty, hd->comp[c].guard = t.guard, hd->comp[c].nq = t.nq;
        memcpy(hd->comp[c].q, t.q, sizeof t.q);
      }
  } else if (m == 0xFF5D) { /* QCC */
    if (n < 1 || p[0] >= nc) return KILN_IMAGE_CORRUPT;
    c = p[0];
    if (kiln_jp2_qcd(p + 1, n - 1, &hd->comp[c]) < 0) return KILN_IMAGE_CORRUPT;
    hd->qcc[c] = 1;
  } else if (m == 0xFF5E || m == 0xFF5F || m == 0xFF60 || m == 0xFF61) {
    return KILN_IMAGE_UNSUPPORTED; /* RGN, POC, PPM, PPT */
  }
  return KILN_IMAGE_OK;
}

/* Decodes one tile (rectangle tr on the reference grid) from the packet
 * data cs[pos..end) into y. */
static int kiln_jp2_tile(kiln_jp2 *d, const kiln_jp2_hdr *hd, int nc, const int64_t *tr, int64_t pos,
                         int64_t end, int64_t ox, int64_t oy, int64_t w, int fmt, uint8_t *y) {
  const kiln_jp2_comp *cp = hd->comp;
  const int64_t tw = tr[2] - tr[0], th = tr[3] - tr[1];
  int32_t *plane[3], *line, *mag;
  uint8_t *fl;
  int c, r, l, k, maxr = 0, rc;
  d->used = 0;
  d->npb = d->ncb = d->ntag = 0;
  for (c = 0; c < nc; c++) {
    if (cp[c].rev != 1 || cp[c].qsty != 0) return KILN_IMAGE_UNSUPPORTED; /* 9/7, quantised */
    if (cp[c].sty & ~0x3A) return KILN_IMAGE_UNSUPPORTED; /* bypass, per-pass termination */
    if (cp[c].nq < 3 * cp[c].nl + 1) return KILN_IMAGE_CORRUPT;
    if (cp[c].nl + 1 > maxr) maxr = cp[c].nl + 1;
    if (cp[c].nl > 30) return KILN_IMAGE_UNSUPPORTED;
    plane[c] = (int32_t *)kiln_jp2_alloc(d, 4 * tw * th);
    if (!plane[c]) return KILN_IMAGE_UNSUPPORTED;
  }
  line = (int32_t *)kiln_jp2_alloc(d, 4 * (tw > th ? tw : th) + 8);
  mag = (int32_t *)kiln_jp2_alloc(d, 4 * 4096);
  fl = (uint8_t *)kiln_jp2_alloc(d, 8192);
  if (!line || !mag || !fl) return KILN_IMAGE_UNSUPPORTED;
  if ((rc = kiln_jp2_layout(d, cp, nc, tr)) != 0) return rc;
  if (hd->layers < 1) return KILN_IMAGE_CORRUPT;
  /* tier-2, in the progression order */
  if (hd->prog <= 1) {
    int a, b;
    const int na = hd->prog == 0 ? hd->layers : maxr, nb = hd->prog == 0 ? maxr : hd->layers;
    for (a = 0; a < na; a++)
      for (b = 0; b < nb; b++)
        for (c = 0; c < nc; c++) {
          int32_t pi;
          l = hd->prog == 0 ? a : b;
          r = hd->prog == 0 ? b : a;
          if (r > cp[c].nl) continue;
          for (pi = 0; pi < d->res[c][r].npw * d->res[c][r].nph; pi++)
            if ((rc = kiln_jp2_packet(d, d->res[c] + r, pi, l, &pos, end, hd->scod)) != 0) return rc;
        }
  } else if (hd->prog <= 4) {
    /* RPCL, PCRL, CPRL: with one precinct per resolution the position loop
     * visits each once, at the tile's origin */
    int a, b;
    for (c = 0; c < nc; c++)
      for (r = 0; r <= cp[c].nl; r++)
        if (d->res[c][r].npw * d->res[c][r].nph > 1) return KILN_IMAGE_UNSUPPORTED;
    for (a = 0; a < (hd->prog == 2 ? maxr : nc); a++)
      for (b = 0; b < (hd->prog == 2 ? nc : maxr); b++) {
        r = hd->prog == 2 ? a : b;
        c = hd->prog == 2 ? b : a;
        if (r > cp[c].nl || d->res[c][r].npw * d->res[c][r].nph == 0) continue;
        for (l = 0; l < hd->layers; l++)
          if ((rc = kiln_jp2_packet(d, d->res[c] + r, 0, l, &pos, end, hd->scod)) != 0) return rc;
      }
  } else {
    return KILN_IMAGE_CORRUPT;
  }
  /* tier-1, code-block by code-block, into the subbands of each plane */
  for (c = 0; c < nc; c++)
    for (r = 0; r <= cp[c].nl; r++) {
      const kiln_jp2_res *rs = d->res[c] + r;
      const int64_t lw = r ? d->res[c][r - 1].x1 - d->res[c][r - 1].x0 : 0;
      const int64_t lh = r ? d->res[c][r - 1].y1 - d->res[c][r - 1].y0 : 0;
      int32_t pi, i;
      for (pi = 0; pi < rs->npw * rs->nph; pi++)
        for (k = 0; k < rs->nb; k++) {
          const kiln_jp2_pb *pb = d->pbs + rs->pb + (int64_t)pi * rs->nb + k;
          const int bi = r ? 3 * (r - 1) + 1 + k : 0, orient = r ? k + 1 : 0;
          const int mb = cp[c].guard + (cp[c].q[bi] >> 11) - 1;
          for (i = 0; i < pb->ncw * pb->nch; i++) {
            const kiln_jp2_cb *cb = d->cbs + pb->cb + i;
            const int64_t gx = pb->cx0 + i % pb->ncw, gy = pb->cy0 + i / pb->ncw;
            const int64_t x0 = (gx << rs->xcb) > rs->bx0[k] ? (gx << rs->xcb) : rs->bx0[k];
            const int64_t y0 = (gy << rs->ycb) > rs->by0[k] ? (gy << rs->ycb) : rs->by0[k];
            const int64_t x1 = ((gx + 1) << rs->xcb) < rs->bx1[k] ? ((gx + 1) << rs->xcb) : rs->bx1[k];
            const int64_t y1 = ((gy + 1) << rs->ycb) < rs->by1[k] ? ((gy + 1) << rs->ycb) : rs->by1[k];
            const int cw = (int)(x1 - x0), ch = (int)(y1 - y0);
            kiln_jp2_mq m;
            int64_t u, v;
            if (cb->passes == 0) continue;
            if (mb > 30) return KILN_IMAGE_UNSUPPORTED;
            if (cb->zbp >= mb || cb->passes > 3 * (mb - cb->zbp) - 2) return KILN_IMAGE_CORRUPT;
            memset(mag, 0, sizeof(int32_t) * (size_t)(cw * ch));
            memset(fl, 0, (size_t)((cw + 2) * (ch + 2)));
            kiln_jp2_mq_init(&m, d->b, d->segs, cb->seg);
            rc = kiln_jp2_t1(&m, mag, fl, cw, ch, orient, mb - 1 - cb->zbp, cb->passes, cp[c].sty);
            if (rc) return rc;
            for (v = 0; v < ch; v++)
              for (u = 0; u < cw; u++) {
                const int64_t px = x0 - rs->bx0[k] + u + ((k == 0 || k == 2) && r ? lw : 0);
                const int64_t py = y0 - rs->by0[k] + v + (k >= 1 && r ? lh : 0);
                const int32_t a = mag[v * cw + u] >> 1;
                plane[c][py * tw + px] = (fl[(v + 1) * (cw + 2) + u + 1] & KILN_JP2_NEG) ? -a : a;
              }
          }
        }
    }
  /* inverse DWT: rows then columns, resolution by resolution */
  for (c = 0; c < nc; c++)
    for (r = 1; r <= cp[c].nl; r++) {
      const kiln_jp2_res *rs = d->res[c] + r, *lo = rs - 1;
      const int64_t rw = rs->x1 - rs->x0, rh = rs->y1 - rs->y0;
      int64_t i;
      if (rw == 0 || rh == 0) continue;
      for (i = 0; i < rh; i++) kiln_jp2_idwt53(plane[c] + i * tw, 1, rw, lo->x1 - lo->x0, (int)(rs->x0 & 1), line);
      for (i = 0; i < rw; i++) kiln_jp2_idwt53(plane[c] + i, tw, rh, lo->y1 - lo->y0, (int)(rs->y0 & 1), line);
    }
  /* inverse RCT, DC level shift, clamp, store */
  {
    int64_t i, j;
    for (j = 0; j < th; j++)
      for (i = 0; i < tw; i++) {
        const int64_t o = j * tw + i;
        int64_t v[3];
        uint8_t px[3];
        for (c = 0; c < nc; c++) v[c] = plane[c][o];
        if (nc == 3 && hd->mct == 1) {
          const int64_t g = v[0] - kiln_jp2_fdiv(v[1] + v[2], 4);
          v[0] = v[2] + g;
          v[2] = v[1] + g;
          v[1] = g;
        }
        for (c = 0; c < nc; c++) {
          const int64_t s = v[c] + 128;
          px[c] = (uint8_t)(s < 0 ? 0 : s > 255 ? 255 : s);
        }
        kiln_img_put(y, (tr[1] - oy + j) * w + (tr[0] - ox + i), fmt, px, nc);
      }
  }
  return KILN_IMAGE_OK;
}

static int kiln_img_jp2(const uint8_t *b, int64_t len, int64_t h, int64_t w, int fmt, uint8_t *y,
                        uint8_t *scratch) {
  kiln_jp2 d;
  kiln_jp2_hdr main_h, th;
  const uint8_t *cs = b;
  int64_t cl = len, p = 2, xs = 0, ys = 0, xo = 0, yo = 0, xt = 0, yt = 0, xto = 0, yto = 0, ntx, nty;
  int nc = 0, c, siz = 0;
  if (len >= 12 && !memcmp(b + 4, "jP  ", 4)) { /* JP2 boxes: find the codestream */
    int64_t q = 0;
    cs = NULL;
    while (q + 8 <= len) {
      uint64_t bl = kiln_img_be32(b + q);
      int64_t hl = 8;
      if (bl == 1) {
        if (q + 16 > len) return KILN_IMAGE_CORRUPT;
        bl = (uint64_t)kiln_img_be32(b + q + 8) << 32 | kiln_img_be32(b + q + 12);
        hl = 16;
      } else if (bl == 0) {
        bl = (uint64_t)(len - q);
      }
      if (bl < (uint64_t)hl || bl > (uint64_t)(len - q)) return KILN_IMAGE_CORRUPT;
      if (!memcmp(b + q + 4, "jp2c", 4)) {
        cs = b + q + hl;
        cl = (int64_t)bl - hl;
        break;
      }
      q += (int64_t)bl;
    }
    if (!cs) return KILN_IMAGE_CORRUPT;
  }
  if (cl < 4 || cs[0] != 0xFF || cs[1] != 0x4F) return KILN_IMAGE_CORRUPT;
  if (cl > ((int64_t)1 << 31) - 1) return KILN_IMAGE_UNSUPPORTED;
  memset(&main_h, 0, sizeof main_h);
  for (;;) { /* main header, up to the first SOT */
    uint32_t m, l;
    if (p + 4 > cl) return KILN_IMAGE_CORRUPT;
    m = kiln_img_be16(cs + p);
    if (m == 0xFF90) break;
    l = kiln_img_be16(cs + p + 2);
    if (m < 0xFF00 || l < 2 || (int64_t)l > cl - p - 2) return KILN_IMAGE_CORRUPT;
    if (m == 0xFF51) { /* SIZ */
      const uint8_t *s = cs + p + 4;
      if (siz || l < 38) return KILN_IMAGE_CORRUPT;
      xs = kiln_img_be32(s + 2), ys = kiln_img_be32(s + 6), xo = kiln_img_be32(s + 10);
      yo = kiln_img_be32(s + 14), xt = kiln_img_be32(s + 18), yt = kiln_img_be32(s + 22);
      xto = kiln_img_be32(s + 26), yto = kiln_img_be32(s + 30);
      nc = (int)kiln_img_be16(s + 34);
      if (nc < 1 || l < 38 + 3 * (uint32_t)nc) return KILN_IMAGE_CORRUPT;
      if (xs <= xo || ys <= yo || xt == 0 || yt == 0 || xto > xo || yto > yo || xto + xt <= xo ||
          yto + yt <= yo)
        return KILN_IMAGE_CORRUPT;
      if (nc != 1 && nc != 3) return KILN_IMAGE_UNSUPPORTED;
      for (c = 0; c < nc; c++)
        if (s[36 + 3 * c] != 7 || s[37 + 3 * c] != 1 || s[38 + 3 * c] != 1)
          return KILN_IMAGE_UNSUPPORTED; /* only 8-bit unsigned, not subsampled */
      if (xs - xo != w || ys - yo != h) return KILN_IMAGE_SIZE;
      if (nc == 1 && fmt != 2) return KILN_IMAGE_UNSUPPORTED; /* gray only to Grayscale */
      siz = 1;
    } else {
      int rc;
      if (!siz) return KILN_IMAGE_CORRUPT;
      if ((rc = kiln_jp2_marker(&main_h, nc, m, cs + p + 4, (int64_t)l - 2)) != 0) return rc;
    }
    p += 2 + (int64_t)l;
  }
  if (!siz || !main_h.cod || !main_h.qcd) return KILN_IMAGE_CORRUPT;
  ntx = (xs - xto + xt - 1) / xt;
  nty = (ys - yto + yt - 1) / yt;
  if (ntx * nty > 65535) return KILN_IMAGE_CORRUPT;
  d.b = cs;
  d.len = cl;
  d.pool = scratch;
  d.cap = KILN_IMAGE_JP2_SCRATCH_BYTES(h, w);
  memset(y, 0, (size_t)(h * w * (fmt == 2 ? 1 : 3)));
  while (p + 2 <= cl) { /* tile-parts */
    int64_t end, q, tr[4];
    uint32_t isot, psot;
    int rc;
    if (kiln_img_be16(cs + p) == 0xFFD9) break; /* EOC */
    if (p + 12 > cl || kiln_img_be16(cs + p) != 0xFF90 || kiln_img_be16(cs + p + 2) != 10)
      return KILN_IMAGE_CORRUPT;
    isot = kiln_img_be16(cs + p + 4);
    psot = kiln_img_be32(cs + p + 6);
    if (isot >= ntx * nty) return KILN_IMAGE_CORRUPT;
    if (cs[p + 10] != 0) return KILN_IMAGE_UNSUPPORTED; /* a tile in several tile-parts */
    end = psot ? p + (int64_t)psot : cl;
    if ((psot && psot < 14) || end > cl) return KILN_IMAGE_CORRUPT;
    th = main_h;
    th.cod = th.qcd = 0;
    memset(th.coc, 0, sizeof th.coc);
    memset(th.qcc, 0, sizeof th.qcc);
    for (q = p + 12;;) { /* tile-part header, up to SOD */
      uint32_t m, l;
      if (q + 2 > end) return KILN_IMAGE_CORRUPT;
      m = kiln_img_be16(cs + q);
      if (m == 0xFF93) break;
      if (q + 4 > end) return KILN_IMAGE_CORRUPT;
      l = kiln_img_be16(cs + q + 2);
      if (m < 0xFF00 || l < 2 || (int64_t)l > end - q - 2) return KILN_IMAGE_CORRUPT;
      if ((rc = kiln_jp2_marker(&th, nc, m, cs + q + 4, (int64_t)l - 2)) != 0) return rc;
      q += 2 + (int64_t)l;
    }
    {
      const int64_t tx = (int64_t)isot % ntx, ty = (int64_t)isot / ntx;
      tr[0] = xto + tx * xt > xo ? xto + tx * xt : xo;
      tr[1] = yto + ty * yt > yo ? yto + ty * yt : yo;
      tr[2] = xto + (tx + 1) * xt < xs ? xto + (tx + 1) * xt : xs;
      tr[3] = yto + (ty + 1) * yt < ys ? yto + (ty + 1) * yt : ys;
    }
    if ((rc = kiln_jp2_tile(&d, &th, nc, tr, q + 2, end, xo, yo, w, fmt, y)) != 0) return rc;
    p = end;
  }
  return KILN_IMAGE_OK;
}
//@end

#endif
