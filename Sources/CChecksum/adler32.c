#include "checksum.h"

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

/// The Adler-32 modulus: the largest prime below 2^16.
#define MODULUS 65521u
/// The most bytes whose sums fit in 32 bits before reducing, starting from
/// sums below the modulus: 255 n (n + 1) / 2 + (n + 1) (MODULUS - 1) < 2^32.
#define RUN 5552u

/// One byte at a time: the tail of a run, and every byte where there is
/// no vector code.
static void add_bytes(uint32_t *a, uint32_t *b, const uint8_t *bytes, size_t length) {
    uint32_t s1 = *a, s2 = *b;
    for (size_t i = 0; i < length; i++) {
        s1 += bytes[i];
        s2 += s1;
    }
    *a = s1;
    *b = s2;
}

#if defined(__x86_64__)
static uint32_t horizontal_sum(__m128i v) {
    v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(1, 0, 3, 2)));
    v = _mm_add_epi32(v, _mm_shuffle_epi32(v, _MM_SHUFFLE(2, 3, 0, 1)));
    return (uint32_t)_mm_cvtsi128_si32(v);
}

/// `chunks` blocks of 16 bytes. For n bytes b[0..n) the sums move by
///   s1 += sum b[i],  s2 += n s1 + sum (n - i) b[i];
/// over 16-byte chunks the weight of byte j of chunk k (of K) is
/// 16 (K - 1 - k) + (16 - j): the first part is 16 times the sum, over the
/// chunks, of the bytes of all chunks before each (`prefix`), the second a
/// multiply-add of each chunk with the weights 16..1 (`weighted`).
static void add_chunks(uint32_t *a, uint32_t *b, const uint8_t *bytes, size_t chunks) {
    const __m128i zero = _mm_setzero_si128();
    const __m128i first_weights = _mm_setr_epi16(16, 15, 14, 13, 12, 11, 10, 9);
    const __m128i last_weights = _mm_setr_epi16(8, 7, 6, 5, 4, 3, 2, 1);
    __m128i sum = zero, prefix = zero, weighted = zero;
    for (size_t k = 0; k < chunks; k++) {
        __m128i chunk = _mm_loadu_si128((const __m128i *)(bytes + 16 * k));
        prefix = _mm_add_epi32(prefix, sum);
        sum = _mm_add_epi32(sum, _mm_sad_epu8(chunk, zero));
        weighted = _mm_add_epi32(weighted, _mm_madd_epi16(_mm_unpacklo_epi8(chunk, zero), first_weights));
        weighted = _mm_add_epi32(weighted, _mm_madd_epi16(_mm_unpackhi_epi8(chunk, zero), last_weights));
    }
    uint32_t n = (uint32_t)(16 * chunks);
    *b += n * *a + 16 * horizontal_sum(prefix) + horizontal_sum(weighted);
    *a += horizontal_sum(sum);
}
#endif

uint32_t blobrepo_adler32(uint32_t adler, const uint8_t *bytes, size_t length) {
    uint32_t a = adler & 0xFFFF, b = adler >> 16;
    while (length > 0) {
        size_t run = length < RUN ? length : RUN;
        size_t done = 0;
#if defined(__x86_64__)
        done = run & ~(size_t)15;
        add_chunks(&a, &b, bytes, done / 16);
#endif
        add_bytes(&a, &b, bytes + done, run - done);
        a %= MODULUS;
        b %= MODULUS;
        bytes += run;
        length -= run;
    }
    return b << 16 | a;
}
