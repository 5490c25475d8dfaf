# Everything Switchyard's build, app and tests look for, each beside the Debian (APT) and Homebrew
# (BREW) packages that provide it. One list, two readers:
#  - CMakeLists.txt includes it: every find runs with REQUIRED, so a miss stops configure;
#  - scripts/install-deps.sh configures cmake/probe/, which includes it with SWITCHYARD_PROBE on:
#    a miss is written down with its packages, which the script installs before it asks again.
# So a find_* call belongs here, never in another CMakeLists.txt (scripts/check-sources.sh checks).

# sy_provides(<cmake package> APT <packages...> BREW <packages...>)
#   Packages for a CMake package that one of ours finds on its own (Qt6Charts finds Qt6OpenGL):
#   when it is missing, its config says "because dependency X could not be found".
function(sy_provides name)
    cmake_parse_arguments(P "" "" "APT;BREW" ${ARGN})
    set_property(GLOBAL PROPERTY SY_PROVIDES_APT_${name} "${P_APT}")
    set_property(GLOBAL PROPERTY SY_PROVIDES_BREW_${name} "${P_BREW}")
endfunction()

# sy_dependency(<label> FIND <find command> <its arguments...> [APT <packages...>] [BREW <packages...>]
#               [WHEN <option>...] [RUNTIME] [OPTIONAL])
#   WHEN: applies only if every option named is on. RUNTIME: the build does not look for it (a
#   plugin, a test tool); only the probe does. OPTIONAL: the build goes on without it. A platform
#   that lists no package for an entry does not check it (e.g. zlib, part of macOS).
#   A macro, not a function: what find_package sets (Qt6_VERSION, targets) must reach the caller.
macro(sy_dependency label)
    cmake_parse_arguments(_sy "RUNTIME;OPTIONAL" "" "FIND;APT;BREW;WHEN" ${ARGN})
    set(_sy_applies TRUE)
    foreach(_sy_option IN LISTS _sy_WHEN)
        if(NOT ${_sy_option})
            set(_sy_applies FALSE)
        endif()
    endforeach()
    if(_sy_applies AND SWITCHYARD_PROBE)
        _sy_probe("${label}" "${_sy_FIND}" "${_sy_${SWITCHYARD_PROBE_PLATFORM}}" "${SWITCHYARD_PROBE_PLATFORM}")
    elseif(_sy_applies AND NOT _sy_RUNTIME)
        if(_sy_OPTIONAL)
            _sy_find(${_sy_FIND})
        else()
            _sy_find(${_sy_FIND} REQUIRED)
        endif()
    endif()
endmacro()

# find_<what>(args...): cmake_language(CALL) takes no command name from a variable.
macro(_sy_find what)
    if("${what}" STREQUAL "find_package")
        find_package(${ARGN})
    elseif("${what}" STREQUAL "find_path")
        find_path(${ARGN})
    elseif("${what}" STREQUAL "find_library")
        find_library(${ARGN})
    elseif("${what}" STREQUAL "find_file")
        find_file(${ARGN})
    elseif("${what}" STREQUAL "find_program")
        find_program(${ARGN})
    else()
        message(FATAL_ERROR "sy_dependency: FIND ${what} is not a find command")
    endif()
endmacro()

# Runs one find quietly; a miss is appended to the global SY_MISSING as "label|packages|why".
macro(_sy_probe label find packages platform)
    set(_sy_find "${find}")
    list(POP_FRONT _sy_find _sy_command _sy_var)
    if(NOT "${packages}" STREQUAL "")
        if(_sy_command STREQUAL "find_package")
            _sy_find(${find} QUIET)
            set(_sy_found "${${_sy_var}_FOUND}")
        else()
            _sy_find(${find})
            set(_sy_found "${${_sy_var}}")
        endif()
        if(NOT _sy_found)
            _sy_missing_entry("${label}" "${_sy_var}" "${_sy_find}" "${packages}" "${platform}")
        endif()
    endif()
endmacro()

