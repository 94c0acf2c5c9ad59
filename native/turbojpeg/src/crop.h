#ifndef CROP_H
#define CROP_H
#include <node_api.h>

napi_value crop_flip(napi_env env, napi_callback_info info);

#endif
