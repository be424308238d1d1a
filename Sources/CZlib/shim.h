#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

#include <zlib.h>

// inflateInit2 is a macro (it passes the library version and the stream's size), which Swift
// cannot call; these wrappers are the two ways casetool inflates.

// A zip entry's data: raw deflate, no header or trailer.
static inline int czlib_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -MAX_WBITS);
}

// A .gz file: gzip header and trailer (whose CRC and length zlib checks).
static inline int czlib_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, MAX_WBITS + 16);
}

#endif
