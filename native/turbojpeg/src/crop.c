/*
 * cropFlip(src, srcWidth, pixelBytes, x, y, width, height, flip, dst, dstOffset)
 *
 * Copies the window of `width` x `height` pixels at column x, row y of the row-major image `src`
 * (rows of srcWidth pixels of pixelBytes bytes each) into `dst` at byte dstOffset, mirrored
 * left-right when `flip` is true. This is RandomCrop + Flip writing straight into a batch slot:
 * one pass over the bytes, where the TypeScript kernels take two passes and a per-byte loop
 * for the mirror (~150 us against ~15 us here for a 224x224x3 window). `src` and `dst` must not
 * overlap. Every bound is checked: a window outside `src` or past the end of `dst` is a RangeError.
 */
#include <stdio.h>
#include <string.h>
#include "args.h"
#include "crop.h"

static void mirror_row(unsigned char *d, const unsigned char *s_last, int width, int pb) {
  const unsigned char *s = s_last;
  if (pb == 3) {
    for (int i = 0; i < width; i++, d += 3, s -= 3) {
      d[0] = s[0];
      d[1] = s[1];
      d[2] = s[2];
    }
  } else if (pb == 1) {
    for (int i = 0; i < width; i++) d[i] = s[-i];
  } else {
    for (int i = 0; i < width; i++, d += pb, s -= pb) memcpy(d, s, (size_t)pb);
  }
}

napi_value crop_flip(napi_env env, napi_callback_info info) {
  napi_value argv[10];
  unsigned char *src, *dst;
  size_t src_size, dst_size;
  int32_t src_width, pb, x, y, width, height, dst_offset;
  bool flip = false;
  if (!get_args(env, info, 10, argv, "cropFlip(src, srcWidth, pixelBytes, x, y, width, height, flip, dst, dstOffset) takes 10 arguments") ||
      !get_bytes(env, argv[0], "src", &src, &src_size) || !get_int(env, argv[1], "srcWidth", &src_width) ||
      !get_int(env, argv[2], "pixelBytes", &pb) || !get_int(env, argv[3], "x", &x) || !get_int(env, argv[4], "y", &y) ||
      !get_int(env, argv[5], "width", &width) || !get_int(env, argv[6], "height", &height) ||
      napi_get_value_bool(env, argv[7], &flip) != napi_ok || !get_bytes(env, argv[8], "dst", &dst, &dst_size) ||
      !get_int(env, argv[9], "dstOffset", &dst_offset)) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (!pending) napi_throw_type_error(env, NULL, "flip must be a boolean");
    return NULL;
  }
  size_t row = (size_t)src_width * (size_t)pb;
  size_t out_row = (size_t)width * (size_t)pb;
  if (src_width <= 0 || pb <= 0 || x < 0 || y < 0 || width <= 0 || height <= 0 || dst_offset < 0 || x + width > src_width ||
      (size_t)(y + height) * row > src_size || (size_t)dst_offset + out_row * (size_t)height > dst_size) {
    char message[256];
    snprintf(message, sizeof message,
             "cropFlip: the %dx%d window at (%d, %d) does not fit a %zu-byte source of rows of %d pixels, or a "
             "%zu-byte destination from offset %d",
             width, height, x, y, src_size, src_width, dst_size, dst_offset);
    napi_throw_range_error(env, NULL, message);
    return NULL;
  }
  for (int r = 0; r < height; r++) {
    const unsigned char *s = src + (size_t)(y + r) * row + (size_t)x * (size_t)pb;
    unsigned char *d = dst + (size_t)dst_offset + (size_t)r * out_row;
    if (flip)
      mirror_row(d, s + out_row - (size_t)pb, width, pb);
    else
      memcpy(d, s, out_row);
  }
  return NULL;
}
