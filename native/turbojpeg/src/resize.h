#ifndef RESIZE_H
#define RESIZE_H
#include <node_api.h>

napi_value resize_linear_u8(napi_env env, napi_callback_info info);

#endif
