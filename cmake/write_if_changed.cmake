# write_if_changed(FILE CONTENT): writes CONTENT to FILE unless FILE already holds exactly that,
# so that a generated source whose inputs did not change rebuilds nothing.
function(write_if_changed file content)
  if(EXISTS ${file})
    file(READ ${file} old)
    if(old STREQUAL content)
      return()
    endif()
  endif()
  file(WRITE ${file} "${content}")
endfunction()
