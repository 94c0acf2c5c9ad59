/*
 * A minimal synchronous binding of the system libjpeg-turbo (TurboJPEG API) for Node.
 *
 *   readHeader(jpeg)                       -> { width, height, subsampling, colorspace }
 *   decode(jpeg, out, pixelFormat)         -> { width, height, channels }  (decodes into `out`;
 *                                             TJPF_CMYK gives a CMYK/YCCK JPEG's raw inks)
 *   encode(pixels, width, height, pixelFormat, quality) -> Buffer (4:2:0 for color, gray for GRAY)
 *   cropFlip(...)                          -> see crop.c (the copy kernel of decode + crop + flip)
 *
 * `jpeg`, `out` and `pixels` are Uint8Arrays (Buffers included). Decoding writes into the caller's
 * buffer so that a hot loop reuses one allocation. Every failure (corrupt data, a too small output
 * buffer, a bad argument) is a thrown Error carrying libjpeg-turbo's message; libjpeg-turbo's
 * warnings (a truncated file, extraneous bytes) count as failures too (TJFLAG_STOPONWARNING), so a
 * damaged file never yields a half-gray image.
 *
 * The TurboJPEG handles live in the add-on's per-environment instance data: each worker thread
 * gets its own, and they are destroyed with the environment.
 */
#include <node_api.h>
#include <turbojpeg.h>
#include "args.h"
#include "crop.h"
#include "resize.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  tjhandle decompressor;
  tjhandle compressor;
} Handles;

#define CHECK(env, call)                                           \
  do {                                                             \
    if ((call) != napi_ok) {                                       \
      const napi_extended_error_info *info = NULL;                 \
      napi_get_last_error_info((env), &info);                      \
      bool pending = false;                                        \
      napi_is_exception_pending((env), &pending);                  \
      if (!pending)                                                \
        napi_throw_error((env), NULL,                              \
                         info && info->error_message               \
                             ? info->error_message                 \
                             : "turbojpeg: N-API call failed");    \
      return NULL;                                                 \
    }                                                              \
  } while (0)

static void finalize_handles(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  Handles *h = (Handles *)data;
  if (h->decompressor) tjDestroy(h->decompressor);
  if (h->compressor) tjDestroy(h->compressor);
  free(h);
}

static Handles *handles_of(napi_env env) {
  Handles *h = NULL;
  napi_get_instance_data(env, (void **)&h);
  return h;
}

/*
 * Throws libjpeg-turbo's message for a failed call on `*handle`, then replaces the handle: after a
 * fatal error libjpeg-turbo 2.1 can leave it in a state where the next, valid image fails with the
 * same message (seen with "Bogus Huffman table definition" from tjDecompressHeader3).
 */
static napi_value throw_tj(napi_env env, tjhandle *handle, int decompressor, const char *what) {
  char message[512];
  snprintf(message, sizeof message, "%s: %s", what, tjGetErrorStr2(*handle));
  tjDestroy(*handle);
  *handle = decompressor ? tjInitDecompress() : tjInitCompress();
  if (*handle == NULL) snprintf(message, sizeof message, "%s: cannot recreate the TurboJPEG handle", what);
  napi_throw_error(env, NULL, message);
  return NULL;
}

/* Reads the header; a JPEG holding tables only (or cut inside its header) is an error, not 0x0. */
static int header_of(napi_env env, tjhandle *handle, unsigned char *jpeg, size_t jpeg_size, int *dims) {
  dims[0] = dims[1] = dims[2] = dims[3] = 0;
  if (tjDecompressHeader3(*handle, jpeg, (unsigned long)jpeg_size, &dims[0], &dims[1], &dims[2], &dims[3]) != 0) {
    throw_tj(env, handle, 1, "cannot read the JPEG header");
    return 0;
  }
  if (dims[0] <= 0 || dims[1] <= 0) {
    napi_throw_error(env, NULL, "cannot read the JPEG header: no image frame (tables only, or the data ends inside the header)");
    return 0;
  }
  return 1;
}

/* RGB, BGR and GRAY both ways; CMYK for decoding only (the raw inks of a CMYK/YCCK JPEG). */
static int check_pixel_format(napi_env env, int32_t pixel_format, int allow_cmyk) {
  if (pixel_format == TJPF_RGB || pixel_format == TJPF_BGR || pixel_format == TJPF_GRAY) return 1;
  if (allow_cmyk && pixel_format == TJPF_CMYK) return 1;
  napi_throw_range_error(env, NULL, allow_cmyk ? "pixelFormat must be TJPF_RGB, TJPF_BGR, TJPF_GRAY or TJPF_CMYK"
                                               : "pixelFormat must be TJPF_RGB, TJPF_BGR or TJPF_GRAY");
  return 0;
}

static napi_value make_result(napi_env env, const char **names, const int32_t *values, size_t n) {
  napi_value result, v;
  CHECK(env, napi_create_object(env, &result));
  for (size_t i = 0; i < n; i++) {
    CHECK(env, napi_create_int32(env, values[i], &v));
    CHECK(env, napi_set_named_property(env, result, names[i], v));
  }
  return result;
}

static napi_value read_header(napi_env env, napi_callback_info info) {
  napi_value argv[1];
  unsigned char *jpeg;
  size_t jpeg_size;
  if (!get_args(env, info, 1, argv, "readHeader(jpeg) takes 1 argument") ||
      !get_bytes(env, argv[0], "jpeg", &jpeg, &jpeg_size))
    return NULL;
  int dims[4];
  if (!header_of(env, &handles_of(env)->decompressor, jpeg, jpeg_size, dims)) return NULL;
  static const char *names[] = {"width", "height", "subsampling", "colorspace"};
  return make_result(env, names, dims, 4);
}

