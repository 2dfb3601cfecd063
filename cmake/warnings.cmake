# Our own code builds with warnings as errors; third-party targets do not use this.
function(st_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Werror)
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
