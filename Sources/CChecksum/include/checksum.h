#ifndef BLOBREPO_CHECKSUM_H
#define BLOBREPO_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/// The Adler-32 checksum of `length` bytes at `bytes`, continuing from
/// `adler` (1 for a new stream): the trailer of a zlib stream. Equal to
/// zlib's `adler32`, computed 16 bytes at a time with SSE2 on x86-64.
uint32_t blobrepo_adler32(uint32_t adler, const uint8_t *bytes, size_t length);

#endif