# Names the packages for a miss: the entry's own, plus any for a dependency its config names.
function(_sy_missing_entry label var args packages platform)
    set(why "not found")
    set(messages "${${var}_NOT_FOUND_MESSAGE}")
    set(components "${args}")
    list(FIND components COMPONENTS at)
    if(at GREATER_EQUAL 0)
        list(SUBLIST components ${at} -1 components)
        foreach(component IN LISTS components)
            string(APPEND messages " ${${var}${component}_NOT_FOUND_MESSAGE}")
        endforeach()
    endif()
    string(REGEX MATCHALL "dependency [A-Za-z0-9_]+ could not be found" causes "${messages}")
    foreach(cause IN LISTS causes)
        string(REGEX REPLACE "dependency ([A-Za-z0-9_]+) .*" "\\1" dependency "${cause}")
        get_property(provided GLOBAL PROPERTY SY_PROVIDES_${platform}_${dependency})
        if("${provided}" STREQUAL "")
            set(packages "")
            set(why "it needs ${dependency}, and no sy_provides() in cmake/SwitchyardDependencies.cmake names its package")
            break()
        endif()
        list(APPEND packages ${provided})
        set(why "it needs ${dependency}")
    endforeach()
    list(REMOVE_DUPLICATES packages)
    list(JOIN packages " " packages)
    set_property(GLOBAL APPEND_STRING PROPERTY SY_MISSING "${label}|${packages}|${why}\n")
endfunction()

# CMake packages that our packages' configs find for themselves. Debian's qt6-charts-dev does not
# depend on libqt6opengl6-dev, though Qt6Charts's config needs Qt6OpenGL (issue 11).
sy_provides(Qt6OpenGL APT libqt6opengl6-dev BREW qt)
sy_provides(Qt6OpenGLWidgets APT libqt6opengl6-dev BREW qt)
sy_provides(WrapOpenGL APT libgl-dev)

# The build.
sy_dependency(QtCore FIND find_package Qt6 6.4 COMPONENTS Core Network Sql APT qt6-base-dev BREW qt)
sy_dependency(QtWidgets FIND find_package Qt6 6.4 COMPONENTS Widgets APT qt6-base-dev BREW qt WHEN SWITCHYARD_GUI)
sy_dependency(QtCharts FIND find_package Qt6 6.4 COMPONENTS Charts APT qt6-charts-dev BREW qt WHEN SWITCHYARD_GUI)
sy_dependency(QtLinguistTools FIND find_package Qt6 6.4 COMPONENTS LinguistTools
    APT qt6-tools-dev qt6-l10n-tools BREW qt WHEN SWITCHYARD_GUI)
sy_dependency(QtTest FIND find_package Qt6 6.4 COMPONENTS Test APT qt6-base-dev BREW qt WHEN SWITCHYARD_TESTS)
sy_dependency(yaml-cpp FIND find_package yaml-cpp APT libyaml-cpp-dev BREW yaml-cpp)
sy_dependency(Qt6Keychain FIND find_package Qt6Keychain APT qtkeychain-qt6-dev BREW qtkeychain)
sy_dependency(zlib FIND find_package ZLIB APT zlib1g-dev)
sy_dependency(mimalloc FIND find_package mimalloc CONFIG APT libmimalloc-dev WHEN SWITCHYARD_USE_MIMALLOC)
# hiredis: Redis for limits shared between instances, through its async API and its Qt
# event-loop adapter (a header with a QObject, moc'ed in gateway/redis). Debian's 0.14 and
# Homebrew's 1.x install the same headers; neither ships a CMake target both agree on.
sy_dependency(hiredis-headers FIND find_path SWITCHYARD_HIREDIS_INCLUDE_DIR hiredis/async.h APT libhiredis-dev BREW hiredis)
sy_dependency(hiredis-library FIND find_library SWITCHYARD_HIREDIS_LIBRARY hiredis APT libhiredis-dev BREW hiredis)
sy_dependency(hiredis-qt FIND find_file SWITCHYARD_HIREDIS_QT_ADAPTER hiredis/adapters/qt.h
    HINTS ${SWITCHYARD_HIREDIS_INCLUDE_DIR} APT libhiredis-dev BREW hiredis)
# The .deb's library Depends (cmake/Packaging.cmake); build-essential brings it on Debian.
sy_dependency(dpkg-shlibdeps FIND find_program SWITCHYARD_DPKG_SHLIBDEPS dpkg-shlibdeps APT dpkg-dev OPTIONAL)
# The openai Node SDK test (tests/node) runs under node.
sy_dependency(node FIND find_program NODE_EXECUTABLE node APT nodejs BREW node
    WHEN SWITCHYARD_TESTS SWITCHYARD_SDK_TESTS)

