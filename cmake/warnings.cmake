# Our own code builds with warnings as errors; third-party targets do not use this.
function(st_strict target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Werror)
endfunction()

# Exceptions stay enabled in both builds so a stray third-party throw can be caught at a
# module boundary instead of aborting (our own control flow never throws).
if(EMSCRIPTEN)
  add_compile_options(-fexceptions)
  add_link_options(-fexceptions)
endif()
