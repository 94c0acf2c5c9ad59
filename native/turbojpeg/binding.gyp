{
  "targets": [
    {
      "target_name": "turbojpeg",
      "sources": ["src/turbojpeg.c", "src/args.c", "src/crop.c", "src/resize.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-O2", "-Wall", "-Wextra"],
      "libraries": ["-lturbojpeg"],
      "conditions": [["target_arch=='x64'", {"cflags": ["-mssse3"]}]]
    }
  ]
}
