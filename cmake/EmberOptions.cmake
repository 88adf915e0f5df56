# Compiler flags shared by every Ember target, collected on one interface target.
add_library(ember_compile_options INTERFACE)
target_compile_options(ember_compile_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter)
if(EMBER_WARNINGS_AS_ERRORS)
  target_compile_options(ember_compile_options INTERFACE -Werror)
endif()
if(EMBER_SANITIZE)
  target_compile_options(ember_compile_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(ember_compile_options INTERFACE -fsanitize=address,undefined)
endif()
if(EMBER_BUILD_FUZZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang" OR NOT EMBER_SANITIZE)
    message(FATAL_ERROR "EMBER_BUILD_FUZZERS needs clang (libFuzzer) and EMBER_SANITIZE=ON; "
                        "the asan preset has both")
  endif()
  # Coverage instrumentation for libFuzzer everywhere; the fuzz targets add the libFuzzer main.
  # The sanitizer runtime gives the other binaries the coverage callbacks' empty defaults.
  target_compile_options(ember_compile_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
if(EMBER_SANITIZE_THREAD)
  target_compile_options(ember_compile_options INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(ember_compile_options INTERFACE -fsanitize=thread)
endif()
if(EMBER_CPU_ARCH AND CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64")
  target_compile_options(ember_compile_options INTERFACE -march=${EMBER_CPU_ARCH})
endif()