static napi_value decode(napi_env env, napi_callback_info info) {
  napi_value argv[3];
  unsigned char *jpeg, *out;
  size_t jpeg_size, out_size;
  int32_t pixel_format;
  if (!get_args(env, info, 3, argv, "decode(jpeg, out, pixelFormat) takes 3 arguments") ||
      !get_bytes(env, argv[0], "jpeg", &jpeg, &jpeg_size) || !get_bytes(env, argv[1], "out", &out, &out_size) ||
      !get_int(env, argv[2], "pixelFormat", &pixel_format) || !check_pixel_format(env, pixel_format, 1))
    return NULL;
  Handles *h = handles_of(env);
  int dims[4];
  if (!header_of(env, &h->decompressor, jpeg, jpeg_size, dims)) return NULL;
  int width = dims[0], height = dims[1];
  int channels = tjPixelSize[pixel_format];
  size_t needed = (size_t)width * (size_t)height * (size_t)channels;
  if (out_size < needed) {
    char message[160];
    snprintf(message, sizeof message, "the output buffer holds %zu bytes, a %dx%dx%d image needs %zu", out_size, height,
             width, channels, needed);
    napi_throw_range_error(env, NULL, message);
    return NULL;
  }
  if (tjDecompress2(h->decompressor, jpeg, (unsigned long)jpeg_size, out, width, 0, height, pixel_format,
                    TJFLAG_STOPONWARNING) != 0)
    return throw_tj(env, &h->decompressor, 1, "cannot decode the JPEG");
  static const char *names[] = {"width", "height", "channels"};
  int32_t values[] = {width, height, channels};
  return make_result(env, names, values, 3);
}

static napi_value encode(napi_env env, napi_callback_info info) {
  napi_value argv[5];
  unsigned char *pixels;
  size_t pixels_size;
  int32_t width, height, pixel_format, quality;
  if (!get_args(env, info, 5, argv, "encode(pixels, width, height, pixelFormat, quality) takes 5 arguments") ||
      !get_bytes(env, argv[0], "pixels", &pixels, &pixels_size) || !get_int(env, argv[1], "width", &width) ||
      !get_int(env, argv[2], "height", &height) || !get_int(env, argv[3], "pixelFormat", &pixel_format) ||
      !get_int(env, argv[4], "quality", &quality) || !check_pixel_format(env, pixel_format, 0))
    return NULL;
  if (width <= 0 || height <= 0 || quality < 1 || quality > 100) {
    napi_throw_range_error(env, NULL, "width and height must be positive and quality within 1..100");
    return NULL;
  }
  if (pixels_size != (size_t)width * (size_t)height * (size_t)tjPixelSize[pixel_format]) {
    napi_throw_range_error(env, NULL, "pixels must hold exactly width * height * channels bytes");
    return NULL;
  }
  Handles *h = handles_of(env);
  int subsamp = pixel_format == TJPF_GRAY ? TJSAMP_GRAY : TJSAMP_420;
  unsigned long size = tjBufSize(width, height, subsamp);
  unsigned char *jpeg = tjAlloc((int)size);
  if (jpeg == NULL) {
    napi_throw_error(env, NULL, "cannot allocate the JPEG buffer");
    return NULL;
  }
  if (tjCompress2(h->compressor, pixels, width, 0, height, pixel_format, &jpeg, &size, subsamp, quality,
                  TJFLAG_NOREALLOC) != 0) {
    tjFree(jpeg);
    return throw_tj(env, &h->compressor, 0, "cannot encode the JPEG");
  }
  napi_value result;
  void *copy;
  napi_status status = napi_create_buffer_copy(env, size, jpeg, &copy, &result);
  tjFree(jpeg);
  CHECK(env, status);
  return result;
}

NAPI_MODULE_INIT() {
  Handles *h = (Handles *)calloc(1, sizeof(Handles));
  if (h == NULL) {
    napi_throw_error(env, NULL, "turbojpeg: out of memory");
    return NULL;
  }
  h->decompressor = tjInitDecompress();
  h->compressor = tjInitCompress();
  if (h->decompressor == NULL || h->compressor == NULL) {
    napi_throw_error(env, NULL, "turbojpeg: cannot create the TurboJPEG handles");
    finalize_handles(env, h, NULL);
    return NULL;
  }
  CHECK(env, napi_set_instance_data(env, h, finalize_handles, NULL));

  napi_property_descriptor props[] = {
      {"readHeader", NULL, read_header, NULL, NULL, NULL, napi_enumerable, NULL},
      {"decode", NULL, decode, NULL, NULL, NULL, napi_enumerable, NULL},
      {"encode", NULL, encode, NULL, NULL, NULL, napi_enumerable, NULL},
      {"cropFlip", NULL, crop_flip, NULL, NULL, NULL, napi_enumerable, NULL},
      {"resizeLinearU8", NULL, resize_linear_u8, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  CHECK(env, napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
  const char *names[] = {"TJPF_RGB", "TJPF_BGR", "TJPF_GRAY", "TJPF_CMYK", "TJCS_CMYK", "TJCS_YCCK"};
  int32_t values[] = {TJPF_RGB, TJPF_BGR, TJPF_GRAY, TJPF_CMYK, TJCS_CMYK, TJCS_YCCK};
  for (int i = 0; i < 6; i++) {
    napi_value v;
    CHECK(env, napi_create_int32(env, values[i], &v));
    CHECK(env, napi_set_named_property(env, exports, names[i], v));
  }
  return exports;
}