# The app at run time: Qt loads SQL drivers as plugins (SQLite for usage, PostgreSQL for
# database_url). Homebrew's qt carries the ones it builds.
set(_sy_sql_drivers "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_PLUGINS}/sqldrivers")
sy_dependency(qt-sqlite-driver FIND find_file SWITCHYARD_QSQLITE_PLUGIN NAMES libqsqlite.so
    PATHS ${_sy_sql_drivers} NO_DEFAULT_PATH APT libqt6sql6-sqlite RUNTIME)
sy_dependency(qt-psql-driver FIND find_file SWITCHYARD_QPSQL_PLUGIN NAMES libqsqlpsql.so
    PATHS ${_sy_sql_drivers} NO_DEFAULT_PATH APT libqt6sql6-psql RUNTIME)

# Test tools, found on PATH at run time: one already there (e.g. Node.js from NodeSource, which
# bundles npm and conflicts with Debian's npm) is left alone.
macro(sy_test_tool program)
    sy_dependency(${program} FIND find_program SWITCHYARD_TOOL_${program} ${program} ${ARGN} RUNTIME WHEN SWITCHYARD_TESTS)
endmacro()
sy_test_tool(npm APT npm BREW node)
sy_test_tool(nginx APT nginx BREW nginx)
sy_test_tool(wrk APT wrk BREW wrk)
sy_test_tool(redis-server APT redis-server BREW redis)
# tests/integration/TestPrometheusExport: promtool checks /metrics, a real Prometheus scrapes it
sy_test_tool(prometheus APT prometheus BREW prometheus)
sy_test_tool(promtool APT prometheus BREW prometheus)
# The PostgreSQL tests start their own cluster with initdb; Debian and Homebrew keep it off PATH.
file(GLOB _sy_postgres_bins /usr/lib/postgresql/*/bin)
sy_test_tool(initdb PATHS ${_sy_postgres_bins} /opt/homebrew/opt/postgresql@16/bin /usr/local/opt/postgresql@16/bin
    APT postgresql BREW postgresql@16)
# scripts/check-sources.sh
sy_test_tool(clang-format APT clang-format BREW clang-format)
sy_test_tool(shellcheck APT shellcheck BREW shellcheck)
# The web admin UI's browser test (tests/node/webui.test.mjs): a real headless Chromium, driven by
# puppeteer-core (which downloads no browser). Homebrew has no chromium formula: set CHROMIUM_PATH.
sy_test_tool(chromium APT chromium)
# UI tests under a virtual X server
sy_test_tool(xvfb-run APT xvfb)
sy_test_tool(xauth APT xauth)
# scripts/check-packaging.sh: plist checks, dpkg as a non-root user
sy_test_tool(python3 APT python3)
sy_test_tool(fakeroot APT fakeroot)
# tests/integration/with-keyring.sh: a real Secret Service for keychain/NAME secrets
sy_test_tool(dbus-run-session APT dbus)
sy_test_tool(gnome-keyring-daemon APT gnome-keyring)
# scripts/test caches compiler output across runs with it
sy_test_tool(ccache APT ccache BREW ccache)
# The CI stages in fresh Debian roots (scripts/check-fresh-install.sh, scripts/check-qt68.sh)
sy_test_tool(debootstrap PATHS /usr/sbin APT debootstrap)
sy_test_tool(zstd APT zstd)
# scripts/fuzz.sh: clang with libFuzzer's runtime (Debian ships it apart from clang)
sy_test_tool(clang++ APT clang BREW llvm)
file(GLOB _sy_fuzzer_runtimes /usr/lib/llvm-*/lib/clang/*/lib/linux)
sy_dependency(libfuzzer-runtime FIND find_file SWITCHYARD_LIBFUZZER NAMES libclang_rt.fuzzer-x86_64.a
    libclang_rt.fuzzer-aarch64.a PATHS ${_sy_fuzzer_runtimes} NO_DEFAULT_PATH APT libclang-rt-dev RUNTIME
    WHEN SWITCHYARD_TESTS)
