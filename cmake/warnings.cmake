# Our own code builds with warnings as errors; third-party targets do not use this.
function(st_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Werror)
  # g++ 12 at -O3 reports impossible overlaps in std::string's own memcpy when a short
  # literal is assigned or concatenated (GCC bug 105329; fixed in 13). Not our code's.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
endfunction()

# Exceptions stay enabled in both builds so a stray third-party throw can be caught at a
# module boundary instead of aborting (our own control flow never throws). WebAssembly's
# own exception handling, not emscripten's JavaScript emulation: the emulation routes every
# call that might throw through a JavaScript trampoline, ~20% of a profiled import
# (docs/PERFORMANCE.md); native wasm exceptions cost nothing until something throws.
if(EMSCRIPTEN)
  add_compile_options(-fwasm-exceptions)
  add_link_options(-fwasm-exceptions)
endif()
