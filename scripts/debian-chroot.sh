# shellcheck shell=bash
# Sourced by the CI stages that work in a fresh Debian root (scripts/check-fresh-install.sh,
# scripts/check-qt68.sh): debootstrap from the mirror this machine's apt uses, the mounts apt and
# the tests need, a cache across runs, and a cleanup that leaves nothing mounted or running.
#
# Cache: $SWITCHYARD_CI_CACHE (/var/cache/switchyard-ci) holds bare roots (SUITE-minbase.tar.zst,
# remade weekly), the .deb files apt downloaded (apt/SUITE/), and what a stage keeps of its own.
# Every stage passes with an empty cache; delete the folder to test that.

ci_cache="${SWITCHYARD_CI_CACHE:-/var/cache/switchyard-ci}"
chroot_dir="" # set by chroot_workdir, read by the stages
chroot_log=""

# Stages that need root say so and skip: CI runs as root, developers usually do not.
# Returns 1 (skip) when not root, or when SWITCHYARD_SKIP_CHROOT=1.
chroot_stage_wanted() {
  if [[ "${SWITCHYARD_SKIP_CHROOT:-0}" == 1 ]]; then
    echo "   skipped: SWITCHYARD_SKIP_CHROOT=1"
    return 1
  fi
  if [[ $(id -u) -ne 0 ]]; then
    echo "   skipped: $1 needs root (debootstrap, chroot, mounts); CI runs it as root"
    return 1
  fi
  local tool
  for tool in debootstrap chroot zstd; do
    command -v "$tool" >/dev/null || {
      echo "$tool is missing: apt-get install debootstrap zstd" >&2
      exit 1
    }
  done
}

# The first URI of this machine's apt sources that ends in /$1 (debian or debian-security).
apt_source_uri() {
  local uri
  uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
    | grep -oE "https?://[^ ]+/$1/?( |\$)" | head -1 | tr -d ' ')"
  echo "${uri:-http://deb.debian.org/$1}"
}

# Runs a step with its full output in the stage's log, and prints its title and wall time; on
# failure the log's end is shown.
chroot_step() {
  local title="$1" status=0 start="$SECONDS"
  shift
  echo "   $title" >>"$chroot_log"
  # In the background, so that a signal runs the cleanup trap now, not after the step.
  "$@" >>"$chroot_log" 2>&1 &
  wait "$!" || status=$?
  if (( status )); then
    echo "   FAILED ($status): $title; the last lines of $chroot_log:" >&2
    tail -n 60 "$chroot_log" >&2
    exit "$status"
  fi
  echo "   $title: $((SECONDS - start)) s"
}

# Runs a command inside root $1 with a clean environment (no host PATH, locale or ccache config).
chroot_run() {
  local dir="$1"
  shift
  chroot "$dir" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
}

# Writes apt sources for suite $2 into root $1 (the suite, its updates and security, as here), and
# keeps services that packages install from starting inside the chroot.
chroot_configure_apt() {
  local dir="$1" suite="$2" debian security
  debian="$(apt_source_uri debian)"
  security="$(apt_source_uri debian-security)"
  printf 'deb %s %s main\n' "$debian" "$suite" "$debian" "$suite-updates" "$security" "$suite-security" \
    >"$dir/etc/apt/sources.list"
  # A root that lives for one run needs no fsync per unpacked file.
  echo force-unsafe-io >"$dir/etc/dpkg/dpkg.cfg.d/90switchyard-ci"
  # The .deb cache is a host folder, which apt's unprivileged _apt user may not write.
  echo 'APT::Sandbox::User "root";' >"$dir/etc/apt/apt.conf.d/90switchyard-ci"
  printf '#!/bin/sh\n# Packages must not start their services in a build chroot.\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
  chmod 755 "$dir/usr/sbin/policy-rc.d"
}

# A minimal root of suite $2 in the empty folder $1, with apt set up: unpacked from the cache
# when it holds one younger than a week, else made with debootstrap and cached.
chroot_bare_root() {
  local dir="$1" suite="$2" tarball="$ci_cache/$2-minbase.tar.zst"
  if [[ -f "$tarball" && -n "$(find "$tarball" -mtime -7)" ]]; then
    chroot_step "unpacking the cached $suite root" tar --zstd -xf "$tarball" -C "$dir"
  else
    chroot_step "debootstrap --variant=minbase $suite (from $(apt_source_uri debian))" \
      debootstrap --variant=minbase "$suite" "$dir" "$(apt_source_uri debian)"
    chroot_save "$dir" "$tarball"
  fi
  chroot_configure_apt "$dir" "$suite"
}

