# Switchyard.app: the macOS menu-bar bundle, built from packaging/macos/ and resources/.
# app/CMakeLists.txt calls switchyard_mac_bundle(switchyard) on macOS GUI builds; Packaging.cmake
# calls switchyard_info_plist() on every platform so CI checks the same Info.plist a Mac build
# uses (scripts/check-packaging.sh).
include_guard(GLOBAL)

set(SWITCHYARD_BUNDLE_ID "io.switchyard.Switchyard" CACHE STRING "macOS bundle identifier of Switchyard.app")

# The bundle's executable; CFBundleExecutable must name it. Finder shows the bundle name, a shell
# runs Switchyard.app/Contents/MacOS/Switchyard.
set(SWITCHYARD_BUNDLE_EXECUTABLE Switchyard)

# Writes ${PROJECT_BINARY_DIR}/packaging/macos/Info.plist and returns its path in out_var.
function(switchyard_info_plist out_var)
    # Release builds set CMAKE_OSX_DEPLOYMENT_TARGET (packaging/macos/release.sh: 12.0, Qt 6.8's
    # minimum), and the plist admits exactly that. Development builds leave it unset, so they
    # link against Homebrew's libraries (built for this Mac's macOS) without a warning per library.
    if(CMAKE_OSX_DEPLOYMENT_TARGET)
        set(SWITCHYARD_MACOS_MINIMUM ${CMAKE_OSX_DEPLOYMENT_TARGET})
    else()
        set(SWITCHYARD_MACOS_MINIMUM 12.0)
    endif()
    set(plist ${PROJECT_BINARY_DIR}/packaging/macos/Info.plist)
    configure_file(${PROJECT_SOURCE_DIR}/packaging/macos/Info.plist.in ${plist} @ONLY)
    set(${out_var} ${plist} PARENT_SCOPE)
endfunction()

# Makes target a bundle named Switchyard.app with the icon and the Info.plist above. Signing is
# left to packaging/macos/sign-and-notarize.sh: it must come after bundle-qt.sh adds Qt.
function(switchyard_mac_bundle target)
    switchyard_info_plist(plist)
    # resources/Switchyard.icns is generated from resources/switchyard.svg and committed
    # (packaging/macos/make-icns.sh), so a Mac build needs no SVG renderer.
    set(icon ${PROJECT_SOURCE_DIR}/resources/Switchyard.icns)
    target_sources(${target} PRIVATE ${icon})
    set_source_files_properties(${icon} PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
    set_target_properties(${target} PROPERTIES
        MACOSX_BUNDLE TRUE
        OUTPUT_NAME ${SWITCHYARD_BUNDLE_EXECUTABLE}
        MACOSX_BUNDLE_INFO_PLIST ${plist})
endfunction()
