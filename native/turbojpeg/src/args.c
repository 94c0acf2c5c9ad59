/* Argument readers shared by the add-on's functions: each throws a TypeError naming the argument. */
#include <stdio.h>
#include "args.h"

/* Reads `value` as the bytes of a Uint8Array (or Buffer). */
int get_bytes(napi_env env, napi_value value, const char *name, unsigned char **data, size_t *length) {
  bool is_typedarray = false;
  napi_is_typedarray(env, value, &is_typedarray);
  if (is_typedarray) {
    napi_typedarray_type type;
    napi_value buffer;
    size_t offset;
    void *ptr;
    if (napi_get_typedarray_info(env, value, &type, length, &ptr, &buffer, &offset) == napi_ok &&
        (type == napi_uint8_array || type == napi_uint8_clamped_array)) {
      *data = (unsigned char *)ptr;
      return 1;
    }
  }
  char message[128];
  snprintf(message, sizeof message, "%s must be a Uint8Array", name);
  napi_throw_type_error(env, NULL, message);
  return 0;
}

int get_int(napi_env env, napi_value value, const char *name, int32_t *out) {
  if (napi_get_value_int32(env, value, out) == napi_ok) return 1;
  char message[128];
  snprintf(message, sizeof message, "%s must be a number", name);
  napi_throw_type_error(env, NULL, message);
  return 0;
}

/* Reads exactly `n` arguments into argv, or throws the usage line. */
int get_args(napi_env env, napi_callback_info info, size_t n, napi_value *argv, const char *usage) {
  size_t argc = n;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < n) {
    napi_throw_type_error(env, NULL, usage);
    return 0;
  }
  return 1;
}
