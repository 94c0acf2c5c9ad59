#ifndef ARGS_H
#define ARGS_H
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>

/* Reads `value` as the bytes of a Uint8Array (or Buffer); throws and returns 0 otherwise. */
int get_bytes(napi_env env, napi_value value, const char *name, unsigned char **data, size_t *length);
/* Reads `value` as an int32; throws and returns 0 otherwise. */
int get_int(napi_env env, napi_value value, const char *name, int32_t *out);
/* Reads exactly `n` arguments into argv, or throws the usage line. */
int get_args(napi_env env, napi_callback_info info, size_t n, napi_value *argv, const char *usage);

#endif
