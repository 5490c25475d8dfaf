# One INTERFACE target carries every compile flag, so each library and test gets the same ones.
# switchyard_flags has the flags alone; switchyard_common adds the project root to the include
# path for ui/, app/ and tests/. The gateway's layer libraries link only switchyard_flags: each
# sees the headers of the layers it links and no others (gateway/CMakeLists.txt).
add_library(switchyard_flags INTERFACE)
target_compile_features(switchyard_flags INTERFACE cxx_std_20)
target_compile_definitions(switchyard_flags INTERFACE
    QT_NO_CONTEXTLESS_CONNECT
    SWITCHYARD_VERSION="${PROJECT_VERSION}")

# Product code (gateway, ui, app) links this privately as well: every user-visible or wire string
# is spelled out as UTF-8 or Latin-1 on purpose. Tests may use plain literals.
add_library(switchyard_strict INTERFACE)
target_compile_definitions(switchyard_strict INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER)
target_compile_options(switchyard_flags INTERFACE -Wall -Wextra -Wold-style-cast -Wnon-virtual-dtor
    # GCC only: clang has no -Wshadow=local, and its -Wshadow is far noisier.
    $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local>)
add_library(switchyard_common INTERFACE)
target_link_libraries(switchyard_common INTERFACE switchyard_flags)
target_include_directories(switchyard_common INTERFACE ${PROJECT_SOURCE_DIR})

if(SWITCHYARD_WERROR)
    target_compile_options(switchyard_flags INTERFACE -Werror)
    target_compile_definitions(switchyard_flags INTERFACE QT_FORCE_ASSERTS)
endif()

if(SWITCHYARD_ASAN)
    target_compile_options(switchyard_flags INTERFACE
        -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(switchyard_flags INTERFACE -fsanitize=address,undefined)
endif()

# libFuzzer instrumentation for every library; the fuzz targets link the fuzzer itself (tests/fuzz).
if(SWITCHYARD_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "SWITCHYARD_FUZZ needs clang (libFuzzer), e.g. -DCMAKE_CXX_COMPILER=clang++-14")
    endif()
    target_compile_options(switchyard_flags INTERFACE
        -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(switchyard_flags INTERFACE -fsanitize=address,undefined)
    target_compile_definitions(switchyard_flags INTERFACE QT_FORCE_ASSERTS)
endif()

# yaml-cpp names its target differently across versions (Debian 0.7: yaml-cpp, Homebrew 0.8: yaml-cpp::yaml-cpp).
if(TARGET yaml-cpp::yaml-cpp)
    set(SWITCHYARD_YAML_TARGET yaml-cpp::yaml-cpp)
else()
    set(SWITCHYARD_YAML_TARGET yaml-cpp)
endif()
