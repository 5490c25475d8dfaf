# Packaging: the Info.plist CI checks, the Linux service files, and CPack's .deb.
# Included at the end of the top-level CMakeLists.txt, once every target exists.
#
# The .deb is a headless server package, built and checked by scripts/check-packaging.sh:
#   cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
#         -DSWITCHYARD_GUI=OFF -DSWITCHYARD_TESTS=OFF
#   cmake --build build-deb && (cd build-deb && cpack -G DEB)
include_guard(GLOBAL)
include(GNUInstallDirs)
include(MacBundle)

switchyard_info_plist(SWITCHYARD_INFO_PLIST)

# Sets out_var to TRUE when target links library, directly or through any target it links.
function(switchyard_links_to target library out_var)
    set(found FALSE)
    set(pending ${target})
    set(seen "")
    while(pending AND NOT found)
        list(POP_FRONT pending current)
        if(current IN_LIST seen OR NOT TARGET ${current})
            continue()
        endif()
        list(APPEND seen ${current})
        get_target_property(libs ${current} LINK_LIBRARIES)
        get_target_property(interface_libs ${current} INTERFACE_LINK_LIBRARIES)
        foreach(lib IN LISTS libs interface_libs)
            string(REGEX REPLACE "^\\$<LINK_ONLY:(.*)>$" "\\1" lib "${lib}")
            if(lib STREQUAL library)
                set(found TRUE)
            elseif(lib AND NOT lib MATCHES "-NOTFOUND$")
                list(APPEND pending ${lib})
            endif()
        endforeach()
    endwhile()
    set(${out_var} ${found} PARENT_SCOPE)
endfunction()

if(UNIX AND NOT APPLE)
    # Paths follow CMAKE_INSTALL_PREFIX: /usr (the .deb) puts the config in /etc and the unit in
    # /usr/lib/systemd/system; /usr/local gives /usr/local/etc and /usr/local/lib/systemd/system,
    # which systemd also reads.
    set(SWITCHYARD_INSTALLED_BINARY ${CMAKE_INSTALL_FULL_BINDIR}/switchyard)
    set(SWITCHYARD_CONFIG_DIR ${CMAKE_INSTALL_FULL_SYSCONFDIR}/switchyard)
    set(SWITCHYARD_CONFIG_FILE ${SWITCHYARD_CONFIG_DIR}/config.yaml)
    set(SWITCHYARD_ENV_FILE ${SWITCHYARD_CONFIG_DIR}/switchyard.env)
    set(SWITCHYARD_UNIT_DIR ${CMAKE_INSTALL_PREFIX}/lib/systemd/system)
    set(unit ${PROJECT_BINARY_DIR}/packaging/linux/switchyard.service)
    configure_file(${PROJECT_SOURCE_DIR}/packaging/linux/switchyard.service.in ${unit} @ONLY)

    install(FILES ${unit} DESTINATION lib/systemd/system)
    install(FILES ${PROJECT_SOURCE_DIR}/packaging/linux/config.yaml DESTINATION ${SWITCHYARD_CONFIG_DIR})
    install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/switchyard)
    # The Grafana dashboard and provisioning, and the Prometheus scrape job (README, "Prometheus and Grafana").
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/packaging/grafana ${PROJECT_SOURCE_DIR}/packaging/prometheus
            DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/switchyard/examples)
endif()

set(CPACK_PACKAGE_NAME switchyard)
set(CPACK_PACKAGE_VENDOR Switchyard)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)

if(UNIX AND NOT APPLE)
    set(CPACK_GENERATOR DEB)
    if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
        message(STATUS "Packaging: CMAKE_INSTALL_PREFIX is ${CMAKE_INSTALL_PREFIX}; a .deb wants /usr")
    endif()
    set(SWITCHYARD_DEB_MAINTAINER "Switchyard maintainers <switchyard@users.noreply.github.com>"
        CACHE STRING "Maintainer field of the .deb")
    set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SWITCHYARD_DEB_MAINTAINER}")
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_SECTION net)
    set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
    set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "One OpenAI-compatible URL in front of LM Studio, Ollama, vLLM, llama.cpp and remote providers.
Reads LiteLLM's config.yaml format. This package runs it headless as a sandboxed systemd
service (switchyard.service) with its config in ${SWITCHYARD_CONFIG_FILE}.")

    # Depends: computed from the binary's libraries when dpkg-shlibdeps is there (dpkg-dev;
    # looked up in cmake/SwitchyardDependencies.cmake).
    if(SWITCHYARD_DPKG_SHLIBDEPS)
        set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    else()
        message(STATUS "Packaging: dpkg-shlibdeps not found (dpkg-dev); the .deb will list no library Depends")
    endif()
    # Qt loads SQL drivers as plugins, which dpkg-shlibdeps cannot see: once the binary links
    # QtSql (the usage store), it needs the SQLite driver package too.
    switchyard_links_to(switchyard Qt6::Sql links_sql)
    if(links_sql)
        set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite")
    endif()

    # The config survives upgrades with the user's edits (a conffile); the maintainer scripts
    # tell systemd about the unit. CONTROL_STRICT_PERMISSION gives them dpkg's modes.
    set(conffiles ${PROJECT_BINARY_DIR}/packaging/debian/conffiles)
    file(WRITE ${conffiles} "${SWITCHYARD_CONFIG_FILE}\n")
    set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
        ${conffiles}
        ${PROJECT_SOURCE_DIR}/packaging/linux/debian/postinst
        ${PROJECT_SOURCE_DIR}/packaging/linux/debian/prerm
        ${PROJECT_SOURCE_DIR}/packaging/linux/debian/postrm)
    set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
endif()

include(CPack)