# Packs root $1 into tarball $2, atomically, leaving out what is mounted inside it.
chroot_save() {
  local dir="$1" tarball="$2" tmp
  mkdir -p "$(dirname "$tarball")"
  tmp="$(mktemp "$tarball.XXXXXX")"
  local -a excludes=(--exclude=./proc/* --exclude=./dev/* --exclude=./var/cache/apt/archives/*)
  local mount
  while IFS= read -r mount; do excludes+=("--exclude=.${mount#"$dir"}/*"); done < <(chroot_mounts "$dir")
  chroot_step "caching the root in $tarball" \
    tar --zstd -cf "$tmp" --one-file-system "${excludes[@]}" -C "$dir" .
  mv "$tmp" "$tarball"
}

# Mount points inside root $1, deepest first.
chroot_mounts() {
  awk -v root="$1/" 'index($2, root) == 1 { print $2 }' /proc/self/mounts | sort -r -u
}

# Mounts what apt, dpkg and the tests need inside root $1 (suite $2): /proc, /dev (with /dev/shm
# for PostgreSQL and /dev/pts), DNS, and the .deb cache shared between runs.
chroot_enter() {
  local dir="$1" suite="$2"
  mount -t proc proc "$dir/proc"
  mount --rbind /dev "$dir/dev"
  mount --make-rslave "$dir/dev"
  # The chroot shares this machine's network: its DNS, and the CAs it added locally (a proxy's).
  cp /etc/resolv.conf "$dir/etc/resolv.conf"
  if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
    mkdir -p "$dir/usr/local/share/ca-certificates"
    cp /usr/local/share/ca-certificates/*.crt "$dir/usr/local/share/ca-certificates/"
    [[ -x "$dir/usr/sbin/update-ca-certificates" ]] && chroot_run "$dir" update-ca-certificates >/dev/null 2>&1
  fi
  mkdir -p "$ci_cache/apt/$suite/partial" "$dir/var/cache/apt/archives"
  mount --bind "$ci_cache/apt/$suite" "$dir/var/cache/apt/archives"
}

# Bind-mounts host folder $1 at $3 inside root $2.
chroot_bind() {
  mkdir -p "$2$3"
  mount --bind "$1" "$2$3"
}

# Sets chroot_dir to a new work folder for a root of stage $1, and chroot_log to the stage's
# log in the cache folder. The folder is a tmpfs of $2 GB when at least twice that much memory is
# free: on a busy disk, dpkg's thousands of small files and deleting them took minutes.
# shellcheck disable=SC2034 # chroot_dir is the sourcing script's
chroot_workdir() {
  local available_kb
  chroot_dir="$(mktemp -d "${TMPDIR:-/var/tmp}/switchyard-$1.XXXXXX")"
  mkdir -p "$ci_cache/logs"
  chroot_log="$ci_cache/logs/$1.log"
  : >"$chroot_log"
  available_kb="$(awk '/^MemAvailable:/ { print $2 }' /proc/meminfo)"
  if (( ${available_kb:-0} > $2 * 2 * 1024 * 1024 )); then
    mount -t tmpfs -o "size=${2}g,mode=755" "switchyard-$1" "$chroot_dir"
  else
    echo "   (less than $(($2 * 2)) GB of memory free: the root goes on disk, $chroot_dir)"
  fi
}

# Ends every process whose root is $1 (servers a test left), unmounts everything inside it, and
# deletes it; refuses to delete while anything is still mounted there.
chroot_cleanup() {
  local dir="$1" proc pass mount
  [[ -n "$dir" && -d "$dir" ]] || return 0
  for proc in /proc/[0-9]*; do
    if [[ "$(readlink "$proc/root" 2>/dev/null)" == "$dir" ]]; then
      kill -KILL "${proc#/proc/}" 2>/dev/null || true
    fi
  done
  # /dev is mounted recursively, and some of its submounts twice: a few passes, then lazily.
  for pass in 1 2 3 4; do
    while IFS= read -r mount; do
      if (( pass < 4 )); then umount "$mount" 2>/dev/null || true; else umount -l "$mount" 2>/dev/null || true; fi
    done < <(chroot_mounts "$dir")
    [[ -z "$(chroot_mounts "$dir")" ]] && break
    sleep 1
  done
  if [[ -n "$(chroot_mounts "$dir")" ]]; then
    echo "   left $dir in place: still mounted inside it: $(chroot_mounts "$dir" | tr '\n' ' ')" >&2
    return 0
  fi
  if awk -v dir="$dir" '$2 == dir { found = 1 } END { exit !found }' /proc/self/mounts; then
    umount "$dir" || umount -l "$dir"
    rmdir "$dir"
  else
    rm -rf --one-file-system "$dir"
  fi
}
