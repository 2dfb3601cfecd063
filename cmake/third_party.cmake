# Third-party libraries. Native: Debian's packages. WebAssembly: sources unpacked by
# scripts/setup into third_party/, each built once as its own static library so an
# incremental build never recompiles them.

if(EMSCRIPTEN)
  # Never put /usr/include on the wasm include path (glibc headers break the build):
  # expose nlohmann through a directory that holds only a symlink to it.
  set(_nlohmann_dir "${CMAKE_BINARY_DIR}/nlohmann_include")
  file(MAKE_DIRECTORY "${_nlohmann_dir}")
  if(NOT EXISTS "${_nlohmann_dir}/nlohmann")
    file(CREATE_LINK /usr/include/nlohmann "${_nlohmann_dir}/nlohmann" SYMBOLIC)
  endif()
  add_library(st_nlohmann INTERFACE)
  target_include_directories(st_nlohmann SYSTEM INTERFACE "${_nlohmann_dir}")

  set(_sqlite_dir "${ST_THIRD_PARTY}/sqlite")
  if(NOT EXISTS "${_sqlite_dir}/sqlite3.c")
    message(FATAL_ERROR "third_party/sqlite is missing: run scripts/setup")
  endif()
  add_library(st_sqlite STATIC "${_sqlite_dir}/sqlite3.c")
  target_include_directories(st_sqlite SYSTEM PUBLIC "${_sqlite_dir}")
  # -O3 and the options sqlite.org recommends (compile.html, "Recommended Compile-time
  # Options"): each takes a check or a feature off every statement's path. The engine
  # calls nothing they remove: no progress handler, shared cache or deprecated API, and it
  # initializes SQLite itself before its first call (store/sqlite_init.h), which
  # OMIT_AUTOINIT requires. Measured in docs/PERFORMANCE.md, "Import speed, session 13".
  target_compile_options(st_sqlite PRIVATE -O3 -w)
  target_compile_definitions(
    st_sqlite
    PRIVATE SQLITE_THREADSAFE=0
            SQLITE_OMIT_LOAD_EXTENSION
            SQLITE_DEFAULT_MEMSTATUS=0
            SQLITE_DQS=0
            SQLITE_LIKE_DOESNT_MATCH_BLOBS
            SQLITE_MAX_EXPR_DEPTH=0
            SQLITE_OMIT_DEPRECATED
            SQLITE_OMIT_SHARED_CACHE
            SQLITE_USE_ALLOCA
            SQLITE_OMIT_AUTOINIT
            SQLITE_OMIT_PROGRESS_CALLBACK
            # Pages read in place from the memory VFS (memory_vfs.cpp, xFetch). SQLite turns
            # memory-mapped I/O off on platforms it does not know (wasm); this is its default
            # limit on Linux.
            SQLITE_MAX_MMAP_SIZE=0x7fff0000)
else()
  find_package(nlohmann_json 3.11 REQUIRED)
  add_library(st_nlohmann INTERFACE)
  target_link_libraries(st_nlohmann INTERFACE nlohmann_json::nlohmann_json)

  find_package(SQLite3 REQUIRED)
  add_library(st_sqlite INTERFACE)
  target_link_libraries(st_sqlite INTERFACE SQLite::SQLite3)
endif()
